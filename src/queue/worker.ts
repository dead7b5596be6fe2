// `sohoa worker`: the ingest worker (parsing in bullmq sandboxed worker threads, concurrency =
// cores) and the scan worker (polling watched folders), with graceful shutdown under a deadline.
import { availableParallelism } from 'node:os';
import { Queue, Worker, type Job, type Processor } from 'bullmq';
import type { Db } from '../store/db.js';
import { openStore, type StoreConfig } from '../store/open.js';
import { compiledPath, THREAD_HEAP } from '../ingest/pool.js';
import { scanFolder } from '../ingest/scan.js';
import type { JobResult } from '../ingest/job.js';
import { recordJobFinished, RunRecorder } from '../ingest/run-record.js';
import { connection, INGEST_QUEUE, SCAN_QUEUE, SetupError, type QueueConfig } from './connection.js';
import { INGEST_JOB_OPTIONS, ScanJobSchema } from './jobs.js';
import { watchId } from './schedules.js';
import { enqueueIngest } from './producer.js';
import { installRecycling } from './recycle.js';
import { errLine, silentLogger, type Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { checkHealth, redisPinger, startMetricsServer, type Health } from '../health.js';

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
  /** Plain lines (tests); default: `logger.info`. */
  log?: (line: string) => void;
  /** Structured logs: one record per job finished, failed or retried, scan and recycle. */
  logger?: Logger;
  /** Counted here: jobs, stage durations, recycles; queue depth at scrape time. */
  metrics?: Metrics;
  /** Serve /metrics and /healthz on this port (0: any free port). */
  metricsPort?: number;
  metricsHost?: string;
}

export interface RunningWorkers {
  ingest: Worker;
  scan: Worker | null;
  db: Db;
  /** Whether Redis and the store answer. */
  health(): Promise<Health>;
  /** The port /metrics and /healthz listen on (metricsPort given). */
  metricsPort: number | null;
  /** Stops taking jobs, lets running ones finish within `deadlineMs`, then forces. */
  close(deadlineMs?: number): Promise<'graceful' | 'forced'>;
}

