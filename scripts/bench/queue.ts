// Queue mode: `sohoa import` enqueues the corpus into Redis, W `sohoa worker` processes extract and
// store into PostgreSQL; done when every source is done/failed in the store. Runs only when the CLI
// has both commands; each run uses its own Redis prefix and PostgreSQL schema, removed afterwards.
import { basename } from 'node:path';
import { cliCommands, exited, sohoa } from './cli.js';
import { dropSchema } from './direct.js';
import { sampleRss } from './rss.js';

export interface QueueRun {
  workers: number;
  files: number;
  done: number;
  failed: number;
  wallMs: number;
  peakRssBytes: number;
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

export async function runQueue(dir: string, fileCount: number, workers: number, redisUrl: string, databaseUrl: string, timeoutMs: number): Promise<QueueRun> {
  const tag = `${process.pid}_${workers}`;
  const env = { REDIS_URL: redisUrl, DATABASE_URL: databaseUrl, SOHOA_DB_SCHEMA: `bench_q_${tag}`, SOHOA_QUEUE_PREFIX: `sohoa-bench-${tag}` };
  // One parser thread per worker process, so W processes are W parsers (a worker defaults to one per core).
  const procs = Array.from({ length: workers }, () => sohoa(['worker', '--concurrency', '1'], env));
  const rss = sampleRss(() => procs.map((p) => p.pid!).filter(Boolean));
  try {
    const t0 = performance.now();
    const importer = sohoa(['import', dir], env);
    const importCode = await exited(importer);
    if (importCode !== 0) throw new Error(`sohoa import ${basename(dir)} exited ${importCode}`);
    let last = { done: 0, failed: 0, total: 0 };
    while (performance.now() - t0 < timeoutMs) {
      last = (await counts(databaseUrl, env.SOHOA_DB_SCHEMA)) ?? last;
      if (last.done + last.failed >= fileCount) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    return { workers, files: fileCount, done: last.done, failed: last.failed, wallMs: performance.now() - t0, peakRssBytes: rss.stop() };
  } finally {
    rss.stop();
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map(exited));
    await dropSchema(databaseUrl, env.SOHOA_DB_SCHEMA).catch(() => {});
    await clearRedis(redisUrl, env.SOHOA_QUEUE_PREFIX).catch(() => {});
  }
}
