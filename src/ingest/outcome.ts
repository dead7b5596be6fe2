// Records what extraction came to: the report stored (one transaction), or the failure reason on
// the source. Database errors propagate, so the caller can retry.
import { EXTRACTOR_VERSION } from '../../schemas/record.js';
import type { Db } from '../store/db.js';
import { storeReport } from '../store/reports.js';
import { markFailed } from '../store/sources.js';
import type { ExtractOutcome, IngestJob, JobResult } from './job.js';

/** A UTF-16 surrogate without its other half: no character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and a damaged file's text can: one NUL in a record
 * failed its file with "unsupported Unicode escape sequence" (fuzz, issue 16). NULs are dropped from
 * every string of the record (they carry nothing a reader shows). A lone surrogate (a damaged .doc's
 * UTF-16 text cut inside a pair) failed its file with "invalid input syntax for type json" (fuzz
 * seed 18): it becomes U+FFFD, the replacement character, as a UTF-8 decoder would make it.
 */
export function withoutNul<T>(v: T): T {
  if (typeof v === 'string') {
    let s: string = v.includes('\u0000') ? v.replace(/\u0000/g, '') : v;
    if (/[\uD800-\uDFFF]/.test(s)) s = s.replace(LONE_SURROGATE, '\uFFFD');
    return (s === v ? v : s) as T;
  }
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    v.forEach((x, i) => {
      const y = withoutNul(x);
      if (y !== x) (out ??= [...v])[i] = y;
    });
    return (out ?? v) as T;
  }
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    let out: Record<string, unknown> | null = null;
    for (const [k, x] of Object.entries(v)) {
      const y = withoutNul(x);
      if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
    }
    return (out ?? v) as T;
  }
  return v;
}

export async function storeOutcome(db: Db, job: IngestJob, outcome: ExtractOutcome): Promise<JobResult> {
  const t0 = performance.now();
  const timings = () => ({ ...outcome.timings, store: Math.round(performance.now() - t0) });
  if (outcome.kind === 'ok') {
    const stored = await storeReport(db, withoutNul(outcome.record), { paths: job.paths, fromPipeline: outcome.fromPipeline });
    return {
      sha256: job.sha256,
      path: outcome.path,
      status: 'done',
      reportId: stored.reportId,
      openConflicts: stored.conflicts.open,
      warnings: outcome.warnings,
      timings: timings(),
    };
  }
  await markFailed(db, job.sha256, withoutNul(outcome.reason), { permanent: true, extractorVersion: EXTRACTOR_VERSION });
  return { sha256: job.sha256, path: outcome.path ?? job.paths[0]!, status: 'failed', reason: outcome.reason, timings: timings() };
}
