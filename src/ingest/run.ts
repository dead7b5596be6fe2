// The import loop shared by embedded and queue mode: discover files, record each sighting, skip
// what is already done, hand the rest to a dispatcher (thread pool or BullMQ), tally the results.
import { EXTRACTOR_VERSION } from '../../schemas/record.js';
import type { Db } from '../store/db.js';
import { addPaths, decide, markQueued, recordSighting } from '../store/sources.js';
import { countFiles, discover, type DiscoverOptions } from './discover.js';
import type { IngestJob, JobResult } from './job.js';
import { silentProgress, type Progress } from './progress.js';
import { ImportSummary } from './summary.js';

export interface Dispatcher {
  /**
   * Hands over one job; resolves once accepted (it may wait for room: backpressure). 'running'
   * means `onDone` will be called when the job finishes; 'queued' means it will not (--no-wait).
   */
  submit(job: IngestJob, onDone: (r: JobResult) => void): Promise<'running' | 'queued'>;
  /** Resolves when every running job has called onDone. */
  drain(): Promise<void>;
}

export interface ImportOptions extends DiscoverOptions {
  db: Db;
  dispatcher: Dispatcher;
  progress?: Progress;
  extractorVersion?: string;
}

export async function runImport(inputs: string[], opts: ImportOptions): Promise<ImportSummary> {
  const { db, dispatcher } = opts;
  const progress = opts.progress ?? silentProgress;
  const version = opts.extractorVersion ?? EXTRACTOR_VERSION;
  const summary = new ImportSummary();
  let looked = 0;
  const tick = () => progress.update(++looked, summary);

  progress.start(await countFiles(inputs, opts));
  // One job per content in a run: a copy seen at a second path only adds that path.
  const firstPath = new Map<string, string>();
  try {
    for await (const found of discover(inputs, opts)) {
      if (found.kind === 'skip') {
        summary.skip(found.path, found.reason);
        tick();
        continue;
      }
      if (found.kind === 'fail') {
        summary.fail(found.path, found.reason);
        tick();
        continue;
      }
      const first = firstPath.get(found.sha256);
      if (first !== undefined) {
        await addPaths(db, found.sha256, [found.path]);
        summary.skip(found.path, `same content as ${first}`, found.sha256);
        tick();
        continue;
      }
      firstPath.set(found.sha256, found.path);
      const row = await recordSighting(db, { sha256: found.sha256, format: found.format, size: found.size, paths: [found.path] });
      const d = decide(row, version);
      if (d.action === 'skip') {
        summary.skip(found.path, d.reason, found.sha256);
        tick();
        continue;
      }
      await markQueued(db, found.sha256);
      const job: IngestJob = { sha256: found.sha256, paths: [found.path], format: found.format, size: found.size };
      const how = await dispatcher.submit(job, (r) => {
        summary.finished(r);
        tick();
      });
      if (how === 'queued') {
        summary.enqueued(found.path, found.sha256);
        tick();
      }
    }
    await dispatcher.drain();
  } finally {
    progress.stop();
  }
  return summary;
}
