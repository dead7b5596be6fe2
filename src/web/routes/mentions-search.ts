// "Tìm số liệu": every number stated in the narratives of all stored reports (open facts), found by
// words typed without accents, optionally narrowed to a report unit, a period and a unit noun.
// Read-only, so any signed-in user may search (the app's session hook sends others to sign in).
import type { FastifyInstance } from 'fastify';
import { periodLabel } from '../../export/index.js';
import { searchMentions } from '../../store/mentions-search.js';
import { field, type WebContext } from '../context.js';
import { unitPeriodFilter } from '../queue-filter.js';
import { scopeLabel } from '../scope-label.js';

const LIMIT = 200;

export function registerMentionsSearch(app: FastifyInstance, ctx: WebContext): void {
  app.get('/mentions', async (req, reply) => {
    const text = (k: string) => field(req.query, k).normalize('NFC').trim().slice(0, 200);
    const q = { words: text('q'), unitNoun: text('unitNoun'), unit: text('unit'), district: '', period: text('period') };
    const problems: string[] = [];
    const filter = unitPeriodFilter(q, problems);
    // Nothing asked yet: the form alone, not every number of the store.
    const asked = Boolean(q.words || q.unitNoun || q.unit || q.period);
    const hits = asked && !problems.length ? await searchMentions(ctx.db, { ...filter, words: q.words, unitNoun: q.unitNoun, limit: LIMIT + 1 }) : [];
    return ctx.page(req, reply, 'mentions-search', {
      title: 'Tìm số liệu',
      q,
      asked,
      problems,
      more: hits.length > LIMIT,
      hits: hits.slice(0, LIMIT).map((hit) => ({
        ...hit,
        report: [hit.unitKind, hit.unitName].filter(Boolean).join(' ') || '(không rõ đơn vị)',
        period: periodLabel(hit),
        scopeText: scopeLabel(hit.mention.scope),
      })),
    });
  });
}
