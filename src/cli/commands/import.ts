// `sohoa import PATH… [--json] [--no-wait]`: files, folders (recursively) and .zip archives into the
// record store. Embedded (thread pool + PGlite/PostgreSQL) without REDIS_URL; with it, jobs go to
// the queue and the command waits for the workers unless --no-wait.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EmbeddedDispatcher, createRunner, limitHeapGrowth } from '../../ingest/embedded.js';
import { createProgress, logProgress, silentProgress } from '../../ingest/progress.js';
import { runImport, type Dispatcher } from '../../ingest/run.js';
import type { ImportSummary } from '../../ingest/summary.js';
import { cliUser, RunRecorder } from '../../ingest/run-record.js';
import { closeAbandonedRuns } from '../../store/import-runs.js';
import { queueConfigFromEnv, SetupError, setupErrorExit } from '../../queue/connection.js';
import { QueueDispatcher, ingestQueue } from '../../queue/producer.js';
import { describeStore, openStore, storeConfigFromEnv } from '../../store/open.js';
import { failAndExit, parseLogFormat } from '../output.js';
import { createLogger, resolveFormat, silentLogger, type Logger } from '../../log.js';
import { processMetrics } from '../../metrics.js';

export interface ImportCommandOptions {
  json?: boolean;
  /** commander's --no-wait sets wait=false. */
  wait?: boolean;
  threads?: number;
  maxBytes?: number;
  progress?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Plain lines instead of the logger (tests); job records then go to `logger` or nowhere. */
  log?: (line: string) => void;
  /** Structured logger (default: role import on stderr, --log-format / SOHOA_LOG_LEVEL). */
  logger?: Logger;
  logFormat?: string;
  /** Called once the run is recorded, with a way to end it as interrupted (the CLI's Ctrl-C). */
  onRun?: (run: { id: number; interrupted: () => Promise<void> }) => void;
}

export async function importPaths(paths: string[], opts: ImportCommandOptions = {}): Promise<ImportSummary> {
  const env = opts.env ?? process.env;
  const logger = opts.logger ?? (opts.log ? silentLogger : createLogger({ role: 'import', format: opts.logFormat, env }));
  const log = opts.log ?? ((l: string) => logger.info(l));
  const storeConfig = storeConfigFromEnv(env);
  const queueConfig = queueConfigFromEnv(env);
  if (queueConfig && !storeConfig.databaseUrl)
    throw new SetupError('queue mode (REDIS_URL) needs DATABASE_URL too: workers cannot share the embedded database');
  const db = await openStore(storeConfig);
  const json = !opts.logger && !opts.log && resolveFormat(opts.logFormat, process.stderr, env) === 'json';
  const progress = opts.progress === false ? silentProgress : json ? logProgress(logger) : createProgress();
  const discoverOpts = opts.maxBytes ? { maxBytes: opts.maxBytes } : {};
  let dispatcher: Dispatcher;
  let cleanup: () => Promise<void>;
  try {
    if (queueConfig) {
      const queue = ingestQueue(queueConfig);
      const d = await QueueDispatcher.create(queue, db, queueConfig, opts.wait !== false);
      dispatcher = d;
      cleanup = async () => {
        await d.close();
        await queue.close();
      };
      log(`queue mode: jobs to Redis (prefix ${queueConfig.prefix}), records in ${describeStore(storeConfig)}`);
    } else {
      const runner = createRunner({
        ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
        ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}),
      });
      dispatcher = new EmbeddedDispatcher(db, runner.run, Math.max(1, runner.threads) * 2, 2, { log: logger, metrics: processMetrics('import') });
      cleanup = runner.close;
      log(`embedded mode: ${runner.threads ? `${runner.threads} parser processes` : 'parsing on the main thread'}, records in ${describeStore(storeConfig)}`);
    }
  } catch (e) {
    await db.close();
    throw e;
  }
  try {
    const t0 = performance.now();
    // The run on the admins' imports page. An embedded store's lock means no other import is
    // running, so a run still open there was cut short (Ctrl-C, kill).
    if (!queueConfig) await closeAbandonedRuns(db);
    const record = await RunRecorder.start(db, { kind: 'import', mode: queueConfig ? 'queue' : 'embedded', startedBy: cliUser(env), inputs: paths.map((p) => resolve(p)) });
    opts.onRun?.({ id: record.runId, interrupted: () => record.failed('interrupted') });
    const summary = await runImport(paths, { db, dispatcher, progress, record, ...discoverOpts });
    const { files, imported, skipped, failed, flagged, queued } = summary.toJSON();
    logger.info({ stage: 'import', runId: record.runId, durationMs: Math.round(performance.now() - t0), files, imported, skipped, failed, flagged, queued }, 'import finished');
    return summary;
  } finally {
    await cleanup().catch(() => undefined);
    await db.close();
  }
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'import report files, folders (recursively) and .zip archives into the record store; files already imported are skipped. ' +
        'Exit code 2 when some files failed (each listed with its reason).',
    )
    .argument('<paths...>', 'files, folders or .zip archives')
    .option('--json', 'print {"files","imported","skipped","failed","flagged","queued","details"} as JSON')
    .option('--no-wait', 'queue mode: enqueue the jobs and return without waiting for the workers')
    .option('--threads <n>', 'embedded mode: parser processes (default: one per core; 0 parses on the main thread)', (v) => Number.parseInt(v, 10))
    .option('--max-bytes <n>', 'largest file to read (bytes)', (v) => Number.parseInt(v, 10))
    .option('--log-format <format>', 'json (one JSON object a line on stderr) or pretty; default pretty on a terminal, else json', parseLogFormat)
    .action(async (paths: string[], opts: { json?: boolean; wait?: boolean; threads?: number; maxBytes?: number; logFormat?: string }) => {
      try {
        // This process imports until it is done: keep its heaps near what they hold (see embedded.ts).
        limitHeapGrowth();
        // Ctrl-C or a kill: the run is marked interrupted on the imports page before the process
        // ends (jobs already enqueued still finish on the workers and count on the run).
        let stopping = false;
        const onRun = (run: { interrupted: () => Promise<void> }) => {
          const stop = (sig: NodeJS.Signals) => {
            if (stopping) process.exit(130);
            stopping = true;
            void run.interrupted().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        };
        const summary = await importPaths(paths, { ...opts, onRun });
        process.stdout.write(opts.json ? `${JSON.stringify(summary.toJSON(), null, 2)}\n` : summary.format());
        if (summary.failed > 0) process.exitCode = 2;
      } catch (e) {
        setupErrorExit(e, failAndExit);
      }
    });
}
