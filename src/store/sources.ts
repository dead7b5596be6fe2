// Sources (one per file content) and the paths they were seen at: what `import`, the workers and
// `watch` record so a re-run does no work twice and an interrupted run finishes the rest.
import type { Db } from './db.js';

export type SourceStatus = 'queued' | 'processing' | 'done' | 'failed';

export interface SourceRow {
  sha256: string;
  format: string | null;
  size: number;
  status: SourceStatus;
  failure_reason: string | null;
  failure_permanent: boolean;
  extractor_version: string | null;
  attempts: number;
  first_seen: Date;
  last_seen: Date;
}

export interface SourceSeen {
  sha256: string;
  format: string | null;
  size: number;
  /** Logical paths (archive entries as "a.zip!dir/f.docx"). */
  paths: string[];
}

/** Splits "a.zip!dir/f.docx" into the archive and the entry; null for a plain path. */
export function splitArchivePath(path: string): { archive: string; entry: string } | null {
  const m = /^(.*?\.zip)!(.+)$/i.exec(path);
  return m ? { archive: m[1]!, entry: m[2]! } : null;
}

/** Numeric dotted-version comparison ("0.10.0" > "0.9.1"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export type Decision = { action: 'process' } | { action: 'skip'; reason: string };

/**
 * Whether a source needs (re-)extraction: done or permanently failed with this extractor version
 * means nothing new can come of it; anything else (new, queued, interrupted while processing,
 * transient failure, older extractor) is processed.
 */
export function decide(row: SourceRow | null, extractorVersion: string): Decision {
  if (!row) return { action: 'process' };
  const sameExtractor = row.extractor_version !== null && compareVersions(row.extractor_version, extractorVersion) >= 0;
  if (row.status === 'done' && sameExtractor) return { action: 'skip', reason: 'already imported' };
  if (row.status === 'failed' && row.failure_permanent && sameExtractor)
    return { action: 'skip', reason: `failed before: ${row.failure_reason ?? 'unknown reason'}` };
  return { action: 'process' };
}

/**
 * The two halves of recording that a content ($sha) is at some paths ($paths, a text[]; $rows, the
 * paths as pathRowsJson gives them): other contents seen at those paths are marked gone, and this
 * content's paths upserted. They touch different rows, so one statement can hold both.
 */
function pathsParts(sha: string, paths: string, rows: string): { gone: string; seen: string } {
  return {
    gone: `UPDATE source_paths SET disappeared_at = now() WHERE path = ANY(${paths}::text[]) AND sha256 <> ${sha} AND disappeared_at IS NULL`,
    seen: `INSERT INTO source_paths (sha256, path, archive)
       SELECT ${sha}, x.path, x.archive FROM jsonb_to_recordset(${rows}::jsonb) AS x(ord int, path text, archive text) ORDER BY x.ord
       ON CONFLICT (sha256, path) DO UPDATE SET last_seen = now(), disappeared_at = NULL`,
  };
}

function pathRowsJson(paths: string[]): string {
  return JSON.stringify(paths.map((path, ord) => ({ ord, path, archive: splitArchivePath(path)?.archive ?? null })));
}

/**
 * One statement recording that a source (sha256 $1, format $2, size $3) was seen at paths ($4, $5:
 * see sightingParams): the source upserted, then pathsParts — the paths' foreign key is checked at
 * the end of the statement, when the source row exists. `format`: a sighting keeps the format
 * already known ('keep'), a stored extraction sets the one it read ('set'). Returns the source row.
 */
export function sightingStatement(format: 'keep' | 'set'): string {
  const { gone, seen } = pathsParts('$1', '$4', '$5');
  return `WITH src AS (
       INSERT INTO sources (sha256, format, size) VALUES ($1, $2, $3)
       ON CONFLICT (sha256) DO UPDATE SET last_seen = now(),
         format = ${format === 'keep' ? 'COALESCE(sources.format, EXCLUDED.format)' : 'EXCLUDED.format'}
       RETURNING *
     ), gone AS (${gone}), seen AS (${seen})
     SELECT * FROM src`;
}

/** The parameters of sightingStatement. */
export function sightingParams(seen: SourceSeen): unknown[] {
  const unique = [...new Set(seen.paths)];
  return [seen.sha256, seen.format, seen.size, unique, pathRowsJson(unique)];
}

/**
 * Records a sighting of a source at its paths; returns its row (before this sighting's status
 * change). One statement: the import's main thread runs it for every file it finds.
 */
