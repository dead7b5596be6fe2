// A pool of worker threads for CPU-bound parsing (embedded mode): `size` threads, one task each
// at a time. A thread is retired and replaced after `maxJobs` tasks or once its heap passes
// `maxHeapMb` (parsers leak: pdf.js caches, mammoth's DOM...), and V8's resourceLimits cap a
// runaway thread hard. A thread that dies fails only its own task.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { Worker, parentPort } from 'node:worker_threads';

export interface PoolOptions {
  /** Compiled JS thread script (threads cannot load .ts). */
  script: string;
  size?: number;
  /** Retire a thread after this many tasks. */
  maxJobs?: number;
  /** Retire a thread whose heap is above this after a task (soft ceiling). */
  maxHeapMb?: number;
  /** Hard V8 old-generation limit per thread; a thread over it dies and its task fails. */
  hardHeapMb?: number;
  /**
   * V8 young-generation size per thread. Parsers allocate many short-lived strings; V8's default
   * for a thread is sized for throughput (up to 3 × 16 MB semi-spaces) and stays resident.
   */
  youngHeapMb?: number;
  workerData?: unknown;
}

type Reply<O> = { id: number; ok: true; output: O; heapUsed: number } | { id: number; ok: false; error: { message: string; code?: string }; heapUsed: number };

interface Slot {
  worker: Worker;
  jobs: number;
  busy: boolean;
  threadId: number;
}

interface Task<I, O> {
  id: number;
  input: I;
  resolve: (o: O) => void;
  reject: (e: Error) => void;
}

/**
 * Parser thread heap budget (measured on generated .txt/.docx reports, 2 threads): a thread holds
 * ~60-100 MB live after a job; V8's default young generation for a thread (up to 3 × 16 MB
 * semi-spaces) stayed resident in every thread, so it is capped at 8 MB: the 300-report import
 * peaked 426 MB instead of 463 MB in the same time. A thread whose heap is past `softMb` after a
 * job is replaced; `hardMb` is V8's old-generation limit, past which the thread dies and its job
 * gets one more go on a fresh thread (a 50 MB PDF stays well inside it).
 */
export const THREAD_HEAP = { softMb: 192, hardMb: 1024, youngMb: 8 } as const;

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

export class ThreadPool<I, O> {
  private readonly slots: Slot[] = [];
  private readonly waiting: Task<I, O>[] = [];
  private readonly running = new Map<Worker, Task<I, O>>();
  private nextId = 1;
  private closed = false;
  /** Retired threads still shutting down: they hold their memory until they exit, so they count against `size`. */
  private retiring = 0;
  /** Threads retired (job count or heap) or lost (crash), replaced on demand. */
  recycled = 0;
  readonly size: number;

  constructor(private readonly opts: PoolOptions) {
    this.size = Math.max(1, opts.size ?? defaultThreads());
    if (!existsSync(opts.script)) throw new Error(`thread script ${opts.script} not found: run \`npm run build\``);
  }

  run(input: I): Promise<O> {
    if (this.closed) return Promise.reject(new Error('pool is closed'));
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, input, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Slot {
    const { hardHeapMb: hard, youngHeapMb: young } = this.opts;
    const worker = new Worker(this.opts.script, {
      workerData: this.opts.workerData,
      resourceLimits: { ...(hard ? { maxOldGenerationSizeMb: hard } : {}), ...(young ? { maxYoungGenerationSizeMb: young } : {}) },
    });
    const slot: Slot = { worker, jobs: 0, busy: false, threadId: worker.threadId };
    worker.on('message', (msg: Reply<O>) => this.onReply(slot, msg));
    worker.on('error', (err) => this.onDeath(slot, err));
    worker.on('exit', (code) => this.onDeath(slot, new Error(`worker thread exited (code ${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length + this.retiring < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.waiting.shift()!;
      slot.busy = true;
      this.running.set(slot.worker, task);
      slot.worker.postMessage({ id: task.id, input: task.input });
    }
  }

  private onReply(slot: Slot, msg: Reply<O>): void {
    const task = this.running.get(slot.worker);
    if (!task || task.id !== msg.id) return;
    this.running.delete(slot.worker);
    slot.busy = false;
    slot.jobs++;
    if (msg.ok) task.resolve(msg.output);
    else task.reject(Object.assign(new Error(msg.error.message), msg.error.code ? { code: msg.error.code } : {}));
    const heapMb = msg.heapUsed / (1024 * 1024);
    if ((this.opts.maxJobs && slot.jobs >= this.opts.maxJobs) || (this.opts.maxHeapMb && heapMb > this.opts.maxHeapMb)) this.retire(slot);
    this.pump();
  }

  private remove(slot: Slot): boolean {
    const i = this.slots.indexOf(slot);
    if (i < 0) return false;
    this.slots.splice(i, 1);
    return true;
  }

  private retire(slot: Slot): void {
    if (!this.remove(slot)) return;
    this.recycled++;
    slot.worker.removeAllListeners();
    // The replacement starts once this thread is gone: started at once, it loaded its parsers
    // (~50 MB) while the old thread still held its heap, the import's highest RSS.
    this.retiring++;
    void slot.worker
      .terminate()
      .catch(() => undefined)
      .finally(() => {
        this.retiring--;
        if (!this.closed) this.pump();
      });
  }

  private onDeath(slot: Slot, err: Error): void {
    if (!this.remove(slot)) return;
    this.recycled++;
    slot.worker.removeAllListeners();
    const task = this.running.get(slot.worker);
    this.running.delete(slot.worker);
    task?.reject(err);
    if (!this.closed) this.pump();
  }

  /** Threads currently alive (for tests and status). */
  threadIds(): number[] {
    return this.slots.map((s) => s.threadId);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.waiting.splice(0)) t.reject(new Error('pool closed'));
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map((s) => {
        s.worker.removeAllListeners();
        return s.worker.terminate();
      }),
    );
  }
}

/** The thread side: answers tasks with `handler`, reporting its heap after each. */
export function serveThread<I, O>(handler: (input: I) => Promise<O>): void {
  if (!parentPort) throw new Error('serveThread must run in a worker thread');
  const port = parentPort;
  port.on('message', async (msg: { id: number; input: I }) => {
    try {
      const output = await handler(msg.input);
      port.postMessage({ id: msg.id, ok: true, output, heapUsed: getHeapStatistics().used_heap_size });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      port.postMessage({
        id: msg.id,
        ok: false,
        error: { message: err?.message ?? String(e), ...(err?.code ? { code: err.code } : {}) },
        heapUsed: getHeapStatistics().used_heap_size,
      });
    }
  });
}

/** The package root (the folder with sohoa's package.json), from this module in src/ or dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'sohoa') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('sohoa package root not found');
    dir = up;
  }
}

/** Path of a compiled file under dist/ (e.g. "workers/extract-thread.js"). */
export function compiledPath(rel: string): string {
  return join(packageRoot(), 'dist', rel);
}
