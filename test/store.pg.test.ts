import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { openStore } from '../src/store/index.js';
import { openPg } from '../src/store/pg.js';
import { storeSuite } from './store.suite.js';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('with DATABASE_URL', () => {
  storeSuite('record store on PostgreSQL', async () => {
    // A fresh schema per run, dropped afterwards.
    const schema = `sohoa_test_${randomBytes(4).toString('hex')}`;
    const db = await openStore({ databaseUrl: url!, schema });
    return {
      db,
      cleanup: async () => {
        await db.close();
        const admin = await openPg({ connectionString: url! });
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.close();
      },
    };
  });
});
