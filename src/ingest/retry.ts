// Retrying one failed file of a run from the web page, once the file has been fixed: its path is
// read again (the fixed file has new bytes, so a new sha256 and a new source; the broken source
// keeps its reason), as a small run of its own (kind retry, retry_of the original run) through
// the same import loop. A failed archive entry is read again from its archive; a failed archive
// (refused as a whole) is opened again with all its entries.
import type { Db } from '../store/db.js';
import type { RunFile, RunMode } from '../store/import-runs.js';
import { splitArchivePath } from '../store/sources.js';
import type { Dispatcher } from './run.js';
import { runImport } from './run.js';
import { RunRecorder } from './run-record.js';
import type { ImportSummary } from './summary.js';

export interface RetryOptions {
  db: Db;
  /** The web page's user. */
  by: string;
  mode: RunMode;
  /** Hands the job over: the server's own thread (embedded) or the queue (workers). */
  dispatcher: Dispatcher;
}

export class RetryError extends Error {}

/** What a failed row's path is read from, and which found paths belong to it. */
export function retryTarget(path: string): { input: string; select: (p: string) => boolean } {
  const entry = splitArchivePath(path);
  if (entry) return { input: entry.archive, select: (p) => p === path };
  // A plain file, or an archive refused as a whole whose entries come out now.
  return { input: path, select: (p) => p === path || p.startsWith(`${path}!`) };
}

/**
 * Starts the retry run and returns its id at once; `done` settles when its file has been
 * processed (embedded) or enqueued (queue mode: a worker records the outcome).
 */
export async function retryFile(file: RunFile, opts: RetryOptions): Promise<{ runId: number; done: Promise<ImportSummary> }> {
  if (file.outcome !== 'failed') throw new RetryError('only a failed file can be retried');
  const { input, select } = retryTarget(file.path);
  const record = await RunRecorder.start(opts.db, { kind: 'retry', mode: opts.mode, startedBy: opts.by, inputs: [file.path], retryOf: file.runId });
  const done = runImport([input], { db: opts.db, dispatcher: opts.dispatcher, record, select }).then(async (summary) => {
    // Nothing found at the path any more (an entry gone from its archive): say so on the run.
    if (summary.files === 0) {
      await record.file({ path: file.path, outcome: 'failed', reason: `${file.path}: not found (no longer in its archive, or removed)` });
      await record.flush();
    }
    return summary;
  });
  return { runId: record.runId, done };
}
