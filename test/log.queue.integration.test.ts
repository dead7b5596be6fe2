// Queue mode's logs, metrics and health against the real services (runs only with REDIS_URL and
// DATABASE_URL): an import through a worker whose store refuses its first call (one job retried),
// a corrupt file (failed) and good files (done); the worker's JSON lines, its /metrics and /healthz.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/cli/commands/import.js';
import { INGEST_QUEUE, type QueueConfig } from '../src/queue/connection.js';
import { processIngestJob } from '../src/queue/processor.js';
import { startWorkers } from '../src/queue/worker.js';
import { createLogger } from '../src/log.js';
import { Metrics } from '../src/metrics.js';
import type { Db } from '../src/store/db.js';
import { failingDb, type FailingDb } from '../src/store/faults.js';
import { openStore } from '../src/store/open.js';
import { sample } from './metrics.sample.js';
import { dropSchema, obliterateQueues } from './queue.cleanup.js';

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
const FIX = join(import.meta.dirname, '..', 'fixtures');

describe.skipIf(!REDIS_URL || !DATABASE_URL)('queue mode: logs, /metrics, /healthz (Redis + PostgreSQL)', () => {
  const run = randomBytes(4).toString('hex');
  const prefix = `sohoa-logtest-${run}`;
  const schema = `sohoa_logtest_${run}`;
  const queueConfig: QueueConfig = { redisUrl: REDIS_URL!, prefix };
  const env: NodeJS.ProcessEnv = { ...process.env, SOHOA_DB_SCHEMA: schema, SOHOA_QUEUE_PREFIX: prefix };
  let dir: string;
  let db: Db;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-logq-'));
    db = await openStore({ databaseUrl: DATABASE_URL!, schema });
  }, 120_000);

  afterAll(async () => {
    await obliterateQueues([INGEST_QUEUE], queueConfig);
    await db?.close();
    await dropSchema(DATABASE_URL!, schema);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('logs each job (done, failed, retried) as JSON and counts it in /metrics; /healthz answers', async () => {
    const input = join(dir, 'in');
    await mkdir(input);
    await copyFile(join(FIX, 'tien-dong-2023-q3.txt'), join(input, 'a.txt'));
    await copyFile(join(FIX, 'tien-dong-2023-q3.docx'), join(input, 'b.docx'));
    await copyFile(join(FIX, 'bad', 'truncated.pdf'), join(input, 'hong.pdf'));
    const lines: string[] = [];
    const logger = createLogger({ role: 'worker', format: 'json', stream: { write: (s: string) => lines.push(...s.split('\n').filter(Boolean)) } });
    const metrics = new Metrics('worker');
    let faulty: FailingDb | undefined;
    const workers = await startWorkers({
      queue: queueConfig,
      store: { databaseUrl: DATABASE_URL!, schema },
      scans: false,
      concurrency: 1,
      logger,
      metrics,
      metricsPort: 0,
      // The processor the sandboxed threads run, on a store that refuses its very first call.
      processor: (job, realDb) => {
        faulty ??= failingDb(realDb, 1);
        return processIngestJob(job.data, { db: faulty, attemptsMade: job.attemptsMade, attempts: job.opts.attempts ?? 1 });
      },
    });
    try {
      const base = `http://127.0.0.1:${workers.metricsPort}`;
      const before = await (await fetch(`${base}/metrics`)).text();
      expect(sample(before, 'sohoa_jobs_total', { status: 'done' })).toBeNull();

      const s = await importPaths([input], { env, progress: false, log: () => undefined });
      expect(s).toMatchObject({ imported: 2, failed: 1 });

      const recs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const jobRecs = recs.filter((r) => r.jobId !== undefined);
      for (const r of jobRecs) {
        expect(r).toMatchObject({ role: 'worker', jobId: r.sha256 });
        expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(String(r.path).startsWith(input)).toBe(true);
        expect(typeof r.level).toBe('string');
        expect(Number.isNaN(Date.parse(String(r.time)))).toBe(false);
        expect(typeof r.stage).toBe('string');
      }
      const done = jobRecs.filter((r) => r.msg === 'job done');
      expect(done.map((r) => String(r.path).slice(input.length)).sort()).toEqual(['/a.txt', '/b.docx']);
      for (const r of done) {
        expect(r).toMatchObject({ level: 'info', stage: 'done', status: 'done' });
        expect(r.durationMs).toBeGreaterThanOrEqual(0);
        expect(Object.keys(r.stages as object)).toEqual(expect.arrayContaining(['read', 'extract', 'store', 'job']));
      }
      const failed = jobRecs.filter((r) => r.msg === 'job failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ level: 'warn', stage: 'failed', attempt: 1 });
      expect(String(failed[0]!.reason)).toMatch(/hong\.pdf: file is corrupt/);
      const retried = jobRecs.filter((r) => r.msg === 'job retry');
      expect(retried).toHaveLength(1);
      expect(retried[0]).toMatchObject({ level: 'warn', stage: 'retry', attempt: 1, reason: expect.stringMatching(/ECONNREFUSED/) });
      expect(retried[0]!.retryInMs).toBeGreaterThan(0);
      // The retried job finished on its second attempt.
      expect(jobRecs.find((r) => r.jobId === retried[0]!.jobId && r.msg !== 'job retry')).toMatchObject({ attempt: 2 });

      const text = await (await fetch(`${base}/metrics`)).text();
      expect(sample(text, 'sohoa_jobs_total', { status: 'done', role: 'worker' })).toBe(2);
      expect(sample(text, 'sohoa_jobs_total', { status: 'failed', reason: 'corrupt' })).toBe(1);
      expect(sample(text, 'sohoa_job_retries_total', {})).toBe(1);
      expect(sample(text, 'sohoa_stage_duration_seconds_count', { stage: 'store' })).toBe(2);
      expect(sample(text, 'sohoa_queue_jobs', { queue: INGEST_QUEUE, state: 'waiting' })).toBe(0);
      expect(sample(text, 'sohoa_queue_jobs', { queue: INGEST_QUEUE, state: 'completed' })).toBe(2);
      expect(text).toMatch(/^# TYPE sohoa_stage_duration_seconds histogram$/m);

      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', store: 'ok', redis: 'ok' });
    } finally {
      expect(await workers.close(5000)).toBe('graceful');
    }
  }, 120_000);
});
