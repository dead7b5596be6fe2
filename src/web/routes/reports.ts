// Reports with their current values, the correction history (with revert), and the export download.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { CONTENT_TYPES, isExportFormat, outputRows, parsePeriodCode, periodCode, periodLabel, writeExport } from '../../export/index.js';
import {
  correctionHistory,
  getReport,
  groupOfReport,
  listConflicts,
  listFacts,
  listIndicators,
  listReports,
  revertCorrection,
  StoreError,
  type ReportFilter,
} from '../../store/index.js';
import { listMentions } from '../../store/mentions.js';
import { currentUser, field, NOTICES, type WebContext } from '../context.js';
import { scopeLabel } from '../scope-label.js';
import { unitPeriodFilter } from '../queue-filter.js';

function reportFilter(q: unknown): { filter: ReportFilter; problems: string[]; query: { unit: string; district: string; period: string } } {
  const query = { unit: field(q, 'unit').trim(), district: field(q, 'district').trim(), period: field(q, 'period').trim() };
  const problems: string[] = [];
  const filter: ReportFilter = unitPeriodFilter(query, problems);
  return { filter, problems, query };
}

export function registerReports(app: FastifyInstance, ctx: WebContext): void {
  app.get('/reports', async (req, reply) => {
    const { filter, problems, query } = reportFilter(req.query);
    const reports = problems.length ? [] : await listReports(ctx.db, { ...filter, limit: 500 });
    return ctx.page(req, reply, 'reports', {
      title: 'Báo cáo',
      q: query,
      problems,
      reports: reports.map((r) => ({ ...r, period: periodLabel(r) })),
    });
  });

  app.get('/reports/:id', async (req, reply) => {
    const raw = (req.params as { id: string }).id;
    if (!/^\d{1,9}$/.test(raw)) return ctx.page(req, reply, 'error', { status: 404, message: 'Không tìm thấy báo cáo này.' }, 404);
    const id = Number(raw);
    let report;
    try {
      report = await getReport(ctx.db, id);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'not_found') return ctx.page(req, reply, 'error', { status: 404, message: 'Không tìm thấy báo cáo này.' }, 404);
      throw e;
    }
    const [indicators, facts, conflicts, history, mentions] = await Promise.all([
      listIndicators(ctx.db, id),
      listFacts(ctx.db, id),
      listConflicts(ctx.db, { reportId: id, limit: 1000 }),
      correctionHistory(ctx.db, { reportId: id, limit: 1000 }),
      listMentions(ctx.db, id),
    ]);
    const forms = new Map<number, typeof indicators>();
    for (const i of indicators) forms.set(i.form, [...(forms.get(i.form) ?? []), i]);
    return ctx.page(req, reply, 'report', {
      title: `Báo cáo ${[report.unitKind, report.unitName].filter(Boolean).join(' ')} — ${periodLabel(report)}`,
      report,
      period: periodLabel(report),
      periodCode: periodCode(report),
      forms: [...forms.entries()].map(([form, rows]) => ({ form, title: '', rows })),
      facts,
      // Every number of the narrative with what it measures and its scope (open facts).
      mentions: mentions.map((m) => ({ ...m, scopeText: scopeLabel(m.scope) })),
      conflicts,
      history,
      // Other files of the same unit and period: the report's versions (issue 19).
      versions: await groupOfReport(ctx.db, id),
      notice: NOTICES[field(req.query, 'ok')] ?? null,
      error: null,
    });
  });

  app.get('/history', async (req, reply) => {
    const author = field(req.query, 'author').trim();
    const history = await correctionHistory(ctx.db, { limit: 300, ...(author ? { author } : {}) });
    return ctx.page(req, reply, 'history', { title: 'Lịch sử sửa', history, author, notice: NOTICES[field(req.query, 'ok')] ?? null });
  });

  app.post('/corrections/:id/revert', async (req, reply) => {
    const raw = (req.params as { id: string }).id;
    if (!/^\d{1,9}$/.test(raw)) return ctx.page(req, reply, 'error', { status: 404, message: 'Không tìm thấy lần sửa này.' }, 404);
    const user = currentUser(req);
    const reason = field(req.body, 'reason').trim() || `Hoàn tác lần sửa #${raw}`;
    try {
      const { correction } = await revertCorrection(ctx.db, { correctionId: Number(raw), author: user.name, reason });
      const to = field(req.body, 'back') === 'history' ? '/history?ok=revert' : `/reports/${correction.reportId}?ok=revert#lich-su`;
      return reply.redirect(to, 303);
    } catch (e) {
      if (e instanceof StoreError) {
        const status = e.code === 'not_found' ? 404 : e.code === 'conflict' ? 409 : 400;
        const message =
          e.code === 'not_found' ? 'Không tìm thấy lần sửa này.' : e.code === 'conflict' ? 'Lần sửa này đã được hoàn tác trước đó.' : 'Không hoàn tác được một lần hoàn tác; hãy sửa lại giá trị.';
        return ctx.page(req, reply, 'error', { status, message }, status);
      }
      throw e;
    }
  });

  app.get('/export', async (req, reply) => {
    const format = field(req.query, 'format') || 'csv';
    const { filter, problems, query } = reportFilter(req.query);
    if (!isExportFormat(format) || problems.length) {
      return ctx.page(req, reply, 'error', { status: 400, message: problems[0] ?? 'Định dạng xuất phải là csv, xlsx hoặc json.' }, 400);
    }
    const name = ['sohoa', query.period || 'tat-ca'].join('-').replace(/[^\w.-]+/g, '_');
    const body = new PassThrough();
    // Streamed: rows are read report by report while the download runs.
    writeExport(format, outputRows(ctx.db, filter), body).catch((e: unknown) => {
      req.log.error(e);
      body.destroy(e as Error);
    });
    return reply
      .type(CONTENT_TYPES[format])
      .header('Content-Disposition', `attachment; filename="${name}.${format}"`)
      .send(body);
  });
}
