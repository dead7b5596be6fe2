// Direct mode: W warm worker processes (compiled dist/ code, each pre-warmed on a few files of every format)
// extract — and store — every file, one format at a time so each format gets its own throughput.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { WorkerPool, type DoneMsg } from './pool.js';
import type { StoreTarget } from './protocol.js';
import { sampleRss } from './rss.js';

export interface FormatRun {
  format: string;
  files: number;
  failed: number;
  pages: number | null;
  wallMs: number;
  cpuMs: number;
  stages: { read: number; extract: number; validate: number; store: number };
  errors: string[];
}

export interface DirectRun {
  workers: number;
  store: string;
  formats: FormatRun[];
  peakRssBytes: number;
  maxRssPerWorkerKb: number[];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Report stem → page count, learned from the PDFs (a .docx/.doc made from the same document has as many). */
export type PageBook = Map<string, number>;
const stem = (p: string) => basename(p).replace(/\.[^.]+$/, '');

export async function runDirect(files: Map<string, string[]>, workers: number, storeMode: 'pg' | 'pglite' | 'none', pages: PageBook, warmPerFormat = 4): Promise<DirectRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'sohoa-bench-'));
  const schema = `bench_${process.pid}_${workers}`;
  const target = (i: number): StoreTarget =>
    storeMode === 'pg' ? { kind: 'pg', url: process.env.DATABASE_URL!, schema } : storeMode === 'pglite' ? { kind: 'pglite', dir: join(tmp, `db-${i}`) } : null;
  const { pool, storeOk, storeError } = await WorkerPool.start(workers, target);
  const storeLabel = storeMode === 'none' ? 'off' : storeOk ? (storeMode === 'pg' ? `PostgreSQL schema ${schema}` : 'PGlite (one per worker)') : `unavailable (${storeError ?? 'store module missing'})`;
  const rss = sampleRss(() => pool.pids);
  try {
    // Warm-up: the workers read the first `warmPerFormat` files of every format, W times over, so
    // lazy reader imports are paid and V8 has optimised the hot paths, as in a long import. With
    // one file per format the timed files ran 20–40 % slower than the same process's later ones.
    const warm = [...files.values()].flatMap((list) => list.slice(0, Math.max(1, warmPerFormat)));
    for (let i = 0; i < workers; i++) await pool.run(warm);
    const order = ['pdf', 'docx', 'doc', 'txt'].filter((f) => files.has(f));
    const formats: FormatRun[] = [];
    for (const format of order) {
      const list = files.get(format)!;
      const t0 = performance.now();
      const done: DoneMsg[] = await pool.run(list);
      const wallMs = performance.now() - t0;
      const ok = done.filter((d) => d.ok);
      if (format === 'pdf') for (const d of ok) if (d.pages) pages.set(stem(d.path), d.pages);
      const known = list.map((p) => pages.get(stem(p)));
      formats.push({
        format,
        files: list.length,
        failed: done.length - ok.length,
        pages: known.every((p) => p !== undefined) ? known.reduce<number>((a, p) => a + (p ?? 0), 0) : null,
        wallMs,
        cpuMs: done.reduce((a, d) => a + d.cpuUs / 1000, 0),
        stages: {
          read: mean(ok.map((d) => d.t.read)),
          extract: mean(ok.map((d) => d.t.extract)),
          validate: mean(ok.map((d) => d.t.validate)),
          store: mean(ok.map((d) => d.t.store)),
        },
        errors: done.filter((d) => !d.ok).map((d) => `${basename(d.path)}: ${d.error}`).slice(0, 3),
      });
    }
    const stats = await pool.stats();
    return { workers, store: storeLabel, formats, peakRssBytes: rss.stop(), maxRssPerWorkerKb: stats.map((s) => s.maxRssKb) };
  } finally {
    rss.stop();
    await pool.stop();
    if (storeMode === 'pg' && storeOk) await dropSchema(process.env.DATABASE_URL!, schema);
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '')}" CASCADE`);
  } finally {
    await client.end();
  }
}
