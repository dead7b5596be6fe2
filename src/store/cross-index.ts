// The unit's other reports as the cross-report rules read them, straight from the indexed rows:
// the report columns (unit, period) and only the indicator rows the rules declare they read (their
// catalogue keys), with current corrections applied in the same query. No record is read back,
// JSON-parsed or validated, so a unit with ten years of reports costs a store what a unit with one
// costs, bar one small query. Only the standing version of each other unit-period takes part.
import type { Indicator, ReportRecord } from '../../schemas/record.js';
import type { Db } from './db.js';
import type { RefValue } from './refs.js';

/** How many other reports of the same unit the cross-report rules get (newest periods first). */
export const MAX_OTHERS = 40;

/** Which indicator rows of the other reports to read: by catalogue key or by ref; `all` when not declared. */
export interface CrossFields {
  keys?: readonly string[];
  refs?: readonly string[];
}

export interface IndexedReport {
  id: number;
  sha256: string;
  format: ReportRecord['source']['format'] | null;
  unitKind: string | null;
  unitName: string | null;
  periodKind: string | null;
  periodNumber: number | null;
  periodYear: number | null;
  periodRaw: string | null;
  rows: IndexedRow[];
}

export interface IndexedRow {
  ref: string;
  form: number;
  code: string;
  key: string | null;
  label: string;
  unit: string | null;
  raw: string;
  value: number | null;
  valueKind: Indicator['valueKind'];
  flags: string[];
  group: boolean;
  provenance: Indicator['provenance'];
  /** The current correction, when the row has one (a JSON null means "not reported"). */
  corrected: boolean;
  correction: RefValue;
}

// The newest correction of a row that is neither a revert nor reverted: its value is the current one.
const OTHERS_SQL = (rowFilter: string) => `
SELECT r.id, r.source_sha256 AS sha256, s.format, r.unit_kind AS "unitKind", r.unit_name AS "unitName",
  r.period_kind AS "periodKind", r.period_number AS "periodNumber", r.period_year AS "periodYear", r.period_raw AS "periodRaw",
  COALESCE((
    SELECT jsonb_agg(jsonb_build_object('ref', i.ref, 'form', i.form, 'code', i.code, 'key', i.key, 'label', i.label,
      'unit', i.unit, 'raw', i.raw, 'value', i.value, 'valueKind', i.value_kind, 'flags', i.flags, 'group', i.is_group,
      'provenance', i.provenance, 'corrected', cur.id IS NOT NULL, 'correction', cur.new_value) ORDER BY i.ord)
    FROM indicators i
    LEFT JOIN LATERAL (
      SELECT cc.id, cc.new_value FROM corrections cc
      WHERE cc.report_id = i.report_id AND cc.ref = i.ref AND cc.reverts IS NULL
        AND NOT EXISTS (SELECT 1 FROM corrections rr WHERE rr.reverts = cc.id)
      ORDER BY cc.id DESC LIMIT 1) cur ON true
    WHERE i.report_id = r.id ${rowFilter}), '[]'::jsonb) AS rows
FROM reports r JOIN report_groups g ON g.standing_report_id = r.id JOIN sources s ON s.sha256 = r.source_sha256
WHERE r.unit_key = $1 AND r.group_id IS DISTINCT FROM $2
ORDER BY r.period_year DESC NULLS LAST, r.period_number DESC NULLS LAST, r.id DESC
LIMIT $3`;

/** The standing versions of the unit's other unit-periods, newest periods first (at most MAX_OTHERS). */
export async function readIndexedOthers(db: Db, unitKey: string | null, groupId: number | null, fields: CrossFields | 'all'): Promise<IndexedReport[]> {
  if (!unitKey) return [];
  const params: unknown[] = [unitKey, groupId, MAX_OTHERS];
  let filter = '';
  if (fields !== 'all') {
    params.push(fields.keys ?? [], fields.refs ?? []);
    filter = 'AND (i.key = ANY($4::text[]) OR i.ref = ANY($5::text[]))';
  }
  const { rows } = await db.query<IndexedReport>(OTHERS_SQL(filter), params);
  return rows;
}

/**
 * An indexed report as the record the cross-report rules take: its unit and period, and the rows
 * read (corrections on top, flagged 'corrected' as applyCorrectionsToRecord does). The parts the
 * rules never read (narrative, citations, facts, warnings...) are empty.
 */
export function indexedRecord(r: IndexedReport): ReportRecord {
  const kind = r.periodKind as NonNullable<NonNullable<ReportRecord['report']>['period']>['kind'] | null;
  return {
    schemaVersion: 1,
    extractorVersion: '',
    // The rules name other reports by sha256 and their rows' provenance; file and size stay unread.
    source: { file: '', sha256: r.sha256, format: r.format ?? 'txt', size: 0, pages: null },
    status: 'complete',
    report: {
      unitKind: r.unitKind as NonNullable<ReportRecord['report']>['unitKind'],
      unitName: r.unitName,
      district: null,
      province: null,
      number: null,
      place: null,
      date: null,
      title: null,
      period: kind ? { kind, number: r.periodNumber, year: r.periodYear, raw: r.periodRaw ?? '' } : null,
      signer: null,
      recipients: [],
      provenance: {},
    },
    indicators: r.rows.map((row) => {
      const ind: Indicator = {
        form: row.form,
        formTitle: '',
        code: row.code,
        key: row.key,
        label: row.label,
        unit: row.unit,
        raw: row.raw,
        value: row.value,
        valueKind: row.valueKind,
        flags: [...row.flags],
        note: null,
        group: row.group,
        provenance: row.provenance,
      };
      if (row.corrected && (row.correction === null || typeof row.correction === 'number')) {
        ind.value = row.correction;
        ind.valueKind = row.correction === null ? 'blank' : 'number';
        if (!ind.flags.includes('corrected')) ind.flags.push('corrected');
      }
      return ind;
    }),
    facts: [],
    citations: [],
    conflicts: [],
    warnings: [],
    narrative: [],
    pageInfo: [],
  };
}
