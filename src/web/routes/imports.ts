// Admins' "Lượt nhập" pages (the auth hook refuses /admin/* to everyone else): every import run and
// scheduled scan with its counts, a run's failed files with their one-line reasons, imported files
// linked to their reports, and "Thử lại" on a failed file once it has been fixed on disk.
import type { FastifyInstance } from 'fastify';
import { createRunner, EmbeddedDispatcher } from '../../ingest/embedded.js';
import { retryFile, RetryError } from '../../ingest/retry.js';
import type { Dispatcher } from '../../ingest/run.js';
import { queueConfigFromEnv } from '../../queue/connection.js';
import { ingestQueue, QueueDispatcher } from '../../queue/producer.js';
import {
  closeAbandonedRuns,
  countRunFiles,
  countRuns,
  getRun,
  getRunFile,
  listRetryRuns,
  listRunFiles,
  listRuns,
  type FileOutcome,
  type ImportRun,
  type RunKind,
  type RunMode,
} from '../../store/import-runs.js';
import { currentUser, field, type WebContext } from '../context.js';

const PAGE_SIZE = 50;
/** Files listed per outcome on a run's page (the rest are counted). */
const FILES_SHOWN = 500;

export const KIND_LABEL: Record<RunKind, string> = { import: 'Nhập (lệnh sohoa import)', scan: 'Quét theo lịch', retry: 'Thử lại từ trang web' };
export const OUTCOME_LABEL: Record<FileOutcome, string> = { pending: 'đang chờ xử lý', imported: 'đã nhập', skipped: 'bỏ qua', failed: 'lỗi' };

