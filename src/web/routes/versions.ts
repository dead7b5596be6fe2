// Versions of one report: the review items (unit-periods imported from several files), the
// side-by-side table of what differs, and the reviewer's choices — the version that stands, or one
// field taken from another version — each audited and revertible.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { periodLabel } from '../../export/index.js';
import { chooseVersion, getVersionGroup, listVersionGroups, pickField, revertVersionChoice, StoreError } from '../../store/index.js';
import { currentUser, field, type WebContext } from '../context.js';

/** Fixed notices after a redirect (a code in the URL, never free text). */
const VERSION_NOTICES: Record<string, string> = {
  version: 'Đã chọn bản được dùng; xuất dữ liệu và các kiểm tra giữa các kỳ dùng bản này.',
  field: 'Đã lấy giá trị từ bản khác (ghi vào lịch sử sửa như một lần sửa).',
  revert: 'Đã hoàn tác lựa chọn (ghi thêm một dòng vào lịch sử).',
};

const STATUS_FILTERS = new Set(['open', 'resolved', 'all']);

function idParam(req: FastifyRequest, name = 'id'): number | null {
  const raw = (req.params as Record<string, string>)[name] ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export function registerVersions(app: FastifyInstance, ctx: WebContext): void {
  const notFound = (req: FastifyRequest, reply: FastifyReply) =>
    ctx.page(req, reply, 'error', { status: 404, message: 'Không tìm thấy báo cáo có nhiều bản này.' }, 404);

  /** A refused store operation as a page: what the reviewer can do about it, in Vietnamese. */
  function refused(req: FastifyRequest, reply: FastifyReply, e: StoreError): FastifyReply {
    const status = e.code === 'not_found' ? 404 : e.code === 'conflict' ? 409 : 400;
    let message = 'Yêu cầu không hợp lệ.';
    if (e.code === 'conflict') message = 'Lựa chọn này đã được hoàn tác trước đó.';
    else if (e.code === 'not_found') message = 'Không tìm thấy bản hoặc lựa chọn này.';
    else if (/standing version has no field|unknown field reference/.test(e.message)) message = 'Trường này không lấy riêng được vào bản đang dùng; hãy chọn cả bản kia.';
    else if (/number|date|text|value/i.test(e.message)) message = 'Giá trị này không dùng được cho trường của bản đang dùng (ví dụ chữ trong ô số liệu); hãy chọn cả bản kia hoặc sửa tay.';
    return ctx.page(req, reply, 'error', { status, message }, status);
  }

  app.get('/versions', async (req, reply) => {
    const status = field(req.query, 'status') || 'open';
    if (!STATUS_FILTERS.has(status)) return ctx.page(req, reply, 'error', { status: 400, message: 'Trạng thái phải là open, resolved hoặc all.' }, 400);
    const groups = await listVersionGroups(ctx.db, { ...(status === 'all' ? {} : { status: status as 'open' | 'resolved' }), limit: 500 });
    return ctx.page(req, reply, 'versions', {
      title: 'Báo cáo có nhiều bản',
      status,
      groups: groups.map((g) => ({ ...g, period: g.periodRaw || periodLabel(g) })),
    });
  });

  app.get('/versions/:id', async (req, reply) => {
    const id = idParam(req);
    if (id === null) return notFound(req, reply);
    let detail;
    try {
      detail = await getVersionGroup(ctx.db, id);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'not_found') return notFound(req, reply);
      throw e;
    }
    const g = detail.group;
    return ctx.page(req, reply, 'version', {
      title: `Các bản của báo cáo ${[g.unitKind, g.unitName].filter(Boolean).join(' ')} — ${g.periodRaw || periodLabel(g)}`,
      ...detail,
      period: g.periodRaw || periodLabel(g),
      fileName,
      notice: VERSION_NOTICES[field(req.query, 'ok')] ?? null,
    });
  });

  app.post('/versions/:id/choose', async (req, reply) => {
    const id = idParam(req);
    const reportId = /^\d{1,9}$/.test(field(req.body, 'report')) ? Number(field(req.body, 'report')) : null;
    if (id === null || reportId === null) return notFound(req, reply);
    const user = currentUser(req);
    const reason = field(req.body, 'reason').trim() || 'Chọn bản này làm bản được dùng';
    try {
      await chooseVersion(ctx.db, { groupId: id, reportId, author: user.name, reason });
    } catch (e) {
      if (e instanceof StoreError) return refused(req, reply, e);
      throw e;
    }
    return reply.redirect(`/versions/${id}?ok=version`, 303);
  });

  app.post('/versions/:id/pick', async (req, reply) => {
    const id = idParam(req);
    const fromReportId = /^\d{1,9}$/.test(field(req.body, 'report')) ? Number(field(req.body, 'report')) : null;
    const key = field(req.body, 'key');
    if (id === null || fromReportId === null || !key) return notFound(req, reply);
    const user = currentUser(req);
    try {
      await pickField(ctx.db, { groupId: id, fromReportId, key, author: user.name, reason: field(req.body, 'reason') });
    } catch (e) {
      if (e instanceof StoreError) return refused(req, reply, e);
      throw e;
    }
    return reply.redirect(`/versions/${id}?ok=field`, 303);
  });

  app.post('/versions/choices/:id/revert', async (req, reply) => {
    const id = idParam(req);
    if (id === null) return notFound(req, reply);
    const user = currentUser(req);
    const reason = field(req.body, 'reason').trim() || `Hoàn tác lựa chọn #${id}`;
    try {
      const choice = await revertVersionChoice(ctx.db, { choiceId: id, author: user.name, reason });
      return reply.redirect(`/versions/${choice.groupId}?ok=revert`, 303);
    } catch (e) {
      if (e instanceof StoreError) return refused(req, reply, e);
      throw e;
    }
  });
}
