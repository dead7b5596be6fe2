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
  listConflicts,
  listReports,
  listVersionGroups,
  loadMigrations,
  migrate,
  openStore,
  storeReport,
  type Db,
} from '../src/store/index.js';
import { openPglite } from '../src/store/pglite.js';
import { makeRecord, sha } from './store.records.js';

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

describe('migration 003 on a store written before versions', () => {
  it('files existing reports under their unit-period, picks the standing one and closes duplicate_import warnings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-versions-upgrade-'));
    const db = await openPglite(dir);
    try {
      await migrate(db, loadMigrations().filter((m) => m.version < 3));
      const rec = (signer: string | null, title: string) => JSON.stringify({ report: { signer: signer ? { name: signer } : null, title, period: { raw: 'Quý III năm 2023' } }, pageInfo: [] });
      const rows: [string, string, string | null, string][] = [
        ['old-signed', '2023-09-08', 'Nguyễn Văn Thương', 'Báo cáo công tác CCHC Quý III năm 2023'],
        ['old-draft', '2023-10-01', null, 'DỰ THẢO Báo cáo công tác CCHC Quý III năm 2023'],
        ['old-other', '2023-06-20', 'Nguyễn Văn Thương', 'Báo cáo công tác CCHC Quý II năm 2023'],
      ];
      const ids: number[] = [];
      for (const [name, date, signer, title] of rows) {
        await db.query(`INSERT INTO sources (sha256, format, size, status) VALUES ($1, 'docx', 100, 'done')`, [sha(name)]);
        const quarter = name === 'old-other' ? 2 : 3;
        const { rows: r } = await db.query<{ id: number }>(
          `INSERT INTO reports (source_sha256, unit_kind, unit_name, unit_key, unit_name_key, period_kind, period_number, period_year, report_date, status, extractor_version, record)
           VALUES ($1, 'xã', 'Tiên Động', 'xa|tien dong|tu ky|hai duong', 'tien dong', 'quarter', $2, 2023, $3::date, 'complete', '0.2.0', $4::jsonb) RETURNING id`,
          [sha(name), quarter, date, rec(signer, title)],
        );
        ids.push(r[0]!.id);
      }
      await db.query(
        `INSERT INTO conflicts (report_id, fingerprint, rule, severity, message, refs, "values", evidence) VALUES ($1, 'dup', 'duplicate_import', 'warning', 'x', '["form3:1.4"]', '[1, 2]', '[]')`,
        [ids[1]],
      );

      expect(await migrate(db)).toContain(3);
      const groups = await listVersionGroups(db);
      expect(groups).toHaveLength(1);
      // The signed report stands over the later draft.
      expect(groups[0]).toMatchObject({ versions: 2, reviewStatus: 'open', standingReportId: ids[0], periodRaw: 'Quý III năm 2023' });
      const { rows: marks } = await db.query<{ id: number; signed: boolean; draft: boolean; group_id: number | null }>('SELECT id, signed, draft, group_id FROM reports ORDER BY id');
      expect(marks.map((m) => [m.signed, m.draft])).toEqual([[true, false], [false, true], [true, false]]);
      expect(marks.every((m) => m.group_id !== null)).toBe(true);
      expect((await listConflicts(db, { rule: 'duplicate_import' }))[0]).toMatchObject({ status: 'resolved', resolutionHow: 'auto' });
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a version that does not name its province', () => {
  it('joins the one group of its unit, district and period; with two provinces to choose from it stays apart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-versions-province-'));
    const db = await openStore({ dataDir: dir });
    const withProvince = (content: string, province: string | null) => {
      const r = makeRecord({ content });
      r.report!.province = province;
      return r;
    };
    const groupOf = async (id: number) => (await db.query<{ g: number }>('SELECT group_id AS g FROM reports WHERE id = $1', [id])).rows[0]!.g;
    try {
      const a = await storeReport(db, withProvince('p-a', 'Hải Dương'));
      const b = await storeReport(db, withProvince('p-b', null));
      expect(await groupOf(b.reportId)).toBe(await groupOf(a.reportId));
      // The same names in another province: a unit of its own.
      const d = await storeReport(db, withProvince('p-d', 'Thái Bình'));
      expect(await groupOf(d.reportId)).not.toBe(await groupOf(a.reportId));
      // Without a province, between two provinces' groups: neither is guessed.
      const e = await storeReport(db, withProvince('p-e', null));
      expect(new Set([await groupOf(a.reportId), await groupOf(d.reportId), await groupOf(e.reportId)]).size).toBe(3);
      expect((await listVersionGroups(db)).map((g) => g.versions)).toEqual([2]);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
