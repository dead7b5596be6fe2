// Admin-only pages (the auth hook refuses /admin/* to everyone else): users, and Bull Board for the
// ingestion queues when REDIS_URL is set.
import type { FastifyInstance } from 'fastify';
import { listUsers, upsertUser, type Role } from '../../store/web-queries.js';
import { mountBullBoard } from '../bull-board.js';
import { field, NOTICES, type WebContext } from '../context.js';
import { hashPassword } from '../password.js';

const ROLES: Role[] = ['reviewer', 'admin', 'viewer'];

export async function registerAdmin(app: FastifyInstance, ctx: WebContext, redisUrl: string | undefined): Promise<void> {
  app.get('/admin/users', async (req, reply) =>
    ctx.page(req, reply, 'users', { title: 'Người dùng', users: await listUsers(ctx.db), error: null, notice: NOTICES[field(req.query, 'ok')] ?? null }),
  );

  app.post('/admin/users', async (req, reply) => {
    const name = field(req.body, 'name').normalize('NFC').trim();
    const role = field(req.body, 'role') as Role;
    const password = field(req.body, 'password');
    let error: string | null = null;
    if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name)) error = 'Tên đăng nhập gồm 1–64 chữ, số hoặc . _ @ -';
    else if (!ROLES.includes(role)) error = 'Vai trò không hợp lệ.';
    else if (password.length < 8) error = 'Mật khẩu cần ít nhất 8 ký tự.';
    if (error) return ctx.page(req, reply, 'users', { title: 'Người dùng', users: await listUsers(ctx.db), error, notice: null }, 400);
    await upsertUser(ctx.db, { name, role, passwordHash: await hashPassword(password) });
    return reply.redirect('/admin/users?ok=user', 303);
  });

  app.get('/admin/queues-info', (req, reply) =>
    ctx.page(req, reply, 'error', { status: 200, message: redisUrl ? 'Bull Board ở /admin/queues.' : 'Chưa cấu hình REDIS_URL: không có hàng đợi xử lý để hiển thị.' }),
  );

  if (redisUrl) await mountBullBoard(app, redisUrl, '/admin/queues');
}
