// Versions of one report in the store: 1, 2, 4 and 8 files of the same unit and period (a real
// extracted report, re-submitted with other figures and later dates) give one review item, every
// version kept, and open conflicts that grow with the versions (each keeps its own in-report ones),
// not with their pairs: the old duplicate_import rule raised a warning per differing field per pair.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../schemas/catalogue.js';
import type { ReportRecord } from '../schemas/record.js';
import { extractFile } from '../src/pipeline.js';
import { runCrossReportRules, runReportRules } from '../src/rules/engine.js';
import {
  countConflicts,
  countVersionItems,
  getVersionGroup,
  listReports,
  listVersionGroups,
  openStore,
  storeReport,
  type Db,
} from '../src/store/index.js';
import { sha } from './store.records.js';

let base: ReportRecord;
const cumulative = () => CATALOGUE.find((d) => d.aggregation === 'cumulative_year' && base.indicators.some((i) => i.key === d.key && i.valueKind === 'number'))!;

function setValue(r: ReportRecord, key: string, value: number): void {
  const ind = r.indicators.find((i) => i.key === key)!;
  ind.value = value;
  ind.raw = String(value);
  ind.valueKind = 'number';
}

/** Version `v` of the third quarter's report: its own file, a later date, other figures. */
function version(v: number): ReportRecord {
  const r = structuredClone(base);
  r.source = { ...r.source, sha256: sha(`q3-v${v}`), file: `/archive/q3/quynh-hung-v${v}.docx` };
  r.report!.date = `2023-09-${String(10 + v).padStart(2, '0')}`;
  r.report!.number = `${100 + v}/BC-UBND`;
  setValue(r, cumulative().key, base.indicators.find((i) => i.key === cumulative().key)!.value! + v);
  for (const f of r.facts) if (f.value !== null) f.value += v;
  return r;
}

/** The second quarter, with a running total above every third-quarter version's (cumulative_decreased). */
function secondQuarter(): ReportRecord {
  const r = structuredClone(base);
  r.source = { ...r.source, sha256: sha('q2'), file: '/archive/q2/quynh-hung.docx' };
  r.report!.period = { kind: 'quarter', number: 2, year: 2023, raw: 'Quý II năm 2023' };
  r.report!.date = '2023-06-15';
  setValue(r, cumulative().key, base.indicators.find((i) => i.key === cumulative().key)!.value! + 100);
  return r;
}

describe('versions of one report in the store', () => {
  const dirs: string[] = [];
  beforeAll(async () => {
    base = (await extractFile('fixtures/corpus/007-quynh-hung-2023-q3.txt')).value!;
  }, 60_000);
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function fresh(): Promise<Db> {
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-versions-'));
    dirs.push(dir);
    return openStore({ dataDir: dir });
  }

  const opened: Record<number, number> = {};

  for (const n of [1, 2, 4, 8]) {
    it(`${n} version(s) of one unit-period: ${n > 1 ? 'one review item' : 'no review item'}, conflicts linear in the versions`, async () => {
      const db = await fresh();
      try {
        const q2 = secondQuarter();
        await storeReport(db, q2);
        const versions = Array.from({ length: n }, (_, i) => version(i + 1));
        for (const v of versions) await storeReport(db, v, { paths: [v.source.file] });

        expect(await listReports(db, { periodNumber: 3 })).toHaveLength(n);
        expect(await countVersionItems(db)).toBe(n > 1 ? 1 : 0);
        const groups = await listVersionGroups(db);
        expect(groups).toHaveLength(n > 1 ? 1 : 0);
        expect(await countConflicts(db, { rule: 'duplicate_import' })).toBe(0);

        // Each version keeps its own in-report conflicts; only the standing (latest-dated) one is
        // compared with the second quarter.
        const own = (r: ReportRecord) => runReportRules(r).length;
        const latest = versions[n - 1]!;
        const cross = runCrossReportRules(latest, [q2]).length;
        expect(cross).toBeGreaterThan(0);
        const expected = own(q2) + versions.reduce((s, v) => s + own(v), 0) + cross;
        const open = await countConflicts(db, { status: 'open' });
        expect(open).toBe(expected);
        expect(await countConflicts(db, { status: 'open', rule: 'cumulative_decreased' })).toBe(cross);
        opened[n] = open;

        if (n > 1) {
          const detail = await getVersionGroup(db, groups[0]!.id);
          expect(detail.versions).toHaveLength(n);
          expect(detail.versions[0]).toMatchObject({ standing: true, file: latest.source.file });
          expect(detail.group.standingReason).toContain(`${10 + n}/09/2023`);
          // The side-by-side table: date, number, the running total and the facts differ, a cell per version.
          const keys = detail.diff.map((d) => d.key);
          expect(keys).toEqual(expect.arrayContaining(['report:date', 'report:number', `indicator:${cumulative().key}`]));
          for (const row of detail.diff) expect(row.cells).toHaveLength(n);
        }

        // The same content under another name is one source: no new version.
        await storeReport(db, latest, { paths: ['/backup/copy-of-latest.docx'] });
        expect(await listReports(db, { periodNumber: 3 })).toHaveLength(n);
        expect(await countConflicts(db, { status: 'open' })).toBe(open);
      } finally {
        await db.close();
      }
    }, 180_000);
  }

  it('open conflicts grow by the same step per added version (not with the pairs of versions)', () => {
    const per = (a: number, b: number) => (opened[b]! - opened[a]!) / (b - a);
    expect(per(1, 2)).toBe(per(2, 4));
    expect(per(2, 4)).toBe(per(4, 8));
  });
});
