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
import { recordJobFinished } from './run-record.js';
import { compiledPath, defaultThreads, FILE_TIMEOUT_MS, fileTimeoutFromEnv, THREAD_HEAP, ThreadPool } from './pool.js';
import type { Dispatcher } from './run.js';
import { errLine, silentLogger, type Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

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
 * Memory limits of one parser process (embedded import, `sohoa extract`): V8's old generation
 * (THREAD_HEAP.hardMb), its young generation, and resident memory as a whole, which also counts the
 * Buffers and typed arrays a parser holds outside the V8 heap.
 */
export const PARSER_LIMITS = {
  maxHeapMb: THREAD_HEAP.softMb,
  hardHeapMb: THREAD_HEAP.hardMb,
  youngHeapMb: THREAD_HEAP.youngMb,
  maxRssMb: THREAD_HEAP.rssMb,
} as const;

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

/** V8 flags of a parser process: the same heap growth cap (a flag set here does not reach a child process). */
export const PARSER_V8_FLAGS = [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`];


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
    // Parsers run in child processes: one file's fatal allocation ends its parser, not the import.
    isolation: 'process',
    maxJobs: opts.maxJobsPerThread ?? 200,
    maxHeapMb: soft,
    hardHeapMb: Math.max(THREAD_HEAP.hardMb, soft * 2),
    youngHeapMb: THREAD_HEAP.youngMb,
    maxRssMb: Math.max(THREAD_HEAP.rssMb, soft * 3),
    v8Flags: PARSER_V8_FLAGS,
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
    /** Where each job's outcome is logged (JSON lines) and counted (Prometheus). */
    private readonly obs: { log?: Logger; metrics?: Metrics } = {},
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
    const log = (this.obs.log ?? silentLogger).child({ jobId: job.sha256, sha256: job.sha256, path: job.paths[0] });
    const t0 = performance.now();
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      let stage = 'mark';
      try {
        await markProcessing(this.db, job.sha256);
        stage = 'extract';
        const outcome = await this.run(job);
        stage = 'store';
        const r = await storeOutcome(this.db, job, outcome);
        this.finished(log, r, attempt, t0);
        return r;
      } catch (e) {
        lastError = e;
        // A parser lost to the hard memory limit or a crash gets one more go on a fresh one.
        const retry = isTransientFsError(e) || /worker thread exited|parser process exited|ERR_WORKER/i.test(String((e as Error).message) + String((e as NodeJS.ErrnoException).code));
        if (!retry || attempt >= this.attempts) {
          log.error({ stage, attempt, reason: errLine(e) }, 'job attempt failed');
          break;
        }
        this.obs.metrics?.retries.inc({ stage });
        log.warn({ stage, attempt, reason: errLine(e), retryIn: 0 }, 'job retry');
      }
    }
    const reason = `${job.paths[0]}: ${(lastError as Error)?.message?.split('\n')[0] ?? String(lastError)}`;
    // Not permanent: the next import tries again.
    await markFailed(this.db, job.sha256, reason, { permanent: false, extractorVersion: EXTRACTOR_VERSION }).catch(() => undefined);
    const r: JobResult = { sha256: job.sha256, path: job.paths[0]!, status: 'failed', reason };
    await recordJobFinished(this.db, r).catch((e: unknown) => log.error({ reason: errLine(e) }, 'could not record the job on its import run'));
    this.finished(log, r, this.attempts, t0);
    return r;
  }

  private finished(log: Logger, r: JobResult, attempt: number, t0: number): void {
    const durationMs = Math.round(performance.now() - t0);
    const stages = { ...r.timings, job: durationMs };
    if (r.status === 'done') {
      this.obs.metrics?.jobDone(stages);
      log.info({ stage: 'done', status: 'done', attempt, durationMs, stages, reportId: r.reportId, openConflicts: r.openConflicts, warnings: r.warnings }, 'job done');
    } else {
      this.obs.metrics?.jobFailed(r.reason, stages);
      log.warn({ stage: 'failed', status: 'failed', attempt, durationMs, stages, reason: r.reason }, 'job failed');
    }
  }

  async drain(): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((r) => this.idle.push(r));
  }
}
