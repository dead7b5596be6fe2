// Bull Board for admins when REDIS_URL is set (CI sets it; skipped without Redis).
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeEnv, type WebEnv } from './web.helpers.js';

const REDIS_URL = process.env.REDIS_URL;

describe.skipIf(!REDIS_URL)('Bull Board', () => {
  let env: WebEnv;
  let queue: Queue;
  const name = `sohoa-web-test-${process.pid}`;

  beforeAll(async () => {
    const url = new URL(REDIS_URL!);
    // Under the prefix sohoa's own queues use (SOHOA_QUEUE_PREFIX, default "sohoa").
    queue = new Queue(name, { connection: { host: url.hostname, port: Number(url.port || 6379) }, prefix: process.env.SOHOA_QUEUE_PREFIX || 'sohoa' });
    await queue.waitUntilReady();
    env = await makeEnv({ redisUrl: REDIS_URL! });
  }, 120_000);
  afterAll(async () => {
    await env?.cleanup();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
  });

  it('is shown to admins with the queues found in Redis, and refused to reviewers', async () => {
    const admin = new Client(env.app);
    await admin.login('quan.tri');
    const page = await admin.get('/admin/queues');
    expect(page.statusCode).toBe(200);
    const api = await admin.get('/admin/queues/api/queues');
    expect(api.statusCode).toBe(200);
    expect(api.body).toContain(name);
    expect(api.body).toContain('"ingest"');

    const reviewer = new Client(env.app);
    await reviewer.login('lan.nguyen');
    expect((await reviewer.get('/admin/queues')).statusCode).toBe(403);
    expect((await reviewer.get('/admin/queues/api/queues')).statusCode).toBe(403);
  });
});
