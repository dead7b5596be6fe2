// npm run bench -- DIR [--workers 1,2] [--no-store] [--files 1000] [--time-limit 180] [--repeat 3] [--only queue,memory,ocr,versions] [--ocr-pages 4] [--versions 8] [--version-groups 12] [--json]
// Throughput of the compiled pipeline on a corpus folder (reports/s, pages/s per format, time per
// stage, peak memory) with warm worker processes, against poppler's `pdftotext -layout` on the same
// PDFs; queue mode against Redis/PostgreSQL when the CLI has it; a memory check on a large archive.
import { Command, InvalidArgumentError } from 'commander';
import { availableParallelism, loadavg } from 'node:os';
import { pdftotextBaseline, type BaselineResult } from './bench/baseline.js';
import { runDirect, type DirectRun, type PageBook } from './bench/direct.js';
import { corpusFiles } from './bench/files.js';
import { runMemory, type MemoryRun } from './bench/memory.js';
import { queueAvailability, runQueue, type QueueRun } from './bench/queue.js';
import { markdownOcr, runOcr, type OcrRun } from './bench/ocr.js';
import { markdownBench } from './bench/table.js';
import { markdownVersions, runVersions, type VersionsResult } from './bench/versions.js';

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

const PARTS = ['direct', 'baseline', 'queue', 'memory', 'ocr', 'versions'] as const;
type Part = (typeof PARTS)[number];
const partList = (v: string) => {
  const xs = v.split(',').map((x) => x.trim());
  const bad = xs.filter((x) => !(PARTS as readonly string[]).includes(x));
  if (bad.length) throw new InvalidArgumentError(`unknown part(s) ${bad.join(', ')} (${PARTS.join(', ')})`);
  return xs as Part[];
};

/** 1-minute load average before and after a part ran: the machine is shared, so numbers say how busy it was. */
export interface Load {
  before: number;
  after: number;
}