export async function startWorkers(opts: WorkerOptions): Promise<RunningWorkers> {
  const logger = opts.logger ?? silentLogger;
  const log = opts.log ?? ((line: string) => logger.info(line));
  const metrics = opts.metrics;
  const logError = opts.log ?? ((line: string) => logger.error(line));
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
      onRecycle: (why) => {
        metrics?.recycles.inc({ why: why.startsWith('heap') ? 'heap' : 'jobs' });
        log(`recycling a parser thread (${why})`);
      },
    });
    if (!hooked) log('parser threads are not recycled by job count with this bullmq version (memory is still capped)');
  }
  const jobFields = (job: Job) => ({
    jobId: job.id,
    sha256: typeof job.data?.sha256 === 'string' ? job.data.sha256 : undefined,
    path: Array.isArray(job.data?.paths) ? String(job.data.paths[0]) : undefined,
    attempt: job.attemptsMade,
  });
  ingest.on('completed', (job, result: JobResult | undefined) => {
    const durationMs = job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : undefined;
    const stages = { ...result?.timings, ...(durationMs !== undefined ? { job: durationMs } : {}) };
    if (result?.status === 'failed') {
      metrics?.jobFailed(result.reason, stages);
      logger.warn({ ...jobFields(job), stage: 'failed', status: 'failed', durationMs, stages, reason: result.reason }, 'job failed');
      return;
    }
    metrics?.jobDone(stages);
    logger.info({ ...jobFields(job), stage: 'done', status: 'done', durationMs, stages, reportId: result?.reportId, openConflicts: result?.openConflicts, warnings: result?.warnings }, 'job done');
  });
  ingest.on('failed', (job, err) => {
    if (!job) return;
    const reason = errLine(err);
    // bullmq sets finishedOn only when the job will not be tried again.
    if (job.finishedOn) {
      const durationMs = job.processedOn ? job.finishedOn - job.processedOn : undefined;
      metrics?.jobFailed(reason, durationMs !== undefined ? { job: durationMs } : undefined);
      logger.warn({ ...jobFields(job), stage: 'failed', status: 'failed', durationMs, reason }, 'job failed');
      // A job failed outside the processor (stalled too often, a lost thread) leaves its files
      // pending on their runs; the processor has recorded the others already (a no-op here).
      const f = jobFields(job);
      if (f.sha256)
        void recordJobFinished(db, { sha256: f.sha256, path: f.path ?? f.sha256, status: 'failed', reason }).catch((e: unknown) =>
          logger.error({ ...f, reason: errLine(e) }, 'could not record the job on its import run'),
        );
    } else {
      metrics?.retries.inc({ stage: 'job' });
      logger.warn({ ...jobFields(job), stage: 'retry', status: 'retrying', retryInMs: job.delay || 0, reason }, 'job retry');
    }
  });
  ingest.on('error', (err) => logError(`ingest worker error: ${err.message}`));

  let scan: Worker | null = null;
  let scanTarget: Queue | null = null;
  if (opts.scans !== false) {
    scanTarget = new Queue(INGEST_QUEUE, { connection: connection(opts.queue, 'worker'), prefix: opts.queue.prefix, defaultJobOptions: INGEST_JOB_OPTIONS });
    scanTarget.on('error', (err) => logError(`scan queue error: ${err.message}`));
    const target = scanTarget;
    scan = new Worker(
      SCAN_QUEUE,
      async (job) => {
        const { folder } = ScanJobSchema.parse(job.data);
        const t0 = performance.now();
        // Each scan is a run on the imports page, started by its schedule.
        const record = await RunRecorder.start(db, { kind: 'scan', mode: 'queue', startedBy: job.repeatJobKey ?? watchId(folder), inputs: [folder] });
        let r;
        try {
          r = await scanFolder(db, folder, (j) => enqueueIngest(target, j), { record });
        } catch (e) {
          await record.failed(errLine(e));
          throw e;
        }
        const durationMs = Math.round(performance.now() - t0);
        metrics?.observeStages({ scan: durationMs });
        logger.info(
          { jobId: job.id, stage: 'scan', folder, durationMs, files: r.files, enqueued: r.enqueued, unsettled: r.unsettled, disappeared: r.disappeared },
          `scanned ${folder}: ${r.files} files, ${r.enqueued} new, ${r.unsettled} still changing, ${r.disappeared} gone`,
        );
        if (opts.log) opts.log(`scanned ${folder}: ${r.files} files, ${r.enqueued} new, ${r.unsettled} still changing, ${r.disappeared} gone`);
        return r;
      },
      { ...common, concurrency: 1 },
    );
    scan.on('error', (err) => logError(`scan worker error: ${err.message}`));
  }

  const pinger = redisPinger(opts.queue.redisUrl);
  const health = () => checkHealth({ db, redisPing: pinger.ping });
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  let depthQueue: Queue | null = null;
  if (metrics) {
    depthQueue = new Queue(INGEST_QUEUE, { connection: connection(opts.queue, 'producer'), prefix: opts.queue.prefix });
    depthQueue.on('error', () => undefined);
    const q = depthQueue;
    metrics.setQueueDepthSource(async () => ({ [INGEST_QUEUE]: await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized') }));
  }
  if (opts.metricsPort !== undefined && metrics) {
    metricsServer = await startMetricsServer({ port: opts.metricsPort, ...(opts.metricsHost ? { host: opts.metricsHost } : {}), metrics, health });
    logger.info({ port: metricsServer.port }, `metrics and health on http://${opts.metricsHost ?? '127.0.0.1'}:${metricsServer.port}/metrics and /healthz`);
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
      await metricsServer?.close();
      metrics?.setQueueDepthSource(null);
      await depthQueue?.close();
      await pinger.close();
      await db.close();
      return outcome;
    })());

  return { ingest, scan, db, health, metricsPort: metricsServer?.port ?? null, close };
}
