// Opens the record store: PostgreSQL when DATABASE_URL is set, else the embedded PGlite folder
// (SOHOA_DATA or ./sohoa-data). Migrations run on every open (cheap when up to date).
import { resolve } from 'node:path';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { openPg } from './pg.js';
import { openPglite } from './pglite.js';

export interface StoreConfig {
  databaseUrl?: string;
  /** PostgreSQL schema to use (SOHOA_DB_SCHEMA), default the connection's search_path. */
  schema?: string;
  /** Embedded data folder when there is no databaseUrl. */
  dataDir?: string;
  /** pg pool size. */
  poolSize?: number;
}

export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  return {
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.SOHOA_DB_SCHEMA ? { schema: env.SOHOA_DB_SCHEMA } : {}),
    dataDir: resolve(env.SOHOA_DATA ?? 'sohoa-data'),
  };
}

export function describeStore(config: StoreConfig): string {
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}${config.schema ? ` (schema ${config.schema})` : ''}`;
  }
  return `embedded database in ${config.dataDir ?? resolve('sohoa-data')}`;
}

export async function openStore(config: StoreConfig = storeConfigFromEnv()): Promise<Db> {
  const db = config.databaseUrl
    ? await openPg({
        connectionString: config.databaseUrl,
        ...(config.schema ? { schema: config.schema } : {}),
        ...(config.poolSize ? { max: config.poolSize } : {}),
      })
    : await openPglite(config.dataDir ?? resolve('sohoa-data'));
  try {
    await migrate(db);
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
  return db;
}
