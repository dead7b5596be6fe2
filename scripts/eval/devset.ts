// Adapter for an evaluation set made outside this project (../shared/devset: `vNN.truth.json`,
// described in its README) into the eval's own truth (scripts/corpus/truth.ts), so the same scoring
// reads both. Only the *format* is translated here: field names, conflict-kind names and the set's
// own fact keys. Nothing about its wordings, communes or numbers is looked at.
import { z } from 'zod';
import { extname } from 'node:path';
import type { ConflictKind, PlantedConflict, Truth, TruthIndicator } from '../corpus/truth.js';

const PeriodSchema = z.object({
  kind: z.enum(['quarter', 'half', 'nine_months', 'year']),
  number: z.number().int().nullable(),
  year: z.number().int(),
});

const ExternalConflictSchema = z.object({
  kind: z.string(),
  refs: z.array(z.string()),
  severity: z.string().optional(),
  note: z.string().default(''),
});

export const ExternalTruthSchema = z.object({
  variant_id: z.string(),
  files: z.array(z.string()).min(1),
  metadata: z.object({
    commune: z.string(),
    district: z.string().nullable(),
    province: z.string().nullable(),
    period: PeriodSchema,
    report_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    report_number: z.string().nullable(),
    signer: z.string().nullable(),
    signer_title: z.string().nullable(),
    signer_authority: z.string().nullable().optional(),
    appendix_title_commune: z.string().nullable().optional(),
  }),
  indicators: z.array(
    z.object({
      form: z.number().int().positive(),
      code: z.string(),
      label: z.string(),
      unit: z.string(),
      raw: z.string(),
      value: z.number().nullable(),
      note: z.string().nullable().optional(),
    }),
  ),
  narrative_facts: z.record(z.string(), z.number()),
  cited_documents: z.array(
    z.object({
      type: z.string(),
      number: z.string(),
      date: z.string().nullable(),
      dates_cited: z.array(z.string()).default([]),
    }),
  ),
  conflicts: z.array(ExternalConflictSchema.extend({ secondary: z.array(ExternalConflictSchema).nullable().optional() })),
  rendering: z.record(z.string(), z.unknown()).optional(),
});
export type ExternalTruth = z.infer<typeof ExternalTruthSchema>;

/** Whether a parsed truth file is of this format (it names itself by variant_id, not by schema). */
export const isExternalTruth = (json: unknown): boolean => ExternalTruthSchema.safeParse(json).success;

/** The set's conflict kinds → the eval's kinds (what each one means is in the set's README). */
const KINDS: Record<string, ConflictKind> = {
  RATE_MISMATCH: 'rate_mismatch',
  PARTS_SUM_MISMATCH: 'sum_mismatch',
  SUB_EXCEEDS_TOTAL: 'part_exceeds_total',
  PERCENT_OUT_OF_RANGE: 'percent_over_100',
  PROVIDED_EXCEEDS_ELIGIBLE: 'provided_exceeds_eligible',
  NARRATIVE_TABLE_MISMATCH: 'narrative_table_mismatch',
  DOC_DATE_CONFLICT: 'citation_date_mismatch',
  NAME_MISMATCH: 'unit_name_mismatch',
  UNIT_TYPE_MISMATCH: 'count_written_as_ratio',
};

/**
 * The set's own narrative keys → sohoa's fact keys (schemas/fact-keys.ts), where both speak of the
 * same quantity. Keys with no counterpart (e.g. staff vacancies, trainees by course) are not scored.
 */
export const FACT_KEY_MAP: Record<string, string> = {
  received: 'hoso.tiep_nhan',
  resolved: 'hoso.giai_quyet',
  resolved_early: 'hoso.truoc_han',
  resolved_on_time: 'hoso.dung_han',
  resolved_late: 'hoso.qua_han',
  one_stop_resolved: 'hoso.mot_cua',
  online_received: 'hoso.truc_tuyen',
  online_rate_pct: 'hoso.truc_tuyen_ty_le',
  digitized_results: 'hoso.so_hoa_ket_qua',
  digitized_components: 'hoso.so_hoa_thanh_phan',
  survey_respondents: 'khao_sat.so_nguoi',
  survey_satisfied_pct: 'khao_sat.hai_long_ty_le',
  tthc_public_total: 'tthc.cong_khai.tong',
  tthc_commune_level: 'tthc.cong_khai.xa',
  tthc_vertical: 'tthc.cong_khai.nganh_doc',
  tthc_vertical_military: 'tthc.cong_khai.quan_su',
  tthc_vertical_police: 'tthc.cong_khai.cong_an',
  qr_codes: 'tthc.qr.so_ma',
  qr_fields: 'tthc.qr.so_linh_vuc',
  tthc_reviewed: 'tthc.ra_soat',
  tthc_simplified_approved: 'tthc.cat_giam',
  news_items: 'tuyen_truyen.tin_bai',
  staff_quota: 'bien_che.giao',
  staff_present: 'bien_che.co_mat',
  can_bo: 'nhan_su.can_bo',
  cong_chuc: 'nhan_su.cong_chuc',
  nonspecialised_commune: 'nhan_su.khong_chuyen_trach.xa',
  nonspecialised_village: 'nhan_su.khong_chuyen_trach.thon',
  can_bo_masters: 'nhan_su.can_bo.chuyen_mon.thac_si.so_luong',
  can_bo_university: 'nhan_su.can_bo.chuyen_mon.dai_hoc.so_luong',
  can_bo_college: 'nhan_su.can_bo.chuyen_mon.cao_dang.so_luong',
  can_bo_untrained: 'nhan_su.can_bo.chuyen_mon.chua_dao_tao.so_luong',
  can_bo_llct_advanced: 'nhan_su.can_bo.ly_luan.cao_cap.so_luong',
  can_bo_llct_intermediate: 'nhan_su.can_bo.ly_luan.trung_cap.so_luong',
  can_bo_llct_elementary: 'nhan_su.can_bo.ly_luan.so_cap.so_luong',
  cong_chuc_masters: 'nhan_su.cong_chuc.chuyen_mon.thac_si.so_luong',
  cong_chuc_university: 'nhan_su.cong_chuc.chuyen_mon.dai_hoc.so_luong',
  cong_chuc_college: 'nhan_su.cong_chuc.chuyen_mon.cao_dang.so_luong',
  cong_chuc_llct_intermediate: 'nhan_su.cong_chuc.ly_luan.trung_cap.so_luong',
  one_stop_computers: 'thiet_bi.mot_cua.may_tinh',
  one_stop_printers: 'thiet_bi.mot_cua.may_in',
  one_stop_scanners: 'thiet_bi.mot_cua.may_scan',
  computers_total: 'thiet_bi.may_tinh',
  budget_total_vnd: 'tai_chinh.kinh_phi_giao',
  budget_saved_vnd: 'tai_chinh.tiet_kiem',
};

