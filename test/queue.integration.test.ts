// Queue mode against the real services (runs only with REDIS_URL and DATABASE_URL): real worker
// processes (dist/workers/run-worker.js), a unique queue prefix and a fresh schema per run.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/cli/commands/import.js';
import { connection, INGEST_QUEUE, SCAN_QUEUE, type QueueConfig } from '../src/queue/connection.js';
import { processIngestJob } from '../src/queue/processor.js';
import { enqueueIngest, ingestQueue } from '../src/queue/producer.js';
import { addWatch, removeWatch, scanQueue } from '../src/queue/schedules.js';
import { queueStatus } from '../src/queue/status.js';
import { startWorkers } from '../src/queue/worker.js';
import type { Db } from '../src/store/db.js';
import { failingDb, type FailingDb } from '../src/store/faults.js';
import { openStore } from '../src/store/open.js';
import { compiledPath } from '../src/ingest/pool.js';
import { sha256 } from '../src/ingest/discover.js';
import { dropSchema, obliterateQueues } from './queue.cleanup.js';
import { ensureBuilt } from './ingest.build.js';
import { makeZip } from './ingest.zipfile.js';

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
const FIX = join(import.meta.dirname, '..', 'fixtures');

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

describe.skipIf(!REDIS_URL || !DATABASE_URL)('queue mode (Redis + PostgreSQL)', () => {
  const run = randomBytes(4).toString('hex');
  const prefix = `sohoa-test-${run}`;
  const schema = `sohoa_test_${run}`;
  const queueConfig: QueueConfig = { redisUrl: REDIS_URL!, prefix };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SOHOA_DB_SCHEMA: schema,
    SOHOA_QUEUE_PREFIX: prefix,
    SOHOA_CONCURRENCY: '2',
    // Short locks so a killed worker's jobs are taken over within seconds.
    SOHOA_LOCK_MS: '4000',
    SOHOA_STALLED_MS: '1000',
    SOHOA_SHUTDOWN_MS: '10000',
  };
  let dir: string;
  let db: Db;
  const children: ChildProcess[] = [];

  async function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [compiledPath('workers/run-worker.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
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

  async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    return exited;
  }

  const doImport = (paths: string[]) => importPaths(paths, { env, progress: false, log: () => undefined });

  /** A fresh copy of a fixture with distinct bytes (a new source): trailing bytes after the content. */
  async function variant(src: string, to: string, tag: string): Promise<string> {
    const bytes = await readFile(src);
    const extra = src.endsWith('.pdf') ? `\n% ${tag}\n` : `\n${tag}\n`;
    await writeFile(to, Buffer.concat([bytes, Buffer.from(extra)]));
    return to;
  }

  beforeAll(async () => {
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'sohoa-queue-'));
    db = await openStore({ databaseUrl: DATABASE_URL!, schema });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => stop(c, 'SIGKILL')));
    await obliterateQueues([INGEST_QUEUE, SCAN_QUEUE], queueConfig);
    await db?.close();
    await dropSchema(DATABASE_URL!, schema);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('retries a job while the database refuses connections, and finishes it', async () => {
    let faulty: FailingDb | undefined;
    const workers = await startWorkers({
      queue: queueConfig,
      store: { databaseUrl: DATABASE_URL!, schema },
      scans: false,
      // The same processor the sandboxed threads run, on a store that refuses its first 2 calls.
      processor: (job, realDb) => {
        faulty ??= failingDb(realDb, 2);
        return processIngestJob(job.data, { db: faulty, attemptsMade: job.attemptsMade, attempts: job.opts.attempts ?? 1 });
      },
    });
    const queue = ingestQueue(queueConfig);
    const events = new QueueEvents(INGEST_QUEUE, { connection: connection(queueConfig, 'worker'), prefix });
    try {
      await events.waitUntilReady();
      const file = await variant(join(FIX, 'tien-dong-2023-q3.txt'), join(dir, 'db-down.txt'), 'db-down');
      const bytes = await readFile(file);
      const job = await queue.add(
        'ingest',
        { sha256: sha256(bytes), paths: [file], format: 'txt', size: bytes.length },
        { jobId: sha256(bytes), attempts: 5, backoff: { type: 'fixed', delay: 200 } },
      );
      const result = await job.waitUntilFinished(events, 60_000);
      expect(result).toMatchObject({ status: 'done', path: file });
      expect(faulty!.refused).toBe(2);
      expect((await queue.getJob(job.id!))!.attemptsMade).toBe(3);
      const { rows } = await db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM sources WHERE sha256 = $1', [sha256(bytes)]);
      expect(rows[0]).toMatchObject({ status: 'done' });
    } finally {
      await events.close();
      await queue.close();
      expect(await workers.close(5000)).toBe('graceful');
    }
  }, 90_000);

  it('imports a folder and a zip through worker processes: every source once, the corrupt file failing alone', async () => {
    const input = join(dir, 'import');
    await mkdir(join(input, '2023', 'Q3'), { recursive: true });
    for (const ext of ['docx', 'pdf', 'txt']) await copyFile(join(FIX, `tien-dong-2023-q3.${ext}`), join(input, '2023', 'Q3', `tien-dong.${ext}`));
    await copyFile(join(FIX, 'bad', 'truncated.pdf'), join(input, '2023', 'hong.pdf'));
    await writeFile(
      join(input, 'nam-2023.zip'),
      makeZip([
        { name: '2023/Q3/tien-dong.docx', data: await readFile(join(FIX, 'tien-dong-2023-q3.docx')), deflate: true },
        { name: '2023/Q3/tien-dong.doc', data: await readFile(join(FIX, 'tien-dong-2023-q3.doc')), deflate: true },
      ]),
    );
    const worker = await startWorker();
    const first = await doImport([input]);
    expect(first).toMatchObject({ imported: 4, failed: 1, queued: 0 });
    expect(first.details.find((d) => d.status === 'failed')!.reason).toMatch(/hong\.pdf: file is corrupt/);

    const { rows } = await db.query<{ n: number; sources: number }>(
      `SELECT (SELECT count(*)::int FROM reports) AS n, (SELECT count(*)::int FROM sources WHERE status = 'done') AS sources`,
    );
    expect(rows[0]!.n).toBe(rows[0]!.sources); // one report per done source
    const failedSrc = await db.query<{ failure_reason: string; failure_permanent: boolean; attempts: number }>(
      `SELECT failure_reason, failure_permanent, attempts FROM sources WHERE status = 'failed'`,
    );
    expect(failedSrc.rows).toEqual([{ failure_reason: expect.stringMatching(/hong\.pdf: file is corrupt/), failure_permanent: true, attempts: 1 }]);
    const status = await queueStatus(queueConfig);
    expect(status.failed.map((f) => f.reason)).toEqual([expect.stringMatching(/hong\.pdf: file is corrupt/)]);
    expect(status.failed[0]!.attempts).toBe(1); // bad input is not retried

    const completedBefore = status.queues.find((q) => q.name === INGEST_QUEUE)!.completed;
    const second = await doImport([input]);
    expect(second).toMatchObject({ imported: 0, failed: 0, queued: 0 });
    expect(second.details.filter((d) => d.reason === 'already imported')).toHaveLength(4);
    const after = await queueStatus(queueConfig);
    expect(after.queues.find((q) => q.name === INGEST_QUEUE)).toMatchObject({ completed: completedBefore, waiting: 0, active: 0 });
    expect(await stop(worker)).toBe(0);
  }, 180_000);

  it('a worker killed with SIGKILL mid-job leaves nothing half-stored; another worker completes the job', async () => {
    const input = join(dir, 'kill');
    await mkdir(input);
    for (let i = 0; i < 4; i++) await variant(join(FIX, 'tien-dong-2023-q3.pdf'), join(input, `ban-${i}.pdf`), `kill-${i}`);
    const events = new QueueEvents(INGEST_QUEUE, { connection: connection(queueConfig, 'worker'), prefix });
    await events.waitUntilReady();
    let stalled = 0;
    events.on('stalled', () => stalled++);
    const victim = await startWorker();
    const firstActive = new Promise<void>((r) => events.once('active', () => r()));
    const importing = doImport([input]);
    await firstActive;
    expect(await stop(victim, 'SIGKILL')).toBeNull();
    // Nothing of a job that was running is in the store: its transaction never committed.
    const mid = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM reports r JOIN sources s ON s.sha256 = r.source_sha256 WHERE s.status <> 'done'`,
    );
    expect(mid.rows[0]!.n).toBe(0);

    const rescuer = await startWorker();
    const s = await importing;
    expect(s).toMatchObject({ imported: 4, failed: 0 });
    expect(stalled).toBeGreaterThan(0);
    const { rows } = await db.query<{ reports: number; stored: number; expected: number }>(
      `SELECT count(*)::int AS reports,
         sum((SELECT count(*) FROM indicators i WHERE i.report_id = r.id))::int AS stored,
         sum(jsonb_array_length(r.record->'indicators'))::int AS expected
       FROM reports r JOIN source_paths p ON p.sha256 = r.source_sha256 WHERE p.path LIKE $1`,
      [`${input}/%`],
    );
    expect(rows[0]!.reports).toBe(4);
    expect(rows[0]!.stored).toBe(rows[0]!.expected);
    await events.close();
    expect(await stop(rescuer)).toBe(0);
  }, 180_000);

  it('a scheduled scan picks up a dropped file and ignores one still growing', async () => {
    const inbox = join(dir, 'inbox');
    await mkdir(inbox);
    const worker = await startWorker();
    const scans = scanQueue(queueConfig);
    const growing = join(inbox, 'dang-chep.txt');
    await writeFile(growing, 'BÁO CÁO Công tác cải cách hành chính Quý IV năm 2023\n');
    let n = 0;
    const grow = setInterval(() => void appendFile(growing, `Số hồ sơ tiếp nhận ${n++} hồ sơ\n`), 200);
    try {
      const w = await addWatch(scans, inbox, 1000);
      const dropped = await variant(join(FIX, 'tien-dong-2023-q3.txt'), join(inbox, 'moi.txt'), 'dropped');
      const droppedSha = sha256(await readFile(dropped));
      await until('the dropped file to be imported', async () => {
        const { rows } = await db.query<{ status: string }>('SELECT status FROM sources WHERE sha256 = $1', [droppedSha]);
        return rows[0]?.status === 'done';
      });
      // Scans ran several times meanwhile; the growing file was never taken.
      const { rows } = await db.query('SELECT 1 FROM source_paths WHERE path = $1', [growing]);
      expect(rows).toHaveLength(0);
      const seen = await db.query<{ path: string }>('SELECT path FROM scan_files WHERE root = $1 ORDER BY path', [inbox]);
      expect(seen.rows.map((r) => r.path)).toEqual([growing, dropped]);
      expect(await removeWatch(scans, w.id)).toBe(true);
    } finally {
      clearInterval(grow);
      await scans.close();
      await stop(worker);
    }
  }, 120_000);

  it('parses in sandboxed worker threads and recycles a thread after N jobs', async () => {
    // Sandboxed threads read their store settings from the environment.
    const saved = { schema: process.env.SOHOA_DB_SCHEMA };
    process.env.SOHOA_DB_SCHEMA = schema;
    const lines: string[] = [];
    const workers = await startWorkers({
      queue: queueConfig,
      store: { databaseUrl: DATABASE_URL!, schema },
      scans: false,
      concurrency: 1,
      maxJobsPerThread: 1,
      log: (l) => lines.push(l),
    });
    const queue = ingestQueue(queueConfig);
    const events = new QueueEvents(INGEST_QUEUE, { connection: connection(queueConfig, 'worker'), prefix });
    try {
      await events.waitUntilReady();
      const jobs = [];
      for (let i = 0; i < 3; i++) {
        const file = await variant(join(FIX, 'tien-dong-2023-q3.txt'), join(dir, `recycle-${i}.txt`), `recycle-${i}`);
        const bytes = await readFile(file);
        jobs.push(await queue.add('ingest', { sha256: sha256(bytes), paths: [file], format: 'txt', size: bytes.length }, { jobId: sha256(bytes) }));
      }
      for (const j of jobs) expect(await j.waitUntilFinished(events, 60_000)).toMatchObject({ status: 'done' });
      expect(lines.filter((l) => l.startsWith('recycling a parser thread (1 jobs)')).length).toBe(3);
    } finally {
      await events.close();
      await queue.close();
      await workers.close(10_000);
      if (saved.schema === undefined) delete process.env.SOHOA_DB_SCHEMA;
      else process.env.SOHOA_DB_SCHEMA = saved.schema;
    }
  }, 120_000);

  it('adding a job twice is a no-op while it is pending', async () => {
    const queue = ingestQueue(queueConfig);
    try {
      const file = await variant(join(FIX, 'tien-dong-2023-q3.txt'), join(dir, 'twice.txt'), 'twice');
      const bytes = await readFile(file);
      const job = { sha256: sha256(bytes), paths: [file], format: 'txt' as const, size: bytes.length };
      expect(await enqueueIngest(queue, job)).toBe('added');
      expect(await enqueueIngest(queue, job)).toBe('pending');
      expect(await queue.getJobCountByTypes('waiting')).toBe(1);
      await expect(enqueueIngest(queue, { ...job, sha256: 'nope' })).rejects.toThrow();
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 30_000);
});
