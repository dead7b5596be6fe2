// Runs the rules for one stored report on its corrected record and merges what they find into the
// conflicts table by fingerprint, so reviewer decisions survive re-runs.
import { ReportRecordSchema, type Conflict, type ReportRecord } from '../../schemas/record.js';
import type { Db } from './db.js';
import { applyCorrectionsToRecord, type RefValue } from './refs.js';
import { applyRules } from './rules.js';

/** Current corrected values of a report's fields (newest correction neither reverting nor reverted). */
export async function currentCorrections(db: Db, reportId: number): Promise<Map<string, RefValue>> {
  const { rows } = await db.query<{ ref: string; new_value: RefValue }>(
    `SELECT c.ref, c.new_value FROM corrections c
     WHERE c.report_id = $1 AND c.reverts IS NULL
       AND NOT EXISTS (SELECT 1 FROM corrections r WHERE r.reverts = c.id)
     ORDER BY c.id`,
    [reportId],
  );
  const out = new Map<string, RefValue>();
  for (const r of rows) out.set(r.ref, r.new_value);
  return out;
}

/** How many other reports of the same unit the cross-report rules get (newest periods first). */
const MAX_OTHERS = 40;

async function otherReports(db: Db, reportId: number, unitKey: string | null): Promise<ReportRecord[]> {
  if (!unitKey) return [];
  const { rows } = await db.query<{ id: number; record: unknown }>(
    `SELECT id, record FROM reports WHERE unit_key = $1 AND id <> $2
     ORDER BY period_year DESC NULLS LAST, period_number DESC NULLS LAST, id DESC LIMIT $3`,
    [unitKey, reportId, MAX_OTHERS],
  );
  const out: ReportRecord[] = [];
  for (const r of rows) {
    const record = ReportRecordSchema.parse(r.record);
    out.push(applyCorrectionsToRecord(record, await currentCorrections(db, r.id)));
  }
  return out;
}

export interface ConflictTally {
  open: number;
  resolved: number;
  raised: number;
}

/**
 * Merges a fresh rule run into the table:
 * - raised again: details refreshed, status kept (a reviewer's 'resolved' stays resolved), except
 *   that one the rules had auto-resolved reopens;
 * - newly raised: inserted open;
 * - no longer raised while open: resolved as 'auto' (e.g. after a correction fixed the numbers).
 */
export async function mergeConflicts(tx: Db, reportId: number, conflicts: Conflict[]): Promise<ConflictTally> {
  const fingerprints: string[] = [];
  for (const c of conflicts) {
    fingerprints.push(c.fingerprint);
    await tx.query(
      `INSERT INTO conflicts (report_id, fingerprint, rule, severity, message, refs, "values", evidence, suggestion)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb)
       ON CONFLICT (report_id, fingerprint) DO UPDATE SET
         rule = EXCLUDED.rule, severity = EXCLUDED.severity, message = EXCLUDED.message, refs = EXCLUDED.refs,
         "values" = EXCLUDED."values", evidence = EXCLUDED.evidence, suggestion = EXCLUDED.suggestion,
         last_seen = now(),
         status = CASE WHEN conflicts.resolution_how = 'auto' THEN 'open' ELSE conflicts.status END,
         resolution_how = CASE WHEN conflicts.resolution_how = 'auto' THEN NULL ELSE conflicts.resolution_how END,
         resolved_by = CASE WHEN conflicts.resolution_how = 'auto' THEN NULL ELSE conflicts.resolved_by END,
         resolved_at = CASE WHEN conflicts.resolution_how = 'auto' THEN NULL ELSE conflicts.resolved_at END`,
      [
        reportId,
        c.fingerprint,
        c.rule,
        c.severity,
        c.message,
        JSON.stringify(c.refs),
        JSON.stringify(c.values),
        JSON.stringify(c.evidence),
        c.suggestion ? JSON.stringify(c.suggestion) : null,
      ],
    );
  }
  await tx.query(
    `UPDATE conflicts SET status = 'resolved', resolution_how = 'auto', resolved_by = 'rules', resolved_at = now()
     WHERE report_id = $1 AND status = 'open' AND NOT (fingerprint = ANY($2::text[]))`,
    [reportId, fingerprints],
  );
  const { rows } = await tx.query<{ open: number; resolved: number }>(
    `SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'resolved')::int AS resolved
     FROM conflicts WHERE report_id = $1`,
    [reportId],
  );
  return { open: rows[0]?.open ?? 0, resolved: rows[0]?.resolved ?? 0, raised: conflicts.length };
}

/** Re-runs the rules for a stored report (its record with current corrections on top). */
export async function refreshConflicts(tx: Db, reportId: number): Promise<ConflictTally> {
  const { rows } = await tx.query<{ record: unknown; unit_key: string | null }>(
    'SELECT record, unit_key FROM reports WHERE id = $1',
    [reportId],
  );
  if (!rows[0]) throw new Error(`report ${reportId} not found`);
  const record = applyCorrectionsToRecord(ReportRecordSchema.parse(rows[0].record), await currentCorrections(tx, reportId));
  const conflicts = await applyRules(record, await otherReports(tx, reportId, rows[0].unit_key));
  return mergeConflicts(tx, reportId, conflicts);
}
