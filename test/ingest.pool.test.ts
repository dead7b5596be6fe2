import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_MEMORY_CODE, TASK_TIMEOUT_CODE, THREAD_HEAP, ThreadPool, compiledPath } from '../src/ingest/pool.js';
import { EmbeddedDispatcher, FILE_TIMEOUT_MS, createRunner, fileTimeoutFromEnv } from '../src/ingest/embedded.js';
import type { Db } from '../src/store/db.js';
import { ensureBuilt } from './ingest.build.js';

// A thread script answering with its thread id; 'crash' exits the thread mid-task, 'grow' keeps memory.
const SCRIPT = (poolUrl: string) => `
import { resourceLimits, threadId } from 'node:worker_threads';
import { serveThread } from ${JSON.stringify(poolUrl)};
const kept = [];
serveThread(async (task) => {
  if (task === 'crash') process.exit(3);
  if (task === 'grow') kept.push(new Array(2_000_000).fill(1.5));
  if (task === 'young') return resourceLimits.maxYoungGenerationSizeMb;
  if (task === 'old') return resourceLimits.maxOldGenerationSizeMb;
  if (task === 'spin') for (;;) {}
  if (task === 'hog') { const a = []; for (;;) a.push({ s: 'x'.repeat(64) + a.length }); }
  if (task === 'slow') await new Promise((r) => setTimeout(r, 400));
  return threadId;
});
`;

describe('thread pool', () => {
  let dir: string;
  let script: string;
  const pools: ThreadPool<string, number>[] = [];
  const pool = (o: Partial<ConstructorParameters<typeof ThreadPool>[0]>) => {
    const p = new ThreadPool<string, number>({ script, size: 1, ...o });
    pools.push(p);
    return p;
  };

  beforeAll(async () => {
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'sohoa-pool-'));
    script = join(dir, 'thread.mjs');
    await writeFile(script, SCRIPT(pathToFileURL(compiledPath('src/ingest/pool.js')).href));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('recycles a thread after N jobs', async () => {
    const p = pool({ maxJobs: 2 });
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await p.run('x'));
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[1]).not.toBe(ids[2]);
    expect(p.recycled).toBe(3);
  });

  it('recycles a thread whose heap passed the ceiling', async () => {
    const p = pool({ maxHeapMb: 10 });
    const a = await p.run('x');
    const b = await p.run('grow'); // ~16 MB kept
    const c = await p.run('x');
    expect(a).toBe(b);
    expect(c).not.toBe(b);
  });

  it('a thread dying fails only its own task; the next runs on a fresh thread', async () => {
    const p = pool({ size: 2 });
    const results = await Promise.allSettled([p.run('crash'), p.run('x'), p.run('x')]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/exited/) }) });
    expect(results.slice(1).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(typeof (await p.run('x'))).toBe('number');
  });

  it('starts threads with the young and old generation limits it was given', async () => {
    const p = pool({ youngHeapMb: 8, hardHeapMb: 300 });
    expect(await p.run('young')).toBe(8);
    expect(await p.run('old')).toBe(300);
  });

  it("embedded mode's parser threads get the memory budget (young generation capped, hard limit set)", () => {
    const runner = createRunner({ threads: 1 });
    try {
      const opts = (runner.pool as unknown as { opts: { youngHeapMb?: number; hardHeapMb?: number; maxHeapMb?: number } }).opts;
      expect(opts).toMatchObject({ youngHeapMb: THREAD_HEAP.youngMb, maxHeapMb: THREAD_HEAP.softMb });
      expect(opts.hardHeapMb).toBeGreaterThanOrEqual(THREAD_HEAP.hardMb);
    } finally {
      void runner.close();
    }
  });

  it('a task past its time limit fails alone with "took too long"; the pool goes on with a fresh thread', async () => {
    const p = pool({ size: 2, taskTimeoutMs: 300 });
    const before = await p.run('x');
    const t0 = Date.now();
    const results = await Promise.allSettled([p.run('spin'), p.run('x'), p.run('x'), p.run('x')]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(results[0]).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ message: expect.stringMatching(/^took too long \(stopped after 0\.3 s\)$/), code: TASK_TIMEOUT_CODE }),
    });
    expect(results.slice(1).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(p.timedOut).toBe(1);
    // The spinning thread is gone; the next tasks run on live threads, two at a time again.
    const ids = await Promise.all([1, 2, 3, 4].map(() => p.run('x')));
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
    expect(p.threadIds().length).toBeLessThanOrEqual(2);
    expect(typeof before).toBe('number');
  });

  it('the time limit is per task: slow tasks under it, one after another, all finish', async () => {
    const p = pool({ taskTimeoutMs: 2000 });
    const results = await Promise.all([p.run('slow'), p.run('slow'), p.run('slow')]);
    expect(results.every((r) => typeof r === 'number')).toBe(true);
    expect(p.timedOut).toBe(0);
  });

  it('a task over the hard heap limit fails alone with "needed too much memory"', async () => {
    const p = pool({ size: 2, hardHeapMb: 64, youngHeapMb: 8 });
    const results = await Promise.allSettled([p.run('hog'), p.run('x')]);
    expect(results[0]).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ message: expect.stringMatching(/needed too much memory .*64 MB/), code: TASK_MEMORY_CODE }),
    });
    expect(results[1]!.status).toBe('fulfilled');
    expect(typeof (await p.run('x'))).toBe('number');
  }, 30_000);

  it('embedded mode: a file that takes too long fails alone with its path and "took too long", not retried', async () => {
    const calls: string[] = [];
    const db = { query: async (sql: string) => (calls.push(sql), { rows: [] }) } as unknown as Db;
    let runs = 0;
    const p = pool({ size: 1, taskTimeoutMs: 200 });
    const dispatcher = new EmbeddedDispatcher(db, (job) => (runs++, p.run(job.paths[0]!.endsWith('spin') ? 'spin' : 'x') as never), 2);
    const results: { status: string; reason?: string }[] = [];
    const job = (name: string) => ({ sha256: 'a'.repeat(64), paths: [`/in/${name}`], format: null, size: 1 });
    await dispatcher.submit(job('spin'), (r) => results.push(r));
    await dispatcher.drain();
    expect(results).toEqual([expect.objectContaining({ status: 'failed', reason: '/in/spin: took too long (stopped after 0.2 s)' })]);
    expect(runs).toBe(1);
  });

  it('the per-file time limit comes from SOHOA_FILE_TIMEOUT_MS, else the default', () => {
    expect(fileTimeoutFromEnv({ SOHOA_FILE_TIMEOUT_MS: '1500' })).toBe(1500);
    expect(fileTimeoutFromEnv({})).toBe(FILE_TIMEOUT_MS);
    const runner = createRunner({ threads: 1, fileTimeoutMs: 1234 });
    try {
      expect((runner.pool as unknown as { opts: { taskTimeoutMs?: number } }).opts.taskTimeoutMs).toBe(1234);
    } finally {
      void runner.close();
    }
  });

  it('runs tasks in parallel up to its size', async () => {
    const p = pool({ size: 2 });
    const ids = await Promise.all([1, 2, 3, 4].map(() => p.run('x')));
    expect(new Set(ids).size).toBe(2);
  });
});
