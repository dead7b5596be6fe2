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
  unitKind: z.enum(['xã', 'phường', 'thị trấn', 'huyện', 'quận', 'thị xã', 'thành phố', 'tỉnh', 'sở', 'other']).nullable(),
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

export const EXTRACTOR_VERSION = '0.2.0';

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
  /** Paged formats: how each page was read (text layer or OCR). */
  pageInfo: z.array(PageInfoSchema).default([]),
});
export type ReportRecord = z.infer<typeof ReportRecordSchema>;
