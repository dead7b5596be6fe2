// What each import run and scheduled scan did (migration 002): the run's counters and, per file,
// its outcome and one-line reason. Written by `sohoa import` (both modes), the scan worker, the
// job processors (embedded dispatcher, queue workers) and the web page's retry; read by the
// admins' "Lượt nhập" page.
//
// Concurrency: every write that moves a counter is one statement that changes the file rows and
// the run row together, so it is atomic on its own. Several queue workers finishing jobs of one
// run at once each lock the run row in turn, and PostgreSQL re-reads the row it waited for before
// applying `pending - n` (READ COMMITTED), so no count is lost; a file row moves out of 'pending'
// only once (`WHERE outcome = 'pending'`), so a job finished twice (a stalled job taken over) is
// counted once.
import type { Db } from './db.js';

export type RunKind = 'import' | 'scan' | 'retry';
export type RunMode = 'embedded' | 'queue';
export type FileOutcome = 'pending' | 'imported' | 'skipped' | 'failed';

export interface RunStart {
  kind: RunKind;
  mode: RunMode;
  startedBy: string;
  inputs: string[];
  retryOf?: number;
}

export interface RunFileInput {
  path: string;
  sha256?: string | null;
  outcome: FileOutcome;
  reason?: string | null;
  reportId?: number | null;
  openConflicts?: number | null;
}

export interface ImportRun {
  id: number;
  kind: RunKind;
  mode: RunMode;
  startedBy: string;
  inputs: string[];
  retryOf: number | null;
  startedAt: Date;
  submittedAt: Date | null;
  endedAt: Date | null;
  error: string | null;
  files: number;
  imported: number;
  skipped: number;
  failed: number;
  flagged: number;
  pending: number;
  unsettled: number;
  disappeared: number;
  /** ended - started, or null while running. */
  durationMs: number | null;
}

export interface RunFile {
  id: number;
  runId: number;
  path: string;
  sha256: string | null;
  outcome: FileOutcome;
  reason: string | null;
  /** The stored report of this content: the one this run imported, or the earlier one a skip points at. */
  reportId: number | null;
  openConflicts: number | null;
  addedAt: Date;
  finishedAt: Date | null;
  /** Its latest retry from the web page (a run with retry_of = this run, same path): run, outcome, reason. */
  retry: { runId: number; outcome: FileOutcome; reason: string | null; reportId: number | null } | null;
}

interface RunRowDb {
  id: number;
  kind: RunKind;
  mode: RunMode;
  started_by: string;
  inputs: unknown;
  retry_of: number | null;
  started_at: Date;
  submitted_at: Date | null;
  ended_at: Date | null;
  error: string | null;
  files: number;
  imported: number;
  skipped: number;
  failed: number;
  flagged: number;
  pending: number;
  unsettled: number;
  disappeared: number;
}

function toRun(r: RunRowDb): ImportRun {
  const inputs = typeof r.inputs === 'string' ? (JSON.parse(r.inputs) as unknown) : r.inputs;
  return {
    id: r.id,
    kind: r.kind,
    mode: r.mode,
    startedBy: r.started_by,
    inputs: Array.isArray(inputs) ? inputs.map(String) : [],
    retryOf: r.retry_of,
    startedAt: r.started_at,
    submittedAt: r.submitted_at,
    endedAt: r.ended_at,
    error: r.error,
    files: r.files,
    imported: r.imported,
    skipped: r.skipped,
    failed: r.failed,
    flagged: r.flagged,
    pending: r.pending,
    unsettled: r.unsettled,
    disappeared: r.disappeared,
    durationMs: r.ended_at ? new Date(r.ended_at).getTime() - new Date(r.started_at).getTime() : null,
  };
}

export async function startRun(db: Db, start: RunStart): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO import_runs (kind, mode, started_by, inputs, retry_of) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id`,
    [start.kind, start.mode, start.startedBy, JSON.stringify(start.inputs), start.retryOf ?? null],
  );
  return rows[0]!.id;
}

/**
 * Adds files to a run and moves its counters, in one statement. Returns the new rows' ids in the
 * order given. A file added as 'pending' is counted when its job finishes (finishJob).
 */
export async function addRunFiles(db: Db, runId: number, files: RunFileInput[]): Promise<number[]> {
  if (files.length === 0) return [];
  const rows = files.map((f, ord) => ({
    ord,
    path: f.path,
    sha256: f.sha256 ?? null,
    outcome: f.outcome,
    reason: f.reason ?? null,
    report_id: f.reportId ?? null,
    open_conflicts: f.openConflicts ?? null,
  }));
  const { rows: out } = await db.query<{ id: number }>(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb)
         AS x(ord int, path text, sha256 text, outcome text, reason text, report_id int, open_conflicts int)
     ), ins AS (
       INSERT INTO import_run_files (run_id, path, sha256, outcome, reason, report_id, open_conflicts, finished_at)
       SELECT $1, x.path, x.sha256, x.outcome, x.reason, x.report_id, x.open_conflicts,
              CASE WHEN x.outcome = 'pending' THEN NULL ELSE clock_timestamp() END
       FROM x ORDER BY x.ord
       RETURNING id
     ), runs AS (
       UPDATE import_runs SET
         files = files + (SELECT count(*) FROM x),
         imported = imported + (SELECT count(*) FROM x WHERE outcome = 'imported'),
         flagged = flagged + (SELECT count(*) FROM x WHERE outcome = 'imported' AND open_conflicts > 0),
         skipped = skipped + (SELECT count(*) FROM x WHERE outcome = 'skipped'),
         failed = failed + (SELECT count(*) FROM x WHERE outcome = 'failed'),
         pending = pending + (SELECT count(*) FROM x WHERE outcome = 'pending')
       WHERE id = $1
       RETURNING id
     )
     SELECT ins.id FROM ins, runs ORDER BY ins.id`,
    [runId, JSON.stringify(rows)],
  );
  if (out.length !== files.length) throw new Error(`import run ${runId} not found`);
  // Identity values follow the insertion order (ORDER BY ord above).
  return out.map((r) => r.id);
}

