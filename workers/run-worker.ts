// Standalone worker process (`node dist/workers/run-worker.js`): what `sohoa worker` runs, without
// the CLI. Configured by the environment: REDIS_URL, DATABASE_URL, SOHOA_* (see src/queue/run-worker.ts).
import { runWorkerProcess, workerOptionsFromEnv } from '../src/queue/run-worker.js';

runWorkerProcess(workerOptionsFromEnv()).catch((e: unknown) => {
  process.stderr.write(`sohoa worker: ${(e as Error).message}\n`);
  process.exit(1);
});
