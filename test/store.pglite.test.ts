import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
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

describe('PGlite memory settings', () => {
  it('a new embedded database is created with small buffers and opens with them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-store-mem-'));
    try {
      const db = await openStore({ dataDir: dir });
      try {
        const { rows } = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
        expect(rows[0]!.shared_buffers).toBe('16MB');
        // The migrations ran on the folder the child process created.
        const { rows: m } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
        expect(m[0]!.n).toBeGreaterThan(0);
      } finally {
        await db.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a folder created with PGlite defaults (128MB buffers) also runs with the small ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-store-old-'));
    try {
      const old = new PGlite(join(dir, 'pgdata'));
      await old.waitReady;
      expect((await old.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!.shared_buffers).toBe('128MB');
      await old.close();
      const db = await openStore({ dataDir: dir });
      try {
        expect((await db.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!.shared_buffers).toBe('16MB');
      } finally {
        await db.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
