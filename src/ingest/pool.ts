// A pool of parsers for CPU-bound work (embedded mode, `sohoa extract`): `size` of them, one task
// each at a time, each a worker thread or (isolation 'process') a child process. A parser is
// retired and replaced after `maxJobs` tasks or once its heap passes `maxHeapMb` (parsers leak:
// pdf.js caches, mammoth's DOM...), and a hard memory limit stops a runaway one. A task running
// past `taskTimeoutMs` has its parser terminated (a parser in a loop cannot be asked to stop) and
// fails alone with "took too long"; the next task gets a fresh parser. A parser that dies fails
// only its own task.
//
// Why processes: V8's heap limit (resourceLimits) stops a thread whose heap grows step by step,
// but one allocation larger than what is left under the limit (an array sized from a lying header,
// a backing store doubling) is a fatal V8 error, and V8 aborts the whole process, every other
// file and the import with it. In a child process the same abort ends only that process; the pool
// reads it as "needed too much memory". The child's resident memory is also watched (Buffers and
// typed arrays live outside the V8 heap and its limit).
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { Worker, parentPort, workerData as threadData } from 'node:worker_threads';
import { descendantPids, killAll } from './proc-tree.js';

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
  /** 'thread' (default) or 'process': see the top of this file. */
  isolation?: Isolation;
  /**
   * Process isolation only: a parser process whose resident memory passes this while it works is
   * killed and its task fails with "needed too much memory" (memory outside the V8 heap counts).
   */
  maxRssMb?: number;
  /** Process isolation only: extra V8 flags for the parser processes (e.g. --heap-growing-percent=50). */
  v8Flags?: string[];
}

export type Isolation = 'thread' | 'process';

/** Error codes of a task the pool stopped: too slow, or its thread over the hard heap limit. */
export const TASK_TIMEOUT_CODE = 'ERR_SOHOA_TOOK_TOO_LONG';
export const TASK_MEMORY_CODE = 'ERR_WORKER_OUT_OF_MEMORY';
/** Error code of a task that failed on its file's own one-line reason (bad input, not a fault). */
export const TASK_INPUT_CODE = 'ERR_SOHOA_INPUT';

