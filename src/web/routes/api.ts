// JSON API for scripts and the keyboard helper: the same decisions as the forms, behind the same
// session, and POSTs need the CSRF token in the x-csrf-token header.
import type { FastifyInstance } from 'fastify';
import { getConflict, listConflicts, StoreError } from '../../store/index.js';
import { currentUser, field, type WebContext } from '../context.js';
import { applyDecision, parseDecision } from '../decisions.js';
import { parseQueueQuery, withinDiff } from '../queue-filter.js';

export function registerApi(app: FastifyInstance, ctx: WebContext): void {
  app.get('/api/csrf', (_req, reply) => reply.send({ token: reply.generateCsrf() }));

  app.get('/api/conflicts', async (req, reply) => {
    const parsed = parseQueueQuery(req.query as Record<string, unknown>);
    if (parsed.problems.length) return reply.code(400).send({ error: parsed.problems.join(' ') });
    const items = await listConflicts(ctx.db, { ...parsed.filter, limit: parsed.maxDiff === null ? 500 : 10_000 });
    return reply.send({ items: withinDiff(items, parsed.maxDiff) });
  });

  app.get('/api/conflicts/:id', async (req, reply) => {
    const id = (req.params as { id: string }).id;
    if (!/^\d{1,9}$/.test(id)) return reply.code(404).send({ error: 'Không tìm thấy xung đột này.' });
    try {
      return reply.send(await getConflict(ctx.db, Number(id)));
    } catch (e) {
      if (e instanceof StoreError && e.code === 'not_found') return reply.code(404).send({ error: 'Không tìm thấy xung đột này.' });
      throw e;
    }
  });

  app.post('/api/conflicts/:id/decide', async (req, reply) => {
    const id = (req.params as { id: string }).id;
    if (!/^\d{1,9}$/.test(id)) return reply.code(404).send({ error: 'Không tìm thấy xung đột này.' });
    const body = req.body;
    const action = field(body, 'action');
    // JSON may send the side as a number.
    const side = (body as { side?: unknown } | null)?.side;
    const decision = parseDecision(action === 'confirm' && typeof side === 'number' ? `confirm:${side}` : action, {
      ref: field(body, 'ref'),
      value: typeof (body as { value?: unknown } | null)?.value === 'number' ? String((body as { value: number }).value).replace('.', ',') : field(body, 'value'),
    });
    if (!decision) return reply.code(400).send({ error: 'Thao tác không hợp lệ.' });
    const out = await applyDecision(ctx.db, Number(id), decision, currentUser(req).name, field(body, 'comment'));
    return out.ok ? reply.send({ ok: true, message: out.message }) : reply.code(out.status).send({ ok: false, error: out.message });
  });
}
