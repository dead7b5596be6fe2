// `sohoa watch`: one BullMQ job scheduler per watched folder, emitting a scan job every interval.
// Written only by the watch command; workers merely process the scan jobs.
import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import { connection, SCAN_QUEUE, type QueueConfig } from './connection.js';
import { SCAN_JOB_OPTIONS, ScanJobSchema } from './jobs.js';

export function scanQueue(config: QueueConfig): Queue {
  return new Queue(SCAN_QUEUE, { connection: connection(config, 'producer'), prefix: config.prefix, defaultJobOptions: SCAN_JOB_OPTIONS });
}

/** "15m", "30s", "2h", "1d", "500ms" or plain milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!m) throw new Error(`cannot read duration ${JSON.stringify(text)} (use e.g. 30s, 15m, 2h, 1d)`);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * factor);
}

export function formatDuration(ms: number): string {
  for (const [unit, f] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const)
    if (ms >= f && ms % f === 0) return `${ms / f}${unit}`;
  return `${ms}ms`;
}

/** Stable id per folder, so adding a folder again just changes its interval. */
export function watchId(folder: string): string {
  return `watch-${createHash('sha1').update(folder).digest('hex').slice(0, 10)}`;
}

export interface WatchInfo {
  id: string;
  folder: string;
  everyMs: number;
  next: Date | null;
}

export async function addWatch(queue: Queue, folder: string, everyMs: number): Promise<WatchInfo> {
  if (everyMs < 1000) throw new Error('a watch interval under 1s would poll too hard');
  const data = ScanJobSchema.parse({ folder });
  const id = watchId(folder);
  await queue.upsertJobScheduler(id, { every: everyMs }, { name: 'scan', data, opts: SCAN_JOB_OPTIONS });
  return (await listWatches(queue)).find((w) => w.id === id) ?? { id, folder, everyMs, next: null };
}

export async function listWatches(queue: Queue): Promise<WatchInfo[]> {
  const all = await queue.getJobSchedulers(0, -1, true);
  return all.map((s) => ({
    id: s.key,
    folder: String((s.template?.data as { folder?: unknown } | undefined)?.folder ?? '?'),
    everyMs: Number(s.every ?? 0),
    next: s.next ? new Date(s.next) : null,
  }));
}

export async function removeWatch(queue: Queue, id: string): Promise<boolean> {
  return queue.removeJobScheduler(id);
}
