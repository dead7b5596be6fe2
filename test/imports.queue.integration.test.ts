// Import runs in queue mode against the real services (REDIS_URL and DATABASE_URL; required, not
// skipped, under SOHOA_REQUIRE_SERVICES): two real worker processes finish the jobs of one
// `sohoa import` and the run's counts come from them (also with --no-wait, when the importer is
// gone before the jobs are done); a scheduled scan is a run started by its schedule; a failed file
// fixed on disk and retried from the web page becomes a job the workers import.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/cli/commands/import.js';
import { compiledPath } from '../src/ingest/pool.js';
import { INGEST_QUEUE, SCAN_QUEUE, type QueueConfig } from '../src/queue/connection.js';
import { addWatch, removeWatch, scanQueue } from '../src/queue/schedules.js';
import type { Db } from '../src/store/db.js';
import { getRun, listRunFiles, listRuns, type ImportRun } from '../src/store/import-runs.js';
import { openStore } from '../src/store/open.js';
import { upsertUser } from '../src/store/web-queries.js';
import { buildApp } from '../src/web/app.js';
import { hashPassword } from '../src/web/password.js';
import { ensureBuilt } from './ingest.build.js';
import { dropSchema, obliterateQueues } from './queue.cleanup.js';
import { Client, PASSWORDS } from './web.helpers.js';

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
const required = Boolean(process.env.SOHOA_REQUIRE_SERVICES);
const FIX = join(import.meta.dirname, '..', 'fixtures');

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf((!REDIS_URL || !DATABASE_URL) && !required)('import runs in queue mode (Redis + PostgreSQL)', () => {
  const tag = randomBytes(4).toString('hex');
  const prefix = `sohoa-test-${tag}`;
  const schema = `sohoa_test_${tag}`;
  const queueConfig: QueueConfig = { redisUrl: REDIS_URL ?? '', prefix };
  const env: NodeJS.ProcessEnv = { ...process.env, SOHOA_DB_SCHEMA: schema, SOHOA_QUEUE_PREFIX: prefix, SOHOA_CONCURRENCY: '2', SOHOA_SHUTDOWN_MS: '10000' };
  let dir: string;
  let db: Db;
  const workers: ChildProcess[] = [];

  async function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [compiledPath('workers/run-worker.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    workers.push(child);
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`worker did not start: ${log}`)), 30_000);
      child.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('ready')) {
          clearTimeout(t);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`worker exited (${code}): ${log}`)));
    });
    return child;
  }

  /** A copy of a fixture with distinct bytes: a new source each time. */
  async function variant(src: string, to: string, text: string): Promise<string> {
    await writeFile(to, Buffer.concat([await readFile(src), Buffer.from(`\n${text}\n`)]));
    return to;
  }

  const latest = async (kind: ImportRun['kind']) => (await listRuns(db, { kind, limit: 1 }))[0];

  beforeAll(async () => {
    if (!REDIS_URL || !DATABASE_URL) throw new Error('REDIS_URL and DATABASE_URL are required (SOHOA_REQUIRE_SERVICES)');
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'sohoa-runs-queue-'));
    db = await openStore({ databaseUrl: DATABASE_URL, schema });
    await startWorker();
    await startWorker();
  }, 240_000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await obliterateQueues([INGEST_QUEUE, SCAN_QUEUE], queueConfig);
    await db?.close();
    if (DATABASE_URL) await dropSchema(DATABASE_URL, schema);
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('the workers finishing one import\'s jobs keep its counts; --no-wait runs end when the last job does', async () => {
    const input = join(dir, 'archive');
    await mkdir(input);
    for (let i = 0; i < 6; i++) await variant(join(FIX, 'tien-dong-2023-q3.txt'), join(input, `bc-${i}.txt`), `queue run ${i}`);
    await copyFile(join(FIX, 'bad', 'truncated.pdf'), join(input, 'hong.pdf'));
    await writeFile(join(input, 'ghi-chu.csv'), 'a,b\n1,2\n');
    const summary = await importPaths([input], { env, progress: false, log: () => undefined });
    expect(summary).toMatchObject({ imported: 6, failed: 1, skipped: 1 });

    const run = (await latest('import'))!;
    expect(run).toMatchObject({ mode: 'queue', inputs: [input], files: 8, imported: 6, failed: 1, skipped: 1, pending: 0, error: null });
    expect(run.flagged).toBe(summary.flagged);
    expect(run.endedAt).not.toBeNull();
    const failed = await listRunFiles(db, run.id, { outcome: 'failed' });
    expect(failed.map((f) => f.path)).toEqual([join(input, 'hong.pdf')]);
    expect(failed[0]!.reason).toMatch(/hong\.pdf: file is corrupt/);
    const imported = await listRunFiles(db, run.id, { outcome: 'imported' });
    expect(imported).toHaveLength(6);
    expect(imported.every((f) => typeof f.reportId === 'number' && f.finishedAt !== null)).toBe(true);

    // --no-wait: the importer only enqueues; the workers' job completions end the run.
    const later = join(dir, 'later');
    await mkdir(later);
    for (let i = 0; i < 4; i++) await variant(join(FIX, 'tien-dong-2023-q3.txt'), join(later, `bc-${i}.txt`), `no wait ${i}`);
    const queued = await importPaths([later], { env, wait: false, progress: false, log: () => undefined });
    expect(queued).toMatchObject({ queued: 4, imported: 0 });
    const noWait = (await latest('import'))!;
    expect(noWait.id).toBeGreaterThan(run.id);
    expect(noWait.submittedAt).not.toBeNull();
    const ended = await until('the --no-wait run to end', async () => {
      const r = await getRun(db, noWait.id);
      return r?.endedAt ? r : null;
    });
    expect(ended).toMatchObject({ files: 4, imported: 4, failed: 0, pending: 0 });
  }, 180_000);

  it('an import stopped with Ctrl-C ends its run as interrupted', async () => {
    const input = join(dir, 'ctrl-c');
    await mkdir(input);
    for (let i = 0; i < 80; i++) await variant(join(FIX, 'tien-dong-2023-q3.pdf'), join(input, `bc-${i}.pdf`), `% ctrl-c ${i}`);
    // The real command (compiled), embedded parsing against the shared PostgreSQL, so this test
    // can watch its run while it goes.
    const childEnv: NodeJS.ProcessEnv = { ...env };
    delete childEnv.REDIS_URL;
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'bin', 'sohoa.js'), 'import', input, '--log-format', 'json'], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const run = await until('the import to have imported a file', async () => {
      const r = (await listRuns(db, { kind: 'import', limit: 10 })).find((x) => x.inputs[0] === input);
      return r && r.imported > 0 ? r : null;
    });
    child.kill('SIGINT');
    expect(await exited, log).toBe(130);
    const stopped = (await getRun(db, run.id))!;
    expect(stopped).toMatchObject({ mode: 'embedded', error: 'interrupted' });
    expect(stopped.endedAt).not.toBeNull();
    expect(stopped.imported).toBeLessThan(80);
  }, 180_000);

  it('a scheduled scan is a run started by its schedule, with the file it imported', async () => {
    const inbox = join(dir, 'inbox');
    await mkdir(inbox);
    const scans = scanQueue(queueConfig);
    try {
      const w = await addWatch(scans, inbox, 1000);
      const dropped = await variant(join(FIX, 'tien-dong-2023-q3.txt'), join(inbox, 'moi.txt'), 'scanned');
      const run = await until('a scan run that imported the dropped file', async () => {
        for (const r of await listRuns(db, { kind: 'scan', limit: 50 })) if (r.imported === 1) return r;
        return null;
      });
      expect(run).toMatchObject({ mode: 'queue', startedBy: w.id, inputs: [inbox], files: 1, imported: 1, pending: 0 });
      expect(run.endedAt).not.toBeNull();
      expect((await listRunFiles(db, run.id))[0]).toMatchObject({ path: dropped, outcome: 'imported' });
      // The scan before it saw the file still new (unsettled); the ones after list nothing.
      const all = await listRuns(db, { kind: 'scan', limit: 50 });
      expect(all.some((r) => r.id < run.id && r.unsettled === 1 && r.files === 1 && r.imported === 0)).toBe(true);
      expect(await removeWatch(scans, w.id)).toBe(true);
    } finally {
      await scans.close();
    }
  }, 120_000);

  it('a failed file fixed on disk and retried from the web page is imported by the workers', async () => {
    const run = (await listRuns(db, { kind: 'import', limit: 50 })).find((r) => r.failed === 1)!;
    const [broken] = await listRunFiles(db, run.id, { outcome: 'failed' });
    await copyFile(join(FIX, 'tien-dong-2023-q3.pdf'), broken!.path);

    await upsertUser(db, { name: 'quan.tri', role: 'admin', passwordHash: await hashPassword(PASSWORDS['quan.tri']) });
    // The server reads the queue prefix from the environment, as `sohoa serve` does.
    const saved = process.env.SOHOA_QUEUE_PREFIX;
    process.env.SOHOA_QUEUE_PREFIX = prefix;
    const app = await buildApp({ db, secret: 'queue-runs-secret-0123456789-0123456789', redisUrl: REDIS_URL! });
    try {
      const admin = new Client(app);
      await admin.login('quan.tri');
      const page = await admin.get(`/admin/imports/${run.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('file is corrupt');
      const res = await admin.post(`/admin/imports/files/${broken!.id}/retry`, {});
      expect(res.statusCode).toBe(303);
      const retryId = Number(/\/admin\/imports\/(\d+)\?ok=retry/.exec(String(res.headers.location))![1]);
      const done = await until('the retry run to end', async () => {
        const r = await getRun(db, retryId);
        return r?.endedAt ? r : null;
      });
      expect(done).toMatchObject({ kind: 'retry', mode: 'queue', retryOf: run.id, startedBy: 'quan.tri', files: 1, imported: 1, failed: 0 });
      const [again] = await listRunFiles(db, run.id, { outcome: 'failed' });
      expect(again!.retry).toMatchObject({ runId: retryId, outcome: 'imported' });
      const shown = await admin.get(`/admin/imports/${run.id}`);
      expect(shown.body).toContain(`href="/reports/${again!.retry!.reportId}"`);
    } finally {
      await app.close();
      if (saved === undefined) delete process.env.SOHOA_QUEUE_PREFIX;
      else process.env.SOHOA_QUEUE_PREFIX = saved;
    }
  }, 120_000);
});
