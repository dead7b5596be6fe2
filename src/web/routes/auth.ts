// Sign-in and sign-out. Attempts are rate-limited per client address; an unknown user costs the
// same scrypt work as a wrong password, so timing does not reveal which names exist.
import type { FastifyInstance } from 'fastify';
import { getUserByName } from '../../store/web-queries.js';
import { field, type WebContext } from '../context.js';
import { hashPassword, verifyPassword } from '../password.js';
import { CSRF_COOKIE, encodeSession, safeNext, SESSION_COOKIE, SESSION_MAX_AGE_S } from '../session.js';

export async function registerAuth(app: FastifyInstance, ctx: WebContext, limit: { max: number; timeWindow: number | string }): Promise<void> {
  const dummyHash = await hashPassword(`not-a-password-${Math.random()}`);

  app.get('/login', (req, reply) => {
    const next = safeNext(field(req.query, 'next'));
    return ctx.page(req, reply, 'login', { title: 'Đăng nhập', next, name: '', error: null });
  });

  app.post('/login', { config: { rateLimit: { max: limit.max, timeWindow: limit.timeWindow } } }, async (req, reply) => {
    const name = field(req.body, 'name').normalize('NFC').trim();
    const password = field(req.body, 'password');
    const next = safeNext(field(req.body, 'next'));
    const user = name ? await getUserByName(ctx.db, name) : null;
    const ok = await verifyPassword(password, user?.passwordHash ?? dummyHash);
    if (!user || !ok || user.disabled) {
      req.log.warn({ name }, 'failed sign-in');
      return ctx.page(req, reply, 'login', { title: 'Đăng nhập', next, name, error: 'Sai tên đăng nhập hoặc mật khẩu.' }, 401);
    }
    reply.setCookie(SESSION_COOKIE, encodeSession({ uid: user.id, iat: Math.floor(Date.now() / 1000) }), {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: 'auto',
      path: '/',
      maxAge: SESSION_MAX_AGE_S,
    });
    // A fresh CSRF secret after sign-in, so a token planted before sign-in is worthless.
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.redirect(next, 303);
  });

  app.post('/logout', (_req, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
}