/** "1 giờ 2 phút", "3 phút 5 giây", "4,2 giây". */
export function fmtDuration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 60_000) return `${(ms / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giây`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h} giờ ${m} phút` : `${m} phút ${s % 60} giây`;
}

/** Where the run stands, in words. */
export function runState(r: ImportRun): string {
  if (r.error === 'interrupted') return 'bị ngắt giữa chừng';
  if (r.error) return `dừng vì lỗi: ${r.error}`;
  if (r.endedAt) return r.failed ? 'xong, có tệp lỗi' : 'xong';
  if (!r.submittedAt) return 'đang duyệt tệp';
  return `đang xử lý (${r.pending} tệp chờ)`;
}

function startedByLabel(r: ImportRun): string {
  if (r.kind === 'scan') return `lịch ${r.startedBy}`;
  if (r.kind === 'retry') return `${r.startedBy} (trang web)`;
  return `${r.startedBy} (dòng lệnh)`;
}

function view(r: ImportRun) {
  return { ...r, kindLabel: KIND_LABEL[r.kind], state: runState(r), by: startedByLabel(r), duration: fmtDuration(r.durationMs), running: !r.endedAt };
}

const NOTICE: Record<string, string> = {
  retry: 'Đã bắt đầu thử lại tệp: kết quả hiện ở lượt này khi xử lý xong.',
};

export async function registerImports(app: FastifyInstance, ctx: WebContext, redisUrl: string | undefined): Promise<void> {
  // Queue mode when the server has Redis and a shared PostgreSQL: a retry is a job for the workers.
  // Otherwise (embedded) the server processes it itself, on a parser thread of its own.
  const mode: RunMode = redisUrl && ctx.db.kind === 'pg' ? 'queue' : 'embedded';
  // The embedded store's lock says no import is running: a run still open there was cut short.
  await closeAbandonedRuns(ctx.db);
  const queueConfig = mode === 'queue' ? queueConfigFromEnv({ ...process.env, REDIS_URL: redisUrl }) : null;
  const queue = queueConfig ? ingestQueue(queueConfig) : null;
  const background = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    // Let retries in progress finish storing before the store closes.
    await Promise.allSettled([...background]);
    await queue?.close().catch(() => undefined);
  });

  async function dispatcher(): Promise<{ dispatcher: Dispatcher; close: () => Promise<void> }> {
    if (queue && queueConfig) {
      const d = await QueueDispatcher.create(queue, ctx.db, queueConfig, false);
      return { dispatcher: d, close: () => d.close() };
    }
    // One parser thread (in-process when the compiled thread script is missing), so a heavy file
    // does not stall the pages served meanwhile.
    const runner = createRunner({ threads: 1 });
    return { dispatcher: new EmbeddedDispatcher(ctx.db, runner.run, 1), close: runner.close };
  }

  app.get('/admin/imports', async (req, reply) => {
    const page = Math.max(1, Math.min(10_000, Number.parseInt(field(req.query, 'page'), 10) || 1));
    const kindQ = field(req.query, 'kind');
    const kind: RunKind | undefined = kindQ === 'import' || kindQ === 'scan' || kindQ === 'retry' ? kindQ : undefined;
    const active = field(req.query, 'active') === '1';
    const filter = { ...(kind ? { kind } : {}), active };
    const [runs, total] = await Promise.all([listRuns(ctx.db, { ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }), countRuns(ctx.db, filter)]);
    const query = (p: number) => `/admin/imports?${new URLSearchParams({ ...(kind ? { kind } : {}), ...(active ? { active: '1' } : {}), page: String(p) })}`;
    return ctx.page(req, reply, 'imports', {
      title: 'Lượt nhập',
      runs: runs.map(view),
      total,
      page,
      prev: page > 1 ? query(page - 1) : null,
      next: page * PAGE_SIZE < total ? query(page + 1) : null,
      q: { kind: kind ?? '', active },
      kinds: KIND_LABEL,
      refresh: runs.some((r) => !r.endedAt),
    });
  });

  app.get('/admin/imports/:id', async (req, reply) => {
    const raw = (req.params as { id: string }).id;
    const run = /^\d{1,9}$/.test(raw) ? await getRun(ctx.db, Number(raw)) : null;
    if (!run) return ctx.page(req, reply, 'error', { status: 404, message: 'Không tìm thấy lượt nhập này.' }, 404);
    const [failed, pending, imported, skipped, counts, retries, retryOf] = await Promise.all([
      listRunFiles(ctx.db, run.id, { outcome: 'failed', limit: FILES_SHOWN }),
      listRunFiles(ctx.db, run.id, { outcome: 'pending', limit: FILES_SHOWN }),
      listRunFiles(ctx.db, run.id, { outcome: 'imported', limit: FILES_SHOWN }),
      listRunFiles(ctx.db, run.id, { outcome: 'skipped', limit: FILES_SHOWN }),
      countRunFiles(ctx.db, run.id),
      listRetryRuns(ctx.db, run.id),
      run.retryOf ? getRun(ctx.db, run.retryOf) : null,
    ]);
    return ctx.page(req, reply, 'import-run', {
      title: `Lượt nhập #${run.id}`,
      run: view(run),
      failed,
      pending,
      imported,
      skipped,
      counts,
      shown: FILES_SHOWN,
      retries: retries.map(view),
      retryOf: retryOf ? view(retryOf) : null,
      outcomes: OUTCOME_LABEL,
      notice: NOTICE[field(req.query, 'ok')] ?? null,
      refresh: !run.endedAt,
    });
  });

  // "Thử lại": reads the failed file's path again, as a new run of its own. CSRF-checked like
  // every POST (app.ts); admin-only like every /admin path.
  app.post('/admin/imports/files/:id/retry', async (req, reply) => {
    const raw = (req.params as { id: string }).id;
    const file = /^\d{1,9}$/.test(raw) ? await getRunFile(ctx.db, Number(raw)) : null;
    if (!file) return ctx.page(req, reply, 'error', { status: 404, message: 'Không tìm thấy tệp này trong lượt nhập.' }, 404);
    if (file.outcome !== 'failed')
      return ctx.page(req, reply, 'error', { status: 409, message: 'Chỉ thử lại được tệp bị lỗi.' }, 409);
    const user = currentUser(req);
    const { dispatcher: d, close } = await dispatcher();
    let started;
    try {
      started = await retryFile(file, { db: ctx.db, by: user.name, mode, dispatcher: d });
    } catch (e) {
      await close();
      if (e instanceof RetryError) return ctx.page(req, reply, 'error', { status: 409, message: 'Chỉ thử lại được tệp bị lỗi.' }, 409);
      throw e;
    }
    const work = started.done
      .catch((e: unknown) => req.log.error({ err: e, runId: started.runId }, 'retry failed'))
      .finally(() => close().catch(() => undefined));
    background.add(work);
    void work.finally(() => background.delete(work));
    // Queue mode: the job is enqueued by now (quick); embedded: the page shows the run until it ends.
    if (mode === 'queue') await work;
    return reply.redirect(`/admin/imports/${started.runId}?ok=retry`, 303);
  });
}
