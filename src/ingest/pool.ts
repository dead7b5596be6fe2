// A pool of worker threads for CPU-bound parsing (embedded mode): `size` threads, one task each
// at a time. A thread is retired and replaced after `maxJobs` tasks or once its heap passes
// `maxHeapMb` (parsers leak: pdf.js caches, mammoth's DOM...), and V8's resourceLimits cap a
// runaway thread hard. A task running past `taskTimeoutMs` has its thread terminated (a parser in a
// loop cannot be asked to stop) and fails alone with "took too long"; the next task gets a fresh
// thread. A thread that dies fails only its own task.
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
  /** Per-task time limit: past it the thread is terminated and the task fails with TASK_TIMEOUT_CODE. */
  taskTimeoutMs?: number;
  workerData?: unknown;
}

/** Error codes of a task the pool stopped: too slow, or its thread over the hard heap limit. */
export const TASK_TIMEOUT_CODE = 'ERR_SOHOA_TOOK_TOO_LONG';
export const TASK_MEMORY_CODE = 'ERR_WORKER_OUT_OF_MEMORY';

/** "took too long (stopped after 90 s)": the one-line reason of a task stopped by its deadline. */
export function tookTooLong(ms: number): string {
  return `took too long (stopped after ${ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`})`;
}

type Reply<O> = { id: number; ok: true; output: O; heapUsed: number } | { id: number; ok: false; error: { message: string; code?: string }; heapUsed: number };

interface Slot {
  worker: Worker;
  jobs: number;
  busy: boolean;
  threadId: number;
  /** The running task's deadline. */
  timer?: NodeJS.Timeout;
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
/**
 * Per-file time limit: a file whose parser thread is still busy after this fails alone with "took
 * too long" and the pool goes on with a fresh thread. Generous: a 16-page scan is OCRed in ~15 s on
 * 2 cores, a 50 MB PDF in well under a minute; a parser caught in a loop never ends.
 */
export const FILE_TIMEOUT_MS = 300_000;

export function fileTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.SOHOA_FILE_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : FILE_TIMEOUT_MS;
}
/** How long a terminated thread may take to go before its replacement starts anyway. */
const STOP_GRACE_MS = 10_000;

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
  /** Tasks stopped by the per-task time limit. */
  timedOut = 0;
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
      const limit = this.opts.taskTimeoutMs;
      if (limit && limit > 0) {
        const s = slot;
        s.timer = setTimeout(() => this.onTimeout(s, limit), limit);
      }
      slot.worker.postMessage({ id: task.id, input: task.input });
    }
  }

  private onReply(slot: Slot, msg: Reply<O>): void {
    const task = this.running.get(slot.worker);
    if (!task || task.id !== msg.id) return;
    clearTimeout(slot.timer);
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
    this.stop(slot);
  }

  /** Terminates a thread already out of `slots`; its replacement starts once it is gone. */
  private stop(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.worker.removeAllListeners();
    // A late 'error' from a thread being torn down must not become an uncaught exception.
    slot.worker.on('error', () => undefined);
    // The replacement starts once this thread is gone: started at once, it loaded its parsers
    // (~50 MB) while the old thread still held its heap, the import's highest RSS.
    // A thread stuck in native code may not stop for a while: after STOP_GRACE_MS it no longer
    // holds its place, so the pool never shrinks for good.
    this.retiring++;
    let gone = false;
    const done = () => {
      if (gone) return;
      gone = true;
      clearTimeout(grace);
      this.retiring--;
      if (!this.closed) this.pump();
    };
    const grace = setTimeout(done, STOP_GRACE_MS);
    grace.unref();
    void slot.worker.terminate().catch(() => undefined).finally(done);
  }

  /** The running task passed its deadline: its thread is terminated, the task fails alone. */
  private onTimeout(slot: Slot, limitMs: number): void {
    const task = this.running.get(slot.worker);
    if (!task || !this.remove(slot)) return;
    this.running.delete(slot.worker);
    this.recycled++;
    this.timedOut++;
    this.stop(slot);
    task.reject(Object.assign(new Error(tookTooLong(limitMs)), { code: TASK_TIMEOUT_CODE }));
  }

  private onDeath(slot: Slot, err: Error): void {
    if (!this.remove(slot)) return;
    this.recycled++;
    clearTimeout(slot.timer);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => undefined);
    const task = this.running.get(slot.worker);
    this.running.delete(slot.worker);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === TASK_MEMORY_CODE) {
      // V8's hard heap limit: say so in words (the task may get another go on a fresh thread).
      const mb = this.opts.hardHeapMb;
      task?.reject(Object.assign(new Error(`needed too much memory (parser stopped at its ${mb ? `${mb} MB ` : ''}heap limit)`), { code }));
    } else task?.reject(err);
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
        clearTimeout(s.timer);
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
  process.on('unhandledRejection', onStrayRejection);
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

/**
 * pdf.js (run in-thread, see readers/pdf-port.ts) rejects some of its own worker-side promises that
 * nobody awaits, e.g. XRefEntryException on a damaged xref, while the calls sohoa awaits settle on
 * their own. Node would end the thread on such a rejection, and the task failed with Node's
 * "This error originated either by throwing inside of an async function…" as its reason. A pdf.js
 * exception is let go (the document's own calls report what matters); anything else still ends the
 * thread, with its own message as the reason.
 */
export function onStrayRejection(reason: unknown): void {
  if (isPdfjsException(reason)) return;
  throw reason instanceof Error ? reason : new Error(`unhandled rejection: ${String(reason)}`);
}

/** pdf.js's exceptions (BaseException subclasses: XRefEntryException, FormatError, ...), by their stack. */
export function isPdfjsException(reason: unknown): boolean {
  return reason instanceof Error && /[\\/]pdfjs-dist[\\/]/.test(reason.stack ?? '');
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