/** The fact keys this set can score: a record's facts outside them are neither right nor wrong. */
export const SCORED_FACT_KEYS: ReadonlySet<string> = new Set(Object.values(FACT_KEY_MAP));

/** "8/8" → a ratio; "" → blank; a number → number; anything else (e.g. "không có") → text. */
function indicatorOf(i: ExternalTruth['indicators'][number]): TruthIndicator {
  const raw = i.raw.trim();
  const base = { form: i.form, code: i.code.replace(/\.$/, ''), raw: i.raw };
  if (raw === '') return { ...base, value: null, valueKind: 'blank' };
  const ratio = /^(\d+)\s*\/\s*(\d+)$/.exec(raw);
  if (i.value === null && ratio) {
    return { ...base, value: null, valueKind: 'ratio', ratio: { numerator: Number(ratio[1]), denominator: Number(ratio[2]) } };
  }
  if (i.value !== null) return { ...base, value: i.value, valueKind: 'number' };
  return { ...base, value: null, valueKind: 'text' };
}

/** A ref of the set → the record's ref syntax ("narrative:KEY" → "fact:…", "doc:N" → "citation:N"). */
function refOf(ref: string): string | null {
  const [kind, ...rest] = ref.split(':');
  const value = rest.join(':');
  if (kind?.startsWith('form')) return ref;
  if (kind === 'narrative') return FACT_KEY_MAP[value] ? `fact:${FACT_KEY_MAP[value]}` : null;
  if (kind === 'doc') return `citation:${value}`;
  // appendix:title, metadata:commune: the report as a whole.
  return `report:${value}`;
}

function conflictsOf(t: ExternalTruth): PlantedConflict[] {
  const out: PlantedConflict[] = [];
  for (const c of t.conflicts) {
    const kind = KINDS[c.kind];
    const refs = c.refs.map(refOf).filter((r): r is string => r !== null);
    // Soft findings are debatable by the set's own word; they are listed, not required.
    if (!kind || refs.length === 0 || c.severity === 'soft') continue;
    out.push({ kind, refs, note: c.note });
  }
  return out;
}

const FORMAT_OF: Record<string, string> = { '.docx': 'docx', '.doc': 'doc', '.pdf': 'pdf', '.txt': 'txt' };

/**
 * The format a file is reported under: image-only PDFs as "scan" and legacy-font .doc files as
 * "doc-tcvn3" (the set's rendering says which), so each kind of source has its own row.
 */
function formatOf(t: ExternalTruth, file: string): string | null {
  const format = FORMAT_OF[extname(file).toLowerCase()];
  const r = t.rendering ?? {};
  if (format === 'pdf' && r['scanned']) return 'scan';
  if (format === 'doc' && typeof r['encoding'] === 'string' && r['encoding'] !== 'unicode') return `doc-${r['encoding']}`;
  return format ?? null;
}

/** The set's truth as the eval's own. */
export function adaptTruth(t: ExternalTruth): Truth {
  const m = t.metadata;
  const files: Record<string, string> = {};
  for (const f of t.files) {
    const format = formatOf(t, f);
    if (format) files[format] = f;
  }
  const facts = Object.entries(t.narrative_facts)
    .filter(([k]) => FACT_KEY_MAP[k])
    .map(([k, value]) => ({ key: FACT_KEY_MAP[k]!, value }));
  const citations = t.cited_documents.flatMap((d) => {
    const dates = d.dates_cited.length ? [...new Set(d.dates_cited)] : [d.date];
    return dates.map((date) => ({ docType: d.type, number: d.number, date }));
  });
  const conflicts = conflictsOf(t);
  return {
    schema: 'sohoa-corpus-truth/1',
    name: t.variant_id,
    seed: 'external',
    files,
    clean: !conflicts.some((c) => c.kind !== 'count_written_as_ratio'),
    report: {
      unitName: m.commune,
      district: m.district ?? '',
      province: m.province,
      number: m.report_number,
      date: m.report_date,
      // The set writes "6 tháng" reports as a half without a number; a "6 tháng" report is the
      // first half (the second is covered by the year's report), which is how sohoa records it.
      period: m.period.kind === 'half' && m.period.number === null ? { ...m.period, number: 1 } : m.period,
      signer: { name: m.signer ?? '', title: m.signer_title ?? '' },
    },
    indicators: t.indicators.map(indicatorOf),
    facts,
    citations,
    conflicts,
    factKeys: [...SCORED_FACT_KEYS],
  };
}
