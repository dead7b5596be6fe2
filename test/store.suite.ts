// The record-store behaviour both adapters must show; run by store.pglite.test.ts (always) and
// store.pg.test.ts (when DATABASE_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/store/db.js';
import {
  applyCorrection,
  correctionHistory,
  countConflicts,
  exportRows,
  getConflict,
  getReport,
  listConflicts,
  listFacts,
  listIndicators,
  listReports,
  migrate,
  loadMigrations,
  chooseVersion,
  countVersionItems,
  getVersionGroup,
  resolveConflict,
  reopenConflict,
  revertCorrection,
  setRulesModule,
  storeReport,
  StoreError,
  getSource,
  markFailed,
  sourceCounts,
  decide,
  type SourceRow,
} from '../src/store/index.js';
import { makeRecord, sha, testRules } from './store.records.js';

/** A Db whose transactions fail at the first statement matching `pattern` (a crash mid-store). */
function crashingAt(db: Db, pattern: RegExp): Db {
  return {
    ...db,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          ...tx,
          query: async (sql, params) => {
            if (pattern.test(sql)) throw new Error('worker killed (simulated)');
            return tx.query(sql, params);
          },
        }),
      ),
  };
}

export function storeSuite(name: string, open: () => Promise<{ db: Db; cleanup: () => Promise<void> }>): void {
  describe(name, () => {
    let db: Db;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      setRulesModule(testRules);
      ({ db, cleanup } = await open());
    }, 60_000);
    afterAll(async () => {
      setRulesModule(undefined);
      await cleanup?.();
    });

    it('applies migrations once; a second run (another worker starting) finds nothing to do', async () => {
      expect(await migrate(db)).toEqual([]);
      const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
      // Concurrent starts queue on the advisory lock instead of failing.
      expect(await Promise.all([migrate(db), migrate(db)])).toEqual([[], []]);
    });

    it('stores a record with its rows, refs and conflicts in one go', async () => {
      const rec = makeRecord({ content: 'a', rate: 98 });
      const stored = await storeReport(db, rec, { paths: ['/archive/2023/Q3/tien-dong.docx', '/backup/tien-dong.docx'] });
      expect(stored.outcome).toBe('inserted');
      expect(stored.conflicts).toMatchObject({ open: 1, raised: 1 });
      const src = await getSource(db, sha('a'));
      expect(src).toMatchObject({ status: 'done', extractor_version: '0.1.0', format: 'docx' });
      const report = await getReport(db, stored.reportId);
      expect(report).toMatchObject({ unitName: 'Tiên Động', district: 'Tứ Kỳ', periodKind: 'quarter', periodNumber: 3, periodYear: 2023, date: '2023-09-08' });
      expect(report.paths.map((p) => p.path).sort()).toEqual(['/archive/2023/Q3/tien-dong.docx', '/backup/tien-dong.docx']);
      const rows = await listIndicators(db, stored.reportId);
      expect(rows.map((r) => r.ref)).toEqual(['form3:3.1', 'form3:3.1.1', 'form3:3.1.2', 'form3:4.1', 'form4:2.1', 'form4:2.1#2']);
      const blank = rows.find((r) => r.ref === 'form3:4.1')!;
      expect(blank.extracted).toBeNull(); // blank is not reported, never 0
      expect(blank.current).toBeNull();
      expect((await listFacts(db, stored.reportId))[0]).toMatchObject({ ref: 'fact:hoso.tiep_nhan', extracted: 259, current: 259 });
    });

    it('leaves nothing behind when storing fails half-way', async () => {
      const rec = makeRecord({ content: 'half', rate: 98 });
      await expect(storeReport(crashingAt(db, /INSERT INTO facts/), rec, { paths: ['/x/half.docx'] })).rejects.toThrow(/simulated/);
      expect(await getSource(db, sha('half'))).toBeNull();
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM reports WHERE source_sha256 = $1`,
        [sha('half')],
      );
      expect(rows[0]!.n).toBe(0);
    });

    it('applies a correction (resolving its conflict) and keeps it over a re-extraction', async () => {
      const [conflict] = await listConflicts(db, { unit: 'tien dong', rule: 'rate_mismatch', status: 'open' });
      expect(conflict).toBeDefined();
      expect(conflict!.suggestion).toMatchObject({ ref: 'form3:3.1', value: 99.6 });
      const { correction, conflicts } = await applyCorrection(db, {
        reportId: conflict!.reportId,
        ref: 'form3:3.1',
        value: 99.6,
        reason: '258/259 = 99,6%',
        author: 'lan.nguyen',
        conflictId: conflict!.id,
      });
      expect(correction).toMatchObject({ oldValue: 98, newValue: 99.6, author: 'lan.nguyen' });
      expect(conflicts.open).toBe(0);
      const detail = await getConflict(db, conflict!.id);
      expect(detail.conflict).toMatchObject({ status: 'resolved', resolutionHow: 'corrected', resolvedBy: 'lan.nguyen' });
      expect(detail.fields.find((f) => f.ref === 'form3:3.1')).toEqual({ ref: 'form3:3.1', extracted: 98, current: 99.6, corrected: true });

      // A newer extractor re-reads the file: extracted rows are replaced, the correction stays on top.
      const newer = makeRecord({ content: 'a', rate: 98, extractorVersion: '0.2.0' });
      newer.indicators[0]!.label = 'Tỷ lệ hồ sơ TTHC giải quyết đúng hạn';
      const again = await storeReport(db, newer);
      expect(again).toMatchObject({ reportId: conflict!.reportId, outcome: 'replaced' });
      const row = (await listIndicators(db, again.reportId)).find((r) => r.ref === 'form3:3.1')!;
      expect(row).toMatchObject({ label: 'Tỷ lệ hồ sơ TTHC giải quyết đúng hạn', extracted: 98, current: 99.6, corrected: true });
      expect((await getConflict(db, conflict!.id)).conflict.status).toBe('resolved');

      // A slow worker still on the old extractor finishing late does not undo the newer report.
      const late = await storeReport(db, makeRecord({ content: 'a', rate: 50 }));
      expect(late.outcome).toBe('kept');
      expect((await listIndicators(db, again.reportId))[0]!.extracted).toBe(98);
    });

    it('reverts a correction by appending, and reopens the conflict it had resolved', async () => {
      const [c] = await correctionHistory(db, { ref: 'form3:3.1' });
      const { correction, conflicts } = await revertCorrection(db, { correctionId: c!.id, author: 'minh.tran', reason: 'nhập nhầm' });
      expect(correction).toMatchObject({ reverts: c!.id, oldValue: 99.6, newValue: 98 });
      expect(conflicts.open).toBe(1);
      const row = (await listIndicators(db, c!.reportId)).find((r) => r.ref === 'form3:3.1')!;
      expect(row).toMatchObject({ current: 98, corrected: false });
      await expect(revertCorrection(db, { correctionId: c!.id, author: 'x', reason: 'again' })).rejects.toBeInstanceOf(StoreError);
      const history = await correctionHistory(db, { reportId: c!.reportId });
      expect(history.map((h) => h.reverts)).toEqual([c!.id, null]);
      expect(history[1]!.revertedBy).toBe(history[0]!.id);
    });

    it('refuses to update or delete corrections (append-only trigger)', async () => {
      await expect(db.query(`UPDATE corrections SET new_value = '1'::jsonb`)).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM corrections')).rejects.toThrow(/append-only/);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM corrections');
      expect(rows[0]!.n).toBe(2);
    });

    it('validates corrections', async () => {
      const [r] = await listReports(db, { unit: 'Tiên Động' });
      await expect(applyCorrection(db, { reportId: r!.id, ref: 'form3:3.1', value: 'chín mươi', reason: 'x', author: 'a' })).rejects.toThrow(/number/);
      await expect(applyCorrection(db, { reportId: r!.id, ref: 'form9:1', value: 1, reason: 'x', author: 'a' })).rejects.toThrow(/no field/);
      await expect(applyCorrection(db, { reportId: r!.id, ref: 'form3:3.1', value: 1, reason: ' ', author: 'a' })).rejects.toThrow(/reason/);
      await expect(applyCorrection(db, { reportId: r!.id, ref: 'bogus', value: 1, reason: 'x', author: 'a' })).rejects.toThrow(/unknown field/);
    });

    it('stores the .docx and the .pdf of one report side by side as two versions, one review item', async () => {
      const pdf = makeRecord({ content: 'a-pdf', format: 'pdf', file: '/archive/2023/Q3/tien-dong.pdf', solved: 260, rate: 99.6 });
      const stored = await storeReport(db, pdf, { paths: ['/archive/2023/Q3/tien-dong.pdf'] });
      expect(stored.outcome).toBe('inserted');
      const reports = await listReports(db, { unit: 'tien dong', periodYear: 2023, periodKind: 'quarter', periodNumber: 3 });
      expect(reports.map((r) => r.format).sort()).toEqual(['docx', 'pdf']);
      expect(await countVersionItems(db)).toBe(1);
      // Same date, both signed, neither a scan: the one stored last stands, and the page says why.
      const { rows } = await db.query<{ id: number }>('SELECT group_id AS id FROM reports WHERE id = $1', [stored.reportId]);
      const group = await getVersionGroup(db, rows[0]!.id);
      expect(group.group).toMatchObject({ versions: 2, reviewStatus: 'open', standingReportId: stored.reportId, standingHow: 'default' });
      expect(group.group.standingReason).toContain('nhập sau cùng');
      // The side-by-side table: the rate (re-read as 98 in the .docx) and the count differ.
      expect(group.diff.map((d) => [d.key, d.cells.map((c) => c?.value)])).toEqual([
        ['form3:3.1', [99.6, 98]],
        ['form3:3.1.1', [260, 259]],
      ]);
      expect(group.diff[1]!.cells[0]!.evidence).toMatchObject({ row: 21, text: expect.stringContaining('260') });
    });

    it('keeps a reviewer\'s decision when the rules raise the conflict again, and auto-resolves what they stop raising', async () => {
      const pdfId = (await listReports(db, { unit: 'tien dong' })).find((r) => r.sourceSha256 === sha('a-pdf'))!.id;
      // 258 of 260 is 99,2%, not the 99,6% printed.
      const [rate] = await listConflicts(db, { reportId: pdfId, rule: 'rate_mismatch' });
      expect(rate?.status).toBe('open');
      await resolveConflict(db, { conflictId: rate!.id, how: 'accepted', by: 'lan.nguyen', note: 'bản in ghi vậy' });
      const pdf = makeRecord({ content: 'a-pdf', format: 'pdf', solved: 260, rate: 99.6, extractorVersion: '0.2.0' });
      await storeReport(db, pdf);
      expect((await getConflict(db, rate!.id)).conflict).toMatchObject({ status: 'resolved', resolutionHow: 'accepted' });

      // Reopened, then corrected to agree with the other file: the rate conflict is no longer raised.
      await reopenConflict(db, rate!.id);
      await applyCorrection(db, { reportId: pdfId, ref: 'form3:3.1.1', value: 259, reason: 'theo bản docx', author: 'lan.nguyen' });
      expect((await getConflict(db, rate!.id)).conflict).toMatchObject({ status: 'resolved', resolutionHow: 'auto' });
    });

    it('filters conflicts by unit, district, period, rule, severity and status', async () => {
      await storeReport(db, makeRecord({ content: 'other-unit', unitName: 'Hà Kỳ', district: 'Tứ Kỳ', rate: 10 }));
      expect(await countConflicts(db, { district: 'tu ky', rule: 'rate_mismatch' })).toBe(3);
      expect(await countConflicts(db, { unit: 'HÀ KỲ' })).toBe(1);
      expect(await countConflicts(db, { unit: 'ha ky', status: 'resolved' })).toBe(0);
      // Two files of one report raise no warning per differing field: they are one review item.
      expect(await countConflicts(db, { severity: 'warning' })).toBe(0);
      expect(await countConflicts(db, { periodYear: 2022 })).toBe(0);
      const errorsFirst = await listConflicts(db, {});
      expect(errorsFirst[0]!.severity).toBe('error');
    });

    it('exports every row with its current value, of the standing version only', async () => {
      const exported = async () => {
        const rows = [];
        for await (const r of exportRows(db, { unit: 'tien dong' }, 1)) rows.push(r);
        return rows;
      };
      let rows = await exported();
      expect(new Set(rows.map((r) => r.sourceSha256))).toEqual(new Set([sha('a-pdf')]));
      expect(rows.find((r) => r.ref === 'form3:3.1.1')).toMatchObject({ extracted: 260, current: 259, corrected: true });

      // A reviewer chooses the .docx: it stands and is what the export holds.
      const docxId = (await listReports(db, { unit: 'tien dong' })).find((r) => r.sourceSha256 === sha('a'))!.id;
      const { rows: g } = await db.query<{ id: number }>('SELECT group_id AS id FROM reports WHERE id = $1', [docxId]);
      const choice = await chooseVersion(db, { groupId: g[0]!.id, reportId: docxId, author: 'lan.nguyen', reason: 'bản có dấu đỏ' });
      expect(choice).toMatchObject({ reportId: docxId, author: 'lan.nguyen', reverts: null });
      expect(await countVersionItems(db)).toBe(0);
      rows = await exported();
      const docx = rows.filter((r) => r.sourceSha256 === sha('a'));
      expect(docx.length).toBe(rows.length);
      expect(docx.map((r) => r.ref)).toContain('fact:hoso.tiep_nhan');
      expect(docx.find((r) => r.ref === 'form3:3.1')).toMatchObject({ kind: 'indicator', extracted: 98, current: 98, corrected: false, openConflicts: 1 });
      expect((await getVersionGroup(db, g[0]!.id)).group).toMatchObject({ standingReportId: docxId, standingHow: 'reviewer', reviewStatus: 'resolved' });
    });

    it('records failures without touching stored reports, and decides what needs work', async () => {
      await db.query(`INSERT INTO sources (sha256, format, size) VALUES ($1, 'pdf', 10)`, [sha('bad')]);
      await markFailed(db, sha('bad'), 'bad.pdf: file is corrupt', { permanent: true, extractorVersion: '0.2.0' });
      const bad = (await getSource(db, sha('bad'))) as SourceRow;
      expect(bad).toMatchObject({ status: 'failed', failure_permanent: true });
      expect(decide(bad, '0.2.0')).toEqual({ action: 'skip', reason: 'failed before: bad.pdf: file is corrupt' });
      expect(decide(bad, '0.3.0')).toEqual({ action: 'process' });
      await markFailed(db, sha('a'), 'transient', { permanent: false, extractorVersion: '0.2.0' });
      const a = (await getSource(db, sha('a'))) as SourceRow;
      expect(a.status).toBe('done');
      expect(decide(a, '0.2.0')).toEqual({ action: 'skip', reason: 'already imported' });
      expect(decide(null, '0.2.0')).toEqual({ action: 'process' });
      expect(await sourceCounts(db)).toMatchObject({ failed: 1, done: 3, total: 4 });
    });

    it('compares a report with the standing version of its unit\'s other periods, as indexed now', async () => {
      // The cross-report rules read the others' rows from the indicators table (cross-index.ts).
      const unit = { unitName: 'Hưng Đạo', district: 'Tứ Kỳ', year: 2024 };
      const fell = () => listConflicts(db, { unit: 'hung dao', rule: 'count_fell', status: 'open' });
      await storeReport(db, makeRecord({ ...unit, quarter: 1, content: 'hd-1', solved: 259 }));
      await storeReport(db, makeRecord({ ...unit, quarter: 2, content: 'hd-2', solved: 259 }));
      expect(await fell()).toEqual([]);

      // Another writer (a worker process) changes the first quarter's row: the next store sees it.
      await db.query(`UPDATE indicators SET value = 300 WHERE ref = 'form3:3.1.1' AND report_id = (SELECT id FROM reports WHERE source_sha256 = $1)`, [sha('hd-1')]);
      await storeReport(db, makeRecord({ ...unit, quarter: 2, content: 'hd-2', solved: 259 }));
      expect((await fell()).map((c) => c.values)).toEqual([[259, 300]]);

      // A re-extraction that rolls back leaves the report as it was committed.
      const failed = makeRecord({ ...unit, quarter: 2, content: 'hd-2', solved: 400, extractorVersion: '0.2.0' });
      await expect(storeReport(crashingAt(db, /INSERT INTO conflicts/), failed)).rejects.toThrow(/simulated/);
      expect((await fell()).map((c) => c.values)).toEqual([[259, 300]]);

      // A second file of the first quarter, a draft ("Dự thảo"): it does not stand,
      // so the second quarter still compares with the 300 of the first file; chosen by a reviewer,
      // it stands and the fall is gone.
      const draft = makeRecord({ ...unit, quarter: 1, content: 'hd-1-draft', solved: 200 });
      draft.report!.title = 'DỰ THẢO Báo cáo công tác cải cách hành chính Quý I năm 2024';
      const d = await storeReport(db, draft);
      const { rows: g } = await db.query<{ id: number; standing: number }>(
        'SELECT g.id, g.standing_report_id AS standing FROM reports r JOIN report_groups g ON g.id = r.group_id WHERE r.id = $1',
        [d.reportId],
      );
      expect(g[0]!.standing).not.toBe(d.reportId);
      await storeReport(db, makeRecord({ ...unit, quarter: 2, content: 'hd-2', solved: 259 }));
      expect((await fell()).map((c) => c.values)).toEqual([[259, 300]]);
      await chooseVersion(db, { groupId: g[0]!.id, reportId: d.reportId, author: 'lan.nguyen', reason: 'thử' });
      expect(await fell()).toEqual([]);
    });
  });
}
