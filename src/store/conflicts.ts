// Runs the rules for one stored report on its corrected record and merges what they find into the
// conflicts table by fingerprint, so reviewer decisions survive re-runs.
import { ReportRecordSchema, type Conflict, type ReportRecord } from '../../schemas/record.js';
import type { Db } from './db.js';
import { applyCorrectionsToRecord, type RefValue } from './refs.js';
import { indexedRecord, readIndexedOthers } from './cross-index.js';
import { applyRules, crossFieldsActive, crossRulesActive } from './rules.js';

/** Current corrected values of a report's fields (newest correction neither reverting nor reverted). */
export async function currentCorrections(db: Db, reportId: number): Promise<Map<string, RefValue>> {
  return (await currentCorrectionsOf(db, [reportId])).get(reportId) ?? new Map();
}

/** Current corrections of several reports in one query. Reports without corrections have no entry. */
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

/** A report as stored (before corrections), with its unit. */
export interface StoredRecord {
  record: ReportRecord;
  unitKey: string | null;
  /** The record's conflicts are the report rules' own result for it (it comes straight from the pipeline). */
  reportRulesRan?: boolean;
}

/**
 * What the rules need of the report besides its record, in one query: its current corrections,
 * [ref, value] in correction order, its unit-period group and whether it is that group's standing
 * version (only the standing version is compared with the unit's other reports).
 */
async function ownRow(db: Db, reportId: number): Promise<{ corrections: [string, RefValue][]; groupId: number | null; standing: boolean }> {
  const { rows } = await db.query<{ corrections: [string, RefValue][]; group_id: number | null; standing: boolean }>(
    `SELECT r.group_id, (g.standing_report_id IS NULL OR g.standing_report_id = r.id) AS standing,
       (SELECT COALESCE(jsonb_agg(jsonb_build_array(c.ref, c.new_value) ORDER BY c.id), '[]'::jsonb) FROM corrections c
        WHERE c.report_id = r.id AND c.reverts IS NULL
          AND NOT EXISTS (SELECT 1 FROM corrections x WHERE x.reverts = c.id)) AS corrections
     FROM reports r LEFT JOIN report_groups g ON g.id = r.group_id WHERE r.id = $1`,
    [reportId],
  );
  const row = rows[0];
  return { corrections: row?.corrections ?? [], groupId: row?.group_id ?? null, standing: row?.standing ?? true };
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
  // One statement: a set-based upsert of the raised conflicts, the auto-resolution of the others,
  // and the tally. Rows keep the rules' order (so identities are assigned as before); a
  // fingerprint raised twice keeps its last version, which is what the row ended up with when each
  // was upserted in turn (one statement cannot touch a row twice). The jsonb columns travel as
  // JSON text and are cast like per-row parameters would be, so a JSON null stays a jsonb null
  // rather than becoming SQL NULL.
  // The tally cannot re-read the table (a statement's parts all see the table as it was before
  // it), so it is counted from what the parts did: the raised rows end with the status the upsert
  // returns; every earlier row not raised now ends resolved (the open ones by the update).
  const byFingerprint = new Map<string, { c: Conflict; ord: number }>();
  conflicts.forEach((c, ord) => {
    const first = byFingerprint.get(c.fingerprint);
    byFingerprint.set(c.fingerprint, { c, ord: first?.ord ?? ord });
  });
  const fingerprints = [...byFingerprint.keys()];
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
  const { rows } = await tx.query<{ open: number; resolved: number }>(
    `WITH raised AS (
       INSERT INTO conflicts (report_id, fingerprint, rule, severity, message, refs, "values", evidence, suggestion)
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
         resolved_at = CASE WHEN conflicts.resolution_how = 'auto' THEN NULL ELSE conflicts.resolved_at END
       RETURNING status
     ), dropped AS (
       UPDATE conflicts SET status = 'resolved', resolution_how = 'auto', resolved_by = 'rules', resolved_at = now()
       WHERE report_id = $1 AND status = 'open' AND NOT (fingerprint = ANY($3::text[]))
     )
     SELECT (SELECT count(*) FROM raised WHERE status = 'open')::int AS open,
       ((SELECT count(*) FROM raised WHERE status = 'resolved')
         + (SELECT count(*) FROM conflicts WHERE report_id = $1 AND NOT (fingerprint = ANY($3::text[]))))::int AS resolved`,
    [reportId, JSON.stringify(upserts), fingerprints],
  );
  return { open: rows[0]?.open ?? 0, resolved: rows[0]?.resolved ?? 0, raised: conflicts.length };
}

/** Reads a stored report for the rules (the store's own path passes what it just wrote instead). */
async function loadStored(tx: Db, reportId: number): Promise<StoredRecord> {
  const { rows } = await tx.query<{ record: unknown; unit_key: string | null }>('SELECT record, unit_key FROM reports WHERE id = $1', [reportId]);
  if (!rows[0]) throw new Error(`report ${reportId} not found`);
  return { record: ReportRecordSchema.parse(rows[0].record), unitKey: rows[0].unit_key };
}

/**
 * Re-runs the rules for a stored report (its record with current corrections on top) and merges
 * what they raise. `stored`: the record as just written, so it is not read back. A version that
 * does not stand keeps its own report conflicts but is compared with no other report: the
 * cross-report rules read the standing version of each unit-period only.
 */
export async function refreshConflicts(tx: Db, reportId: number, stored?: StoredRecord): Promise<ConflictTally> {
  const own = stored ?? (await loadStored(tx, reportId));
  const mine = await ownRow(tx, reportId);
  const others =
    mine.standing && crossRulesActive() ? (await readIndexedOthers(tx, own.unitKey, mine.groupId, crossFieldsActive())).map(indexedRecord) : [];
  const corrections = new Map(mine.corrections);
  const record = applyCorrectionsToRecord(own.record, corrections);
  // Uncorrected, a record fresh from the pipeline already carries what the report rules find in it
  // (they are pure): only the cross-report rules are new here. ~3 ms of the importing thread per report.
  const reportConflicts = own.reportRulesRan && corrections.size === 0 ? own.record.conflicts : undefined;
  return mergeConflicts(tx, reportId, await applyRules(record, others, reportConflicts ? { reportConflicts } : {}));
}
