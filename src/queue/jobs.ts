// Job options and payloads of the two queues. Payloads are zod-validated on both ends.
import type { DefaultJobOptions } from 'bullmq';
import { z } from 'zod';
export { IngestJobSchema, type IngestJob } from '../ingest/job.js';

export const ScanJobSchema = z.object({
  /** Absolute folder polled by a `watch`. */
  folder: z.string().min(1),
});
export type ScanJob = z.infer<typeof ScanJobSchema>;

export const INGEST_ATTEMPTS = 6;

/**
 * Transient faults (database or Redis unreachable) retry with exponential backoff: 2 s, 4 s, 8 s,
 * 16 s, 32 s. Bad input never reaches this: it fails at once with UnrecoverableError. Finished jobs
 * are trimmed; the sources table keeps the lasting record.
 */
export const INGEST_JOB_OPTIONS: DefaultJobOptions = {
  attempts: INGEST_ATTEMPTS,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 10_000 },
};

export const SCAN_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 500 },
};
