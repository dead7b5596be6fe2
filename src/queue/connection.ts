// Queue-mode settings: REDIS_URL turns queue mode on; SOHOA_QUEUE_PREFIX namespaces the Redis keys
// (tests and several deployments can share one Redis).
import type { ConnectionOptions } from 'bullmq';

/** A setup problem (a missing service or setting), reported as one line, not as an internal error. */
export class SetupError extends Error {
  override name = 'SetupError';
}

/** Prints a SetupError as one line and exits 1; anything else goes to the CLI's usual handler. */
export function setupErrorExit(e: unknown, fallback: (e: unknown) => never): never {
  if (e instanceof SetupError) {
    process.stderr.write(`sohoa: ${e.message}\n`);
    process.exit(1);
  }
  return fallback(e);
}

export const INGEST_QUEUE = 'ingest';
export const SCAN_QUEUE = 'scan';

export interface QueueConfig {
  redisUrl: string;
  prefix: string;
}

export function queueConfigFromEnv(env: NodeJS.ProcessEnv = process.env): QueueConfig | null {
  if (!env.REDIS_URL) return null;
  return { redisUrl: env.REDIS_URL, prefix: env.SOHOA_QUEUE_PREFIX || 'sohoa' };
}

/**
 * Connection options for bullmq. Workers need maxRetriesPerRequest null (a blocking connection
 * must wait through a Redis restart instead of failing its command); producers fail fast.
 */
export function connection(config: QueueConfig, role: 'worker' | 'producer'): ConnectionOptions {
  return role === 'worker'
    ? { url: config.redisUrl, maxRetriesPerRequest: null }
    : { url: config.redisUrl, maxRetriesPerRequest: 3, enableOfflineQueue: false };
}
