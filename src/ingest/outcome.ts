// Records what extraction came to: the report stored (one transaction), or the failure reason on
// the source. Database errors propagate, so the caller can retry.
import { EXTRACTOR_VERSION } from '../../schemas/record.js';
import type { Db } from '../store/db.js';
import { storeReport } from '../store/reports.js';
import { markFailed } from '../store/sources.js';
import type { ExtractOutcome, IngestJob, JobResult } from './job.js';

export async function storeOutcome(db: Db, job: IngestJob, outcome: ExtractOutcome): Promise<JobResult> {
  if (outcome.kind === 'ok') {
    const stored = await storeReport(db, outcome.record, { paths: job.paths, fromPipeline: outcome.fromPipeline });
    return {
      sha256: job.sha256,
      path: outcome.path,
      status: 'done',
      reportId: stored.reportId,
      openConflicts: stored.conflicts.open,
      warnings: outcome.warnings,
    };
  }
  await markFailed(db, job.sha256, outcome.reason, { permanent: true, extractorVersion: EXTRACTOR_VERSION });
  return { sha256: job.sha256, path: outcome.path ?? job.paths[0]!, status: 'failed', reason: outcome.reason };
}
