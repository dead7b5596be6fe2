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

/** Multi-row INSERT in chunks that stay far below PostgreSQL's 65535-parameter limit. */
async function insertRows(tx: Db, table: string, columns: string[], casts: Record<string, string>, rows: unknown[][]): Promise<void> {
  const perChunk = Math.max(1, Math.floor(20_000 / columns.length));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const ph = row.map((v, j) => {
        params.push(v);
        return `$${params.length}${casts[columns[j]!] ?? ''}`;
      });
      return `(${ph.join(', ')})`;
    });
    await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

const json = (v: unknown) => JSON.stringify(v);

async function replaceRows(tx: Db, reportId: number, record: ReportRecord): Promise<void> {
  await tx.query('DELETE FROM indicators WHERE report_id = $1', [reportId]);
  await tx.query('DELETE FROM facts WHERE report_id = $1', [reportId]);
  await tx.query('DELETE FROM citations WHERE report_id = $1', [reportId]);
  const iRefs = indicatorRefs(record);
  await insertRows(
    tx,
    'indicators',
    ['report_id', 'ref', 'ord', 'form', 'code', 'key', 'label', 'unit', 'raw', 'value', 'value_kind', 'flags', 'note', 'is_group', 'provenance'],
    { flags: '::jsonb', provenance: '::jsonb' },
    record.indicators.map((i, n) => [
      reportId, iRefs[n], n, i.form, i.code, i.key, i.label, i.unit, i.raw, i.value, i.valueKind, json(i.flags), i.note, i.group, json(i.provenance),
    ]),
  );
  const fRefs = factRefs(record);
  await insertRows(
    tx,
    'facts',
    ['report_id', 'ref', 'ord', 'key', 'value', 'unit', 'raw', 'sentence', 'ambiguous', 'indicator_key', 'provenance'],
    { provenance: '::jsonb' },
    record.facts.map((f, n) => [
      reportId, fRefs[n], n, f.key, f.value, f.unit, f.raw, f.sentence, f.ambiguous, f.indicatorKey, json(f.provenance),
    ]),
  );
  await insertRows(
    tx,
    'citations',
    ['report_id', 'ord', 'doc_type', 'number', 'raw_number', 'issuer', 'doc_date', 'year', 'subject', 'identity', 'raw', 'provenance'],
    { provenance: '::jsonb', doc_date: '::date' },
    record.citations.map((c, n) => [
      reportId, n, c.docType, c.number, c.rawNumber, c.issuer, c.date, c.year, c.subject, c.identity, c.raw, json(c.provenance),
    ]),
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
