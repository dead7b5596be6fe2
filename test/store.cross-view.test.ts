// The store keeps (and reads back) the unit's other reports cut to what the cross-report rules read
// of them (src/store/unit-cache.ts). This checks the real rules find exactly the same conflicts
// with the cut records as with whole ones, on a real extracted report and a unit history that
// makes every cross-report rule fire: should a rule start reading a part the cut leaves out, this
// fails.
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../schemas/catalogue.js';
import type { Period, ReportRecord } from '../schemas/record.js';
import { extractFile } from '../src/pipeline.js';
import { runCrossReportRules } from '../src/rules/engine.js';
import { crossView, parseCrossView } from '../src/store/unit-cache.js';
import { sha } from './store.records.js';

const quarter = (n: number, year: number): Period => ({ kind: 'quarter', number: n, year, raw: `Quý ${['I', 'II', 'III', 'IV'][n - 1]} năm ${year}` });

function copy(record: ReportRecord, name: string, period: Period, change: (r: ReportRecord) => void = () => undefined): ReportRecord {
  const r = structuredClone(record);
  r.source = { ...r.source, sha256: sha(name), file: `/archive/${name}.txt` };
  r.report!.period = period;
  change(r);
  return r;
}

function setValue(r: ReportRecord, key: string, value: number): void {
  const ind = r.indicators.find((i) => i.key === key)!;
  ind.value = value;
  ind.raw = String(value);
  ind.valueKind = 'number';
}

describe('cross view of stored reports', () => {
  it('gives the cross-report rules what whole records give them', async () => {
    const extracted = await extractFile('fixtures/corpus/007-quynh-hung-2023-q3.txt');
    const record = extracted.value!;
    expect(record.report?.period).toMatchObject({ kind: 'quarter', number: 3, year: 2023 });
    expect(record.narrative.length + record.citations.length).toBeGreaterThan(0);

    const cumulative = CATALOGUE.find((d) => d.aggregation === 'cumulative_year' && record.indicators.some((i) => i.key === d.key && i.valueKind === 'number'))!;
    const additive = CATALOGUE.find((d) => d.aggregation === 'additive' && record.indicators.some((i) => i.key === d.key && i.valueKind === 'number'))!;
    const mine = (key: string) => record.indicators.find((i) => i.key === key)!.value!;
    // The unit's other periods: an earlier quarter with a higher running total
    // (cumulative_decreased) and a year that is not the sum of its quarters (period_not_sum_of_quarters).
    const history = [
      copy(record, 'q2', quarter(2, 2023), (r) => setValue(r, cumulative.key, mine(cumulative.key) + 5)),
      copy(record, 'q1', quarter(1, 2023)),
      copy(record, 'q4', quarter(4, 2023), (r) => setValue(r, cumulative.key, mine(cumulative.key) + 9)),
      copy(record, 'year', { kind: 'year', number: null, year: 2023, raw: 'năm 2023' }, (r) => setValue(r, additive.key, mine(additive.key) + 1)),
    ];
    // Another file of the same quarter that differs on a row, a fact and the metadata (duplicate_import;
    // on its own, since two files of one quarter keep it out of the quarters' sum).
    const duplicate = [
      copy(record, 'dup', record.report!.period!, (r) => {
        setValue(r, additive.key, mine(additive.key) + 2);
        r.facts[0]!.value = (r.facts[0]!.value ?? 0) + 1;
        r.report!.number = '99/BC-UBND';
      }),
    ];

    const fired = new Set<string>();
    for (const others of [history, duplicate]) {
      const whole = runCrossReportRules(record, others);
      for (const c of whole) fired.add(c.rule);
      // As the store keeps them (cut in memory) and as it reads them back (cut when validated).
      expect(runCrossReportRules(record, others.map(crossView))).toEqual(whole);
      expect(runCrossReportRules(record, others.map((o) => parseCrossView(JSON.parse(JSON.stringify(o)))))).toEqual(whole);
    }
    expect(fired).toEqual(new Set(['cumulative_decreased', 'period_not_sum_of_quarters', 'duplicate_import']));
  });
});
