import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_MEMORY_CODE, TASK_TIMEOUT_CODE, THREAD_HEAP, ThreadPool, compiledPath, parserData } from '../src/ingest/pool.js';
import { EmbeddedDispatcher, FILE_TIMEOUT_MS, createRunner, fileTimeoutFromEnv } from '../src/ingest/embedded.js';
import type { Db } from '../src/store/db.js';
import { descendantPids, parentPidFromStat } from '../src/ingest/proc-tree.js';
import { ensureBuilt } from './ingest.build.js';

// A parser script (thread or process) answering with its thread id (process: its pid); 'crash'
// exits mid-task, 'grow' keeps memory, 'huge' makes one allocation of ~1.2 GB at once, 'buffer'
// fills 400 MB outside the V8 heap, 'late' throws outside any task, 'data' answers its workerData.
const SCRIPT = (poolUrl: string) => `
import { isMainThread, resourceLimits, threadId } from 'node:worker_threads';
import { parserData, serveThread } from ${JSON.stringify(poolUrl)};
const kept = [];
serveThread(async (task) => {
  if (task === 'crash') process.exit(3);
  if (task === 'huge') kept.push(new Array(150_000_000).fill(1.5));
  if (task === 'buffer') { kept.push(Buffer.alloc(400 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 2000)); }
  if (task === 'late') { setTimeout(() => { throw new Error('late boom'); }, 10); await new Promise((r) => setTimeout(r, 2000)); }
  if (task === 'data') return parserData();
  if (task === 'pid') return isMainThread ? process.pid : -1;
  if (task === 'grow') kept.push(new Array(2_000_000).fill(1.5));
  if (task === 'young') return resourceLimits.maxYoungGenerationSizeMb;
  if (task === 'old') return resourceLimits.maxOldGenerationSizeMb;
  if (task === 'spin') for (;;) {}
  if (task === 'hog') { const a = []; for (;;) a.push({ s: 'x'.repeat(64) + a.length }); }
  if (task === 'slow') await new Promise((r) => setTimeout(r, 400));
  if (task === 'helper') {
    // A stuck parser with a program of its own running (as Tesseract runs under OCR): answers the
    // helper's pid through a file named in workerData, then never finishes.
    const { spawn } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const child = spawn('sleep', ['300'], { stdio: 'ignore' });
    writeFileSync(parserData().pidFile, String(child.pid));
    for (;;) {}
  }
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

  describe('process isolation', () => {
    it('one allocation past the heap limit ends only its parser process: the task fails with "needed too much memory", the pool goes on', async () => {
      // In a worker thread the same allocation is a fatal V8 error that aborts the whole process
      // (checked below): the heap limit catches only growth in small steps.
      const p = pool({ size: 2, isolation: 'process', hardHeapMb: 128, youngHeapMb: 8 });
      const results = await Promise.allSettled([p.run('huge'), p.run('x')]);
      expect(results[0]).toMatchObject({
        status: 'rejected',
        reason: expect.objectContaining({ message: expect.stringMatching(/^needed too much memory \(parser stopped at its 128 MB heap limit\)$/), code: TASK_MEMORY_CODE }),
      });
      expect(results[1]!.status).toBe('fulfilled');
      expect(typeof (await p.run('x'))).toBe('number');
    }, 60_000);

    it('the same allocation in a worker thread aborts the process that runs the pool', async () => {
      const { spawnSync } = await import('node:child_process');
      const poolUrl = pathToFileURL(compiledPath('src/ingest/pool.js')).href;
      const main = `import { ThreadPool } from ${JSON.stringify(poolUrl)};
        const p = new ThreadPool({ script: ${JSON.stringify(script)}, size: 1, hardHeapMb: 128 });
        await p.run('huge').catch((e) => console.log('rejected:', e.message));
        console.log('survived'); await p.close();`;
      const mainFile = join(dir, 'main.mjs');
      await writeFile(mainFile, main);
      const r = spawnSync(process.execPath, [mainFile], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stdout, r.stderr.slice(-800)).not.toMatch(/survived/);
      expect(r.status === 134 || r.signal === 'SIGABRT').toBe(true);
    }, 70_000);

    it('memory outside the V8 heap counts: a parser process over maxRssMb is killed and its task fails alone', async () => {
      const p = pool({ size: 2, isolation: 'process', maxRssMb: 200 });
      const results = await Promise.allSettled([p.run('buffer'), p.run('x')]);
      expect(results[0]).toMatchObject({
        status: 'rejected',
        reason: expect.objectContaining({ message: 'needed too much memory (parser stopped at its 200 MB memory limit)', code: TASK_MEMORY_CODE }),
      });
      expect(results[1]!.status).toBe('fulfilled');
      expect(typeof (await p.run('x'))).toBe('number');
    }, 60_000);

    it('runs tasks in child processes with the limits and data it was given; a stuck one is stopped at its deadline, a dead one fails alone with why', async () => {
      // The deadline runs from the task's start, the parser's own start included: generous on a busy machine.
      const p = pool({ size: 1, isolation: 'process', taskTimeoutMs: 4000, workerData: { maxBytes: 7 } });
      const pid = await p.run('pid');
      expect(pid).toBeGreaterThan(0);
      expect(pid).not.toBe(process.pid);
      expect(await p.run('data')).toEqual({ maxBytes: 7 });
      await expect(p.run('spin')).rejects.toMatchObject({ message: 'took too long (stopped after 4.0 s)', code: TASK_TIMEOUT_CODE });
      await expect(p.run('crash')).rejects.toThrow(/^parser process exited \(code 3\)$/);
      await expect(p.run('late')).rejects.toThrow(/^late boom$/);
      const next = await p.run('pid');
      expect(next).not.toBe(pid);
      expect(p.recycled).toBe(3);
    }, 60_000);

    it('a parser stopped at its deadline takes the programs it started with it (no Tesseract left running)', async () => {
      const pidFile = join(dir, 'helper.pid');
      const p = pool({ size: 1, isolation: 'process', taskTimeoutMs: 3000, workerData: { pidFile } });
      await expect(p.run('helper')).rejects.toMatchObject({ code: TASK_TIMEOUT_CODE });
      const helper = Number(await readFile(pidFile, 'utf8'));
      expect(helper).toBeGreaterThan(0);
      // Killed, not merely orphaned: the pid is gone (or, reaped late, a zombie).
      const alive = () => {
        try {
          return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${helper}/stat`, 'utf8'));
        } catch {
          return false;
        }
      };
      for (let i = 0; i < 20 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(alive()).toBe(false);
    }, 30_000);

    it('finds a process\'s descendants and reads a parent pid past a command name holding ") "', () => {
      expect(parentPidFromStat('4242 (tesser) act) R 17 4242 4242 0')).toBe(17);
      expect(parentPidFromStat('garbage')).toBeNull();
      expect(descendantPids(process.pid)).not.toContain(process.pid);
    });

    it("embedded mode's parsers are child processes under the parser limits", () => {
      const runner = createRunner({ threads: 1 });
      try {
        const opts = (runner.pool as unknown as { opts: { isolation?: string; maxRssMb?: number; hardHeapMb?: number } }).opts;
        expect(opts.isolation).toBe('process');
        expect(opts.maxRssMb).toBe(THREAD_HEAP.rssMb);
        expect(opts.hardHeapMb).toBe(THREAD_HEAP.hardMb);
      } finally {
        void runner.close();
      }
    });
  });

  it('a worker thread reads its workerData through parserData()', async () => {
    const p = pool({ workerData: { a: 1 } });
    expect(await p.run('data')).toEqual({ a: 1 });
    expect(parserData()).toBeUndefined();
  });

  it('runs tasks in parallel up to its size', async () => {
    const p = pool({ size: 2 });
    const ids = await Promise.all([1, 2, 3, 4].map(() => p.run('x')));
    expect(new Set(ids).size).toBe(2);
  });
});
