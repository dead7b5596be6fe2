// The import loop shared by embedded and queue mode: discover files, record each sighting, skip
// what is already done, hand the rest to a dispatcher (thread pool or BullMQ), tally the results.
import { EXTRACTOR_VERSION } from '../../schemas/record.js';
import type { Db } from '../store/db.js';
import { addPaths, decide, markQueued, recordSighting } from '../store/sources.js';
import { countFiles, discover, type DiscoverOptions } from './discover.js';
import type { IngestJob, JobResult } from './job.js';
import { silentProgress, type Progress } from './progress.js';
import type { RunRecorder } from './run-record.js';
import { ImportSummary } from './summary.js';

export interface Dispatcher {
  /**
   * Hands over one job; resolves once accepted (it may wait for room: backpressure). 'running'
   * means `onDone` will be called when the job finishes; 'queued' means it will not (--no-wait).
   */
  submit(job: IngestJob, onDone: (r: JobResult) => void): Promise<'running' | 'queued'>;
  /** Resolves when every running job has called onDone. */
  drain(): Promise<void>;
  /**
   * Jobs run elsewhere (queue workers), which record each outcome on the runs waiting for it; the
   * loop then writes a 'pending' row before each job. Otherwise the loop records what onDone says.
   */
  readonly workersRecordRuns?: boolean;
}

export interface ImportOptions extends DiscoverOptions {
  db: Db;
  dispatcher: Dispatcher;
  progress?: Progress;
  extractorVersion?: string;
  /** Where each file's outcome is recorded for the imports page (store/import-runs.ts). */
  record?: RunRecorder;
  /** Only found paths this accepts are imported (a retry of one entry of an archive); the rest are not looked at. */
  select?: (path: string) => boolean;
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
  const rec = opts.record;
  try {
    for await (const found of discover(inputs, opts)) {
      if (opts.select && !opts.select(found.path)) continue;
      if (found.kind === 'skip') {
        summary.skip(found.path, found.reason);
        await rec?.file({ path: found.path, outcome: 'skipped', reason: found.reason });
        tick();
        continue;
      }
      if (found.kind === 'fail') {
        summary.fail(found.path, found.reason);
        await rec?.file({ path: found.path, outcome: 'failed', reason: found.reason });
        tick();
        continue;
      }
      const first = firstPath.get(found.sha256);
      if (first !== undefined) {
        await addPaths(db, found.sha256, [found.path]);
        summary.skip(found.path, `same content as ${first}`, found.sha256);
        await rec?.file({ path: found.path, sha256: found.sha256, outcome: 'skipped', reason: `same content as ${first}` });
        tick();
        continue;
      }
      firstPath.set(found.sha256, found.path);
      const row = await recordSighting(db, { sha256: found.sha256, format: found.format, size: found.size, paths: [found.path] });
      const d = decide(row, version);
      if (d.action === 'skip') {
        summary.skip(found.path, d.reason, found.sha256);
        await rec?.file({ path: found.path, sha256: found.sha256, outcome: 'skipped', reason: d.reason });
        tick();
        continue;
      }
      await markQueued(db, found.sha256);
      // Queue mode: the row before the job, so the worker that finishes it finds it.
      if (dispatcher.workersRecordRuns) await rec?.pending(found.path, found.sha256);
      const job: IngestJob = { sha256: found.sha256, paths: [found.path], format: found.format, size: found.size };
      const how = await dispatcher.submit(job, (r) => {
        summary.finished(r);
        // A write error here surfaces when the run is submitted (the chain stays failed).
        if (!dispatcher.workersRecordRuns) rec?.jobDone(r).catch(() => undefined);
        tick();
      });
      if (how === 'queued') {
        summary.enqueued(found.path, found.sha256);
        tick();
      }
    }
    // Queue mode: submitted before waiting, so the worker that finishes the last job ends the run
    // (also with --no-wait). Embedded: the outcomes are the loop's own, heard while draining.
    if (dispatcher.workersRecordRuns) await rec?.submitted();
    await dispatcher.drain();
    if (!dispatcher.workersRecordRuns) await rec?.submitted();
  } catch (e) {
    await rec?.failed((e as Error)?.message?.split('\n')[0] ?? String(e));
    throw e;
  } finally {
    progress.stop();
  }
  return summary;
}
