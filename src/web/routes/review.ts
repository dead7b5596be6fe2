// The review pages: overview, the queue of flagged fields (with bulk decisions), one conflict with
// its actions, and "next open conflict".
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { periodCode, periodLabel } from '../../export/period.js';
import { countConflicts, getConflict, listConflicts, listFacts, listIndicators, StoreError } from '../../store/index.js';
import { filterChoices, nextOpenConflict, overviewCounts } from '../../store/web-queries.js';
import { conflictView } from '../conflict-view.js';
import { pageImagesView } from '../page-images.js';
import { currentUser, field, fields, NOTICES, type WebContext } from '../context.js';
import { applyDecision, defaultConfirmSide, parseDecision, type Decision } from '../decisions.js';
import { parseQueueQuery, queueQueryString, suggestionDiff, withinDiff } from '../queue-filter.js';

const PAGE_SIZE = 200;

function idParam(req: FastifyRequest): number | null {
  const id = (req.params as { id?: string }).id ?? '';
  return /^\d{1,9}$/.test(id) ? Number(id) : null;
}

/** The queue filter a form carried back ("back" holds the queue's query string). */
function backQuery(body: unknown): string {
  const back = field(body, 'back');
  const params = Object.fromEntries(new URLSearchParams(back.startsWith('?') ? back.slice(1) : back));
  return queueQueryString(parseQueueQuery(params).query);
}

