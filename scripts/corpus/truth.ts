// The ground truth written next to every generated report (<name>.truth.json): what is *printed*
// in that report, after any planted conflict, so the eval can score an extraction field by field.
import { z } from 'zod';

/** Mistakes the generator plants on purpose in a share of the reports (scripts/corpus/conflicts.ts). */
export const PLANTED_KINDS = [
  'rate_mismatch', // a printed rate disagrees with its numerator/denominator rows
  'sum_mismatch', // a total row disagrees with the sum of its parts
  'part_exceeds_total', // a sub-item is larger than the total it belongs to
  'percent_over_100', // a percentage cell above 100
  'provided_exceeds_eligible', // more procedures provided online than are eligible
  'narrative_table_mismatch', // the narrative states one number, the appendix another
  'table_blank_narrative_value', // appendix cell blank where the narrative states the value
  'citation_date_mismatch', // one document cited with two different dates
  'unit_name_mismatch', // the reporting unit's name spelled two ways
  'report_date_outside_period', // report dated outside its reporting period
] as const;
export type PlantedKind = (typeof PLANTED_KINDS)[number];
/**
 * Findings a report carries because the generator writes it the way clerks do, not as a planted
 * mistake: a count row printed as "đạt/tổng" ("8/8" văn bản, as in the seed). They are listed in
 * the truth so that the rule reporting them is scored, but they do not make a report unclean.
 */
export const WRITTEN_KINDS = [
  'count_written_as_ratio', // a count row holding "8/11"
] as const;
export const CONFLICT_KINDS = [...PLANTED_KINDS, ...WRITTEN_KINDS] as const;
export const ConflictKindSchema = z.enum(CONFLICT_KINDS);
export type ConflictKind = z.infer<typeof ConflictKindSchema>;

export const TruthIndicatorSchema = z.object({
  form: z.number().int().positive(),
  code: z.string(),
  raw: z.string(),
  value: z.number().nullable(),
  /** 'text': words printed where a number belongs ("không có"), compared as printed. */
  valueKind: z.enum(['number', 'blank', 'ratio', 'text']),
  ratio: z.object({ numerator: z.number(), denominator: z.number() }).optional(),
});
export type TruthIndicator = z.infer<typeof TruthIndicatorSchema>;

export const TruthFactSchema = z.object({ key: z.string(), value: z.number() });
export type TruthFact = z.infer<typeof TruthFactSchema>;

export const TruthCitationSchema = z.object({
  docType: z.string(),
  /** Normalised number as the record should carry it: "12/KH-UBND", "61/2018/NĐ-CP". */
  number: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
});
export type TruthCitation = z.infer<typeof TruthCitationSchema>;

/** Fields a truth may leave out (an external set that does not record them): left out is not scored. */
export const TruthMetaSchema = z.object({
  unitKind: z.enum(['xã', 'phường', 'thị trấn']).optional(),
  unitName: z.string(),
  /** Bare names, without "huyện"/"tỉnh". */
  district: z.string(),
  province: z.string().nullable(),
  number: z.string().nullable(),
  place: z.string().optional(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  title: z.string().optional(),
  period: z.object({
    kind: z.enum(['quarter', 'half', 'nine_months', 'year']),
    number: z.number().int().nullable(),
    year: z.number().int(),
  }),
  signer: z.object({ name: z.string(), title: z.string() }),
});
export type TruthMeta = z.infer<typeof TruthMetaSchema>;

export const PlantedConflictSchema = z.object({
  kind: ConflictKindSchema,
  /** Same reference syntax as record conflicts: "form3:1.4", "fact:hoso.tiep_nhan", "citation:12/KH-UBND", "report:date". */
  refs: z.array(z.string()).min(1),
  note: z.string(),
});
export type PlantedConflict = z.infer<typeof PlantedConflictSchema>;

export const TruthSchema = z.object({
  schema: z.literal('sohoa-corpus-truth/1'),
  name: z.string(),
  seed: z.string(),
  /** Layout family of a fuzzed rendering ("header:wrapped-narrow", …): `npm run eval` reports each one apart. */
  family: z.string().optional(),
  /** The fuzzer's layout choices for this rendering (scripts/corpus/layouts.ts LayoutSpec), to trace a miss to its cause. */
  layout: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** Format → file name (relative to the truth file). */
  files: z.record(z.string(), z.string()),
  /** True when no conflict was planted (the report is internally consistent; WRITTEN_KINDS may still be listed). */
  clean: z.boolean(),
  report: TruthMetaSchema,
  indicators: z.array(TruthIndicatorSchema),
  facts: z.array(TruthFactSchema),
  /** The fact keys the truth speaks for (an external set's keys map to some of sohoa's); absent: all. */
  factKeys: z.array(z.string()).optional(),
  citations: z.array(TruthCitationSchema),
  conflicts: z.array(PlantedConflictSchema),
});
export type Truth = z.infer<typeof TruthSchema>;
