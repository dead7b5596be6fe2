// Bull Board (queue dashboard) for admins, when the ingestion runs on Redis queues. The queues are
// sohoa's own (ingest, scan) plus any others found in Redis under the same prefix (BullMQ keeps a
// "<prefix>:<name>:meta" hash per queue) or named in SOHOA_QUEUES.
import type { FastifyInstance } from 'fastify';
import { INGEST_QUEUE, SCAN_QUEUE, queueConfigFromEnv } from '../queue/connection.js';

async function discoverQueues(redisUrl: string, prefix: string): Promise<string[]> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const names = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*:meta`, 'COUNT', 500);
      cursor = next;
      for (const k of keys) names.add(k.slice(prefix.length + 1, -':meta'.length));
    } while (cursor !== '0');
    return [...names].sort();
  } finally {
    redis.disconnect();
  }
}

export async function mountBullBoard(app: FastifyInstance, redisUrl: string, basePath: string): Promise<void> {
  const [{ Queue }, { createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
    import('bullmq'),
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/fastify'),
  ]);
  // The same key prefix the importer and workers use, and their queues even before the first job.
  const prefix = queueConfigFromEnv({ ...process.env, REDIS_URL: redisUrl })!.prefix;
  const configured = [INGEST_QUEUE, SCAN_QUEUE, ...(process.env.SOHOA_QUEUES ?? '').split(',').map((s) => s.trim()).filter(Boolean)];
  let found: string[] = [];
  try {
    found = await discoverQueues(redisUrl, prefix);
  } catch (e) {
    app.log.warn({ err: e }, 'Bull Board: could not list queues in Redis');
  }
  const url = new URL(redisUrl);
  const connection = {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
    maxRetriesPerRequest: null,
  };
  const open = [...new Set([...configured, ...found])].map((name) => new Queue(name, { connection, prefix }));
  // Each Queue holds a Redis connection; the server's close must not leave them dangling.
  app.addHook('onClose', async () => {
    await Promise.all(open.map((q) => q.close()));
  });
  const queues = open.map((q) => new BullMQAdapter(q));
  const serverAdapter = new FastifyAdapter();
  createBullBoard({ queues, serverAdapter });
  serverAdapter.setBasePath(basePath);
  await app.register(serverAdapter.registerPlugin(), { prefix: basePath });
}
