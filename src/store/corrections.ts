// Reviewer corrections: appended, never updated or deleted (a trigger enforces it). Applying one
// resolves the conflict it answers and re-runs the rules on the corrected record; reverting appends
// a row that undoes an earlier one and reopens the conflict it had resolved.
import { ReportRecordSchema } from '../../schemas/record.js';
import { currentCorrections, refreshConflicts, type ConflictTally } from './conflicts.js';
import type { Db } from './db.js';
import { checkRefValue, extractedValue, parseRef, type RefValue } from './refs.js';

/** A refused store operation, with a code the web layer maps to a status (404, 400, 409). */
export class StoreError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface CorrectionRow {
  id: number;
  reportId: number;
  ref: string;
  oldValue: RefValue;
  newValue: RefValue;
  reason: string;
  author: string;
  createdAt: Date;
  conflictId: number | null;
  /** Set on a revert row: the correction it undoes. */
  reverts: number | null;
  /** Set on a reverted correction: the revert row that undid it. */
  revertedBy: number | null;
  /** Set when the value was read from the printed page: which page and box (PDF points) of the source. */
  readFrom?: { page: number; box: [number, number, number, number] | null } | null;
}

export const CORRECTION_COLUMNS = `c.id, c.report_id AS "reportId", c.ref, c.old_value AS "oldValue", c.new_value AS "newValue",
  c.reason, c.author, c.created_at AS "createdAt", c.conflict_id AS "conflictId", c.reverts,
  (SELECT r.id FROM corrections r WHERE r.reverts = c.id) AS "revertedBy",
  (SELECT jsonb_build_object('page', s.page, 'box', s.box) FROM correction_sources s WHERE s.correction_id = c.id) AS "readFrom"`;

async function loadRecord(tx: Db, reportId: number) {
  const { rows } = await tx.query<{ record: unknown }>('SELECT record FROM reports WHERE id = $1 FOR UPDATE', [reportId]);
  if (!rows[0]) throw new StoreError('not_found', `report ${reportId} not found`);
  return ReportRecordSchema.parse(rows[0].record);
}

/** Extracted and current value of one field of a stored report. */
export async function fieldValue(db: Db, reportId: number, ref: string): Promise<{ extracted: RefValue; current: RefValue; corrected: boolean }> {
  const record = await loadRecord(db, reportId);
  const extracted = extractedValue(record, ref);
  if (extracted === undefined) throw new StoreError('not_found', `report ${reportId} has no field ${ref}`);
  const current = await currentCorrections(db, reportId);
  return current.has(ref) ? { extracted, current: current.get(ref)!, corrected: true } : { extracted, current: extracted, corrected: false };
}

export interface CorrectionInput {
  reportId: number;
  /** "form3:1.4", "fact:hoso.tiep_nhan", "report:date"... */
  ref: string;
  /** The right value; null means "not reported". */
  value: RefValue;
  reason: string;
  author: string;
  /** The conflict this correction answers; it is resolved as 'corrected'. */
  conflictId?: number;
  /** The value was read from the printed page: this page and box (PDF points) of the report's source. */
  readFrom?: { page: number; box: [number, number, number, number] | null };
}

export interface CorrectionResult {
  correction: CorrectionRow;
  conflicts: ConflictTally;
}

async function getCorrection(tx: Db, id: number): Promise<CorrectionRow> {
  const { rows } = await tx.query<CorrectionRow>(`SELECT ${CORRECTION_COLUMNS} FROM corrections c WHERE c.id = $1`, [id]);
  if (!rows[0]) throw new StoreError('not_found', `correction ${id} not found`);
  return rows[0];
}