/** "took too long (stopped after 90 s)": the one-line reason of a task stopped by its deadline. */
export function tookTooLong(ms: number): string {
  return `took too long (stopped after ${ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`})`;
}

type Reply<O> = { id: number; ok: true; output: O; heapUsed: number } | { id: number; ok: false; error: { message: string; code?: string }; heapUsed: number };

/** What the pool needs of a parser: a worker thread, or a child process made to look like one. */
interface Parser extends EventEmitter {
  readonly threadId: number;
  postMessage(msg: unknown): void;
  terminate(): Promise<unknown>;
}

interface Slot {
  worker: Parser;
  jobs: number;
  busy: boolean;
  threadId: number;
  /** The running task's deadline. */
  timer?: NodeJS.Timeout;
  /** Process isolation: the resident-memory watch of the running task. */
  watch?: NodeJS.Timeout;
}

/** How often a parser process's resident memory is read while it works. */
const RSS_WATCH_MS = 100;

/**
 * A child process behind the Worker interface the pool uses: 'message', 'error', and 'exit' with an
 * Error saying why it died when it did not exit cleanly (V8's out-of-memory abort, the memory
 * watch, an uncaught exception reported by serveThread before exiting).
 */
class ParserProcess extends EventEmitter implements Parser {
  readonly threadId: number;
  private readonly child: ChildProcess;
  private stderrTail = '';
  private fatal: { message: string; code?: string } | null = null;
  /** Set by the memory watch just before it kills the process. */
  overRssMb: number | null = null;
  private exited: Promise<void>;

  constructor(script: string, data: unknown, execArgv: string[]) {
    super();
    this.child = fork(script, [], {
      execArgv,
      serialization: 'advanced',
      // A parser prints nothing a user needs; its stderr is kept (the tail) to name a fatal error.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, [PARSER_DATA_ENV]: JSON.stringify(data ?? null) },
    });
    this.threadId = this.child.pid ?? -1;
    this.child.stderr?.on('data', (d: Buffer) => {
      if (process.env.SOHOA_DEBUG) process.stderr.write(d);
      this.stderrTail = (this.stderrTail + d.toString('utf8')).slice(-4096);
    });
    this.child.on('message', (msg: { fatal?: { message: string; code?: string } }) => {
      if (msg && typeof msg === 'object' && 'fatal' in msg && msg.fatal) this.fatal = msg.fatal;
      else this.emit('message', msg);
    });
    this.child.on('error', (err) => this.emit('error', err));
    this.exited = new Promise((resolve) => {
      // 'close': stderr is read to its end, so the tail holds V8's last words.
      this.child.on('close', (code, signal) => {
        resolve();
        this.emit('exit', code ?? (signal ? 128 : 1), this.why(code, signal));
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  postMessage(msg: unknown): void {
    this.child.send(msg as never);
  }

  async terminate(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      // Its own children (Tesseract, pdftoppm) are listed before it dies: once it is gone they
      // belong to init and can no longer be told apart.
      const helpers = this.child.pid ? descendantPids(this.child.pid) : [];
      this.child.kill('SIGKILL');
      killAll(helpers);
    }
    await this.exited;
  }

  private why(code: number | null, signal: NodeJS.Signals | null): Error | null {
    if (code === 0) return null;
    if (this.overRssMb !== null) return Object.assign(new Error(`needed too much memory (parser stopped at its ${this.overRssMb} MB memory limit)`), { code: TASK_MEMORY_CODE });
    // V8's fatal errors: "Reached heap limit Allocation failed - JavaScript heap out of memory",
    // "invalid array length Allocation failed", "Fatal JavaScript invalid size error".
    if (/heap out of memory|Allocation failed|invalid (?:array|table) (?:length|size)|invalid size error|Fatal process out of memory/i.test(this.stderrTail))
      return Object.assign(new Error('JS heap out of memory'), { code: TASK_MEMORY_CODE });
    if (this.fatal) return Object.assign(new Error(this.fatal.message), this.fatal.code ? { code: this.fatal.code } : {});
    return new Error(`parser process exited (${signal ? `signal ${signal}` : `code ${code}`})`);
  }
}

/** Resident memory of a process in MB (Linux /proc), or null where it cannot be read. */
export function processRssMb(pid: number): number | null {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? (pages * 4096) / (1024 * 1024) : null;
  } catch {
    return null;
  }
}

/** Environment variable carrying a parser process's workerData (JSON). */
export const PARSER_DATA_ENV = 'SOHOA_PARSER_DATA';

/** The workerData a parser was started with, thread or process. */
export function parserData(): unknown {
  if (parentPort) return threadData;
  const raw = process.env[PARSER_DATA_ENV];
  return raw ? (JSON.parse(raw) as unknown) : undefined;
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

export const THREAD_HEAP = { softMb: 192, hardMb: 1024, youngMb: 8, rssMb: 1536 } as const;

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

export class ThreadPool<I, O> {
  private readonly slots: Slot[] = [];
  private readonly waiting: Task<I, O>[] = [];
  private readonly running = new Map<Parser, Task<I, O>>();
  private nextId = 1;
  private closed = false;
  /** Retired threads still shutting down: they hold their memory until they exit, so they count against `size`. */
  private retiring = 0;
  /** Terminations under way (timed out or retired parsers). */
  private readonly stopping = new Set<Promise<unknown>>();
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
    const worker: Parser =
      this.opts.isolation === 'process'
        ? new ParserProcess(this.opts.script, this.opts.workerData, [
            ...(hard ? [`--max-old-space-size=${hard}`] : []),
            // A thread's young generation is three semi-spaces' worth (V8's sizing).
            ...(young ? [`--max-semi-space-size=${Math.max(1, Math.round(young / 3))}`] : []),
            ...(this.opts.v8Flags ?? []),
          ])
        : new Worker(this.opts.script, {
            workerData: this.opts.workerData,
            resourceLimits: { ...(hard ? { maxOldGenerationSizeMb: hard } : {}), ...(young ? { maxYoungGenerationSizeMb: young } : {}) },
          });
    const slot: Slot = { worker, jobs: 0, busy: false, threadId: worker.threadId };
    worker.on('message', (msg: Reply<O>) => this.onReply(slot, msg));
    worker.on('error', (err) => this.onDeath(slot, err));
    worker.on('exit', (code: number, why?: Error | null) => this.onDeath(slot, why ?? new Error(`worker thread exited (code ${code})`)));
    this.slots.push(slot);
    return slot;
  }

  /** Process isolation: kills the slot's process once its resident memory passes maxRssMb. */
  private watchRss(slot: Slot): void {
    const limit = this.opts.maxRssMb;
    if (!(slot.worker instanceof ParserProcess) || !limit) return;
    const proc = slot.worker;
    slot.watch = setInterval(() => {
      const mb = proc.pid ? processRssMb(proc.pid) : null;
      if (mb === null || mb <= limit) return;
      clearInterval(slot.watch);
      proc.overRssMb = limit;
      void proc.terminate();
    }, RSS_WATCH_MS);
    slot.watch.unref();
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
      this.watchRss(slot);
      slot.worker.postMessage({ id: task.id, input: task.input });
    }
  }

  private onReply(slot: Slot, msg: Reply<O>): void {
    const task = this.running.get(slot.worker);
    if (!task || task.id !== msg.id) return;
    clearTimeout(slot.timer);
    clearInterval(slot.watch);
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
    clearInterval(slot.watch);
    slot.worker.removeAllListeners();
    // A late 'error' from a thread being torn down must not become an uncaught exception.
    slot.worker.on('error', () => undefined);
    // The replacement starts once this thread is gone: started at once, it loaded its parsers
    // (~50 MB) while the old thread still held its heap, the import's highest RSS.
    // A thread stuck in native code may not stop for a while: after STOP_GRACE_MS it no longer
    // holds its place, so the pool never shrinks for good.
    this.retiring++;
    let ended = false;
    const done = () => {
      if (ended) return;
      ended = true;
      clearTimeout(grace);
      this.retiring--;
      if (!this.closed) this.pump();
    };
    const grace = setTimeout(done, STOP_GRACE_MS);
    grace.unref();
    const gone = slot.worker.terminate().catch(() => undefined).finally(done);
    // close() waits for it: a parser process is never left behind the pool.
    this.stopping.add(gone);
    void gone.finally(() => this.stopping.delete(gone));
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
    clearInterval(slot.watch);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => undefined);
    const task = this.running.get(slot.worker);
    this.running.delete(slot.worker);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === TASK_MEMORY_CODE && !/^needed too much memory/.test(err.message)) {
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
        clearInterval(s.watch);
        s.worker.removeAllListeners();
        s.worker.on('error', () => undefined);
        return s.worker.terminate();
      }),
    );
    // A thread stuck in native code may not stop for a while; a process always does (SIGKILL).
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all([...this.stopping]), new Promise((r) => (grace = setTimeout(r, STOP_GRACE_MS)))]);
    clearTimeout(grace);
  }
}

/** The parser side (a worker thread or a child process): answers tasks with `handler`, reporting its heap after each. */
export function serveThread<I, O>(handler: (input: I) => Promise<O>): void {
  const port = parentPort ?? processPort();
  if (!port) throw new Error('serveThread must run in a worker thread or a forked parser process');
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

/** A forked parser process's IPC channel, shaped like a MessagePort; its uncaught errors are told to the pool before it exits. */
function processPort(): { on: (ev: 'message', f: (m: never) => void) => void; postMessage: (m: unknown) => void } | null {
  const send = process.send?.bind(process);
  if (!send) return null;
  process.on('uncaughtException', (e) => {
    const err = e as NodeJS.ErrnoException;
    send({ fatal: { message: err?.message ?? String(e), ...(err?.code ? { code: err.code } : {}) } }, undefined, undefined, () => process.exit(1));
  });
  // The pool going away (its process ended) ends the parser too.
  process.on('disconnect', () => process.exit(0));
  return { on: (ev, f) => void process.on(ev, f as (m: unknown) => void), postMessage: (m) => void send(m) };
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
