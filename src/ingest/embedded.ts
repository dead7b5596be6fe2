// Embedded mode (no REDIS_URL): jobs run in-process on a pool of worker threads and their results
// are stored by the main thread. Nothing to install or start: `sohoa import` on a fresh machine.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { EXTRACTOR_VERSION } from '../../schemas/record.js';
import type { Db } from '../store/db.js';
import { markFailed, markProcessing } from '../store/sources.js';
import { extractJob, isTransientFsError, type ExtractJobOptions } from './extract.js';
import type { ExtractOutcome, IngestJob, JobResult } from './job.js';
import { storeOutcome } from './outcome.js';
import { compiledPath, defaultThreads, FILE_TIMEOUT_MS, fileTimeoutFromEnv, THREAD_HEAP, ThreadPool } from './pool.js';
import type { Dispatcher } from './run.js';

export type Runner = (job: IngestJob) => Promise<ExtractOutcome>;

export interface EmbeddedOptions {
  /** Worker threads; 0 extracts on the main thread (slower, for debugging or an unbuilt checkout). */
  threads?: number;
  maxJobsPerThread?: number;
  maxHeapMb?: number;
  maxBytes?: number;
  /** Attempts per job for faults worth retrying (a thread lost, file handles exhausted). */
  attempts?: number;
  /** Per-file time limit of a parser thread (default SOHOA_FILE_TIMEOUT_MS, else FILE_TIMEOUT_MS). */
  fileTimeoutMs?: number;
}

export { FILE_TIMEOUT_MS, fileTimeoutFromEnv };

export const THREAD_SCRIPT = 'workers/extract-thread.js';

/**
 * How far V8 lets a heap grow past what its last full GC kept, in percent. V8 picks up to 300 % on a
 * machine with memory to spare; the import's main thread keeps ~40 MB (PGlite's JS side, the
 * store's unit cache, the summary) but turns over megabytes per stored report, so its heap swelled
 * to ~180 MB between full GCs and the 1,000-report import crept 360 → 490 MB. At 50 % it stays
 * ~80-90 MB: peak 410-450 MB, flat over the run, for ~4 % more CPU (measured twice each way).
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Caps heap growth for the whole process (the flag is V8's, process-wide, and read at every full
 * GC, so it also holds for threads started before). For a process that imports, not a library call.
 */
export function limitHeapGrowth(percent = HEAP_GROWING_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}


/** The extraction runner: a thread pool over the compiled thread script, or in-process. */
export function createRunner(opts: EmbeddedOptions & { extract?: ExtractJobOptions['extract'] } = {}): { run: Runner; close: () => Promise<void>; threads: number; pool?: ThreadPool<IngestJob, ExtractOutcome> } {
  const threads = opts.threads ?? defaultThreads();
  const script = compiledPath(THREAD_SCRIPT);
  const jobOpts: ExtractJobOptions = {
    ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}),
    ...(opts.extract ? { extract: opts.extract } : {}),
  };
  if (threads === 0 || opts.extract || !existsSync(script)) {
    return { run: (job) => extractJob(job, jobOpts), close: async () => undefined, threads: 0 };
  }
  const soft = opts.maxHeapMb ?? THREAD_HEAP.softMb;
  const pool = new ThreadPool<IngestJob, ExtractOutcome>({
    script,
    size: threads,
    maxJobs: opts.maxJobsPerThread ?? 200,
    maxHeapMb: soft,
    hardHeapMb: Math.max(THREAD_HEAP.hardMb, soft * 2),
    youngHeapMb: THREAD_HEAP.youngMb,
    taskTimeoutMs: opts.fileTimeoutMs ?? fileTimeoutFromEnv(),
    workerData: { ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}) },
  });
  return { run: (job) => pool.run(job), close: () => pool.close(), threads: pool.size, pool };
}

export class EmbeddedDispatcher implements Dispatcher {
  private inFlight = 0;
  private readonly idle: (() => void)[] = [];
  private readonly room: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly run: Runner,
    /** Jobs in flight at once: threads plus a little so no thread waits for the main thread. */
    private readonly concurrency: number,
    private readonly attempts = 2,
  ) {}

  async submit(job: IngestJob, onDone: (r: JobResult) => void): Promise<'running'> {
    while (this.inFlight >= this.concurrency) await new Promise<void>((r) => this.room.push(r));
    this.inFlight++;
    void this.process(job)
      .then(onDone)
      .finally(() => {
        this.inFlight--;
        this.room.shift()?.();
        if (this.inFlight === 0) for (const f of this.idle.splice(0)) f();
      });
    return 'running';
  }

  private async process(job: IngestJob): Promise<JobResult> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        await markProcessing(this.db, job.sha256);
        return await storeOutcome(this.db, job, await this.run(job));
      } catch (e) {
        lastError = e;
        // A thread lost to the hard memory limit or a crash gets one more go on a fresh thread.
        if (!isTransientFsError(e) && !/worker thread exited|ERR_WORKER/i.test(String((e as Error).message) + String((e as NodeJS.ErrnoException).code))) break;
      }
    }
    const reason = `${job.paths[0]}: ${(lastError as Error)?.message?.split('\n')[0] ?? String(lastError)}`;
    // Not permanent: the next import tries again.
    await markFailed(this.db, job.sha256, reason, { permanent: false, extractorVersion: EXTRACTOR_VERSION }).catch(() => undefined);
    return { sha256: job.sha256, path: job.paths[0]!, status: 'failed', reason };
  }

  async drain(): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((r) => this.idle.push(r));
  }
}
