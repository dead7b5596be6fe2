// Runs the rules for one stored report on its corrected record and merges what they find into the
// conflicts table by fingerprint, so reviewer decisions survive re-runs.
import { ReportRecordSchema, type Conflict, type ReportRecord } from '../../schemas/record.js';
import type { Db } from './db.js';
import { applyCorrectionsToRecord, type RefValue } from './refs.js';
import { applyRules } from './rules.js';

/** Current corrected values of a report's fields (newest correction neither reverting nor reverted). */
export async function currentCorrections(db: Db, reportId: number): Promise<Map<string, RefValue>> {
  return (await currentCorrectionsOf(db, [reportId])).get(reportId) ?? new Map();
}

/**
 * Current corrections of several reports in one query (the cross-report rules need them for up to
 * MAX_OTHERS reports; one round trip each was most of the conflict stage). Reports without
 * corrections have no entry.
 */
async function currentCorrectionsOf(db: Db, reportIds: number[]): Promise<Map<number, Map<string, RefValue>>> {
  const out = new Map<number, Map<string, RefValue>>();
  if (reportIds.length === 0) return out;
  const { rows } = await db.query<{ report_id: number; ref: string; new_value: RefValue }>(
    `SELECT c.report_id, c.ref, c.new_value FROM corrections c
     WHERE c.report_id = ANY($1::int[]) AND c.reverts IS NULL
       AND NOT EXISTS (SELECT 1 FROM corrections r WHERE r.reverts = c.id)
     ORDER BY c.id`,
    [reportIds],
  );
  // In id order per report, so a later correction of the same ref wins, as before.
  for (const r of rows) {
    let m = out.get(r.report_id);
    if (!m) out.set(r.report_id, (m = new Map()));
    m.set(r.ref, r.new_value);
  }
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
  const corrections = await currentCorrectionsOf(db, rows.map((r) => r.id));
  return rows.map((r) => applyCorrectionsToRecord(ReportRecordSchema.parse(r.record), corrections.get(r.id) ?? new Map()));
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
  // One set-based upsert instead of one statement per conflict. Rows keep the rules' order (so
  // identities are assigned as before); a fingerprint raised twice keeps its last version, which is
  // what the row ended up with when each was upserted in turn (one statement cannot touch a row twice).
  // The jsonb columns travel as JSON text and are cast like the per-row parameters were, so a JSON
  // null stays a jsonb null rather than becoming SQL NULL.
  const byFingerprint = new Map<string, { c: Conflict; ord: number }>();
  conflicts.forEach((c, ord) => {
    const first = byFingerprint.get(c.fingerprint);
    byFingerprint.set(c.fingerprint, { c, ord: first?.ord ?? ord });
  });
  const fingerprints = conflicts.map((c) => c.fingerprint);
  const upserts = [...byFingerprint.values()].map(({ c, ord }) => ({
    ord,
    fingerprint: c.fingerprint,
    rule: c.rule,
    severity: c.severity,
    message: c.message,
    refs: JSON.stringify(c.refs),
    values: JSON.stringify(c.values),
    evidence: JSON.stringify(c.evidence),
    suggestion: c.suggestion ? JSON.stringify(c.suggestion) : null,
  }));
  if (upserts.length > 0)
    await tx.query(
      `INSERT INTO conflicts (report_id, fingerprint, rule, severity, message, refs, "values", evidence, suggestion)
       SELECT $1, x.fingerprint, x.rule, x.severity, x.message, x.refs::jsonb, x."values"::jsonb, x.evidence::jsonb, x.suggestion::jsonb
       FROM jsonb_to_recordset($2::jsonb) AS x(ord int, fingerprint text, rule text, severity text, message text,
         refs text, "values" text, evidence text, suggestion text)
       ORDER BY x.ord
       ON CONFLICT (report_id, fingerprint) DO UPDATE SET
         rule = EXCLUDED.rule, severity = EXCLUDED.severity, message = EXCLUDED.message, refs = EXCLUDED.refs,
         "values" = EXCLUDED."values", evidence = EXCLUDED.evidence, suggestion = EXCLUDED.suggestion,
         last_seen = now(),
         status = CASE WHEN conflicts.resolution_how = 'auto' THEN 'open' ELSE conflicts.status END,
         resolution_how = CASE WHEN conflicts.resolution_how = 'auto' THEN NULL ELSE conflicts.resolution_how END,
         resolved_by = CASE WHEN conflicts.resolution_how = 'auto' THEN NULL ELSE conflicts.resolved_by END,
         resolved_at = CASE WHEN conflicts.resolution_how = 'auto' THEN NULL ELSE conflicts.resolved_at END`,
      [reportId, JSON.stringify(upserts)],
    );
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
