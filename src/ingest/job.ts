// The unit of work, the same in embedded and queue mode: one file content (sha256) and the
// path(s) it can be read from. Never the bytes: a queue holds references, not documents.
import { z } from 'zod';
import { FormatSchema } from '../../schemas/document.js';

export const IngestJobSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Logical paths, absolute; archive entries as "/abs/archive.zip!inner/path.docx". */
  paths: z.array(z.string().min(1)).min(1),
  format: FormatSchema.nullable(),
  size: z.number().int().nonnegative(),
});
export type IngestJob = z.infer<typeof IngestJobSchema>;

/** What extraction of one job came to; crosses thread boundaries (structured clone). */
export type ExtractOutcome =
  | {
      kind: 'ok';
      path: string;
      record: import('../../schemas/record.js').ReportRecord;
      warnings: number;
      /** Made by this build's pipeline (not a caller's own extract function): see StoreOptions.fromPipeline. */
      fromPipeline: boolean;
      timings?: StageTimings;
    }
  | { kind: 'failed'; path: string | null; reason: string; timings?: StageTimings };

/** Milliseconds per stage of a job (logs and metrics): read = find and hash the bytes, extract = parse (OCR included), store. */
export interface StageTimings {
  read?: number;
  extract?: number;
  store?: number;
}

/** What the import summary needs from one finished job. */
export interface JobResult {
  sha256: string;
  path: string;
  status: 'done' | 'failed';
  reason?: string;
  reportId?: number;
  openConflicts?: number;
  warnings?: number;
  /** Where the time went (ms per stage). */
  timings?: StageTimings;
}
