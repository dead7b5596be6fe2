// The review web server: Fastify with signed-cookie sessions, CSRF tokens on every state-changing
// request, a rate-limited sign-in, server-rendered Vietnamese pages (eta) and admin-only pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import { Eta } from 'eta';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Db } from '../store/db.js';
import { getUserById } from '../store/web-queries.js';
import type { WebContext } from './context.js';
import * as h from './format.js';
import { staticDir, viewsDir } from './paths.js';
import { registerAdmin } from './routes/admin.js';
import { registerApi } from './routes/api.js';
import { registerAuth } from './routes/auth.js';
import { registerImports } from './routes/imports.js';
import { registerReports } from './routes/reports.js';
import { registerReview } from './routes/review.js';
import { registerPageImages } from './routes/page-image.js';
import { CSRF_COOKIE, decodeSession, SESSION_COOKIE } from './session.js';
import { Queue } from 'bullmq';
import { checkHealth, redisPinger } from '../health.js';
import type { Logger } from '../log.js';
import { processMetrics, type Metrics } from '../metrics.js';
import { connection, INGEST_QUEUE, queueConfigFromEnv, SCAN_QUEUE } from '../queue/connection.js';
import { sourceCounts } from '../store/sources.js';

export interface WebOptions {
  db: Db;
  /** Signs session and CSRF cookies (see secret.ts). */
  secret: string;
  /** Mounts Bull Board for admins when set. */
  redisUrl?: string;
  /** Sign-in attempts allowed per client address and window. */
  loginRateLimit?: { max: number; timeWindow: number | string };
  /** Log every request (serve --log). */
  logger?: boolean;
  /** The process's structured logger (role serve): errors always, requests with `logger`. */
  log?: Logger;
  /** Served at /metrics (default: this process's registry). */
  metrics?: Metrics;
}

/** /metrics and /healthz: answered to localhost without a session, else to admins only. */
const OPS_PATHS = new Set(['/metrics', '/healthz']);

