// `sohoa watch add FOLDER --every 15m | list | remove ID`: scheduled polling of folders, as BullMQ
// job schedulers (queue mode). Workers run the scans; only this command writes the schedules.
import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { queueConfigFromEnv, SetupError, setupErrorExit, type QueueConfig } from '../../queue/connection.js';
import { addWatch, formatDuration, listWatches, parseDuration, removeWatch, scanQueue } from '../../queue/schedules.js';
import { failAndExit } from '../output.js';
import { createLogger } from '../../log.js';

/** What `watch` changed, as a log record (JSON on a non-terminal; on a terminal stdout says it). */
const watchLog = () => createLogger({ role: 'watch' });

function needQueue(): QueueConfig {
  const config = queueConfigFromEnv();
  if (!config) throw new SetupError('`sohoa watch` needs REDIS_URL (queue mode): scans are scheduled jobs run by `sohoa worker`');
  return config;
}

async function withQueue<T>(fn: (q: ReturnType<typeof scanQueue>) => Promise<T>): Promise<T> {
  const q = scanQueue(needQueue());
  try {
    return await fn(q);
  } finally {
    await q.close();
  }
}

export function register(program: Command): void {
  const watch = program.command('watch').description('poll folders on a schedule and import new or changed files (queue mode)');

  watch
    .command('add')
    .description('watch a folder (adding it again changes its interval)')
    .argument('<folder>')
    .option('--every <duration>', 'how often to scan: 30s, 15m, 2h, 1d', '15m')
    .option('--json', 'print the watch as JSON')
    .action(async (folder: string, opts: { every: string; json?: boolean }) => {
      try {
        const abs = resolve(folder);
        if (!(await stat(abs)).isDirectory()) throw new SetupError(`${abs} is not a folder`);
        const w = await withQueue((q) => addWatch(q, abs, parseDuration(opts.every)));
        watchLog().info({ stage: 'watch', watchId: w.id, folder: w.folder, everyMs: w.everyMs }, 'watch added');
        process.stdout.write(opts.json ? `${JSON.stringify(w)}\n` : `${w.id}  every ${formatDuration(w.everyMs)}  ${w.folder}\n`);
      } catch (e) {
        setupErrorExit(e, failAndExit);
      }
    });

  watch
    .command('list')
    .description('list watched folders')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      try {
        const all = await withQueue(listWatches);
        if (opts.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        else if (all.length === 0) process.stdout.write('no watched folders\n');
        else
          for (const w of all)
            process.stdout.write(`${w.id}  every ${formatDuration(w.everyMs).padEnd(5)}  next ${w.next?.toISOString() ?? '-'}  ${w.folder}\n`);
      } catch (e) {
        setupErrorExit(e, failAndExit);
      }
    });

  watch
    .command('remove')
    .description('stop watching (imported data stays)')
    .argument('<id>', 'watch id from `sohoa watch list`')
    .action(async (id: string) => {
      try {
        if (!(await withQueue((q) => removeWatch(q, id)))) throw new SetupError(`no watch ${id}`);
        watchLog().info({ stage: 'watch', watchId: id }, 'watch removed');
        process.stdout.write(`removed ${id}\n`);
      } catch (e) {
        setupErrorExit(e, failAndExit);
      }
    });
}