export interface BenchResult {
  date: string;
  machine: { arch: string; cores: number; node: string };
  load: Partial<Record<Part, Load>>;
  direct: DirectRun[];
  baseline: (BaselineResult & { workers: number }) | null;
  queue: (QueueRun & { runs: number[] })[] | { unavailable: string } | null;
  memory: MemoryRun | null;
  ocr: OcrRun | null;
  /** The same file count imported with 1 and with N versions per unit-period. */
  versions: VersionsResult | null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The run with the median throughput, carrying every run's throughput for the table. */
function medianRun(runs: QueueRun[]): QueueRun & { runs: number[] } {
  const rate = (q: QueueRun) => q.done / ((q.busyMs ?? q.wallMs) / 1000);
  const m = median(runs.map(rate));
  const closest = runs.reduce((a, b) => (Math.abs(rate(b) - m) < Math.abs(rate(a) - m) ? b : a));
  return { ...closest, runs: runs.map(rate) };
}

const program = new Command()
  .name('bench')
  .argument('<dir>', 'corpus folder (npm run corpus)')
  .option('--workers <list>', 'worker counts to run, e.g. 1,2 (default: one per core)', intList)
  .option('--no-store', 'skip the store stage')
  .option('--files <n>', 'memory check: import this many freshly generated reports', int)
  .option('--time-limit <s>', 'memory check time limit in seconds', int, 600)
  .option('--repeat <n>', 'queue mode: runs per worker count, interleaved (1,2,1,2…); the median is reported', int, 1)
  .option('--warmup <n>', 'direct mode: files of every format each worker reads before the timed run', int, 4)
  .option('--only <parts>', `run only these parts (${PARTS.join(',')})`, partList)
  .option('--ocr <file>', 'OCR pages/s on this image-only PDF, without and with the page clean-up', 'fixtures/scanned/tien-dong-2023-q3.scanned.pdf')
  .option('--ocr-pages <n>', 'OCR: how many of its pages', int, 4)
  .option('--versions <n>', 'versions part: versions per unit-period of the second import', int, 8)
  .option('--version-groups <n>', 'versions part: unit-periods of the second import (files = groups × versions)', int, 12)
  .option('--json', 'print JSON')
  .action(async (dir: string, o: { workers?: number[]; store: boolean; files?: number; timeLimit: number; repeat: number; only?: Part[]; ocr: string; ocrPages: number; warmup: number; versions: number; versionGroups: number; json?: boolean }) => {
    const want = (p: Part) => !o.only || o.only.includes(p);
    const load: BenchResult['load'] = {};
    const timed = async <T>(part: Part, f: () => Promise<T>): Promise<T> => {
      const before = loadavg()[0]!;
      const out = await f();
      load[part] = { before, after: loadavg()[0]! };
      return out;
    };
    const log = (m: string) => process.stderr.write(`${m}\n`);
    const cores = availableParallelism();
    const workerCounts = o.workers ?? [cores];
    const files = corpusFiles(dir);
    const total = [...files.values()].reduce((a, l) => a + l.length, 0);
    if (total === 0) throw new Error(`no .txt/.docx/.doc/.pdf files in ${dir}`);
    const storeMode = !o.store ? 'none' : process.env.DATABASE_URL ? 'pg' : 'pglite';
    const pages: PageBook = new Map();

    const direct: DirectRun[] = [];
    if (want('direct'))
      await timed('direct', async () => {
        for (const w of workerCounts) {
          log(`direct: ${w} worker(s), ${total} files, store ${storeMode}`);
          direct.push(await runDirect(files, w, storeMode, pages, o.warmup));
        }
      });

    let baseline: BenchResult['baseline'] = null;
    const pdfs = files.get('pdf') ?? [];
    if (pdfs.length && want('baseline')) {
      const w = Math.max(...workerCounts);
      log(`baseline: pdftotext -layout on ${pdfs.length} PDFs, ${w} at a time`);
      baseline = await timed('baseline', async () => ({ ...(await pdftotextBaseline(pdfs, w)), workers: w }));
    }

    let queue: BenchResult['queue'] = null;
    if (workerCounts.length > 1 && want('queue')) {
      const avail = queueAvailability();
      if (!avail.ok) queue = { unavailable: avail.why };
      else {
        const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
        const database = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
        // The same warm-up set for every W, so every W is timed on the same files.
        const warmPerFormat = 2 * Math.max(...workerCounts);
        const runs: QueueRun[][] = workerCounts.map(() => []);
        await timed('queue', async () => {
          for (let r = 0; r < o.repeat; r++)
            for (const [i, w] of workerCounts.entries()) {
              log(`queue: ${w} sohoa worker process(es), run ${r + 1}/${o.repeat}`);
              runs[i]!.push(await runQueue(dir, files, w, warmPerFormat, redis, database, 600_000));
            }
        });
        queue = runs.map(medianRun);
      }
    }

    const memory = o.files && want('memory') ? await timed('memory', () => runMemory(o.files!, 'bench-memory', o.timeLimit * 1000, log)) : null;

    let ocr: OcrRun | null = null;
    if (want('ocr')) {
      log(`ocr: ${o.ocrPages} page(s) of ${o.ocr}`);
      ocr = await timed('ocr', () => runOcr(o.ocr, o.ocrPages));
    }

    let versions: BenchResult['versions'] = null;
    if (want('versions')) versions = await timed('versions', () => runVersions(o.versionGroups, o.versions, 'bench-versions', o.timeLimit * 1000, log));

    const result: BenchResult = {
      date: new Date().toISOString(),
      machine: { arch: process.arch, cores, node: process.version },
      load,
      direct,
      baseline,
      queue,
      memory,
      ocr,
      versions,
    };
    process.stdout.write(o.json ? JSON.stringify(result, null, 1) + '\n' : markdownBench(result) + (ocr ? `\n${markdownOcr(ocr)}` : '') + (versions ? `\n\n${markdownVersions(versions)}` : '') + '\n');
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
