// A pool of warm worker processes: forks them, hands out files one at a time (work stealing, so a
// slow PDF does not idle the other workers) and collects per-file results.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromWorker, StoreTarget, ToWorker } from './protocol.js';

export type DoneMsg = Extract<FromWorker, { type: 'done' }>;
export type StatsMsg = Extract<FromWorker, { type: 'stats' }>;

interface Worker {
  child: ChildProcess;
  next: (m: FromWorker) => void;
}

function waitFor(w: Worker): Promise<FromWorker> {
  return new Promise((resolve) => {
    w.next = resolve;
  });
}

export class WorkerPool {
  private constructor(private readonly workers: Worker[]) {}

  get pids(): number[] {
    return this.workers.map((w) => w.child.pid!).filter(Boolean);
  }

  static async start(count: number, store: (i: number) => StoreTarget): Promise<{ pool: WorkerPool; storeOk: boolean; storeError?: string }> {
    const script = fileURLToPath(new URL('./worker.js', import.meta.url));
    const workers: Worker[] = [];
    for (let i = 0; i < count; i++) {
      const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const w: Worker = { child, next: () => {} };
      child.on('message', (m: FromWorker) => w.next(m));
      workers.push(w);
    }
    const ready = await Promise.all(
      workers.map((w, i) => {
        const p = waitFor(w);
        w.child.send({ type: 'init', store: store(i) } satisfies ToWorker);
        return p;
      }),
    );
    const errors = ready.flatMap((r) => (r.type === 'ready' && r.error ? [r.error] : []));
    const storeOk = ready.every((r) => r.type === 'ready' && r.store);
    return { pool: new WorkerPool(workers), storeOk, ...(errors[0] ? { storeError: errors[0] } : {}) };
  }

  /** Runs every file once, spread over the workers; resolves with results in completion order. */
  async run(files: string[], onDone?: (d: DoneMsg) => void): Promise<DoneMsg[]> {
    const queue = [...files];
    const results: DoneMsg[] = [];
    await Promise.all(
      this.workers.map(async (w) => {
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          const p = waitFor(w);
          w.child.send({ type: 'file', path } satisfies ToWorker);
          const m = await p;
          if (m.type === 'done') {
            results.push(m);
            onDone?.(m);
          }
        }
      }),
    );
    return results;
  }

  async stats(): Promise<StatsMsg[]> {
    return Promise.all(
      this.workers.map(async (w) => {
        const p = waitFor(w);
        w.child.send({ type: 'stats' } satisfies ToWorker);
        return (await p) as StatsMsg;
      }),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              w.child.kill();
              resolve();
            }, 10_000);
            w.child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            w.child.send({ type: 'exit' } satisfies ToWorker);
          }),
      ),
    );
  }
}
