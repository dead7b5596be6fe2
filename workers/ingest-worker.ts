// The sandboxed processor bullmq runs in worker threads (compiled to dist/workers/ingest-worker.js;
// threads cannot load .ts). Each thread keeps its own small PostgreSQL pool.
import type { SandboxedJob } from 'bullmq';
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { JobResult } from '../src/ingest/job.js';
import { HEAP_MESSAGE } from '../src/queue/recycle.js';
import { processIngestJob } from '../src/queue/processor.js';
import type { Db } from '../src/store/db.js';
import { openStore, storeConfigFromEnv } from '../src/store/open.js';

let db: Promise<Db> | undefined;

function store(): Promise<Db> {
  // A failed open (database down) is not cached: the retried job tries again.
  db ??= openStore({ ...storeConfigFromEnv(), poolSize: 2 }).catch((e: unknown) => {
    db = undefined;
    throw e;
  });
  return db;
}

export default async function ingest(job: SandboxedJob): Promise<JobResult> {
  try {
    const maxBytes = Number(process.env.SOHOA_MAX_BYTES) || undefined;
    return await processIngestJob(job.data, {
      db: await store(),
      attemptsMade: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
      ...(maxBytes ? { maxBytes } : {}),
    });
  } finally {
    // Lets the parent recycle this thread once its heap passes the ceiling (src/queue/recycle.ts).
    parentPort?.postMessage({ cmd: HEAP_MESSAGE, heapUsed: getHeapStatistics().used_heap_size });
  }
}
