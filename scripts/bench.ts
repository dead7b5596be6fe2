// npm run bench -- DIR [--workers 1,2] [--no-store] [--files 1000] [--time-limit 180] [--json]
// Throughput of the compiled pipeline on a corpus folder (reports/s, pages/s per format, time per
// stage, peak memory) with warm worker processes, against poppler's `pdftotext -layout` on the same
// PDFs; queue mode against Redis/PostgreSQL when the CLI has it; a memory check on a large archive.
import { Command, InvalidArgumentError } from 'commander';
import { availableParallelism } from 'node:os';
import { pdftotextBaseline, type BaselineResult } from './bench/baseline.js';
import { runDirect, type DirectRun, type PageBook } from './bench/direct.js';
import { corpusFiles } from './bench/files.js';
import { runMemory, type MemoryRun } from './bench/memory.js';
import { queueAvailability, runQueue, type QueueRun } from './bench/queue.js';
import { markdownBench } from './bench/table.js';

const intList = (v: string) => {
  const xs = v.split(',').map(Number);
  if (xs.some((x) => !Number.isInteger(x) || x < 1)) throw new InvalidArgumentError('comma-separated positive integers');
  return xs;
};
const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
};

export interface BenchResult {
  date: string;
  machine: { arch: string; cores: number; node: string };
  direct: DirectRun[];
  baseline: (BaselineResult & { workers: number }) | null;
  queue: QueueRun[] | { unavailable: string } | null;
  memory: MemoryRun | null;
}

const program = new Command()
  .name('bench')
  .argument('<dir>', 'corpus folder (npm run corpus)')
  .option('--workers <list>', 'worker counts to run, e.g. 1,2 (default: one per core)', intList)
  .option('--no-store', 'skip the store stage')
  .option('--files <n>', 'memory check: import this many freshly generated reports', int)
  .option('--time-limit <s>', 'memory check time limit in seconds', int, 600)
  .option('--json', 'print JSON')
  .action(async (dir: string, o: { workers?: number[]; store: boolean; files?: number; timeLimit: number; json?: boolean }) => {
    const log = (m: string) => process.stderr.write(`${m}\n`);
    const cores = availableParallelism();
    const workerCounts = o.workers ?? [cores];
    const files = corpusFiles(dir);
    const total = [...files.values()].reduce((a, l) => a + l.length, 0);
    if (total === 0) throw new Error(`no .txt/.docx/.doc/.pdf files in ${dir}`);
    const storeMode = !o.store ? 'none' : process.env.DATABASE_URL ? 'pg' : 'pglite';
    const pages: PageBook = new Map();

    const direct: DirectRun[] = [];
    for (const w of workerCounts) {
      log(`direct: ${w} worker(s), ${total} files, store ${storeMode}`);
      direct.push(await runDirect(files, w, storeMode, pages));
    }

    let baseline: BenchResult['baseline'] = null;
    const pdfs = files.get('pdf') ?? [];
    if (pdfs.length) {
      const w = Math.max(...workerCounts);
      log(`baseline: pdftotext -layout on ${pdfs.length} PDFs, ${w} at a time`);
      baseline = { ...(await pdftotextBaseline(pdfs, w)), workers: w };
    }

    let queue: BenchResult['queue'] = null;
    if (workerCounts.length > 1) {
      const avail = queueAvailability();
      if (!avail.ok) queue = { unavailable: avail.why };
      else {
        const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
        const database = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
        queue = [];
        for (const w of workerCounts) {
          log(`queue: ${w} sohoa worker process(es)`);
          queue.push(await runQueue(dir, total, w, redis, database, 600_000));
        }
      }
    }

    const memory = o.files ? await runMemory(o.files, 'bench-memory', o.timeLimit * 1000, log) : null;

    const result: BenchResult = {
      date: new Date().toISOString(),
      machine: { arch: process.arch, cores, node: process.version },
      direct,
      baseline,
      queue,
      memory,
    };
    process.stdout.write(o.json ? JSON.stringify(result, null, 1) + '\n' : markdownBench(result) + '\n');
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
