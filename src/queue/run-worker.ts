// A worker process: starts the workers and turns SIGTERM/SIGINT into a graceful shutdown with a
// deadline (a second signal exits at once; a hung close is cut off by a last-resort timer).
import { availableParallelism } from 'node:os';
import { storeConfigFromEnv } from '../store/open.js';
import { queueConfigFromEnv, SetupError } from './connection.js';
import { startWorkers, type RunningWorkers, type WorkerOptions } from './worker.js';
import { createLogger } from '../log.js';
import { processMetrics } from '../metrics.js';

export interface WorkerProcessOptions extends Omit<WorkerOptions, 'queue' | 'store'> {
  shutdownTimeoutMs?: number;
  /** json | pretty (default: pretty on a terminal). */
  logFormat?: string;
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = Number(env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Worker tuning from the environment (docker-compose sets these); CLI flags override. */
export function workerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerProcessOptions {
  const o: WorkerProcessOptions = {};
  const set = <K extends keyof WorkerProcessOptions>(k: K, v: WorkerProcessOptions[K] | undefined) => {
    if (v !== undefined) o[k] = v;
  };
  set('concurrency', envNumber(env, 'SOHOA_CONCURRENCY'));
  set('maxJobsPerThread', envNumber(env, 'SOHOA_MAX_JOBS_PER_THREAD'));
  set('maxHeapMb', envNumber(env, 'SOHOA_MAX_HEAP_MB'));
  set('lockDurationMs', envNumber(env, 'SOHOA_LOCK_MS'));
  set('stalledIntervalMs', envNumber(env, 'SOHOA_STALLED_MS'));
  set('shutdownTimeoutMs', envNumber(env, 'SOHOA_SHUTDOWN_MS'));
  const port = Number(env.SOHOA_METRICS_PORT);
  if (env.SOHOA_METRICS_PORT && Number.isInteger(port) && port >= 0) o.metricsPort = port;
  return o;
}

export async function runWorkerProcess(opts: WorkerProcessOptions = {}, plainLog?: (line: string) => void): Promise<RunningWorkers> {
  const queue = queueConfigFromEnv();
  if (!queue) throw new SetupError('`sohoa worker` needs REDIS_URL (queue mode); without it `sohoa import` runs embedded');
  const logger = opts.logger ?? createLogger({ role: 'worker', format: opts.logFormat });
  const log = plainLog ?? ((l: string) => logger.info(l));
  const { logFormat: _format, ...workerOpts } = opts;
  const running = await startWorkers({ ...workerOpts, queue, store: storeConfigFromEnv(), logger, metrics: opts.metrics ?? processMetrics('worker'), ...(plainLog ? { log: plainLog } : {}) });
  const deadline = opts.shutdownTimeoutMs ?? 30_000;
  log(`ready (pid ${process.pid}, ${opts.concurrency ?? availableParallelism()} parser threads, queue prefix ${queue.prefix})`);
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (++signals > 1) {
      log(`${sig} again: exiting now`);
      process.exit(130);
    }
    log(`${sig}: finishing running jobs (at most ${Math.round(deadline / 1000)}s)`);
    // Last resort if even the forced close hangs (a thread stuck in native code).
    setTimeout(() => process.exit(1), deadline + 45_000).unref();
    running.close(deadline).then(
      (how) => {
        log(how === 'graceful' ? 'stopped' : 'stopped (forced)');
        process.exit(how === 'graceful' ? 0 : 1);
      },
      (e: unknown) => {
        log(`shutdown error: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return running;
}
