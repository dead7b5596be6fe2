// The import-run record (store/import-runs.ts) on both adapters: PGlite always, PostgreSQL when
// DATABASE_URL is set (and required, not skipped, under SOHOA_REQUIRE_SERVICES). The counts must
// stay exact when several workers (several connections) finish jobs of one run at the same time.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/store/db.js';
import {
  addRunFiles,
  closeAbandonedRuns,
  countRunFiles,
  failRun,
  finishJob,
  getRun,
  listRetryRuns,
  listRunFiles,
  listRuns,
  startRun,
  submitRun,
} from '../src/store/import-runs.js';
import { openStore, setRulesModule, storeReport } from '../src/store/index.js';
import { makeRecord, sha, testRules } from './store.records.js';
import { dropSchema } from './queue.cleanup.js';

interface Opened {
  db: Db;
  /** A second, independent handle on the same database (another worker process). */
  other: () => Promise<Db>;
  cleanup: () => Promise<void>;
}

function suite(name: string, open: () => Promise<Opened>): void {
  describe(name, () => {
    let o: Opened;
    let db: Db;
    beforeAll(async () => {
      setRulesModule(testRules);
      o = await open();
      db = o.db;
    }, 60_000);
    afterAll(async () => {
      setRulesModule(undefined);
      await o?.cleanup();
    });

    it('counts files as they are added and as their jobs finish, and ends when the last pending job does', async () => {
      const id = await startRun(db, { kind: 'import', mode: 'queue', startedBy: 'hoa', inputs: ['/archive'] });
      const ids = await addRunFiles(db, id, [
        { path: '/archive/ghi-chu.csv', outcome: 'skipped', reason: 'not a report: a text file named .csv' },
        { path: '/archive/hong.zip', outcome: 'failed', reason: '/archive/hong.zip: archive refused: bad zip' },
      ]);
      expect(ids).toHaveLength(2);
      expect(ids[1]).toBeGreaterThan(ids[0]!);
      await addRunFiles(db, id, [{ path: '/archive/a.docx', sha256: sha('runs-a'), outcome: 'pending' }]);
      await addRunFiles(db, id, [{ path: '/archive/b.pdf', sha256: sha('runs-b'), outcome: 'pending' }]);
      await submitRun(db, id);
      let run = (await getRun(db, id))!;
      expect(run).toMatchObject({ files: 4, skipped: 1, failed: 1, pending: 2, imported: 0, endedAt: null, startedBy: 'hoa', inputs: ['/archive'] });
      expect(run.submittedAt).not.toBeNull();

      const stored = await storeReport(db, makeRecord({ content: 'runs-a', rate: 98 }), { paths: ['/archive/a.docx'] });
      expect(await finishJob(db, { sha256: sha('runs-a'), status: 'done', reportId: stored.reportId, openConflicts: 1 })).toEqual([id]);
      run = (await getRun(db, id))!;
      expect(run).toMatchObject({ imported: 1, flagged: 1, pending: 1, endedAt: null });

      expect(await finishJob(db, { sha256: sha('runs-b'), status: 'failed', reason: '/archive/b.pdf: file is corrupt (no xref)' })).toEqual([id]);
      run = (await getRun(db, id))!;
      expect(run).toMatchObject({ files: 4, imported: 1, flagged: 1, skipped: 1, failed: 2, pending: 0 });
      expect(run.endedAt).not.toBeNull();
      expect(run.durationMs).toBeGreaterThanOrEqual(0);

      // A job finished twice (a stalled job taken over by another worker) counts once.
      expect(await finishJob(db, { sha256: sha('runs-b'), status: 'failed', reason: 'again' })).toEqual([]);
      expect((await getRun(db, id))!.failed).toBe(2);

      const failed = await listRunFiles(db, id, { outcome: 'failed' });
      expect(failed.map((f) => [f.path, f.reason])).toEqual([
        ['/archive/hong.zip', '/archive/hong.zip: archive refused: bad zip'],
        ['/archive/b.pdf', '/archive/b.pdf: file is corrupt (no xref)'],
      ]);
      const [imported] = await listRunFiles(db, id, { outcome: 'imported' });
      expect(imported).toMatchObject({ path: '/archive/a.docx', reportId: stored.reportId, openConflicts: 1 });
      expect(await countRunFiles(db, id)).toEqual({ pending: 0, imported: 1, skipped: 1, failed: 2 });
    });

    it('a run submitted after its jobs finished ends at once; a skipped file links to the report already there', async () => {
      const stored = await storeReport(db, makeRecord({ content: 'runs-c', rate: 98 }), { paths: ['/x/c.docx'] });
      const id = await startRun(db, { kind: 'import', mode: 'embedded', startedBy: 'hoa', inputs: ['/x'] });
      await addRunFiles(db, id, [{ path: '/x/c.docx', sha256: sha('runs-c'), outcome: 'skipped', reason: 'already imported' }]);
      await submitRun(db, id);
      const run = (await getRun(db, id))!;
      expect(run).toMatchObject({ files: 1, skipped: 1, pending: 0 });
      expect(run.endedAt).not.toBeNull();
      expect((await listRunFiles(db, id))[0]).toMatchObject({ reportId: stored.reportId, outcome: 'skipped' });
    });

    it('two runs waiting for one job (its id is the sha256) both get its outcome', async () => {
      const a = await startRun(db, { kind: 'import', mode: 'queue', startedBy: 'hoa', inputs: ['/a'] });
      const b = await startRun(db, { kind: 'scan', mode: 'queue', startedBy: 'watch-0123456789', inputs: ['/share'] });
      await addRunFiles(db, a, [{ path: '/a/d.docx', sha256: sha('runs-d'), outcome: 'pending' }]);
      await addRunFiles(db, b, [{ path: '/share/d.docx', sha256: sha('runs-d'), outcome: 'pending' }]);
      await submitRun(db, a);
      await submitRun(db, b, { unlisted: 5, unsettled: 2, disappeared: 1 });
      expect((await finishJob(db, { sha256: sha('runs-d'), status: 'failed', reason: 'took too long' })).sort()).toEqual([a, b].sort());
      expect(await getRun(db, a)).toMatchObject({ files: 1, failed: 1, pending: 0 });
      expect(await getRun(db, b)).toMatchObject({ files: 6, failed: 1, pending: 0, unsettled: 2, disappeared: 1 });
      expect((await getRun(db, b))!.endedAt).not.toBeNull();
    });

    it('keeps exact counts when several workers finish jobs of one run at once', async () => {
      const n = 40;
      const id = await startRun(db, { kind: 'import', mode: 'queue', startedBy: 'hoa', inputs: ['/many'] });
      const files = Array.from({ length: n }, (_, i) => ({ path: `/many/${i}.docx`, sha256: sha(`runs-many-${i}`), outcome: 'pending' as const }));
      await addRunFiles(db, id, files);
      const other = await o.other();
      try {
        // Half the jobs finish before the run is submitted, the rest race with the submit itself.
        const finish = (i: number, h: Db) =>
          finishJob(h, { sha256: sha(`runs-many-${i}`), status: i % 4 === 0 ? 'failed' : 'done', reason: i % 4 === 0 ? 'corrupt' : null });
        await Promise.all(files.slice(0, n / 2).map((_, i) => finish(i, i % 2 ? other : db)));
        await Promise.all([...files.slice(n / 2).map((_, j) => finish(n / 2 + j, j % 2 ? other : db)), submitRun(db, id)]);
      } finally {
        await other.close();
      }
      const run = (await getRun(db, id))!;
      expect(run).toMatchObject({ files: n, imported: n - n / 4, failed: n / 4, pending: 0 });
      expect(run.endedAt).not.toBeNull();
      expect(await countRunFiles(db, id)).toEqual({ pending: 0, imported: n - n / 4, skipped: 0, failed: n / 4 });
    });

    it('a failed file shows its latest retry; runs list newest first and filter', async () => {
      const orig = await startRun(db, { kind: 'import', mode: 'embedded', startedBy: 'hoa', inputs: ['/r'] });
      await addRunFiles(db, orig, [{ path: '/r/e.docx', sha256: sha('runs-e-broken'), outcome: 'failed', reason: '/r/e.docx: file is corrupt' }]);
      await submitRun(db, orig);
      const [failed] = await listRunFiles(db, orig, { outcome: 'failed' });
      expect(failed!.retry).toBeNull();

      const retry = await startRun(db, { kind: 'retry', mode: 'embedded', startedBy: 'quan.tri', inputs: ['/r/e.docx'], retryOf: orig });
      await addRunFiles(db, retry, [{ path: '/r/e.docx', sha256: sha('runs-e'), outcome: 'pending' }]);
      await submitRun(db, retry);
      const stored = await storeReport(db, makeRecord({ content: 'runs-e', rate: 98 }), { paths: ['/r/e.docx'] });
      await finishJob(db, { sha256: sha('runs-e'), status: 'done', reportId: stored.reportId, openConflicts: 0 });
      const [again] = await listRunFiles(db, orig, { outcome: 'failed' });
      expect(again!.retry).toEqual({ runId: retry, outcome: 'imported', reason: null, reportId: stored.reportId });
      expect((await listRetryRuns(db, orig)).map((r) => r.id)).toEqual([retry]);
      expect(await getRun(db, retry)).toMatchObject({ kind: 'retry', retryOf: orig, imported: 1, flagged: 0 });

      const newest = await listRuns(db, { limit: 2 });
      expect(newest.map((r) => r.id)).toEqual([retry, orig]);
      expect((await listRuns(db, { kind: 'retry' })).every((r) => r.kind === 'retry')).toBe(true);
      const idle = await startRun(db, { kind: 'scan', mode: 'queue', startedBy: 'watch-x', inputs: ['/share'] });
      await submitRun(db, idle, { unlisted: 3 });
      expect((await listRuns(db, { active: true, limit: 500 })).map((r) => r.id)).not.toContain(idle);
      expect((await listRuns(db, { limit: 500 })).map((r) => r.id)).toContain(idle);
    });

    it('a run that stopped on an error ends with its reason; open embedded runs close only on the embedded store', async () => {
      const id = await startRun(db, { kind: 'import', mode: 'embedded', startedBy: 'hoa', inputs: ['/f'] });
      await failRun(db, id, 'database went away');
      expect(await getRun(db, id)).toMatchObject({ error: 'database went away' });
      expect((await getRun(db, id))!.endedAt).not.toBeNull();

      const open = await startRun(db, { kind: 'import', mode: 'embedded', startedBy: 'hoa', inputs: ['/g'] });
      const closed = await closeAbandonedRuns(db);
      if (db.kind === 'pglite') {
        // PGlite's lock file means no other process has a run going: an open one was cut short.
        expect(closed).toBeGreaterThanOrEqual(1);
        expect(await getRun(db, open)).toMatchObject({ error: 'interrupted' });
      } else {
        // On a shared PostgreSQL another machine's embedded import may be running.
        expect(closed).toBe(0);
        expect(await getRun(db, open)).toMatchObject({ error: null, endedAt: null });
      }
    });
  });
}

suite('import runs on PGlite (embedded)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sohoa-runs-'));
  const db = await openStore({ dataDir: dir });
  return {
    db,
    // One process per PGlite folder: the same handle stands for the "other worker".
    other: async () => ({ ...db, close: async () => undefined }),
    cleanup: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

const url = process.env.DATABASE_URL;
const required = Boolean(process.env.SOHOA_REQUIRE_SERVICES);
describe.skipIf(!url && !required)('with DATABASE_URL', () => {
  suite('import runs on PostgreSQL', async () => {
    if (!url) throw new Error('DATABASE_URL is required (SOHOA_REQUIRE_SERVICES)');
    const schema = `sohoa_test_${randomBytes(4).toString('hex')}`;
    const db = await openStore({ databaseUrl: url, schema, poolSize: 6 });
    return {
      db,
      other: () => openStore({ databaseUrl: url, schema, poolSize: 6 }),
      cleanup: async () => {
        await db.close();
        await dropSchema(url, schema);
      },
    };
  });
});
