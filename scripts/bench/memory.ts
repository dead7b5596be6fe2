// Memory check: imports a large generated archive (N fresh reports, so every file has its own hash)
// and watches resident memory. Uses `sohoa import` when the CLI has it (the real path, into a
// throw-away PGlite store), else one warm worker looping over the files; bounded by a time limit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSeedDocx } from '../lib/seed-docx.js';
import { parseSeed } from '../lib/seed-source.js';
import { generateReport } from '../corpus/generate.js';
import { cliCommands, exited, sohoa } from './cli.js';
import { WorkerPool } from './pool.js';
import { rssOf, sampleRss } from './rss.js';

export interface MemoryRun {
  via: string;
  files: number;
  processed: number;
  wallMs: number;
  timedOut: boolean;
  rssStartBytes: number;
  rssPeakBytes: number;
  rssEndBytes: number;
  /** RSS after each tenth of the files (direct mode), to see growth. */
  rssSteps: number[];
}

/** Writes `count` generated reports, alternating .txt and .docx (no LibreOffice: fast enough for thousands). */
export async function generateArchive(count: number, seed: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sohoa-memory-'));
  for (let i = 0; i < count; i++) {
    const r = generateReport(seed, i);
    if (i % 2 === 0) writeFileSync(join(dir, `${r.name}.txt`), r.text);
    else writeFileSync(join(dir, `${r.name}.docx`), await buildSeedDocx(parseSeed(r.text)));
  }
  return dir;
}

export async function runMemory(count: number, seed: string, timeLimitMs: number, log: (m: string) => void): Promise<MemoryRun> {
  const t0 = performance.now();
  const dir = await generateArchive(count, seed);
  log(`memory: generated ${count} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const files = (await import('node:fs')).readdirSync(dir).map((f) => join(dir, f));
  try {
    if (cliCommands().includes('import')) {
      const data = mkdtempSync(join(tmpdir(), 'sohoa-memory-db-'));
      // No REDIS_URL/DATABASE_URL: the embedded path (worker threads in one process, PGlite).
      const env = { SOHOA_DATA: data, REDIS_URL: '', DATABASE_URL: '' };
      const child = sohoa(['import', dir, '--json'], env, 'pipe');
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      const rss = sampleRss(() => [child.pid!], 200);
      const start = performance.now();
      const timer = setTimeout(() => child.kill('SIGTERM'), timeLimitMs);
      const code = await exited(child);
      clearTimeout(timer);
      const wallMs = performance.now() - start;
      rmSync(data, { recursive: true, force: true });
      // The import's own summary says how many files it got through ({"files","imported","failed",...}).
      let processed = 0;
      try {
        const summary = JSON.parse(out) as { imported?: number; failed?: number; skipped?: number };
        processed = (summary.imported ?? 0) + (summary.failed ?? 0) + (summary.skipped ?? 0);
      } catch {
        processed = 0; // killed at the time limit: no summary printed
      }
      return { via: `sohoa import, embedded mode (exit ${code ?? 'killed'})`, files: count, processed, wallMs, timedOut: wallMs >= timeLimitMs, rssStartBytes: 0, rssPeakBytes: rss.stop(), rssEndBytes: 0, rssSteps: [] };
    }
    const tmp = mkdtempSync(join(tmpdir(), 'sohoa-memory-db-'));
    const { pool } = await WorkerPool.start(1, () => ({ kind: 'pglite', dir: tmp }));
    try {
      await pool.run(files.slice(0, 2));
      const pid = pool.pids[0]!;
      const rssStart = rssOf(pid);
      const rss = sampleRss(() => pool.pids, 200);
      const start = performance.now();
      const steps: number[] = [];
      let processed = 0;
      const step = Math.max(1, Math.floor(files.length / 10));
      for (let i = 0; i < files.length && performance.now() - start < timeLimitMs; i += step) {
        await pool.run(files.slice(i, i + step));
        processed += Math.min(step, files.length - i);
        steps.push(rssOf(pid));
      }
      const wallMs = performance.now() - start;
      return { via: 'one warm worker (extract + PGlite store)', files: count, processed, wallMs, timedOut: processed < files.length, rssStartBytes: rssStart, rssPeakBytes: rss.stop(), rssEndBytes: rssOf(pid), rssSteps: steps };
    } finally {
      await pool.stop();
      rmSync(tmp, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
