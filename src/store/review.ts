// Read side for the review web page and exporters: conflicts with filters, one conflict with its
// report, a report's rows with current (corrected) values, correction history, export rows.
import { fold } from '../text/fold.js';
import { CORRECTION_COLUMNS, StoreError, fieldValue, type CorrectionRow } from './corrections.js';
import type { Db } from './db.js';
import type { RefValue } from './refs.js';

export interface ReportFilter {
  /** Unit name, diacritics and case ignored, substring ("tien dong" finds "xã Tiên Động"). */
  unit?: string;
  district?: string;
  province?: string;
  periodYear?: number;
  periodKind?: string;
  periodNumber?: number;
}

export interface ConflictFilter extends ReportFilter {
  rule?: string;
  severity?: 'error' | 'warning' | 'info';
  status?: 'open' | 'resolved';
  reportId?: number;
  limit?: number;
  offset?: number;
}

/** Accumulates WHERE clauses with numbered parameters. */
class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  add(sqlWithQ: string, value: unknown): void {
    this.params.push(value);
    this.clauses.push(sqlWithQ.replace('?', `$${this.params.length}`));
  }
  next(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  toString(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

function reportWhere(w: Where, f: ReportFilter, alias = 'r'): void {
  if (f.unit) w.add(`${alias}.unit_name_key LIKE ?`, `%${fold(f.unit)}%`);
  if (f.district) w.add(`${alias}.district_key LIKE ?`, `%${fold(f.district)}%`);
  if (f.province) w.add(`${alias}.province_key LIKE ?`, `%${fold(f.province)}%`);
  if (f.periodYear !== undefined) w.add(`${alias}.period_year = ?`, f.periodYear);
  if (f.periodKind) w.add(`${alias}.period_kind = ?`, f.periodKind);
  if (f.periodNumber !== undefined) w.add(`${alias}.period_number = ?`, f.periodNumber);
}

/** Which unit and period a row belongs to: the columns every list of reports or conflicts carries. */
export interface UnitPeriod {
  unitKind: string | null;
  unitName: string | null;
  district: string | null;
  province: string | null;
  periodKind: string | null;
  periodNumber: number | null;
  periodYear: number | null;
}

export interface ReportSummary extends UnitPeriod {
  id: number;
  sourceSha256: string;
  format: string | null;
  date: string | null;
  number: string | null;
  title: string | null;
  status: 'complete' | 'partial';
  extractorVersion: string;
  extractedAt: Date;
  /** Newest path the file was seen at. */
  path: string | null;
}

const REPORT_COLUMNS = `r.id, r.source_sha256 AS "sourceSha256", s.format, r.unit_kind AS "unitKind", r.unit_name AS "unitName",
  r.district, r.province, r.period_kind AS "periodKind", r.period_number AS "periodNumber", r.period_year AS "periodYear",
  r.report_date AS "date", r.report_number AS "number", r.title, r.status, r.extractor_version AS "extractorVersion",
  r.extracted_at AS "extractedAt",
  (SELECT p.path FROM source_paths p WHERE p.sha256 = r.source_sha256 ORDER BY p.disappeared_at IS NULL DESC, p.last_seen DESC LIMIT 1) AS path`;

export async function listReports(db: Db, filter: ReportFilter & { limit?: number; offset?: number } = {}): Promise<ReportSummary[]> {
  const w = new Where();
  reportWhere(w, filter);
  const limit = w.next(filter.limit ?? 100);
  const offset = w.next(filter.offset ?? 0);
  const { rows } = await db.query<ReportSummary>(
    `SELECT ${REPORT_COLUMNS} FROM reports r JOIN sources s ON s.sha256 = r.source_sha256 ${w}
     ORDER BY r.period_year DESC NULLS LAST, r.period_number DESC NULLS LAST, r.unit_name_key, r.id LIMIT ${limit} OFFSET ${offset}`,
    w.params,
  );
  return rows;
}

export async function getReport(db: Db, reportId: number): Promise<ReportSummary & { paths: { path: string; disappearedAt: Date | null }[] }> {
  const { rows } = await db.query<ReportSummary>(
    `SELECT ${REPORT_COLUMNS} FROM reports r JOIN sources s ON s.sha256 = r.source_sha256 WHERE r.id = $1`,
    [reportId],
  );
  if (!rows[0]) throw new StoreError('not_found', `report ${reportId} not found`);
  const paths = await db.query<{ path: string; disappearedAt: Date | null }>(
    `SELECT path, disappeared_at AS "disappearedAt" FROM source_paths WHERE sha256 = $1 ORDER BY first_seen, path`,
    [rows[0].sourceSha256],
  );
  return { ...rows[0], paths: paths.rows };
}

export interface ConflictItem extends UnitPeriod {
  id: number;
  reportId: number;
  fingerprint: string;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  refs: string[];
  values: (number | string | null)[];
  evidence: unknown[];
  suggestion: { ref: string; value: number | string; why: string } | null;
  status: 'open' | 'resolved';
  resolutionHow: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  resolutionNote: string | null;
  firstSeen: Date;
  lastSeen: Date;
}

const CONFLICT_COLUMNS = `c.id, c.report_id AS "reportId", c.fingerprint, c.rule, c.severity, c.message, c.refs, c."values",
  c.evidence, c.suggestion, c.status, c.resolution_how AS "resolutionHow", c.resolved_by AS "resolvedBy",
  c.resolved_at AS "resolvedAt", c.resolution_note AS "resolutionNote", c.first_seen AS "firstSeen", c.last_seen AS "lastSeen",
  r.unit_kind AS "unitKind", r.unit_name AS "unitName", r.district, r.province, r.period_kind AS "periodKind",
  r.period_number AS "periodNumber", r.period_year AS "periodYear"`;

function conflictWhere(filter: ConflictFilter): Where {
  const w = new Where();
  reportWhere(w, filter);
  if (filter.rule) w.add('c.rule = ?', filter.rule);
  if (filter.severity) w.add('c.severity = ?', filter.severity);
  if (filter.status) w.add('c.status = ?', filter.status);
  if (filter.reportId !== undefined) w.add('c.report_id = ?', filter.reportId);
  return w;
}

export async function listConflicts(db: Db, filter: ConflictFilter = {}): Promise<ConflictItem[]> {
  const w = conflictWhere(filter);
  const limit = w.next(filter.limit ?? 100);
  const offset = w.next(filter.offset ?? 0);
  const { rows } = await db.query<ConflictItem>(
    `SELECT ${CONFLICT_COLUMNS} FROM conflicts c JOIN reports r ON r.id = c.report_id ${w}
     ORDER BY CASE c.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, c.id
     LIMIT ${limit} OFFSET ${offset}`,
    w.params,
  );
  return rows;
}

export async function countConflicts(db: Db, filter: ConflictFilter = {}): Promise<number> {
  const w = conflictWhere(filter);
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM conflicts c JOIN reports r ON r.id = c.report_id ${w}`,
    w.params,
  );
  return rows[0]?.n ?? 0;
}

export interface FieldRow {
  ref: string;
  extracted: RefValue;
  current: RefValue;
  corrected: boolean;
}

export interface IndicatorRow extends FieldRow {
  form: number;
  code: string;
  key: string | null;
  label: string;
  unit: string | null;
  raw: string;
  valueKind: string;
  flags: string[];
  note: string | null;
  group: boolean;
  provenance: Record<string, unknown>;
}

export interface FactRow extends FieldRow {
  key: string;
  unit: string | null;
  raw: string;
  sentence: string;
  ambiguous: boolean;
  indicatorKey: string | null;
  provenance: Record<string, unknown>;
}

// The newest correction of a row that is neither a revert nor reverted: its value is the current one.
const CURRENT_JOIN = (alias: string) => `LEFT JOIN LATERAL (
    SELECT cc.new_value FROM corrections cc
    WHERE cc.report_id = ${alias}.report_id AND cc.ref = ${alias}.ref AND cc.reverts IS NULL
      AND NOT EXISTS (SELECT 1 FROM corrections rr WHERE rr.reverts = cc.id)
    ORDER BY cc.id DESC LIMIT 1) cur ON true`;

export async function listIndicators(db: Db, reportId: number): Promise<IndicatorRow[]> {
  const { rows } = await db.query<IndicatorRow>(
    `SELECT i.ref, i.form, i.code, i.key, i.label, i.unit, i.raw, i.value AS extracted,
       CASE WHEN cur.new_value IS NULL THEN i.value ELSE (cur.new_value #>> '{}')::double precision END AS current,
       cur.new_value IS NOT NULL AS corrected, i.value_kind AS "valueKind", i.flags, i.note, i.is_group AS "group", i.provenance
     FROM indicators i ${CURRENT_JOIN('i')} WHERE i.report_id = $1 ORDER BY i.ord`,
    [reportId],
  );
  return rows;
}

export async function listFacts(db: Db, reportId: number): Promise<FactRow[]> {
  const { rows } = await db.query<FactRow>(
    `SELECT f.ref, f.key, f.unit, f.raw, f.sentence, f.ambiguous, f.indicator_key AS "indicatorKey", f.provenance,
       f.value AS extracted,
       CASE WHEN cur.new_value IS NULL THEN f.value ELSE (cur.new_value #>> '{}')::double precision END AS current,
       cur.new_value IS NOT NULL AS corrected
     FROM facts f ${CURRENT_JOIN('f')} WHERE f.report_id = $1 ORDER BY f.ord`,
    [reportId],
  );
  return rows;
}

export interface ConflictDetail {
  conflict: ConflictItem;
  report: Awaited<ReturnType<typeof getReport>>;
  /** Extracted and current value of each field the conflict names. */
  fields: FieldRow[];
  /** Corrections of those fields, oldest first. */
  corrections: CorrectionRow[];
}

export async function getConflict(db: Db, conflictId: number): Promise<ConflictDetail> {
  const { rows } = await db.query<ConflictItem>(
    `SELECT ${CONFLICT_COLUMNS} FROM conflicts c JOIN reports r ON r.id = c.report_id WHERE c.id = $1`,
    [conflictId],
  );
  const conflict = rows[0];
  if (!conflict) throw new StoreError('not_found', `conflict ${conflictId} not found`);
  const report = await getReport(db, conflict.reportId);
  const [indicators, facts] = await Promise.all([listIndicators(db, conflict.reportId), listFacts(db, conflict.reportId)]);
  const byRef = new Map<string, FieldRow>([...indicators, ...facts].map((r) => [r.ref, r]));
  const fields: FieldRow[] = [];
  for (const ref of conflict.refs) {
    const f = byRef.get(ref);
    if (f) fields.push({ ref, extracted: f.extracted, current: f.current, corrected: f.corrected });
    else if (ref.startsWith('report:') || ref.startsWith('citation:')) {
      // A ref the record no longer holds (a citation re-read away) is shown but not correctable.
      const v = await fieldValue(db, conflict.reportId, ref).catch((e: unknown) => {
        if (e instanceof StoreError && e.code === 'not_found') return null;
        throw e;
      });
      if (v) fields.push({ ref, ...v });
    }
  }
  const corr = await db.query<CorrectionRow>(
    `SELECT ${CORRECTION_COLUMNS} FROM corrections c WHERE c.report_id = $1 AND (c.ref = ANY($2::text[]) OR c.conflict_id = $3)
     ORDER BY c.id`,
    [conflict.reportId, conflict.refs, conflictId],
  );
  return { conflict, report, fields, corrections: corr.rows };
}

export async function correctionHistory(
  db: Db,
  filter: { reportId?: number; ref?: string; author?: string; limit?: number; offset?: number } = {},
): Promise<CorrectionRow[]> {
  const w = new Where();
  if (filter.reportId !== undefined) w.add('c.report_id = ?', filter.reportId);
  if (filter.ref) w.add('c.ref = ?', filter.ref);
  if (filter.author) w.add('c.author = ?', filter.author);
  const limit = w.next(filter.limit ?? 200);
  const offset = w.next(filter.offset ?? 0);
  const { rows } = await db.query<CorrectionRow>(
    `SELECT ${CORRECTION_COLUMNS} FROM corrections c ${w} ORDER BY c.id DESC LIMIT ${limit} OFFSET ${offset}`,
    w.params,
  );
  return rows;
}

export interface ExportRow extends UnitPeriod {
  reportId: number;
  sourceSha256: string;
  path: string | null;
  reportDate: string | null;
  kind: 'indicator' | 'fact';
  ref: string;
  key: string | null;
  label: string;
  unit: string | null;
  raw: string;
  extracted: number | null;
  current: number | null;
  corrected: boolean;
  openConflicts: number;
}

/**
 * Every indicator and fact row with its current value, report by report (the standing version of
 * each unit-period, see versions.ts): an async generator that
 * reads `batch` reports at a time, so an archive-sized export never sits in memory at once.
 */
export async function* exportRows(db: Db, filter: ReportFilter = {}, batch = 100): AsyncGenerator<ExportRow> {
  let afterId = 0;
  for (;;) {
    const w = new Where();
    reportWhere(w, filter);
    w.add('r.id > ?', afterId);
    const limit = w.next(batch);
    // The standing version of each report only: other versions of a unit-period are kept, not exported.
    const { rows: reports } = await db.query<{ id: number }>(
      `SELECT r.id FROM reports r JOIN report_groups g ON g.standing_report_id = r.id ${w} ORDER BY r.id LIMIT ${limit}`,
      w.params,
    );
    if (reports.length === 0) return;
    const ids = reports.map((r) => r.id);
    afterId = ids[ids.length - 1]!;
    const { rows } = await db.query<ExportRow>(
      `WITH rows AS (
         SELECT i.report_id, i.ord, 0 AS part, 'indicator' AS kind, i.ref, i.key, i.label, i.unit, i.raw, i.value, cur.new_value
         FROM indicators i ${CURRENT_JOIN('i')} WHERE i.report_id = ANY($1::int[])
         UNION ALL
         SELECT f.report_id, f.ord, 1 AS part, 'fact' AS kind, f.ref, f.key, f.key AS label, f.unit, f.raw, f.value, cur.new_value
         FROM facts f ${CURRENT_JOIN('f')} WHERE f.report_id = ANY($1::int[])
       )
       SELECT r.id AS "reportId", r.source_sha256 AS "sourceSha256",
         (SELECT p.path FROM source_paths p WHERE p.sha256 = r.source_sha256 ORDER BY p.last_seen DESC LIMIT 1) AS path,
         r.unit_kind AS "unitKind", r.unit_name AS "unitName", r.district, r.province, r.period_kind AS "periodKind",
         r.period_number AS "periodNumber", r.period_year AS "periodYear", r.report_date AS "reportDate",
         x.kind, x.ref, x.key, x.label, x.unit, x.raw, x.value AS extracted,
         CASE WHEN x.new_value IS NULL THEN x.value ELSE (x.new_value #>> '{}')::double precision END AS current,
         x.new_value IS NOT NULL AS corrected,
         (SELECT count(*)::int FROM conflicts c WHERE c.report_id = r.id AND c.status = 'open' AND c.refs ? x.ref) AS "openConflicts"
       FROM rows x JOIN reports r ON r.id = x.report_id
       ORDER BY r.id, x.part, x.ord`,
      [ids],
    );
    yield* rows;
  }
}
