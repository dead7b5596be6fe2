// Embedded mode's parser (a child process, or a worker thread): extracts one job at a time for
// src/ingest/pool.ts. Storing happens on the main thread (PGlite has a single connection in a
// single thread).
import { extractJob } from '../src/ingest/extract.js';
import type { ExtractOutcome, IngestJob } from '../src/ingest/job.js';
import { parserData, serveThread } from '../src/ingest/pool.js';

const opts = (parserData() ?? {}) as { maxBytes?: number };

serveThread<IngestJob, ExtractOutcome>((job) => extractJob(job, opts.maxBytes ? { maxBytes: opts.maxBytes } : {}));
