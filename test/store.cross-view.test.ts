// The store hands the cross-report rules the unit's other reports as read from the indexed rows
// (src/store/cross-index.ts: report columns and the indicator rows the rules declare), not whole
// records. This checks the real rules find exactly the same conflicts with those as with whole
// records, on a real extracted report and a unit history that makes every cross-report rule fire:
// should a rule start reading a part the index leaves out, this fails.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../schemas/catalogue.js';
import type { Period, ReportRecord } from '../schemas/record.js';
import { extractFile } from '../src/pipeline.js';
import { CROSS_FIGURE_KEYS } from '../src/rules/index.js';
import { runCrossReportRules } from '../src/rules/engine.js';
import { indexedRecord, readIndexedOthers } from '../src/store/cross-index.js';
import { openStore, storeReport } from '../src/store/index.js';
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

describe('cross index of stored reports', () => {
  it('gives the cross-report rules what whole records give them', async () => {
    const extracted = await extractFile('fixtures/corpus/007-quynh-hung-2023-q3.txt');
    const record = extracted.value!;
    expect(record.report?.period).toMatchObject({ kind: 'quarter', number: 3, year: 2023 });

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
    const whole = runCrossReportRules(record, history);
    expect(new Set(whole.map((c) => c.rule))).toEqual(new Set(['cumulative_decreased', 'period_not_sum_of_quarters']));

    const dir = await mkdtemp(join(tmpdir(), 'sohoa-cross-index-'));
    const db = await openStore({ dataDir: dir });
    try {
      for (const r of history) await storeReport(db, r);
      const { rows } = await db.query<{ unit_key: string }>('SELECT unit_key FROM reports LIMIT 1');
      const indexed = await readIndexedOthers(db, rows[0]!.unit_key, null, { keys: CROSS_FIGURE_KEYS });
      expect(indexed).toHaveLength(4);
      // Only the rows the rules read: a handful of each report's, not its whole appendix.
      expect(indexed[0]!.rows.length).toBeLessThan(record.indicators.length);
      expect(runCrossReportRules(record, indexed.map(indexedRecord))).toEqual(whole);
      // The store runs the same on storing the record itself.
      const stored = await storeReport(db, record, { fromPipeline: true });
      const { rows: raised } = await db.query<{ rule: string }>(
        `SELECT rule FROM conflicts WHERE report_id = $1 AND rule IN ('cumulative_decreased', 'period_not_sum_of_quarters')`,
        [stored.reportId],
      );
      expect(raised.length).toBe(whole.length);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
