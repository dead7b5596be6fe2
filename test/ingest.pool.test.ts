import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREAD_HEAP, ThreadPool, compiledPath } from '../src/ingest/pool.js';
import { createRunner } from '../src/ingest/embedded.js';
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

  it('runs tasks in parallel up to its size', async () => {
    const p = pool({ size: 2 });
    const ids = await Promise.all([1, 2, 3, 4].map(() => p.run('x')));
    expect(new Set(ids).size).toBe(2);
  });
});