function isLocal(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const STATIC_TYPES: Record<string, string> = { 'app.js': 'text/javascript; charset=utf-8', 'app.css': 'text/css; charset=utf-8' };

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function isPublic(path: string): boolean {
  return path === '/login' || path.startsWith('/static/');
}

function wantsJson(req: FastifyRequest): boolean {
  return pathOf(req.url).startsWith('/api/') || /application\/json/.test(String(req.headers.accept ?? '')) && !/text\/html/.test(String(req.headers.accept ?? ''));
}

export async function buildApp(opts: WebOptions): Promise<FastifyInstance> {
  const app = (
    opts.log
      ? Fastify({ loggerInstance: opts.log, logController: new LogController({ disableRequestLogging: !opts.logger }), trustProxy: false, bodyLimit: 1024 * 1024 })
      : Fastify({ logger: opts.logger ?? false, trustProxy: false, bodyLimit: 1024 * 1024 })
  ) as FastifyInstance;
  const eta = new Eta({ views: viewsDir(), cache: true, autoEscape: true, defaultExtension: '.eta' });
  const staticFiles = new Map(Object.keys(STATIC_TYPES).map((f) => [f, readFileSync(join(staticDir(), f))]));

  await app.register(fastifyCookie, { secret: opts.secret });
  await app.register(fastifyFormbody);
  await app.register(fastifyCsrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: 'auto' },
  });
  await app.register(fastifyRateLimit, { global: false });
  app.decorateRequest('user', null);

  const ctx: WebContext = {
    db: opts.db,
    queuesBoard: Boolean(opts.redisUrl),
    page(req, reply, name, data, status = 200) {
      const html = eta.render(name, {
        ...data,
        user: req.user,
        csrf: reply.generateCsrf(),
        path: pathOf(req.url),
        queuesBoard: Boolean(opts.redisUrl),
        h,
      });
      return reply.code(status).type('text/html; charset=utf-8').send(html);
    },
  };

  // Who is asking: every page and API needs a session; admin pages need the admin role; viewers read only.
  app.addHook('onRequest', async (req, reply) => {
    const path = pathOf(req.url);
    if (isPublic(path)) return;
    if (OPS_PATHS.has(path) && isLocal(req.ip)) return;
    const raw = req.cookies[SESSION_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : null;
    const session = unsigned?.valid && unsigned.value ? decodeSession(unsigned.value) : null;
    const row = session ? await getUserById(opts.db, session.uid) : null;
    req.user = row && !row.disabled ? { id: row.id, name: row.name, role: row.role } : null;
    if (!req.user) {
      if (req.method === 'GET' && !path.startsWith('/api/') && !OPS_PATHS.has(path)) {
        return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      }
      return deny(req, reply, 401, 'Bạn cần đăng nhập.');
    }
    if ((path === '/admin' || path.startsWith('/admin/') || OPS_PATHS.has(path)) && req.user.role !== 'admin') {
      return deny(req, reply, 403, 'Trang này chỉ dành cho quản trị viên.');
    }
    if (!SAFE_METHODS.has(req.method) && req.user.role === 'viewer' && path !== '/logout') {
      return deny(req, reply, 403, 'Tài khoản chỉ xem không được thay đổi dữ liệu.');
    }
  });

  // CSRF: every state-changing request carries the token (form field _csrf or header x-csrf-token).
  // Bull Board's own API cannot send our token; it is admin-only, its cookies are SameSite=Lax (not
  // sent on cross-site writes), and a foreign Origin is refused outright.
  app.addHook('preHandler', (req, reply, done) => {
    if (SAFE_METHODS.has(req.method)) return done();
    if (pathOf(req.url).startsWith('/admin/queues/')) {
      const origin = req.headers.origin;
      if (origin && new URL(origin).host !== req.headers.host) {
        void deny(req, reply, 403, 'Yêu cầu từ trang khác bị từ chối.');
        return;
      }
      return done();
    }
    app.csrfProtection(req, reply, done);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    if (!pathOf(req.url).startsWith('/admin/queues')) {
      reply.header('X-Frame-Options', 'DENY');
      reply.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('Cache-Control', 'no-store');
    }
    return payload;
  });

  function deny(req: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
    if (wantsJson(req) || !req.user) {
      if (wantsJson(req)) return reply.code(status).send({ error: message });
      return reply.code(status).type('text/html; charset=utf-8').send(
        eta.render('error', { status, message, user: null, csrf: '', path: pathOf(req.url), queuesBoard: false, h }),
      );
    }
    return ctx.page(req, reply, 'error', { status, message }, status);
  }

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    let message = 'Đã có lỗi trên máy chủ. Vui lòng thử lại hoặc báo quản trị viên.';
    if (err.code?.startsWith('FST_CSRF')) message = 'Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ (CSRF). Tải lại trang rồi thử lại; không có gì bị thay đổi.';
    else if (status === 429) message = 'Bạn đã thử đăng nhập quá nhiều lần. Vui lòng đợi vài phút rồi thử lại.';
    else if (status < 500) message = 'Yêu cầu không hợp lệ.';
    if (status >= 500) req.log.error(err);
    return deny(req, reply, status, message);
  });

  app.setNotFoundHandler((req, reply) => deny(req, reply, 404, 'Không tìm thấy trang này.'));

  app.get('/static/:name', (req, reply) => {
    const name = (req.params as { name: string }).name;
    const body = staticFiles.get(name);
    if (!body) return reply.code(404).send('');
    return reply.type(STATIC_TYPES[name]!).header('Cache-Control', 'public, max-age=300').send(body);
  });

  // Operations: Prometheus metrics and health (store, Redis).
  const metrics = opts.metrics ?? processMetrics('serve');
  metrics.setSourcesSource(async () => ({ ...(await sourceCounts(opts.db)) }));
  const pinger = opts.redisUrl ? redisPinger(opts.redisUrl) : null;
  const queues: Queue[] = [];
  if (opts.redisUrl) {
    const config = queueConfigFromEnv({ ...process.env, REDIS_URL: opts.redisUrl })!;
    for (const name of [INGEST_QUEUE, SCAN_QUEUE]) {
      const q = new Queue(name, { connection: connection(config, 'producer'), prefix: config.prefix });
      q.on('error', () => undefined);
      queues.push(q);
    }
    metrics.setQueueDepthSource(async () => {
      const out: Record<string, Record<string, number>> = {};
      for (const q of queues) out[q.name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
      return out;
    });
  }
  app.addHook('onClose', async () => {
    metrics.setSourcesSource(null);
    metrics.setQueueDepthSource(null);
    await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
    await pinger?.close();
  });
  app.get('/metrics', async (_req, reply) => reply.type(metrics.contentType).header('Cache-Control', 'no-store').send(await metrics.text()));
  app.get('/healthz', async (_req, reply) => {
    const h = await checkHealth({ db: opts.db, redisPing: pinger?.ping });
    return reply.code(h.status === 'ok' ? 200 : 503).header('Cache-Control', 'no-store').send(h);
  });

  await registerAuth(app, ctx, opts.loginRateLimit ?? { max: 10, timeWindow: '5 minutes' });
  registerReview(app, ctx);
  registerPageImages(app, ctx);
  registerReports(app, ctx);
  (await import('./routes/versions.js')).registerVersions(app, ctx);
  (await import('./routes/mentions-search.js')).registerMentionsSearch(app, ctx);
  registerApi(app, ctx);
  await registerAdmin(app, ctx, opts.redisUrl);
  await registerImports(app, ctx, opts.redisUrl);
  return app;
}
