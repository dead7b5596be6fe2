// The PostgreSQL adapter (DATABASE_URL): a `pg` pool; a transaction holds one client.
import pg from 'pg';
import type { Db, QueryResult } from './db.js';

export interface PgOptions {
  connectionString: string;
  /** Schema to work in (created if missing): lets tests and several deployments share a database. */
  schema?: string;
  max?: number;
}

// Same value shapes as the PGlite adapter: int8 as a JS number (our counts and sizes stay far below
// 2^53), `date` as the 'YYYY-MM-DD' string the records use instead of a midnight-UTC Date.
const INT8 = 20;
const DATE = 1082;
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
};

type Queryable = pg.Pool | pg.PoolClient;

function wrap(q: Queryable, inTx: boolean, pool: pg.Pool): Db {
  const db: Db = {
    kind: 'pg',
    scope: pool,
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const r = await q.query(sql, params);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple query protocol, which runs several statements.
      await q.query(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (inTx) return fn(db);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client, true, pool));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async close(): Promise<void> {
      if (!inTx) await pool.end();
    },
  };
  return db;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function openPg(opts: PgOptions): Promise<Db> {
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]*$/i.test(opts.schema))
    throw new Error(`invalid schema name ${JSON.stringify(opts.schema)} (letters, digits, _)`);
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 4,
    types: typeParsers,
    // Fail fast when the server is down: the caller (a job) retries with backoff.
    connectionTimeoutMillis: 10_000,
    // A startup parameter, so every connection works in the schema from its first statement
    // (PostgreSQL accepts a search_path naming a schema that does not exist yet).
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  if (opts.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(opts.schema)}`);
  return wrap(pool, false, pool);
}
