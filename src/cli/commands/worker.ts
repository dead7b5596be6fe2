// `sohoa worker`: processes queued jobs (queue mode: REDIS_URL and DATABASE_URL). Run one per
// machine; it uses every core through sandboxed parser threads.
import type { Command } from 'commander';
import { setupErrorExit } from '../../queue/connection.js';
import { runWorkerProcess, workerOptionsFromEnv } from '../../queue/run-worker.js';
import { parseDuration } from '../../queue/schedules.js';
import { failAndExit, parseLogFormat } from '../output.js';

const int = (v: string) => Number.parseInt(v, 10);

export function register(program: Command): void {
  program
    .command('worker')
    .description('process queued import jobs and scheduled folder scans (needs REDIS_URL and DATABASE_URL)')
    .option('--concurrency <n>', 'parallel jobs = parser threads (default: one per core)', int)
    .option('--max-jobs-per-thread <n>', 'recycle a parser thread after this many jobs (default 200)', int)
    .option('--max-heap-mb <n>', 'recycle a parser thread whose heap passes this; the hard V8 limit is the larger of 1024 MB and twice this (default 192)', int)
    .option('--shutdown-timeout <duration>', 'on SIGTERM/SIGINT, wait this long for running jobs (default 30s)', parseDuration)
    .option('--metrics-port <n>', 'serve Prometheus /metrics and /healthz on this port (no sign-in: keep it on localhost or a monitoring network)', int)
    .option('--metrics-host <host>', 'address for --metrics-port (default 127.0.0.1)')
    .option('--log-format <format>', 'json (one JSON object a line on stderr) or pretty; default pretty on a terminal, else json', parseLogFormat)
    .action(async (opts: { concurrency?: number; maxJobsPerThread?: number; maxHeapMb?: number; shutdownTimeout?: number; metricsPort?: number; metricsHost?: string; logFormat?: string }) => {
      try {
        const fromEnv = workerOptionsFromEnv();
        await runWorkerProcess({
          ...fromEnv,
          ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
          ...(opts.maxJobsPerThread ? { maxJobsPerThread: opts.maxJobsPerThread } : {}),
          ...(opts.maxHeapMb ? { maxHeapMb: opts.maxHeapMb } : {}),
          ...(opts.shutdownTimeout ? { shutdownTimeoutMs: opts.shutdownTimeout } : {}),
          ...(opts.metricsPort !== undefined && Number.isInteger(opts.metricsPort) ? { metricsPort: opts.metricsPort } : {}),
          ...(opts.metricsHost ? { metricsHost: opts.metricsHost } : {}),
          ...(opts.logFormat ? { logFormat: opts.logFormat } : {}),
        });
        // Keeps running until a signal; runWorkerProcess exits the process.
      } catch (e) {
        setupErrorExit(e, failAndExit);
      }
    });
}
