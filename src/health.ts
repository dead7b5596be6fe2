// Health: whether the store and Redis answer, each within a short deadline. Served at /healthz by
// the web server and by `sohoa worker --metrics-port N` (with /metrics), for docker-compose and
// monitoring. 200 when everything configured answers, 503 otherwise.
import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import type { Db } from './store/db.js';
import type { Metrics } from './metrics.js';
import { errLine } from './log.js';

export interface Health {
  status: 'ok' | 'unhealthy';
  store: string;
  /** 'not configured' in embedded mode. */
  redis: string;
}

export interface HealthTargets {
  db: Db;
  /** Pings Redis (absent: embedded mode). */
  redisPing?: (() => Promise<unknown>) | undefined;
  timeoutMs?: number;
}

async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(t: HealthTargets): Promise<Health> {
  const ms = t.timeoutMs ?? 2000;
  const probe = async (fn: () => Promise<unknown>) => {
    try {
      await within(fn(), ms);
      return 'ok';
    } catch (e) {
      return `error: ${errLine(e)}`;
    }
  };
  const [store, redis] = await Promise.all([
    probe(() => t.db.query('select 1')),
    t.redisPing ? probe(t.redisPing) : Promise.resolve('not configured'),
  ]);
  const ok = store === 'ok' && (redis === 'ok' || redis === 'not configured');
  return { status: ok ? 'ok' : 'unhealthy', store, redis };
}

/** A Redis connection kept for health checks: a ping fails at once while Redis is away. */
export function redisPinger(url: string): { ping: () => Promise<unknown>; close: () => Promise<void> } {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, retryStrategy: (n) => Math.min(n * 200, 2000) });
  r.on('error', () => undefined);
  return {
    ping: async () => {
      if (r.status === 'wait' || r.status === 'end') await r.connect();
      return r.ping();
    },
    close: async () => {
      await r.quit().catch(() => r.disconnect());
    },
  };
}

/**
 * A bare HTTP server with /metrics and /healthz (the worker's --metrics-port). No sign-in: bind it
 * to localhost or a monitoring network (the default host is 127.0.0.1).
 */
export async function startMetricsServer(opts: { port: number; host?: string; metrics: Metrics; health: () => Promise<Health> }): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'text/plain', 'method not allowed\n');
    if (path === '/metrics') {
      opts.metrics.text().then(
        (t) => reply(200, opts.metrics.contentType, t),
        (e: unknown) => reply(500, 'text/plain', `${errLine(e)}\n`),
      );
    } else if (path === '/healthz') {
      opts.health().then(
        (h) => reply(h.status === 'ok' ? 200 : 503, 'application/json', `${JSON.stringify(h)}\n`),
        (e: unknown) => reply(503, 'application/json', `${JSON.stringify({ status: 'unhealthy', error: errLine(e) })}\n`),
      );
    } else reply(404, 'text/plain', 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return { server, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