export async function recordSighting(db: Db, seen: SourceSeen): Promise<SourceRow> {
  const { rows } = await db.query<SourceRow>(sightingStatement('keep'), sightingParams(seen));
  return rows[0]!;
}

/** Records that these paths hold this content now; another content seen there before is marked gone. */
export async function addPaths(db: Db, sha256: string, paths: string[]): Promise<void> {
  // Set-based: the update only touches other contents' rows and the upsert only this content's, so
  // one statement does all paths at once.
  const unique = [...new Set(paths)];
  if (unique.length === 0) return;
  const { gone, seen } = pathsParts('$1', '$2', '$3');
  await db.query(`WITH gone AS (${gone}) ${seen}`, [sha256, unique, pathRowsJson(unique)]);
}

export async function getSource(db: Db, sha256: string): Promise<SourceRow | null> {
  const { rows } = await db.query<SourceRow>('SELECT * FROM sources WHERE sha256 = $1', [sha256]);
  return rows[0] ?? null;
}

export async function getSourcePaths(db: Db, sha256: string): Promise<string[]> {
  const { rows } = await db.query<{ path: string }>(
    'SELECT path FROM source_paths WHERE sha256 = $1 AND disappeared_at IS NULL ORDER BY last_seen DESC, path',
    [sha256],
  );
  return rows.map((r) => r.path);
}

export async function markQueued(db: Db, sha256: string): Promise<void> {
  await db.query(
    `UPDATE sources SET status = 'queued', failure_reason = NULL, failure_permanent = false, updated_at = now()
     WHERE sha256 = $1 AND status <> 'processing'`,
    [sha256],
  );
}

export async function markProcessing(db: Db, sha256: string): Promise<void> {
  await db.query(
    `UPDATE sources SET status = 'processing', attempts = attempts + 1, updated_at = now() WHERE sha256 = $1`,
    [sha256],
  );
}

export async function markFailed(
  db: Db,
  sha256: string,
  reason: string,
  opts: { permanent: boolean; extractorVersion: string },
): Promise<void> {
  // A failure never replaces a stored report: a source already done (re-extracted by a newer
  // extractor that now rejects it) keeps its report and status, and only a permanent failure moves
  // its extractor version on, so the next import does not try it again.
  await db.query(
    `UPDATE sources SET
       status = CASE WHEN status = 'done' THEN status ELSE 'failed' END,
       failure_reason = $2, failure_permanent = $3,
       extractor_version = CASE WHEN status = 'done' AND NOT $3 THEN extractor_version ELSE $4 END,
       updated_at = now()
     WHERE sha256 = $1`,
    [sha256, reason, opts.permanent, opts.extractorVersion],
  );
}

/** Marks paths no longer present (data is kept: a vanished file's report stays reviewable). */
export async function markPathsDisappeared(db: Db, paths: string[]): Promise<number> {
  if (paths.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE source_paths SET disappeared_at = now() WHERE path = ANY($1::text[]) AND disappeared_at IS NULL`,
    [paths],
  );
  return rowCount;
}

export interface SourceCounts {
  queued: number;
  processing: number;
  done: number;
  failed: number;
  total: number;
}

export async function sourceCounts(db: Db): Promise<SourceCounts> {
  const { rows } = await db.query<{ status: SourceStatus; n: number }>(
    'SELECT status, count(*)::int AS n FROM sources GROUP BY status',
  );
  const out: SourceCounts = { queued: 0, processing: 0, done: 0, failed: 0, total: 0 };
  for (const r of rows) {
    out[r.status] = r.n;
    out.total += r.n;
  }
  return out;
}

export interface FailedSource {
  sha256: string;
  path: string | null;
  reason: string | null;
  permanent: boolean;
  attempts: number;
  updatedAt: Date;
}

export async function listFailedSources(db: Db, limit = 50): Promise<FailedSource[]> {
  const { rows } = await db.query<{
    sha256: string;
    path: string | null;
    failure_reason: string | null;
    failure_permanent: boolean;
    attempts: number;
    updated_at: Date;
  }>(
    `SELECT s.sha256, s.failure_reason, s.failure_permanent, s.attempts, s.updated_at,
       (SELECT p.path FROM source_paths p WHERE p.sha256 = s.sha256 ORDER BY p.last_seen DESC LIMIT 1) AS path
     FROM sources s WHERE s.status = 'failed' ORDER BY s.updated_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    sha256: r.sha256,
    path: r.path,
    reason: r.failure_reason,
    permanent: r.failure_permanent,
    attempts: r.attempts,
    updatedAt: r.updated_at,
  }));
}
