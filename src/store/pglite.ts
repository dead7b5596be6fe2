// The embedded adapter: PGlite (Postgres compiled to WASM) in a data folder, so `sohoa import`
// works on a fresh machine with no services. Same SQL and migrations as the pg adapter.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    scope: root,
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

// Plain JS with dynamic import() only, so it runs from src/ (tests) and dist/ alike.
// PGlite's own initdb into a folder runs initdb in a scratch instance, copies the result into the
// folder's instance and starts that, with the scratch instance's memory still held: two WASM
// instances (each at least 128 MB, the module's minimum) plus initdb's 128 MB snapshot of one of
// them. Here initdb runs into a memory:// instance, its files are taken as a tar, that instance
// is let go (and collected) before the folder's instance loads the tar and starts: 615 → 550 MB.
const INITDB_SCRIPT = `
const mod = await import(process.argv[1]);
const PGlite = mod.PGlite ?? mod.default.PGlite;
const { dir, initdb, start } = JSON.parse(process.argv[2]);
let scratch = await PGlite.create('memory://', { initDbStartParams: initdb, startParams: start });
let files = await scratch.dumpDataDir('none');
await scratch.close();
scratch = null;
globalThis.gc();
const pg = new PGlite(dir, { loadDataDir: files, startParams: start });
await pg.waitReady;
files = null;
await pg.close();
`;

/**
 * Flags for the initdb child: --liftoff-only, initdb runs once, so V8's optimising tier for the
 * 9 MB of WASM is ~110 MB of code that never pays off (measured peak 735 → 620 MB, and faster);
 * --single-threaded and a 1 MB young generation drop the GC and compiler threads' share
 * (−20 MB); --expose-gc for the collection between the two instances.
 */
const INITDB_NODE_FLAGS = ['--liftoff-only', '--single-threaded', '--max-semi-space-size=1', '--expose-gc'];

/**
 * Creates a new database folder in a short-lived child process. initdb holds ~550 MB for a few
 * seconds (see INITDB_SCRIPT). In this process that memory lingered as garbage until a full GC
 * (30+ s, on top of the parser threads: the import's peak); in a worker thread ~150 MB of it
 * stayed in the allocator after the thread ended. A process returns all of it when it exits,
 * before any report is read.
 */
async function initdbInChild(pgdata: string): Promise<void> {
  const pglite = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  const args = { dir: pgdata, initdb: PGLITE_SETTINGS.flatMap((s) => ['-c', s]), start: startParams() };
  await new Promise<void>((resolve, reject) => {
    // No execArgv: the parent may run under a test runner's loader the child must not inherit.
    execFile(process.execPath, [...INITDB_NODE_FLAGS, '--input-type=module', '-e', INITDB_SCRIPT, pglite, JSON.stringify(args)], { timeout: 120_000 }, (err, _out, stderr) => {
      if (err) reject(new Error(`creating the embedded database in ${pgdata} failed: ${(stderr || err.message).trim().split('\n').slice(-1)[0]}`));
      else resolve();
    });
  });
}

export async function openPglite(dataDir: string): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const release = takeLock(dataDir);
  try {
    const pgdata = join(dataDir, 'pgdata');
    if (!existsSync(join(pgdata, 'PG_VERSION'))) await initdbInChild(pgdata);
    const pg = new PGlite(pgdata, { parsers, startParams: startParams() });
    await pg.waitReady;
    return wrap(pg, pg, release);
  } catch (e) {
    release();
    throw e;
  }
}
