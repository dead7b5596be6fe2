// The embedded adapter: PGlite (Postgres compiled to WASM) in a data folder, so `sohoa import`
// works on a fresh machine with no services. Same SQL and migrations as the pg adapter.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

export async function openPglite(dataDir: string): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const release = takeLock(dataDir);
  try {
    const pg = new PGlite(join(dataDir, 'pgdata'), { parsers });
    await pg.waitReady;
    return wrap(pg, pg, release);
  } catch (e) {
    release();
    throw e;
  }
}