export interface JobFinish {
  sha256: string;
  status: 'done' | 'failed';
  reason?: string | null;
  reportId?: number | null;
  openConflicts?: number | null;
}

/**
 * A job finished: every file waiting for this content, in any run (two runs can wait for one job:
 * its id is the sha256), takes the outcome, and each run's counters move; a run already submitted
 * whose last pending file this was ends. Returns the runs touched. Idempotent.
 */
export async function finishJob(db: Db, f: JobFinish): Promise<number[]> {
  const outcome = f.status === 'done' ? 'imported' : 'failed';
  const flagged = f.status === 'done' && (f.openConflicts ?? 0) > 0;
  const { rows } = await db.query<{ id: number }>(
    `WITH done AS (
       UPDATE import_run_files SET outcome = $2, reason = $3, report_id = $4, open_conflicts = $5, finished_at = clock_timestamp()
       WHERE sha256 = $1 AND outcome = 'pending'
       RETURNING run_id
     ), per AS (
       SELECT run_id, count(*)::int AS n FROM done GROUP BY run_id
     )
     UPDATE import_runs r SET
       pending = r.pending - per.n,
       imported = r.imported + CASE WHEN $2 = 'imported' THEN per.n ELSE 0 END,
       failed = r.failed + CASE WHEN $2 = 'failed' THEN per.n ELSE 0 END,
       flagged = r.flagged + CASE WHEN $6 THEN per.n ELSE 0 END,
       ended_at = CASE WHEN r.ended_at IS NULL AND r.submitted_at IS NOT NULL AND r.pending - per.n <= 0 THEN clock_timestamp() ELSE r.ended_at END
     FROM per WHERE r.id = per.run_id
     RETURNING r.id`,
    [f.sha256, outcome, f.reason ?? null, f.reportId ?? null, f.openConflicts ?? null, flagged],
  );
  return rows.map((r) => r.id);
}

export interface SubmitExtra {
  /** Files seen that got no row (a scan's unchanged and still-changing files). */
  unlisted?: number;
  unsettled?: number;
  disappeared?: number;
}

/** Every file of the run has been looked at: it ends now if no job is pending, else with its last job. */
export async function submitRun(db: Db, runId: number, extra: SubmitExtra = {}): Promise<void> {
  await db.query(
    `UPDATE import_runs SET submitted_at = clock_timestamp(),
       files = files + $2, unsettled = unsettled + $3, disappeared = disappeared + $4,
       ended_at = CASE WHEN ended_at IS NULL AND pending <= 0 THEN clock_timestamp() ELSE ended_at END
     WHERE id = $1`,
    [runId, extra.unlisted ?? 0, extra.unsettled ?? 0, extra.disappeared ?? 0],
  );
}

/** The run stopped on an error: it ends with the reason (jobs already handed to workers still count when they finish). */
export async function failRun(db: Db, runId: number, error: string): Promise<void> {
  await db.query(
    `UPDATE import_runs SET error = $2, submitted_at = COALESCE(submitted_at, clock_timestamp()),
       ended_at = COALESCE(ended_at, clock_timestamp()) WHERE id = $1`,
    [runId, error],
  );
}

/**
 * Embedded runs left open by a process that died (Ctrl-C, kill). Only for the PGlite store, whose
 * lock guarantees no other process is running one: on a shared PostgreSQL an open run may be alive.
 */
export async function closeAbandonedRuns(db: Db): Promise<number> {
  if (db.kind !== 'pglite') return 0;
  const { rowCount } = await db.query(
    `UPDATE import_runs SET error = 'interrupted', ended_at = clock_timestamp(),
       submitted_at = COALESCE(submitted_at, clock_timestamp())
     WHERE ended_at IS NULL AND mode = 'embedded'`,
  );
  return rowCount;
}

export interface RunFilter {
  kind?: RunKind;
  /** Only runs that did something: a file imported, failed or pending, or an error. */
  active?: boolean;
  limit?: number;
  offset?: number;
}

