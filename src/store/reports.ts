// Stores one extracted record: source, paths, report row, query rows and conflicts in a single
// transaction, so a crash or a refused connection never leaves a report half-stored.
import { EXTRACTOR_VERSION, ReportRecordSchema, type ReportRecord } from '../../schemas/record.js';
import { fold } from '../text/fold.js';
import { refreshConflicts, type ConflictTally } from './conflicts.js';
import type { Db } from './db.js';
import { factRefs, indicatorRefs } from './refs.js';
import { compareVersions, sightingParams, sightingStatement } from './sources.js';
import { placeVersion } from './versions.js';

export interface StoreOptions {
  /** Logical paths the source was seen at (added to source_paths). */
  paths?: string[];
  /**
   * The record comes straight from this build's pipeline (extractFile), so its conflicts are the
   * report rules' result for it and need not be computed again unless corrections change it. Not
   * for records read from elsewhere (a file, an older version): the store runs the rules itself.
   */
  fromPipeline?: boolean;
}

export interface StoredReport {
  reportId: number;
  /** 'inserted' first time, 'replaced' re-extracted, 'kept' when a newer extractor's report was already there. */
  outcome: 'inserted' | 'replaced' | 'kept';
  conflicts: ConflictTally;
}

function unitKeys(record: ReportRecord) {
  const r = record.report;
  const k = (s: string | null | undefined) => (s ? fold(s) : null);
  const unitNameKey = k(r?.unitName);
  return {
    unitKey: unitNameKey ? [k(r?.unitKind) ?? '', unitNameKey, k(r?.district) ?? '', k(r?.province) ?? ''].join('|') : null,
    unitNameKey,
    districtKey: k(r?.district),
    provinceKey: k(r?.province),
  };
}

const json = (v: unknown) => JSON.stringify(v);

/**
 * The report row and its indicator, fact and citation rows in one statement. The record travels
 * once, as the jsonb parameter stored in reports.record, and the rows are read out of that same
 * parameter inside PostgreSQL: before, the rows went again as three JSON arrays of their own
 * (twice the bytes through PGlite's protocol and three more JSON parses). The values are the
 * record's own (a row's `value` is the record's number, `flags` and `provenance` its JSON), so
 * the rows are the same as ever; refs come from refs.ts; rows are inserted in document order.
 * The source is marked done in the same statement. Returns the report id.
 */
const INSERT_REPORT_SQL = `
WITH rep AS (
  INSERT INTO reports (source_sha256, unit_kind, unit_name, district, province,
    unit_key, unit_name_key, district_key, province_key,
    period_kind, period_number, period_year, report_date, report_number, title, status, extractor_version, record)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::date, $14, $15, $16, $17, $18::jsonb)
  ON CONFLICT (source_sha256) DO UPDATE SET
    unit_kind = EXCLUDED.unit_kind, unit_name = EXCLUDED.unit_name, district = EXCLUDED.district,
    province = EXCLUDED.province, unit_key = EXCLUDED.unit_key, unit_name_key = EXCLUDED.unit_name_key,
    district_key = EXCLUDED.district_key, province_key = EXCLUDED.province_key,
    period_kind = EXCLUDED.period_kind, period_number = EXCLUDED.period_number, period_year = EXCLUDED.period_year,
    report_date = EXCLUDED.report_date, report_number = EXCLUDED.report_number, title = EXCLUDED.title,
    status = EXCLUDED.status, extractor_version = EXCLUDED.extractor_version, record = EXCLUDED.record,
    extracted_at = now()
  RETURNING id
), ind AS (
  INSERT INTO indicators (report_id, ref, ord, form, code, key, label, unit, raw, value, value_kind, flags, note, is_group, provenance)
  SELECT rep.id, ($19::text[])[e.n], e.n - 1, (e.v->>'form')::integer, e.v->>'code', e.v->>'key', e.v->>'label',
    e.v->>'unit', e.v->>'raw', (e.v->>'value')::double precision, e.v->>'valueKind', e.v->'flags', e.v->>'note',
    (e.v->>'group')::boolean, e.v->'provenance'
  FROM rep, jsonb_array_elements($18::jsonb->'indicators') WITH ORDINALITY AS e(v, n)
  ORDER BY e.n
), fac AS (
  INSERT INTO facts (report_id, ref, ord, key, value, unit, raw, sentence, ambiguous, indicator_key, provenance)
  SELECT rep.id, ($20::text[])[e.n], e.n - 1, e.v->>'key', (e.v->>'value')::double precision, e.v->>'unit', e.v->>'raw',
    e.v->>'sentence', (e.v->>'ambiguous')::boolean, e.v->>'indicatorKey', e.v->'provenance'
  FROM rep, jsonb_array_elements($18::jsonb->'facts') WITH ORDINALITY AS e(v, n)
  ORDER BY e.n
), cit AS (
  INSERT INTO citations (report_id, ord, doc_type, number, raw_number, issuer, doc_date, year, subject, identity, raw, provenance)
  SELECT rep.id, e.n - 1, e.v->>'docType', e.v->>'number', e.v->>'rawNumber', e.v->>'issuer', (e.v->>'date')::date,
    (e.v->>'year')::integer, e.v->>'subject', e.v->>'identity', e.v->>'raw', e.v->'provenance'
  FROM rep, jsonb_array_elements($18::jsonb->'citations') WITH ORDINALITY AS e(v, n)
  ORDER BY e.n
), done AS (
  UPDATE sources SET status = 'done', failure_reason = NULL, failure_permanent = false, extractor_version = $17,
    updated_at = now() WHERE sha256 = $1
)
SELECT id FROM rep`;