export function registerReview(app: FastifyInstance, ctx: WebContext): void {
  app.get('/', async (req, reply) => {
    const [rows, open, errors, warnings] = await Promise.all([
      overviewCounts(ctx.db),
      countConflicts(ctx.db, { status: 'open' }),
      countConflicts(ctx.db, { status: 'open', severity: 'error' }),
      countConflicts(ctx.db, { status: 'open', severity: 'warning' }),
    ]);
    return ctx.page(req, reply, 'overview', {
      title: 'Tổng quan',
      rows: rows.map((r) => ({ ...r, period: periodLabel(r), periodCode: periodCode(r) })),
      totals: { open, errors, warnings },
      notice: NOTICES[field(req.query, 'ok')] ?? null,
    });
  });

  app.get('/queue', async (req, reply) => {
    const parsed = parseQueueQuery(req.query as Record<string, unknown>);
    const page = Math.max(1, Number(field(req.query, 'page')) || 1);
    // A difference filter is applied after reading, so read the whole filtered set then.
    const limit = parsed.maxDiff === null ? PAGE_SIZE : 10_000;
    const offset = parsed.maxDiff === null ? (page - 1) * PAGE_SIZE : 0;
    const [items, total, choices] = await Promise.all([
      listConflicts(ctx.db, { ...parsed.filter, limit, offset }),
      countConflicts(ctx.db, parsed.filter),
      filterChoices(ctx.db),
    ]);
    const shown = withinDiff(items, parsed.maxDiff);
    const qs = queueQueryString(parsed.query);
    return ctx.page(req, reply, 'queue', {
      title: 'Hàng đợi xung đột',
      q: parsed.query,
      qs,
      problems: parsed.problems,
      items: shown.map((c) => ({ ...c, period: periodLabel(c), diff: suggestionDiff(c) })),
      total: parsed.maxDiff === null ? total : shown.length,
      page,
      pages: parsed.maxDiff === null ? Math.max(1, Math.ceil(total / PAGE_SIZE)) : 1,
      choices: { ...choices, periods: choices.periods.map((p) => ({ code: periodCode(p), label: periodLabel(p) })).filter((p) => p.code) },
      // Bulk decisions apply to one rule at a time, so they appear once a rule is chosen.
      bulk: Boolean(parsed.query.rule) && parsed.query.status === 'open',
      notice: NOTICES[field(req.query, 'ok')] ?? null,
    });
  });

  app.post('/queue/bulk', async (req, reply) => {
    const user = currentUser(req);
    const rule = field(req.body, 'rule');
    const action = field(req.body, 'action');
    const comment = field(req.body, 'comment');
    const ids = [...new Set(fields(req.body, 'ids').filter((s) => /^\d{1,9}$/.test(s)).map(Number))];
    const back = backQuery(req.body);
    if (!rule || ids.length === 0 || (action !== 'confirm' && action !== 'suggestion')) {
      return ctx.page(req, reply, 'error', { status: 400, message: 'Chọn ít nhất một xung đột và một thao tác.', back: `/queue${back}` }, 400);
    }
    // One by one: each decision is its own correction in the audit, and one failure stops nothing else.
    const results: { id: number; ok: boolean; message: string }[] = [];
    for (const id of ids) {
      let decision: Decision;
      try {
        const detail = await getConflict(ctx.db, id);
        if (detail.conflict.rule !== rule) {
          results.push({ id, ok: false, message: 'Không cùng quy tắc với bộ lọc; bỏ qua.' });
          continue;
        }
        if (action === 'suggestion') decision = { kind: 'suggestion' };
        else {
          const side = defaultConfirmSide(detail);
          if (side === null) {
            results.push({ id, ok: false, message: 'Không có giá trị nào để xác nhận.' });
            continue;
          }
          decision = { kind: 'confirm', side };
        }
      } catch (e) {
        if (e instanceof StoreError) {
          results.push({ id, ok: false, message: 'Không tìm thấy.' });
          continue;
        }
        throw e;
      }
      const out = await applyDecision(ctx.db, id, decision, user.name, comment);
      results.push({ id, ok: out.ok, message: out.message });
    }
    return ctx.page(req, reply, 'bulk-result', {
      title: 'Kết quả xử lý hàng loạt',
      results,
      done: results.filter((r) => r.ok).length,
      back: `/queue${back}`,
    });
  });

  app.get('/conflicts/next', async (req, reply) => {
    const parsed = parseQueueQuery(req.query as Record<string, unknown>);
    const after = /^\d+$/.test(field(req.query, 'after')) ? Number(field(req.query, 'after')) : null;
    const qs = queueQueryString(parsed.query);
    const ok = field(req.query, 'ok');
    const okPart = NOTICES[ok] ? `ok=${ok}` : '';
    const next = await nextOpenConflict(ctx.db, parsed.filter, after);
    if (!next) return reply.redirect(`/queue${qs}${qs ? '&' : '?'}ok=empty`, 303);
    const suffix = [qs.slice(1), okPart].filter(Boolean).join('&');
    return reply.redirect(`/conflicts/${next.id}${suffix ? `?${suffix}` : ''}`, 303);
  });

  async function showConflict(req: FastifyRequest, reply: FastifyReply, id: number, extra: Record<string, unknown>, status = 200) {
    let detail;
    try {
      detail = await getConflict(ctx.db, id);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'not_found') return ctx.page(req, reply, 'error', { status: 404, message: 'Không tìm thấy xung đột này.' }, 404);
      throw e;
    }
    const [indicators, facts] = await Promise.all([listIndicators(ctx.db, detail.conflict.reportId), listFacts(ctx.db, detail.conflict.reportId)]);
    const parsed = parseQueueQuery(req.query as Record<string, unknown>);
    const view = conflictView(detail, indicators, facts);
    return ctx.page(
      req,
      reply,
      'conflict',
      {
        title: `Xung đột #${id}`,
        c: detail.conflict,
        report: detail.report,
        period: periodLabel(detail.report),
        view,
        pages: await pageImagesView(ctx.db, detail, view.sides, indicators, facts),
        corrections: detail.corrections,
        qs: queueQueryString(parsed.query),
        notice: NOTICES[field(req.query, 'ok')] ?? null,
        error: null,
        entered: { ref: '', value: '', comment: '' },
        ...extra,
      },
      status,
    );
  }

  app.get('/conflicts/:id', async (req, reply) => {
    const id = idParam(req);
    if (id === null) return ctx.page(req, reply, 'error', { status: 404, message: 'Không tìm thấy xung đột này.' }, 404);
    return showConflict(req, reply, id, {});
  });

  app.post('/conflicts/:id/decide', async (req, reply) => {
    const id = idParam(req);
    if (id === null) return ctx.page(req, reply, 'error', { status: 404, message: 'Không tìm thấy xung đột này.' }, 404);
    const user = currentUser(req);
    const body = req.body;
    const decision = parseDecision(field(body, 'action'), { ref: field(body, 'ref'), value: field(body, 'value') });
    if (decision?.kind === 'correct' && /^\d{1,2}$/.test(field(body, 'read_from'))) decision.readFrom = Number(field(body, 'read_from'));
    const comment = field(body, 'comment');
    const back = backQuery(body);
    const entered = { ref: field(body, 'ref'), value: field(body, 'value'), comment };
    if (!decision) return showConflict(req, reply, id, { error: 'Thao tác không hợp lệ.', entered }, 400);
    const out = await applyDecision(ctx.db, id, decision, user.name, comment);
    if (!out.ok) {
      // Re-shown with what was typed and the reason; nothing was stored.
      req.query = Object.fromEntries(new URLSearchParams(back.slice(1)));
      return showConflict(req, reply, id, { error: out.message, entered }, out.status);
    }
    const sep = back ? '&' : '?';
    return reply.redirect(`/conflicts/next${back}${sep}after=${id}&ok=${decision.kind}`, 303);
  });
}