function runWhere(filter: RunFilter): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  if (filter.kind) {
    params.push(filter.kind);
    conds.push(`kind = $${params.length}`);
  }
  if (filter.active) conds.push(`(imported > 0 OR failed > 0 OR pending > 0 OR error IS NOT NULL)`);
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

export async function listRuns(db: Db, filter: RunFilter = {}): Promise<ImportRun[]> {
  const { where, params } = runWhere(filter);
  params.push(Math.min(filter.limit ?? 50, 500), filter.offset ?? 0);
  const { rows } = await db.query<RunRowDb>(
    `SELECT * FROM import_runs ${where} ORDER BY started_at DESC, id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return rows.map(toRun);
}

export async function countRuns(db: Db, filter: RunFilter = {}): Promise<number> {
  const { where, params } = runWhere(filter);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM import_runs ${where}`, params);
  return rows[0]!.n;
}

export async function getRun(db: Db, id: number): Promise<ImportRun | null> {
  const { rows } = await db.query<RunRowDb>('SELECT * FROM import_runs WHERE id = $1', [id]);
  return rows[0] ? toRun(rows[0]) : null;
}

interface RunFileDb {
  id: number;
  run_id: number;
  path: string;
  sha256: string | null;
  outcome: FileOutcome;
  reason: string | null;
  report_id: number | null;
  open_conflicts: number | null;
  added_at: Date;
  finished_at: Date | null;
  r_run_id: number | null;
  r_outcome: FileOutcome | null;
  r_reason: string | null;
  r_report_id: number | null;
}

function toFile(r: RunFileDb): RunFile {
  return {
    id: r.id,
    runId: r.run_id,
    path: r.path,
    sha256: r.sha256,
    outcome: r.outcome,
    reason: r.reason,
    reportId: r.report_id,
    openConflicts: r.open_conflicts,
    addedAt: r.added_at,
    finishedAt: r.finished_at,
    retry: r.r_run_id !== null ? { runId: r.r_run_id, outcome: r.r_outcome!, reason: r.r_reason, reportId: r.r_report_id } : null,
  };
}

const FILE_SELECT = `SELECT f.id, f.run_id, f.path, f.sha256, f.outcome, f.reason,
    COALESCE(f.report_id, rep.id) AS report_id, f.open_conflicts, f.added_at, f.finished_at,
    t.run_id AS r_run_id, t.outcome AS r_outcome, t.reason AS r_reason, COALESCE(t.report_id, trep.id) AS r_report_id
  FROM import_run_files f
  LEFT JOIN reports rep ON rep.source_sha256 = f.sha256
  LEFT JOIN LATERAL (
    SELECT rf.run_id, rf.outcome, rf.reason, rf.report_id, rf.sha256 FROM import_runs rr
    JOIN import_run_files rf ON rf.run_id = rr.id AND rf.path = f.path
    WHERE rr.retry_of = f.run_id AND f.outcome = 'failed'
    ORDER BY rf.id DESC LIMIT 1
  ) t ON true
  LEFT JOIN reports trep ON trep.source_sha256 = t.sha256`;

/** A run's files with one outcome (failed first on the page), in the order they were added. */
export async function listRunFiles(db: Db, runId: number, opts: { outcome?: FileOutcome; limit?: number; offset?: number } = {}): Promise<RunFile[]> {
  const params: unknown[] = [runId];
  let cond = '';
  if (opts.outcome) {
    params.push(opts.outcome);
    cond = ` AND f.outcome = $2`;
  }
  params.push(Math.min(opts.limit ?? 200, 1000), opts.offset ?? 0);
  const { rows } = await db.query<RunFileDb>(
    `${FILE_SELECT} WHERE f.run_id = $1${cond} ORDER BY f.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return rows.map(toFile);
}

/** How many files of a run have each outcome (rows; a scan's unlisted files are not among them). */
export async function countRunFiles(db: Db, runId: number): Promise<Record<FileOutcome, number>> {
  const { rows } = await db.query<{ outcome: FileOutcome; n: number }>(
    'SELECT outcome, count(*)::int AS n FROM import_run_files WHERE run_id = $1 GROUP BY outcome',
    [runId],
  );
  const out: Record<FileOutcome, number> = { pending: 0, imported: 0, skipped: 0, failed: 0 };
  for (const r of rows) out[r.outcome] = r.n;
  return out;
}

export async function getRunFile(db: Db, id: number): Promise<RunFile | null> {
  const { rows } = await db.query<RunFileDb>(`${FILE_SELECT} WHERE f.id = $1`, [id]);
  return rows[0] ? toFile(rows[0]) : null;
}


/** The runs that retried files of this one, newest first. */
export async function listRetryRuns(db: Db, runId: number): Promise<ImportRun[]> {
  const { rows } = await db.query<RunRowDb>('SELECT * FROM import_runs WHERE retry_of = $1 ORDER BY id DESC LIMIT 100', [runId]);
  return rows.map(toRun);
}
