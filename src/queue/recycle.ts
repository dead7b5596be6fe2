// Recycles bullmq's sandboxed processor threads after N jobs or past a heap ceiling. bullmq keeps
// its threads for ever; parsers leak (pdf.js font caches, DOM trees), so a long-running worker
// would grow without bound. The hook wraps the worker's child pool: a thread over its budget is
// stopped when it is handed back (between jobs, never mid-job) instead of being reused, and the
// pool starts a fresh one for the next job. The hard ceiling is V8's resourceLimits (worker.ts).
import type { Worker } from 'bullmq';
import type { EventEmitter } from 'node:events';

/** Message the processor thread posts after each job (bullmq ignores unknown commands). */
export const HEAP_MESSAGE = 'sohoa:heap';

interface ChildLike extends EventEmitter {
  pid: number;
}

interface ChildPoolLike {
  retain(processFile: string): Promise<ChildLike>;
  release(child: ChildLike): void;
  kill(child: ChildLike, signal?: string): Promise<void>;
}

export interface RecycleOptions {
  maxJobs: number;
  maxHeapMb: number;
  onRecycle?: (why: string) => void;
}

/** Returns false when this bullmq version has no child pool to hook (recycling then relies on resourceLimits only). */
export function installRecycling(worker: Worker, opts: RecycleOptions): boolean {
  const pool = (worker as unknown as { childPool?: ChildPoolLike }).childPool;
  if (!pool || typeof pool.retain !== 'function' || typeof pool.release !== 'function' || typeof pool.kill !== 'function') return false;
  const stats = new WeakMap<ChildLike, { jobs: number; heapUsed: number }>();
  const retain = pool.retain.bind(pool);
  const release = pool.release.bind(pool);
  pool.retain = async (processFile: string) => {
    const child = await retain(processFile);
    if (!stats.has(child)) {
      const s = { jobs: 0, heapUsed: 0 };
      stats.set(child, s);
      child.on('message', (msg: { cmd?: unknown; heapUsed?: unknown }) => {
        if (msg?.cmd === HEAP_MESSAGE && typeof msg.heapUsed === 'number') s.heapUsed = msg.heapUsed;
      });
    }
    return child;
  };
  pool.release = (child: ChildLike) => {
    const s = stats.get(child);
    if (s) s.jobs++;
    const heapMb = (s?.heapUsed ?? 0) / (1024 * 1024);
    const why = s && s.jobs >= opts.maxJobs ? `${s.jobs} jobs` : heapMb > opts.maxHeapMb ? `heap ${Math.round(heapMb)} MB` : null;
    if (why) {
      opts.onRecycle?.(why);
      // SIGTERM asks the thread to exit once idle (it is: its job just finished).
      void pool.kill(child, 'SIGTERM').catch(() => undefined);
    } else release(child);
  };
  return true;
}