/**
 * Stores (or re-stores) the record of one source. Re-extraction replaces the extracted rows but
 * never touches corrections: they are applied on top when the rules re-run and when values are read.
 * Each source has its own report row, so two files of one unit and period never overwrite each other:
 * they are versions of one report (versions.ts), and one of them stands.
 */
export async function storeReport(db: Db, input: ReportRecord, opts: StoreOptions = {}): Promise<StoredReport> {
  const record = ReportRecordSchema.parse(input);
  const src = record.source;
  const recordJson = json(record);
  const paths = [...new Set(opts.paths ?? [])];
  return db.transaction(async (tx) => {
    // The source and the paths it was seen at, as a sighting records them (with the format read).
    await tx.query(sightingStatement('set'), sightingParams({ sha256: src.sha256, format: src.format, size: src.size, paths }));

    const existing = (
      await tx.query<{ id: number; extractor_version: string }>(
        'SELECT id, extractor_version FROM reports WHERE source_sha256 = $1 FOR UPDATE',
        [src.sha256],
      )
    ).rows[0];
    // A slow worker finishing an old extractor's run must not replace a newer extractor's report.
    if (existing && compareVersions(existing.extractor_version, record.extractorVersion) > 0) {
      const tally = (
        await tx.query<{ open: number; resolved: number }>(
          `WITH done AS (UPDATE sources SET status = 'done', updated_at = now() WHERE sha256 = $2)
           SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'resolved')::int AS resolved
           FROM conflicts WHERE report_id = $1`,
          [existing.id, src.sha256],
        )
      ).rows[0]!;
      return { reportId: existing.id, outcome: 'kept', conflicts: { ...tally, raised: 0 } };
    }

    // Re-extraction replaces the rows (a new report has none: the source's row lock, taken
    // above, lets no other store of this source in between).
    if (existing) {
      await tx.query(
        `WITH i AS (DELETE FROM indicators WHERE report_id = $1), f AS (DELETE FROM facts WHERE report_id = $1)
         DELETE FROM citations WHERE report_id = $1`,
        [existing.id],
      );
    }
    const meta = record.report;
    const keys = unitKeys(record);
    const { rows } = await tx.query<{ id: number }>(INSERT_REPORT_SQL, [
      src.sha256, meta?.unitKind ?? null, meta?.unitName ?? null, meta?.district ?? null, meta?.province ?? null,
      keys.unitKey, keys.unitNameKey, keys.districtKey, keys.provinceKey,
      meta?.period?.kind ?? null, meta?.period?.number ?? null, meta?.period?.year ?? null,
      meta?.date ?? null, meta?.number ?? null, meta?.title ?? null, record.status, record.extractorVersion, recordJson,
      indicatorRefs(record), factRefs(record),
    ]);
    const { id: reportId } = rows[0]!;
    // A version of its unit-period: filed under the group, which then says which version stands.
    await placeVersion(tx, reportId, record, keys.unitKey, { isNew: !existing });

    // Rules see the record with reviewers' corrections on top (a corrected number stops
    // conflicting), and see it as stored: the JSON just written, parsed, is what reading the row
    // back would give.
    const conflicts = await refreshConflicts(tx, reportId, {
      record: JSON.parse(recordJson) as ReportRecord,
      unitKey: keys.unitKey,
      reportRulesRan: opts.fromPipeline === true && record.extractorVersion === EXTRACTOR_VERSION,
    });
    return { reportId, outcome: existing ? 'replaced' : 'inserted', conflicts };
  });
}
