// Memory check: imports a large generated archive (N fresh reports, so every file has its own hash)
// and watches resident memory. Uses `sohoa import` when the CLI has it (the real path, into a
// throw-away PGlite store), else one warm worker looping over the files; bounded by a time limit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSeedDocx } from '../lib/seed-docx.js';
import { parseSeed } from '../lib/seed-source.js';
import { sofficeAvailable } from '../lib/soffice.js';
import { generateReport } from '../corpus/generate.js';
import { sofficeBatch } from '../corpus/write.js';
import { cliCommands, exited, sohoa } from './cli.js';
import { WorkerPool } from './pool.js';
import { rssOf, sampleRss, treeRss } from './rss.js';

export interface MemoryRun {
  via: string;
  files: number;
  processed: number;
  wallMs: number;
  timedOut: boolean;
  rssStartBytes: number;
  rssPeakBytes: number;
  rssEndBytes: number;
  /** RSS after each tenth of the files (direct mode) or of the time (`sohoa import`), to see growth. */
  rssSteps: number[];
  /** Peak while `sohoa import` created the fresh embedded database (before the timed import). */
  createPeakBytes?: number;
  /** What the generated archive holds. */
  formats?: string;
}

/** Runs `sohoa ARGS` and samples its RSS with its children's (every 100 ms) until it exits or the limit. */
async function measured(args: string[], env: NodeJS.ProcessEnv, timeLimitMs: number): Promise<{ code: number | null; out: string; wallMs: number; peak: number; samples: number[] }> {
  const child = sohoa(args, env, 'pipe');
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(treeRss([child.pid!])), 500);
  const rss = sampleRss(() => [child.pid!], 100);
  const start = performance.now();
  const timer = setTimeout(() => child.kill('SIGTERM'), timeLimitMs);
  const code = await exited(child);
  clearTimeout(timer);
  clearInterval(sampler);
  return { code, out, wallMs: performance.now() - start, peak: rss.stop(), samples };
}

/** The highest sample in each tenth of the run. */
function tenths(samples: number[]): number[] {
  if (samples.length < 10) return samples;
  return Array.from({ length: 10 }, (_, i) => Math.max(...samples.slice(Math.floor((i * samples.length) / 10), Math.floor(((i + 1) * samples.length) / 10))));
}

/**
 * Writes `count` generated reports, rotating .txt, .docx and .pdf, as an archive holds them. The
 * PDFs are converted from their .docx by one LibreOffice run (seconds per hundred); without
 * LibreOffice the archive is .txt and .docx only, and says so.
 */
export async function generateArchive(count: number, seed: string): Promise<{ dir: string; formats: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sohoa-memory-'));
  const pdf = sofficeAvailable();
  const staging = mkdtempSync(join(tmpdir(), 'sohoa-memory-pdf-'));
  try {
    const toPdf: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = generateReport(seed, i);
      const kind = pdf ? i % 3 : i % 2;
      if (kind === 0) writeFileSync(join(dir, `${r.name}.txt`), r.text);
      else {
        const docx = await buildSeedDocx(parseSeed(r.text));
        if (kind === 1) writeFileSync(join(dir, `${r.name}.docx`), docx);
        else {
          const path = join(staging, `${r.name}.docx`);
          writeFileSync(path, docx);
          toPdf.push(path);
        }
      }
    }
    sofficeBatch(toPdf, 'pdf', dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { dir, formats: pdf ? '.txt, .docx and .pdf in turn' : '.txt and .docx in turn (no LibreOffice for .pdf)' };
}

export async function runMemory(count: number, seed: string, timeLimitMs: number, log: (m: string) => void): Promise<MemoryRun> {
  const t0 = performance.now();
  const { dir, formats } = await generateArchive(count, seed);
  log(`memory: generated ${count} reports (${formats}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const files = (await import('node:fs')).readdirSync(dir).map((f) => join(dir, f));
  try {
    if (cliCommands().includes('import')) {
      const data = mkdtempSync(join(tmpdir(), 'sohoa-memory-db-'));
      const empty = mkdtempSync(join(tmpdir(), 'sohoa-memory-empty-'));
      try {
        // No REDIS_URL/DATABASE_URL: the embedded path (worker threads in one process, PGlite).
        const env = { SOHOA_DATA: data, REDIS_URL: '', DATABASE_URL: '' };
        // Creating the embedded database (PGlite's initdb, once per data folder) is measured on
        // its own: an import of an empty folder into the fresh folder.
        const create = await measured(['import', empty, '--json'], env, timeLimitMs);
        const run = await measured(['import', dir, '--json'], env, timeLimitMs);
        // The import's own summary says how many files it got through ({"files","imported","failed",...}).
        let processed = 0;
        try {
          const summary = JSON.parse(run.out) as { imported?: number; failed?: number; skipped?: number };
          processed = (summary.imported ?? 0) + (summary.failed ?? 0) + (summary.skipped ?? 0);
        } catch {
          processed = 0; // killed at the time limit: no summary printed
        }
        return {
          via: `sohoa import, embedded mode, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX || '2 (the launcher\'s default)'} (exit ${run.code ?? 'killed'})`,
          formats,
          files: count,
          processed,
          wallMs: run.wallMs,
          timedOut: run.wallMs >= timeLimitMs,
          rssStartBytes: 0,
          rssPeakBytes: run.peak,
          rssEndBytes: 0,
          rssSteps: tenths(run.samples),
          createPeakBytes: create.peak,
        };
      } finally {
        rmSync(data, { recursive: true, force: true });
        rmSync(empty, { recursive: true, force: true });
      }
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
