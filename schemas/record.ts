// The report record: what sohoa emits for one source file, validated at every boundary.
import { z } from 'zod';
import { MessageSchema, PageInfoSchema, ProvenanceSchema, SourceInfoSchema } from './document.js';

/** What a printed cell turned out to be once normalised. */
export const ValueKindSchema = z.enum([
  'number', // a plain number: value set
  'blank', // nothing printed: not reported (value null), never 0
  'ratio', // "8/8": numerator/denominator kept, value null
  'text', // text where a number belongs: value null, flagged
  'unlocated', // the value cell could not be located: nothing is known of the value (never 'blank')
]);
export type ValueKind = z.infer<typeof ValueKindSchema>;

export const NormalisedNumberSchema = z.object({
  kind: ValueKindSchema,
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  /** Digits after the decimal separator as printed (tolerance of rate checks comes from it). */
  decimals: z.number().int().nonnegative().optional(),
  percent: z.boolean().optional(),
  /** Why the value is doubtful: 'ambiguous_separator', 'text_in_numeric_cell', ... */
  flags: z.array(z.string()),
});
export type NormalisedNumber = z.infer<typeof NormalisedNumberSchema>;

export const IndicatorSchema = z.object({
  /** Biểu mẫu number (1..7 in the seed). */
  form: z.number().int().positive(),
  formTitle: z.string(),
  /** Row code as printed minus the trailing dot: "3.1.1". */
  code: z.string(),
  /** Canonical catalogue key ("tthc.hoso.xa.giai_quyet"), null when no catalogue entry matches. */
  key: z.string().nullable(),
  label: z.string(),
  /** "Đơn vị tính" cell, null when blank. */
  unit: z.string().nullable(),
  /** The value cell exactly as printed ("" when blank). */
  raw: z.string(),
  value: z.number().nullable(),
  valueKind: ValueKindSchema,
  ratio: z.object({ numerator: z.number(), denominator: z.number() }).optional(),
  decimals: z.number().int().nonnegative().optional(),
  flags: z.array(z.string()),
  note: z.string().nullable(),
  /** Bold group row ("1.", "2.") as printed. */
  group: z.boolean(),
  provenance: ProvenanceSchema,
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const PeriodSchema = z.object({
  kind: z.enum(['quarter', 'half', 'nine_months', 'year', 'month', 'unknown']),
  /** Quarter 1..4, half 1..2, month 1..12; null for year/nine_months. */
  number: z.number().int().nullable(),
  year: z.number().int().nullable(),
  /** As printed: "Quý III năm 2023". */
  raw: z.string(),
});
export type Period = z.infer<typeof PeriodSchema>;

export const ReportMetaSchema = z.object({
  /** 'sở', 'phòng', 'văn phòng': an agency (its superior body gives district or province); 'other' another agency. */
  unitKind: z.enum(['xã', 'phường', 'thị trấn', 'huyện', 'quận', 'thị xã', 'thành phố', 'tỉnh', 'sở', 'phòng', 'văn phòng', 'other']).nullable(),
  unitName: z.string().nullable(),
  district: z.string().nullable(),
  province: z.string().nullable(),
  /** Report number as printed ("Số: /BC-UBND" gives number null, suffix "BC-UBND"). */
  number: z.string().nullable(),
  place: z.string().nullable(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  /** Year and month ("2023-09") of a date printed with its day left blank ("ngày    tháng 9 năm 2023"); date is then null. */
  dateMonth: z.string().regex(/^\d{4}-\d{2}$/).optional(),
  title: z.string().nullable(),
  period: PeriodSchema.nullable(),
  signer: z.object({ name: z.string().nullable(), title: z.string().nullable(), onBehalfOf: z.string().nullable() }).nullable(),
  recipients: z.array(z.string()),
  provenance: z.record(z.string(), ProvenanceSchema).default({}),
});
export type ReportMeta = z.infer<typeof ReportMetaSchema>;

export const CitationSchema = z.object({
  /** Kế hoạch, Quyết định, Công văn, Thông tư, Nghị định, Chỉ thị, Nghị quyết, Luật... */
  docType: z.string(),
  /** Normalised number: "12/KH-UBND". */
  number: z.string(),
  rawNumber: z.string(),
  issuer: z.string().nullable(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  year: z.number().int().nullable(),
  subject: z.string().nullable(),
  /** number|year|issuer: identifies one act (two acts may share a number in different years). */
  identity: z.string(),
  raw: z.string(),
  provenance: ProvenanceSchema,
});
export type Citation = z.infer<typeof CitationSchema>;

/**
 * What a number in the narrative is about, besides its measure. A report states one measure at
 * several scopes at once ("toàn tỉnh tiếp nhận N hồ sơ; cấp huyện A; cấp xã B"; "đã giải quyết X,
 * đang giải quyết Y"): two values of one measure are rivals only when their scopes are equal.
 * Null fields are unmarked: the text's own whole, the period reported, no state said.
 */
export const FactScopeSchema = z.object({
  /**
   * The body or level: 'all' the whole the text reports on (toàn tỉnh, toàn huyện, cả nước, the
   * reporting unit itself); 'tinh' / 'huyen' / 'xa' a level of government (cấp tỉnh, the sở, ban,
   * ngành, the provincial service centre); 'huyen+xa' one figure for both; 'bo' ministries; 'unit'
   * one named body (a district, a department, a ward) named in `body`.
   */
  level: z.enum(['all', 'tinh', 'huyen', 'xa', 'huyen+xa', 'bo', 'unit']),
  /** The words that set the level, as printed ("cấp huyện", "Sở Tư pháp"); null when unmarked. */
  body: z.string().nullable(),
  /** carried_over "kỳ trước chuyển sang", cumulative "lũy kế", ytd "từ đầu năm", compare an earlier period or a change against it. */
  time: z.enum(['carried_over', 'cumulative', 'ytd', 'compare']).nullable(),
  /** done "đã giải quyết", in_progress "đang giải quyết", "chưa có kết quả". */
  state: z.enum(['done', 'in_progress']).nullable(),
  /** early "trước hạn", on_time "đúng hạn", early_or_on_time "đúng và trước hạn", late "quá/trễ/chậm hạn", not_due "chưa đến hạn", due "đến hạn giải quyết". */
  timeliness: z.enum(['early', 'on_time', 'early_or_on_time', 'late', 'not_due', 'due']).nullable(),
});
export type FactScope = z.infer<typeof FactScopeSchema>;

/**
 * An open fact: any number the narrative states, with its unit noun and the phrase it measures,
 * whether or not the fact catalogue has a key for it (factKey when one of the keyed facts was read
 * from the same number).
 */
export const MentionSchema = z.object({
  value: z.number(),
  /** Unit noun as understood ("hồ sơ" for "HS" and "bộ", "%", "thủ tục", "huyện"…); null when none is written. */
  unit: z.string().nullable(),
  /** The clause the number measures, as printed, the number itself left out. */
  measure: z.string(),
  /** The number as printed, with its multiplier and unit ("5,65 ngàn HS", "98,81%"). */
  raw: z.string(),
  /** The text says the number is approximate: "hơn", "trên", "gần", "khoảng". */
  approx: z.boolean(),
  /** Half a unit of the last printed digit, times the multiplier ("4,52 ngàn" → 5): how far the true value may be. */
  tolerance: z.number().nonnegative(),
  /** The denominator of a ratio printed as "4.561/5.650" (the mention is the numerator). */
  of: z.number().optional(),
  /** A percent stated as the rate of the count just before it ("2.521 hồ sơ trực tuyến (đạt tỷ lệ 37,76%)"): that count. */
  rateOf: z.number().optional(),
  factKey: z.string().nullable(),
  scope: FactScopeSchema,
  sentence: z.string(),
  provenance: ProvenanceSchema,
});
export type Mention = z.infer<typeof MentionSchema>;

export const FactSchema = z.object({
  /** Canonical fact key, e.g. "hoso.tiep_nhan". */
  key: z.string(),
  value: z.number().nullable(),
  /** Unit word as understood: "hồ sơ", "%", "đồng", "người"... */
  unit: z.string().nullable(),
  /** The matched text, e.g. "Số hồ sơ tiếp nhận 259 hồ sơ". */
  raw: z.string(),
  /** The whole sentence the fact came from. */
  sentence: z.string(),
  ambiguous: z.boolean().default(false),
  /** Catalogue key of the appendix indicator that speaks of the same thing, if any. */
  indicatorKey: z.string().nullable().default(null),
  /** Level, time and state the number is about (absent in records extracted before scopes were read). */
  scope: FactScopeSchema.optional(),
  /** True when the text says the number is approximate ("hơn 12.200 hồ sơ"): never compared. */
  approx: z.boolean().optional(),
  provenance: ProvenanceSchema,
});
export type Fact = z.infer<typeof FactSchema>;

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const ConflictSchema = z.object({
  rule: z.string(),
  severity: SeveritySchema,
  /** Vietnamese message for reviewers. */
  message: z.string(),
  /** "form3:1.4", "fact:hoso.tiep_nhan", "citation:12/KH-UBND", "report:date". */
  refs: z.array(z.string()).min(1),
  values: z.array(z.union([z.number(), z.string(), z.null()])),
  evidence: z.array(ProvenanceSchema.extend({ text: z.string().optional() })),
  suggestion: z
    .object({ ref: z.string(), value: z.union([z.number(), z.string()]), why: z.string() })
    .optional(),
  /** Stable id within a report: rule + refs, so a re-run finds the same conflict. */
  fingerprint: z.string(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

/**
 * A paragraph or heading of the narrative as read (after text repair), kept in the record so rules
 * that read prose (unit-name spelling, denials) give the same answer when the store re-runs them
 * without the source file, and so reviewers see the sentence a fact came from.
 */
export const TextSpanSchema = z.object({ text: z.string(), provenance: ProvenanceSchema });
export type TextSpan = z.infer<typeof TextSpanSchema>;

// Raised whenever what is read from a file changes, so a re-import re-reads files stored by an older
// extractor (sources.ts decide()). 0.3.0: page boxes in provenance, facts' scope and open facts
// (mentions), OCR row codes mended by the numbering.
export const EXTRACTOR_VERSION = '0.3.0';

export const ReportRecordSchema = z.object({
  schemaVersion: z.literal(1),
  extractorVersion: z.string(),
  source: SourceInfoSchema,
  /** 'complete' only when every stage ran; 'partial' records are never stored as complete. */
  status: z.enum(['complete', 'partial']),
  report: ReportMetaSchema.nullable(),
  indicators: z.array(IndicatorSchema),
  facts: z.array(FactSchema),
  citations: z.array(CitationSchema),
  conflicts: z.array(ConflictSchema),
  warnings: z.array(MessageSchema),
  narrative: z.array(TextSpanSchema).default([]),
  /**
   * Every number the narrative states (open facts), keyed or not. Optional so records stored before
   * open facts were read stay valid.
   */
  mentions: z.array(MentionSchema).optional(),
  /** Paged formats: how each page was read (text layer or OCR). */
  pageInfo: z.array(PageInfoSchema).default([]),
});
export type ReportRecord = z.infer<typeof ReportRecordSchema>;