export async function applyCorrection(db: Db, input: CorrectionInput): Promise<CorrectionResult> {
  const parsed = parseRef(input.ref);
  if (!parsed) throw new StoreError('invalid', `unknown field reference ${input.ref}`);
  const problem = checkRefValue(parsed, input.value);
  if (problem) throw new StoreError('invalid', problem);
  if (!input.reason.trim()) throw new StoreError('invalid', 'a correction needs a reason');
  if (!input.author.trim()) throw new StoreError('invalid', 'a correction needs an author');
  return db.transaction(async (tx) => {
    const { current } = await fieldValue(tx, input.reportId, input.ref);
    if (input.conflictId !== undefined) {
      const c = await tx.query('SELECT 1 FROM conflicts WHERE id = $1 AND report_id = $2', [input.conflictId, input.reportId]);
      if (c.rows.length === 0) throw new StoreError('not_found', `conflict ${input.conflictId} is not a conflict of report ${input.reportId}`);
    }
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO corrections (report_id, ref, old_value, new_value, reason, author, conflict_id)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7) RETURNING id`,
      [input.reportId, input.ref, JSON.stringify(current), JSON.stringify(input.value), input.reason.trim(), input.author.trim(), input.conflictId ?? null],
    );
    if (input.readFrom) {
      await tx.query(
        `INSERT INTO correction_sources (correction_id, source_sha256, page, box)
         SELECT $1, r.source_sha256, $3, $4::jsonb FROM reports r WHERE r.id = $2`,
        [rows[0]!.id, input.reportId, input.readFrom.page, input.readFrom.box ? JSON.stringify(input.readFrom.box) : null],
      );
    }
    if (input.conflictId !== undefined) {
      await tx.query(
        `UPDATE conflicts SET status = 'resolved', resolution_how = 'corrected', resolved_by = $2, resolved_at = now(),
           resolution_note = $3 WHERE id = $1`,
        [input.conflictId, input.author.trim(), input.reason.trim()],
      );
    }
    const conflicts = await refreshConflicts(tx, input.reportId);
    return { correction: await getCorrection(tx, rows[0]!.id), conflicts };
  });
}

export interface RevertInput {
  correctionId: number;
  author: string;
  reason: string;
}

export async function revertCorrection(db: Db, input: RevertInput): Promise<CorrectionResult> {
  if (!input.reason.trim()) throw new StoreError('invalid', 'a revert needs a reason');
  return db.transaction(async (tx) => {
    const target = await getCorrection(tx, input.correctionId);
    if (target.reverts !== null) throw new StoreError('invalid', `correction ${target.id} is itself a revert; apply a new correction instead`);
    if (target.revertedBy !== null) throw new StoreError('conflict', `correction ${target.id} was already reverted by ${target.revertedBy}`);
    const before = await fieldValue(tx, target.reportId, target.ref);
    // The value once this correction no longer counts: the newest other active correction, else the extracted one.
    const { rows: others } = await tx.query<{ new_value: RefValue }>(
      `SELECT c.new_value FROM corrections c
       WHERE c.report_id = $1 AND c.ref = $2 AND c.id <> $3 AND c.reverts IS NULL
         AND NOT EXISTS (SELECT 1 FROM corrections r WHERE r.reverts = c.id)
       ORDER BY c.id DESC LIMIT 1`,
      [target.reportId, target.ref, target.id],
    );
    const after = others[0] ? others[0].new_value : before.extracted;
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO corrections (report_id, ref, old_value, new_value, reason, author, conflict_id, reverts)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7, $8) RETURNING id`,
      [target.reportId, target.ref, JSON.stringify(before.current), JSON.stringify(after), input.reason.trim(), input.author.trim(), target.conflictId, target.id],
    );
    if (target.conflictId !== null) {
      await tx.query(
        `UPDATE conflicts SET status = 'open', resolution_how = NULL, resolved_by = NULL, resolved_at = NULL, resolution_note = NULL
         WHERE id = $1 AND resolution_how = 'corrected'`,
        [target.conflictId],
      );
    }
    const conflicts = await refreshConflicts(tx, target.reportId);
    return { correction: await getCorrection(tx, rows[0]!.id), conflicts };
  });
}

export interface ResolveInput {
  conflictId: number;
  /** 'accepted': the printed values are right as they are; 'dismissed': not a real problem. */
  how: 'accepted' | 'dismissed';
  by: string;
  note?: string;
}

/** Resolves a conflict without changing any value. */
export async function resolveConflict(db: Db, input: ResolveInput): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE conflicts SET status = 'resolved', resolution_how = $2, resolved_by = $3, resolved_at = now(), resolution_note = $4
     WHERE id = $1`,
    [input.conflictId, input.how, input.by, input.note ?? null],
  );
  if (rowCount === 0) throw new StoreError('not_found', `conflict ${input.conflictId} not found`);
}

export async function reopenConflict(db: Db, conflictId: number): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE conflicts SET status = 'open', resolution_how = NULL, resolved_by = NULL, resolved_at = NULL, resolution_note = NULL
     WHERE id = $1`,
    [conflictId],
  );
  if (rowCount === 0) throw new StoreError('not_found', `conflict ${conflictId} not found`);
}
