// The embedded adapter: PGlite (Postgres compiled to WASM) in a data folder, so `sohoa import`
// works on a fresh machine with no services. Same SQL and migrations as the pg adapter.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { Db, QueryResult } from './db.js';

// Same value shapes as the pg adapter (see pg.ts): int8 as number, date as 'YYYY-MM-DD'.
const parsers = {
  [types.INT8]: (v: string) => Number(v),
  [types.DATE]: (v: string) => v,
};

type Runner = PGlite | Transaction;

function wrap(r: Runner, root: PGlite, onClose?: () => void): Db {
  const inTx = r !== root;
  const db: Db = {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const res = await r.query<T>(sql, params);
      return { rows: res.rows, rowCount: res.affectedRows ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await r.exec(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (inTx) return fn(db);
      return root.transaction((tx) => fn(wrap(tx, root)));
    },
    async close(): Promise<void> {
      if (inTx) return;
      await root.close();
      onClose?.();
    },
  };
  return db;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has one connection inside one process: a second process opening the same folder would
 * corrupt it, so a lock file names the owner and a second opener gets a clear error.
 */
function takeLock(dir: string): () => void {
  const lock = join(dir, 'sohoa.lock');
  try {
    const owner = Number(readFileSync(lock, 'utf8').trim());
    if (owner && owner !== process.pid && pidAlive(owner))
      throw new Error(`the embedded database ${dir} is in use by process ${owner}; stop it or set DATABASE_URL`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

/**
 * Memory settings (PGlite runs one single-user backend inside this process's WASM heap, so every
 * buffer PostgreSQL allocates is resident here). initdb's defaults are sized for a server:
 * shared_buffers 128 MB alone is more than parsing a report needs. 16 MB keeps the hot pages of
 * one import (a report and its rows, the indexes' upper levels); the rest comes from the OS page
 * cache. Passed at every start too, so folders created by older versions get them as well.
 */
export const PGLITE_SETTINGS = ['shared_buffers=16MB', 'max_connections=10', 'temp_buffers=4MB', 'maintenance_work_mem=16MB'];
const startParams = () => [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ['-c', s])];

// Plain JS with dynamic import() only, so it runs as a script or a module, from src/ (tests) and
// dist/ alike: a thread cannot load .ts.
const INITDB_THREAD = `
(async () => {
  const { workerData } = await import('node:worker_threads');
  const mod = await import(workerData.pglite);
  const PGlite = mod.PGlite ?? mod.default.PGlite;
  const pg = new PGlite(workerData.dir, { initDbStartParams: workerData.initdb, startParams: workerData.start });
  await pg.waitReady;
  await pg.close();
})().catch((e) => { process.exitCode = 1; throw e; });
`;

/**
 * Creates a new database folder in a throw-away thread. PGlite's initdb runs two more WASM
 * instances and copies their heaps (~550 MB resident for a few seconds); in a thread all of it is
 * returned when the thread ends, instead of lingering as garbage until a full GC of this heap
 * (measured: it stayed for 30+ s, on top of the parser threads, in the import's peak).
 */
async function initdbInThread(pgdata: string): Promise<void> {
  const pglite = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  const initdb = PGLITE_SETTINGS.flatMap((s) => ['-c', s]);
  const worker = new Worker(INITDB_THREAD, { eval: true, workerData: { pglite, dir: pgdata, initdb, start: startParams() } });
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`creating the embedded database failed (thread exit ${code})`))));
  });
}

export async function openPglite(dataDir: string): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const release = takeLock(dataDir);
  try {
    const pgdata = join(dataDir, 'pgdata');
    if (!existsSync(join(pgdata, 'PG_VERSION'))) await initdbInThread(pgdata);
    const pg = new PGlite(pgdata, { parsers, startParams: startParams() });
    await pg.waitReady;
    return wrap(pg, pg, release);
  } catch (e) {
    release();
    throw e;
  }
}
