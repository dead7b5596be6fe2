// Queue depths and failed jobs, for `sohoa status`.
import { Queue } from 'bullmq';
import { connection, INGEST_QUEUE, SCAN_QUEUE, type QueueConfig } from './connection.js';

export interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** 1 when the queue is paused. */
  paused: number;
  prioritized: number;
  workers: number;
}

export interface FailedJob {
  queue: string;
  id: string;
  path: string | null;
  reason: string;
  attempts: number;
  finishedAt: Date | null;
}

export interface QueueStatus {
  queues: QueueCounts[];
  failed: FailedJob[];
  watches: number;
}

export async function queueStatus(config: QueueConfig, failedLimit = 20): Promise<QueueStatus> {
  const out: QueueStatus = { queues: [], failed: [], watches: 0 };
  for (const name of [INGEST_QUEUE, SCAN_QUEUE]) {
    const q = new Queue(name, { connection: connection(config, 'producer'), prefix: config.prefix });
    try {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children');
      const workers = (await q.getWorkers()).length;
      out.queues.push({
        name,
        waiting: c.waiting ?? 0,
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        completed: c.completed ?? 0,
        paused: (await q.isPaused()) ? 1 : 0,
        prioritized: c.prioritized ?? 0,
        workers,
      });
      for (const job of await q.getFailed(0, failedLimit - 1)) {
        if (!job) continue;
        const data = job.data as { paths?: string[]; folder?: string };
        out.failed.push({
          queue: name,
          id: String(job.id),
          path: data.paths?.[0] ?? data.folder ?? null,
          reason: job.failedReason ?? '',
          attempts: job.attemptsMade,
          finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
        });
      }
      if (name === SCAN_QUEUE) out.watches = await q.getJobSchedulersCount();
    } finally {
      await q.close();
    }
  }
  return out;
}
