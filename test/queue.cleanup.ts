// Test helper for the integration tests against the real Redis and PostgreSQL: each test runs in
// its own queue prefix and schema, and removes both afterwards.
import { Queue } from 'bullmq';
import { connection, type QueueConfig } from '../src/queue/connection.js';
import { openPg } from '../src/store/pg.js';

/** Removes the test's queues (every job and key under its prefix). */
export async function obliterateQueues(names: string[], queue: QueueConfig): Promise<void> {
  for (const name of names) {
    const q = new Queue(name, { connection: connection(queue, 'worker'), prefix: queue.prefix });
    await q.obliterate({ force: true }).catch(() => undefined);
    await q.close().catch(() => undefined);
  }
}

/** Drops the test's PostgreSQL schema. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const admin = await openPg({ connectionString: databaseUrl });
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.close();
}
