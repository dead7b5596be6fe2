// One database interface for both stores: PostgreSQL through `pg` (DATABASE_URL) and PGlite
// (embedded, a data folder). Everything above this file writes plain SQL against `Db` only, so the
// same migrations and queries run on both.

export type Row = Record<string, unknown>;

export interface QueryResult<T> {
  rows: T[];
  /** Rows inserted/updated/deleted (0 for SELECT on PGlite; pg reports the row count). */
  rowCount: number;
}

export interface Db {
  readonly kind: 'pg' | 'pglite';
  /**
   * The same object for every handle on one database (a transaction's handle shares its pool's):
   * what caches kept in this process are keyed by, so two open stores never mix.
   */
  readonly scope: object;
  /** One statement with $1..$n parameters. */
  query<T = Row>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Inside `fn` use the `tx` handle; a nested call joins the outer transaction.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Errors worth retrying: the database (or the network to it) was unavailable, or the
 * transaction lost a race. Anything else (a constraint violation, bad SQL) will fail again.
 */
export function isTransientDbError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const code = String((e as { code?: unknown }).code ?? '');
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code)) return true;
  // SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P admin shutdown,
  // 40001 serialization failure, 40P01 deadlock.
  if (/^(08|53)/.test(code) || /^57P0[1-3]$/.test(code) || code === '40001' || code === '40P01') return true;
  const message = String((e as { message?: unknown }).message ?? '');
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(message);
}
