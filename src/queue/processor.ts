// Queue mode's job processor (run inside a sandboxed worker thread by workers/ingest-worker.ts):
// extract, then store in one transaction. Bad input fails at once (UnrecoverableError carrying the
// InputError line, reason stored on the source); database/file-system faults throw to be retried.
import { UnrecoverableError } from 'bullmq';
import { EXTRACTOR_VERSION } from '../../schemas/record.js';
import { extractJob, type ExtractJobOptions } from '../ingest/extract.js';
import { IngestJobSchema, type JobResult } from '../ingest/job.js';
import { storeOutcome, withoutNul } from '../ingest/outcome.js';
import { recordJobFinished } from '../ingest/run-record.js';
import type { Db } from '../store/db.js';
import { getSourcePaths, markFailed, markProcessing } from '../store/sources.js';

export interface ProcessContext extends ExtractJobOptions {
  db: Db;
  /** Attempts already made before this one (bullmq's job.attemptsMade). */
  attemptsMade: number;
  /** The job's total attempts (job.opts.attempts). */
  attempts: number;
}

export async function processIngestJob(data: unknown, ctx: ProcessContext): Promise<JobResult> {
  const parsed = IngestJobSchema.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`invalid job payload: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  const job = parsed.data;
  const { db, ...extractOpts } = ctx;
  try {
    await markProcessing(db, job.sha256);
    let outcome = await extractJob(job, extractOpts);
    if (outcome.kind === 'failed' && / file not found| no longer in its archive| content changed/.test(outcome.reason)) {
      // The path it was queued from is gone: any other path this content was seen at will do.
      const others = (await getSourcePaths(db, job.sha256)).filter((p) => !job.paths.includes(p));
      if (others.length) outcome = await extractJob({ ...job, paths: others }, extractOpts);
    }
    const result = await storeOutcome(db, job, outcome);
    // The runs waiting for this content (an import, a scan, a retry) get its outcome. A database
    // error here is retried like one in storing (storing again is idempotent).
    await recordJobFinished(db, { ...result, ...(result.reason ? { reason: withoutNul(result.reason) } : {}) });
    if (result.status === 'failed') throw new UnrecoverableError(result.reason ?? 'failed');
    return result;
  } catch (e) {
    if (e instanceof UnrecoverableError) throw e;
    if (ctx.attemptsMade + 1 >= ctx.attempts) {
      // Last attempt: leave the reason where `status` and the next import see it (best effort:
      // the database may be the thing that is down).
      const reason = `${job.paths[0]}: gave up after ${ctx.attempts} attempts (${(e as Error).message?.split('\n')[0]})`;
      await markFailed(db, job.sha256, reason, { permanent: false, extractorVersion: EXTRACTOR_VERSION }).catch(() => undefined);
      await recordJobFinished(db, { sha256: job.sha256, path: job.paths[0]!, status: 'failed', reason }).catch(() => undefined);
    }
    throw e;
  }
}
