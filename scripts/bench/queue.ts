// Queue mode: W `sohoa worker` processes (one parser thread each) extract and store into PostgreSQL
// what `sohoa import` enqueues into Redis. The workers are started and warmed first — a fresh
// process pays over a second before its first PDF — by importing a warm-up set (a few files of
// every format); then the rest of the corpus is imported and timed. Warm-up files are already
// done, so the timed import skips them: every W is timed on the same files. Each run uses its own
// Redis prefix and PostgreSQL schema, removed afterwards.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cliCommands, exited, sohoa, waitForLine } from './cli.js';
import { machineCpu, processCpuMs } from './cpu.js';
import { dropSchema } from './direct.js';
import { sampleRss } from './rss.js';

export interface QueueRun {
  workers: number;
  /** Files timed (the corpus minus the warm-up set). */
  files: number;
  warmup: number;
  done: number;
  failed: number;
  /** From the timed `sohoa import` starting to the last job stored. */
  wallMs: number;
  /** From the first timed job taken by a worker to the last one finished (bullmq's timestamps): the workers' own throughput, without the importer's start-up. */
  busyMs: number | null;
  peakRssBytes: number;
  /** CPU time the worker processes used over the timed run (all their threads). */
  workerCpuMs: number;
  /** CPU time the whole machine used over the timed run: workers, PostgreSQL, Redis, the importer, anything else. */
  machineCpuMs: number;
  /** The whole machine's capacity over the timed run (wall time × cores). */
  machineCapacityMs: number;
}

export function queueAvailability(): { ok: true } | { ok: false; why: string } {
  const commands = cliCommands();
  const missing = ['import', 'worker'].filter((c) => !commands.includes(c));
  if (missing.length) return { ok: false, why: `the sohoa CLI has no ${missing.join('/')} command yet` };
  return { ok: true };
}

async function counts(url: string, schema: string): Promise<{ done: number; failed: number; total: number } | null> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM sources GROUP BY status');
    const get = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
    return { done: get('done'), failed: get('failed'), total: rows.reduce((a, r) => a + r.n, 0) };
  } catch {
    return null; // schema not migrated yet
  } finally {
    await client.end();
  }
}

async function clearRedis(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** First taken → last finished over the jobs taken at or after `since` (epoch ms). */
async function busySpan(url: string, prefix: string, since: number): Promise<number | null> {
  const { Queue } = await import('bullmq');
  const queue = new Queue('ingest', { connection: { url }, prefix });
  try {
    const jobs = (await queue.getJobs(['completed', 'failed'], 0, -1)).filter((j) => j && (j.processedOn ?? 0) >= since);
    if (!jobs.length) return null;
    const start = Math.min(...jobs.map((j) => j.processedOn!));
    const end = Math.max(...jobs.map((j) => j.finishedOn ?? j.processedOn!));
    return end - start;
  } finally {
    await queue.close();
  }
}

/** The warm-up set: the first `perFormat` files of every format, linked into a folder of their own. */
export function warmupFolder(files: Map<string, string[]>, perFormat: number): { dir: string; count: number } {
  const dir = mkdtempSync(join(tmpdir(), 'sohoa-bench-warm-'));
  let count = 0;
  for (const list of files.values())
    for (const f of list.slice(0, perFormat)) {
      symlinkSync(f, join(dir, basename(f)));
      count++;
    }
  return { dir, count };
}

export async function runQueue(
  dir: string,
  files: Map<string, string[]>,
  workers: number,
  warmPerFormat: number,
  redisUrl: string,
  databaseUrl: string,
  timeoutMs: number,
): Promise<QueueRun> {
  const total = [...files.values()].reduce((a, l) => a + l.length, 0);
  const tag = `${process.pid}_${workers}`;
  const env = { REDIS_URL: redisUrl, DATABASE_URL: databaseUrl, SOHOA_DB_SCHEMA: `bench_q_${tag}`, SOHOA_QUEUE_PREFIX: `sohoa-bench-${tag}` };
  // One parser thread per worker process, so W processes are W parsers (a worker defaults to one per core).
  const procs = Array.from({ length: workers }, () => sohoa(['worker', '--concurrency', '1'], env, 'ignore', 'pipe'));
  const warm = warmupFolder(files, warmPerFormat);
  let rss: ReturnType<typeof sampleRss> | undefined;
  try {
    await Promise.all(procs.map((p) => waitForLine(p, /ready \(pid/)));
    const warmCode = await exited(sohoa(['import', warm.dir], env));
    if (warmCode !== 0) throw new Error(`warm-up import exited ${warmCode}`);
    const pids = procs.map((p) => p.pid!).filter(Boolean);
    rss = sampleRss(() => pids);
    const since = Date.now();
    const workerCpu0 = pids.reduce((a, pid) => a + processCpuMs(pid), 0);
    const machine0 = machineCpu();
    const t0 = performance.now();
    const importer = sohoa(['import', dir], env);
    const importCode = await exited(importer);
    if (importCode !== 0) throw new Error(`sohoa import ${basename(dir)} exited ${importCode}`);
    let last = { done: 0, failed: 0, total: 0 };
    while (performance.now() - t0 < timeoutMs) {
      last = (await counts(databaseUrl, env.SOHOA_DB_SCHEMA)) ?? last;
      if (last.done + last.failed >= total) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const wallMs = performance.now() - t0;
    const machine1 = machineCpu();
    const workerCpuMs = pids.reduce((a, pid) => a + processCpuMs(pid), 0) - workerCpu0;
    const timed = total - warm.count;
    return {
      workers,
      files: timed,
      warmup: warm.count,
      done: Math.max(0, last.done - warm.count),
      failed: last.failed,
      wallMs,
      busyMs: await busySpan(redisUrl, env.SOHOA_QUEUE_PREFIX, since).catch(() => null),
      peakRssBytes: rss.stop(),
      workerCpuMs,
      machineCpuMs: machine1.busyMs - machine0.busyMs,
      machineCapacityMs: machine1.totalMs - machine0.totalMs,
    };
  } finally {
    rss?.stop();
    rmSync(warm.dir, { recursive: true, force: true });
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map(exited));
    await dropSchema(databaseUrl, env.SOHOA_DB_SCHEMA).catch(() => {});
    await clearRedis(redisUrl, env.SOHOA_QUEUE_PREFIX).catch(() => {});
  }
}
