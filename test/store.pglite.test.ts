import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import { storeSuite } from './store.suite.js';

storeSuite('record store on PGlite (embedded)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sohoa-store-'));
  const db = await openStore({ dataDir: dir });
  return {
    db,
    cleanup: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
