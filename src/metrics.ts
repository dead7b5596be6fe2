// Prometheus metrics (prom-client): jobs done/failed by reason, stage durations as histograms,
// queue depth, parser thread recycles, process memory. One registry per process (`processMetrics`),
// fed by the embedded dispatcher and the queue worker's main thread, scraped at /metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Low-cardinality reason of a failed job, from its one-line reason. */
export function failureKind(reason: string | undefined): string {
  const r = reason ?? '';
  if (/file not found|no longer in its archive|content changed/.test(r)) return 'missing';
  if (/file is empty/.test(r)) return 'empty';
  if (/file is corrupt/.test(r)) return 'corrupt';
  if (/encrypted/.test(r)) return 'encrypted';
  if (/unsupported file type/.test(r)) return 'unsupported';
  if (/too big/.test(r)) return 'too_big';
  if (/cannot be read/.test(r)) return 'unreadable';
  if (/took too long/.test(r)) return 'timeout';
  if (/extractor error/.test(r)) return 'extractor_error';
  if (/gave up after/.test(r)) return 'gave_up';
  if (/invalid job payload/.test(r)) return 'invalid_job';
  if (/stalled/.test(r)) return 'stalled';
  return 'other';
}

export type QueueCounts = Record<string, Record<string, number>>;

export class Metrics {
  readonly registry = new Registry();
  readonly jobs: Counter<'status' | 'reason'>;
  readonly retries: Counter<'stage'>;
  readonly stageSeconds: Histogram<'stage'>;
  readonly recycles: Counter<'why'>;
  private queueDepthSource: (() => Promise<QueueCounts>) | null = null;
  private sourcesSource: (() => Promise<Record<string, number>>) | null = null;

  constructor(role: string) {
    this.registry.setDefaultLabels({ role });
    collectDefaultMetrics({ register: this.registry, prefix: 'sohoa_' });
    this.jobs = new Counter({
      name: 'sohoa_jobs_total',
      help: 'Import jobs finished, by status (done, failed) and failure reason',
      labelNames: ['status', 'reason'],
      registers: [this.registry],
    });
    this.retries = new Counter({
      name: 'sohoa_job_retries_total',
      help: 'Job attempts that failed with a transient fault and are tried again',
      labelNames: ['stage'],
      registers: [this.registry],
    });
    this.stageSeconds = new Histogram({
      name: 'sohoa_stage_duration_seconds',
      help: 'Time per job stage: read (find and hash the bytes), extract (parse, OCR included), store, job (all of it)',
      labelNames: ['stage'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [this.registry],
    });
    this.recycles = new Counter({
      name: 'sohoa_parser_thread_recycles_total',
      help: 'Parser threads replaced (job count, heap ceiling)',
      labelNames: ['why'],
      registers: [this.registry],
    });
    const self = this;
    new Gauge({
      name: 'sohoa_queue_jobs',
      help: 'Jobs in each BullMQ queue by state (queue mode)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        if (!self.queueDepthSource) return;
        try {
          const counts = await self.queueDepthSource();
          for (const [queue, byState] of Object.entries(counts))
            for (const [state, n] of Object.entries(byState)) this.set({ queue, state }, n);
        } catch {
          // Redis away: no depth this scrape (/healthz says why).
        }
      },
    });
    new Gauge({
      name: 'sohoa_sources',
      help: 'Source files in the store by status (queued, processing, done, failed), whoever imported them',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        if (!self.sourcesSource) return;
        try {
          for (const [status, n] of Object.entries(await self.sourcesSource())) if (status !== 'total') this.set({ status }, n);
        } catch {
          // Store away: no counts this scrape (/healthz says why).
        }
      },
    });
  }

  /** Where the store's sources by status come from at scrape time (the web server). */
  setSourcesSource(fn: (() => Promise<Record<string, number>>) | null): void {
    this.sourcesSource = fn;
  }

  /** Where queue depth comes from at scrape time (queue mode). */
  setQueueDepthSource(fn: (() => Promise<QueueCounts>) | null): void {
    this.queueDepthSource = fn;
  }

  jobDone(stages: Record<string, number | undefined> | undefined): void {
    this.jobs.inc({ status: 'done', reason: '' });
    this.observeStages(stages);
  }

  jobFailed(reason: string | undefined, stages?: Record<string, number | undefined>): void {
    this.jobs.inc({ status: 'failed', reason: failureKind(reason) });
    this.observeStages(stages);
  }

  /** Stage durations in milliseconds. */
  observeStages(stages: Record<string, number | undefined> | undefined): void {
    for (const [stage, ms] of Object.entries(stages ?? {})) if (typeof ms === 'number' && ms >= 0) this.stageSeconds.observe({ stage }, ms / 1000);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

let current: Metrics | undefined;

/** This process's metrics (created on first use with the role given then). */
export function processMetrics(role = 'import'): Metrics {
  return (current ??= new Metrics(role));
}
