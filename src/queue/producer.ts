// Queue mode's side of `import`: one job per file content (jobId = sha256, so adding it again is a
// no-op while it is pending), then, unless --no-wait, waiting for the jobs through QueueEvents.
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Db } from '../store/db.js';
import { getSource } from '../store/sources.js';
import { IngestJobSchema, type IngestJob, type JobResult } from '../ingest/job.js';
import type { Dispatcher } from '../ingest/run.js';
import { connection, INGEST_QUEUE, type QueueConfig } from './connection.js';
import { INGEST_JOB_OPTIONS } from './jobs.js';

export function ingestQueue(config: QueueConfig): Queue {
  const q = new Queue(INGEST_QUEUE, { connection: connection(config, 'producer'), prefix: config.prefix, defaultJobOptions: INGEST_JOB_OPTIONS });
  // Connection errors (Redis restarting) reach the caller through the command that failed; without a
  // listener bullmq dumps each one on stderr, a stack of objects in the middle of an import.
  q.on('error', () => undefined);
  return q;
}

/**
 * Adds the job unless the same content is already waiting or running. A finished job still kept
 * under that id (completed or failed, not yet trimmed) is removed first: the caller only enqueues
 * what the sources table says needs work, so an old finished job must not swallow the new one.
 */
export async function enqueueIngest(queue: Queue, data: IngestJob): Promise<'added' | 'pending'> {
  const job = IngestJobSchema.parse(data);
  const existing = await queue.getJob(job.sha256);
  if (existing) {
    const state = await existing.getState();
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return 'pending';
    await existing.remove().catch(() => undefined);
  }
  await queue.add('ingest', job, { jobId: job.sha256 });
  return 'added';
}

function parseReturn(v: unknown): JobResult | null {
  try {
    const r = typeof v === 'string' ? JSON.parse(v) : v;
    return r && typeof r === 'object' && 'status' in r ? (r as JobResult) : null;
  } catch {
    return null;
  }
}

interface Pending {
  job: IngestJob;
  onDone: (r: JobResult) => void;
}

export class QueueDispatcher implements Dispatcher {
  /** The workers record each job's outcome on its runs (store/import-runs.ts finishJob). */
  readonly workersRecordRuns = true;
  private readonly pending = new Map<string, Pending>();
  private readonly idle: (() => void)[] = [];
  private reconcileTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents | null,
    private readonly db: Db,
  ) {
    if (events) {
      events.on('completed', ({ jobId, returnvalue }) => {
        const r = parseReturn(returnvalue);
        this.finish(jobId, r ?? { sha256: jobId, path: this.pending.get(jobId)?.job.paths[0] ?? jobId, status: 'done' });
      });
      events.on('failed', ({ jobId, failedReason }) => {
        this.finish(jobId, { sha256: jobId, path: this.pending.get(jobId)?.job.paths[0] ?? jobId, status: 'failed', reason: failedReason });
      });
    }
  }

  /** `wait` false: jobs are only enqueued (--no-wait). */
  static async create(queue: Queue, db: Db, config: QueueConfig, wait: boolean): Promise<QueueDispatcher> {
    let events: QueueEvents | null = null;
    if (wait) {
      events = new QueueEvents(INGEST_QUEUE, { connection: connection(config, 'worker'), prefix: config.prefix });
      // It reconnects by itself after a Redis restart; events missed meanwhile are reconciled.
      events.on('error', () => undefined);
      // Subscribed before the first add, so no completion can slip by unseen.
      await events.waitUntilReady();
    }
    return new QueueDispatcher(queue, events, db);
  }

  async submit(job: IngestJob, onDone: (r: JobResult) => void): Promise<'running' | 'queued'> {
    if (this.events) this.pending.set(job.sha256, { job, onDone });
    await enqueueIngest(this.queue, job);
    return this.events ? 'running' : 'queued';
  }

  private finish(jobId: string, r: JobResult): void {
    const p = this.pending.get(jobId);
    if (!p) return;
    this.pending.delete(jobId);
    p.onDone({ ...r, path: r.path || p.job.paths[0]! });
    if (this.pending.size === 0) for (const f of this.idle.splice(0)) f();
  }

  /**
   * Events can be missed (a Redis reconnect, a job finished by a previous run). Every few seconds
   * the jobs still awaited are looked up: in the queue, else in the sources table.
   */
  private async reconcile(): Promise<void> {
    for (const [id, p] of [...this.pending]) {
      const job: Job | undefined = await this.queue.getJob(id);
      const state = job ? await job.getState() : 'unknown';
      if (state === 'completed') this.finish(id, parseReturn(job!.returnvalue) ?? { sha256: id, path: p.job.paths[0]!, status: 'done' });
      else if (state === 'failed') this.finish(id, { sha256: id, path: p.job.paths[0]!, status: 'failed', reason: job!.failedReason });
      else if (state === 'unknown') {
        const src = await getSource(this.db, id);
        if (src?.status === 'done') this.finish(id, { sha256: id, path: p.job.paths[0]!, status: 'done' });
        else if (src?.status === 'failed') this.finish(id, { sha256: id, path: p.job.paths[0]!, status: 'failed', reason: src.failure_reason ?? 'failed' });
      }
    }
  }

  async drain(reconcileMs = 5000): Promise<void> {
    if (this.pending.size === 0) return;
    const done = new Promise<void>((r) => this.idle.push(r));
    const tick = async () => {
      await this.reconcile().catch(() => undefined);
      if (this.pending.size > 0) this.reconcileTimer = setTimeout(tick, reconcileMs);
    };
    this.reconcileTimer = setTimeout(tick, reconcileMs);
    await done;
    clearTimeout(this.reconcileTimer);
  }

  async close(): Promise<void> {
    clearTimeout(this.reconcileTimer);
    await this.events?.close();
  }
}
