// `sohoa status [--json]`: sources by status (and the latest failures), the latest import runs and
// scans, plus queue depths and failed jobs in queue mode.
import type { Command } from 'commander';
import { queueConfigFromEnv } from '../../queue/connection.js';
import { queueStatus, type QueueStatus } from '../../queue/status.js';
import { describeStore, openStore, storeConfigFromEnv } from '../../store/open.js';
import { listFailedSources, sourceCounts, type FailedSource, type SourceCounts } from '../../store/sources.js';
import { listRuns, type ImportRun } from '../../store/import-runs.js';
import { failAndExit } from '../output.js';

export interface StatusReport {
  store: string;
  mode: 'embedded' | 'queue';
  sources: SourceCounts;
  failedSources: FailedSource[];
  /** The latest import runs, scans and retries (the imports page has them all). */
  runs: ImportRun[];
  queue: QueueStatus | null;
}

export async function collectStatus(env: NodeJS.ProcessEnv = process.env, failedLimit = 20): Promise<StatusReport> {
  const storeConfig = storeConfigFromEnv(env);
  const queueConfig = queueConfigFromEnv(env);
  const db = await openStore(storeConfig);
  try {
    return {
      store: describeStore(storeConfig),
      mode: queueConfig ? 'queue' : 'embedded',
      sources: await sourceCounts(db),
      failedSources: await listFailedSources(db, failedLimit),
      runs: await listRuns(db, { limit: 5 }),
      queue: queueConfig ? await queueStatus(queueConfig, failedLimit) : null,
    };
  } finally {
    await db.close();
  }
}

export function formatStatus(s: StatusReport): string {
  const out: string[] = [`store: ${s.store} (${s.mode} mode)`, ''];
  out.push('sources', ...(['done', 'failed', 'queued', 'processing', 'total'] as const).map((k) => `  ${k.padEnd(11)} ${String(s.sources[k]).padStart(7)}`));
  if (s.queue) {
    out.push('', 'queues      waiting  active  delayed  failed  completed  workers');
    for (const q of s.queue.queues)
      out.push(
        `  ${q.name.padEnd(8)} ${String(q.waiting + q.prioritized).padStart(8)} ${String(q.active).padStart(7)} ${String(q.delayed).padStart(8)} ${String(q.failed).padStart(7)} ${String(q.completed).padStart(10)} ${String(q.workers).padStart(8)}${q.paused ? '  (paused)' : ''}`,
      );
    out.push(`  watched folders: ${s.queue.watches}`);
    if (s.queue.failed.length) {
      out.push('', 'failed jobs');
      for (const f of s.queue.failed) out.push(`  [${f.queue}] ${f.path ?? f.id}: ${f.reason}`);
    }
  }
  if (s.runs.length) {
    out.push('', 'latest runs (all of them, with each failed file: the web page, /admin/imports)');
    for (const r of s.runs) {
      const state = r.error ? `stopped: ${r.error}` : r.endedAt ? `ended in ${Math.round((r.durationMs ?? 0) / 1000)}s` : r.submittedAt ? `${r.pending} pending` : 'looking at files';
      out.push(
        `  #${r.id} ${r.kind.padEnd(6)} ${r.startedAt.toISOString().slice(0, 16).replace('T', ' ')}  ${r.startedBy}: ${r.files} files, ${r.imported} imported, ${r.skipped} skipped, ${r.failed} failed (${state})`,
      );
    }
  }
  if (s.failedSources.length) {
    out.push('', 'failed sources (newest first)');
    for (const f of s.failedSources) out.push(`  ${f.reason ?? `${f.path ?? f.sha256}: unknown`}${f.permanent ? '' : '  (will be retried by the next import)'}`);
  }
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('status')
    .description('sources by status, latest failures with reasons, and (queue mode) queue depths and failed jobs')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      try {
        const s = await collectStatus();
        process.stdout.write(opts.json ? `${JSON.stringify(s, null, 2)}\n` : formatStatus(s));
      } catch (e) {
        failAndExit(e);
      }
    });
}
