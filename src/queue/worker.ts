// `sohoa worker`: the ingest worker (parsing in bullmq sandboxed worker threads, concurrency =
// cores) and the scan worker (polling watched folders), with graceful shutdown under a deadline.
import { availableParallelism } from 'node:os';
import { Queue, Worker, type Job, type Processor } from 'bullmq';
import type { Db } from '../store/db.js';
import { openStore, type StoreConfig } from '../store/open.js';
import { compiledPath, THREAD_HEAP } from '../ingest/pool.js';
import { scanFolder } from '../ingest/scan.js';
import type { JobResult } from '../ingest/job.js';
import { connection, INGEST_QUEUE, SCAN_QUEUE, SetupError, type QueueConfig } from './connection.js';
import { INGEST_JOB_OPTIONS, ScanJobSchema } from './jobs.js';
import { enqueueIngest } from './producer.js';
import { installRecycling } from './recycle.js';

export const PROCESSOR_SCRIPT = 'workers/ingest-worker.js';

export interface WorkerOptions {
  queue: QueueConfig;
  store: StoreConfig;
  /** Parallel jobs (= sandboxed threads); default: one per core. */
  concurrency?: number;
  /** Recycle a parser thread after this many jobs. */
  maxJobsPerThread?: number;
  /** Recycle a parser thread whose heap is above this after a job (soft); twice this is the hard V8 limit. */
  maxHeapMb?: number;
  /** How long a job's lock lasts without renewal; a worker dead for this long has its jobs taken over. */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for. */
  stalledIntervalMs?: number;
  /**
   * In-process processor instead of the sandboxed script (tests inject faults this way). It gets
   * the job and the store the scan worker uses.
   */
  processor?: (job: Job, db: Db) => Promise<JobResult>;
  /** Run the scan worker too (default true). */
  scans?: boolean;
  log?: (line: string) => void;
}

export interface RunningWorkers {
  ingest: Worker;
  scan: Worker | null;
  db: Db;
  /** Stops taking jobs, lets running ones finish within `deadlineMs`, then forces. */
  close(deadlineMs?: number): Promise<'graceful' | 'forced'>;
}

export async function startWorkers(opts: WorkerOptions): Promise<RunningWorkers> {
  const log = opts.log ?? (() => undefined);
  if (!opts.store.databaseUrl)
    throw new SetupError('queue mode needs DATABASE_URL (PostgreSQL): the embedded database cannot be shared by several processes');
  const db = await openStore({ ...opts.store, poolSize: 4 });
  const concurrency = Math.max(1, opts.concurrency ?? availableParallelism());
  const maxHeapMb = opts.maxHeapMb ?? THREAD_HEAP.softMb;
  const common = {
    connection: connection(opts.queue, 'worker'),
    prefix: opts.queue.prefix,
    lockDuration: opts.lockDurationMs ?? 60_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
    // A job whose worker died twice is probably killing workers: fail it instead of looping.
    maxStalledCount: 2,
  };

  let ingest: Worker;
  if (opts.processor) {
    const p = opts.processor;
    const processor: Processor = (job) => p(job, db);
    ingest = new Worker(INGEST_QUEUE, processor, { ...common, concurrency });
  } else {
    ingest = new Worker(INGEST_QUEUE, compiledPath(PROCESSOR_SCRIPT), {
      ...common,
      concurrency,
      useWorkerThreads: true,
      workerThreadsOptions: { resourceLimits: { maxOldGenerationSizeMb: Math.max(THREAD_HEAP.hardMb, maxHeapMb * 2), maxYoungGenerationSizeMb: THREAD_HEAP.youngMb } },
    });
    const hooked = installRecycling(ingest, {
      maxJobs: opts.maxJobsPerThread ?? 200,
      maxHeapMb,
      onRecycle: (why) => log(`recycling a parser thread (${why})`),
    });
    if (!hooked) log('parser threads are not recycled by job count with this bullmq version (memory is still capped)');
  }
  ingest.on('failed', (job, err) => {
    if (job) log(`failed ${job.data?.paths?.[0] ?? job.id} (attempt ${job.attemptsMade}): ${err.message.split('\n')[0]}`);
  });
  ingest.on('error', (err) => log(`ingest worker error: ${err.message}`));

  let scan: Worker | null = null;
  let scanTarget: Queue | null = null;
  if (opts.scans !== false) {
    scanTarget = new Queue(INGEST_QUEUE, { connection: connection(opts.queue, 'worker'), prefix: opts.queue.prefix, defaultJobOptions: INGEST_JOB_OPTIONS });
    scanTarget.on('error', (err) => log(`scan queue error: ${err.message}`));
    const target = scanTarget;
    scan = new Worker(
      SCAN_QUEUE,
      async (job) => {
        const { folder } = ScanJobSchema.parse(job.data);
        const r = await scanFolder(db, folder, (j) => enqueueIngest(target, j));
        log(`scanned ${folder}: ${r.files} files, ${r.enqueued} new, ${r.unsettled} still changing, ${r.disappeared} gone`);
        return r;
      },
      { ...common, concurrency: 1 },
    );
    scan.on('error', (err) => log(`scan worker error: ${err.message}`));
  }

  let closing: Promise<'graceful' | 'forced'> | undefined;
  const close = (deadlineMs = 30_000): Promise<'graceful' | 'forced'> =>
    (closing ??= (async () => {
      const workers = [ingest, ...(scan ? [scan] : [])];
      // pause() stops fetching and waits for running jobs without starting close(), so close(true)
      // can still force when the deadline passes (a close() already under way cannot be forced).
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        Promise.all(workers.map((w) => w.pause())).then(() => 'graceful' as const),
        new Promise<'forced'>((r) => (timer = setTimeout(() => r('forced'), deadlineMs))),
      ]);
      clearTimeout(timer);
      if (outcome === 'forced') log('shutdown deadline passed: abandoning running jobs (another worker takes them over once their lock expires)');
      await Promise.all(workers.map((w) => w.close(outcome === 'forced')));
      await scanTarget?.close();
      await db.close();
      return outcome;
    })());

  return { ingest, scan, db, close };
}
