// Stores one extracted record: source, paths, report row, query rows and conflicts in a single
// transaction, so a crash or a refused connection never leaves a report half-stored.
import { ReportRecordSchema, type ReportRecord } from '../../schemas/record.js';
import { fold } from '../text/fold.js';
import { refreshConflicts, type ConflictTally } from './conflicts.js';
import type { Db } from './db.js';
import { factRefs, indicatorRefs } from './refs.js';
import { addPaths, compareVersions } from './sources.js';

export interface StoreOptions {
  /** Logical paths the source was seen at (added to source_paths). */
  paths?: string[];
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

/** A column of a set-based insert: its name and SQL type; `jsonb` columns travel as JSON text. */
type Column = readonly [name: string, type: string];

/**
 * Inserts a report's rows with one statement whatever their number: the rows go as one JSON array
 * through jsonb_to_recordset (one parameter, where a VALUES list needed one per cell and its parse
 * grew with the row count). jsonb values are sent as JSON text and cast, exactly like the per-cell
 * `$n::jsonb` parameters before, so a JSON null stays a jsonb null instead of becoming SQL NULL.
 * Rows are inserted in `ord` order.
 */
async function insertRows(tx: Db, table: string, reportId: number, columns: readonly Column[], rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const recordType = columns.map(([name, type]) => `${name} ${type === 'jsonb' ? 'text' : type}`).join(', ');
  const select = columns.map(([name, type]) => `x.${name}${type === 'jsonb' ? '::jsonb' : ''}`).join(', ');
  await tx.query(
    `INSERT INTO ${table} (report_id, ${columns.map(([name]) => name).join(', ')})
     SELECT $1, ${select} FROM jsonb_to_recordset($2::jsonb) AS x(${recordType}) ORDER BY x.ord`,
    [reportId, JSON.stringify(rows)],
  );
}

const json = (v: unknown) => JSON.stringify(v);

const INDICATOR_COLUMNS: Column[] = [
  ['ref', 'text'], ['ord', 'integer'], ['form', 'integer'], ['code', 'text'], ['key', 'text'], ['label', 'text'],
  ['unit', 'text'], ['raw', 'text'], ['value', 'double precision'], ['value_kind', 'text'], ['flags', 'jsonb'],
  ['note', 'text'], ['is_group', 'boolean'], ['provenance', 'jsonb'],
];
const FACT_COLUMNS: Column[] = [
  ['ref', 'text'], ['ord', 'integer'], ['key', 'text'], ['value', 'double precision'], ['unit', 'text'], ['raw', 'text'],
  ['sentence', 'text'], ['ambiguous', 'boolean'], ['indicator_key', 'text'], ['provenance', 'jsonb'],
];
const CITATION_COLUMNS: Column[] = [
  ['ord', 'integer'], ['doc_type', 'text'], ['number', 'text'], ['raw_number', 'text'], ['issuer', 'text'],
  ['doc_date', 'date'], ['year', 'integer'], ['subject', 'text'], ['identity', 'text'], ['raw', 'text'], ['provenance', 'jsonb'],
];

async function replaceRows(tx: Db, reportId: number, record: ReportRecord): Promise<void> {
  await tx.query('DELETE FROM indicators WHERE report_id = $1', [reportId]);
  await tx.query('DELETE FROM facts WHERE report_id = $1', [reportId]);
  await tx.query('DELETE FROM citations WHERE report_id = $1', [reportId]);
  const iRefs = indicatorRefs(record);
  await insertRows(
    tx,
    'indicators',
    reportId,
    INDICATOR_COLUMNS,
    record.indicators.map((i, n) => ({
      ref: iRefs[n], ord: n, form: i.form, code: i.code, key: i.key, label: i.label, unit: i.unit, raw: i.raw,
      value: i.value, value_kind: i.valueKind, flags: json(i.flags), note: i.note, is_group: i.group, provenance: json(i.provenance),
    })),
  );
  const fRefs = factRefs(record);
  await insertRows(
    tx,
    'facts',
    reportId,
    FACT_COLUMNS,
    record.facts.map((f, n) => ({
      ref: fRefs[n], ord: n, key: f.key, value: f.value, unit: f.unit, raw: f.raw, sentence: f.sentence,
      ambiguous: f.ambiguous, indicator_key: f.indicatorKey, provenance: json(f.provenance),
    })),
  );
  await insertRows(
    tx,
    'citations',
    reportId,
    CITATION_COLUMNS,
    record.citations.map((c, n) => ({
      ord: n, doc_type: c.docType, number: c.number, raw_number: c.rawNumber, issuer: c.issuer, doc_date: c.date,
      year: c.year, subject: c.subject, identity: c.identity, raw: c.raw, provenance: json(c.provenance),
    })),
  );
}

/**
 * Stores (or re-stores) the record of one source. Re-extraction replaces the extracted rows but
 * never touches corrections: they are applied on top when the rules re-run and when values are read.
 * Each source has its own report row, so two files of one unit and period never overwrite each other.
 */
export async function storeReport(db: Db, input: ReportRecord, opts: StoreOptions = {}): Promise<StoredReport> {
  const record = ReportRecordSchema.parse(input);
  const src = record.source;
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO sources (sha256, format, size) VALUES ($1, $2, $3)
       ON CONFLICT (sha256) DO UPDATE SET last_seen = now(), format = EXCLUDED.format`,
      [src.sha256, src.format, src.size],
    );
    await addPaths(tx, src.sha256, opts.paths ?? []);

    const existing = (
      await tx.query<{ id: number; extractor_version: string }>(
        'SELECT id, extractor_version FROM reports WHERE source_sha256 = $1 FOR UPDATE',
        [src.sha256],
      )
    ).rows[0];
    // A slow worker finishing an old extractor's run must not replace a newer extractor's report.
    if (existing && compareVersions(existing.extractor_version, record.extractorVersion) > 0) {
      await tx.query(`UPDATE sources SET status = 'done', updated_at = now() WHERE sha256 = $1`, [src.sha256]);
      const tally = (
        await tx.query<{ open: number; resolved: number }>(
          `SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'resolved')::int AS resolved
           FROM conflicts WHERE report_id = $1`,
          [existing.id],
        )
      ).rows[0]!;
      return { reportId: existing.id, outcome: 'kept', conflicts: { ...tally, raised: 0 } };
    }

    const meta = record.report;
    const keys = unitKeys(record);
    const values = [
      src.sha256, meta?.unitKind ?? null, meta?.unitName ?? null, meta?.district ?? null, meta?.province ?? null,
      keys.unitKey, keys.unitNameKey, keys.districtKey, keys.provinceKey,
      meta?.period?.kind ?? null, meta?.period?.number ?? null, meta?.period?.year ?? null,
      meta?.date ?? null, meta?.number ?? null, meta?.title ?? null, record.status, record.extractorVersion, json(record),
    ];
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO reports (source_sha256, unit_kind, unit_name, district, province,
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
       RETURNING id`,
      values,
    );
    const reportId = rows[0]!.id;
    await replaceRows(tx, reportId, record);

    // Rules see the record with reviewers' corrections on top (a corrected number stops conflicting).
    const conflicts = await refreshConflicts(tx, reportId);

    await tx.query(
      `UPDATE sources SET status = 'done', failure_reason = NULL, failure_permanent = false, extractor_version = $2,
         updated_at = now() WHERE sha256 = $1`,
      [src.sha256, record.extractorVersion],
    );
    return { reportId, outcome: existing ? 'replaced' : 'inserted', conflicts };
  });
}
