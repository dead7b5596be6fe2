// The one format-independent document model every reader produces (after Docling's
// DoclingDocument): an ordered list of blocks, each knowing where it came from.
import { z } from 'zod';

export const FORMATS = ['pdf', 'docx', 'doc', 'txt', 'md', 'html'] as const;
export const FormatSchema = z.enum(FORMATS);
export type Format = z.infer<typeof FormatSchema>;

/** Where a value came from, precise enough for a reviewer to find it in the file. */
export const ProvenanceSchema = z.object({
  file: z.string(),
  /** 1-based page, for formats that have pages (PDF). */
  page: z.number().int().positive().optional(),
  /** Index of the block in DocumentModel.blocks. */
  block: z.number().int().nonnegative(),
  /** Index of the table among the document's tables (0-based). */
  table: z.number().int().nonnegative().optional(),
  /** Row index in the table's resolved grid (0-based). */
  row: z.number().int().nonnegative().optional(),
  /** Column index in the table's resolved grid (0-based). */
  cell: z.number().int().nonnegative().optional(),
  /** [start, end) character offsets into the block's (or cell's) text. */
  span: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]).optional(),
  /** Every page a value spans when a table row continues across a page break. */
  pages: z.array(z.number().int().positive()).optional(),
  /** OCR word confidence (0-100), when the text came from OCR. */
  confidence: z.number().min(0).max(100).optional(),
  /**
   * Box of the value on its page [x0, y0, x1, y1] in PDF points, top-down (y grows down the page,
   * as `pdftotext -bbox` gives it), from the text layer or from OCR words alike: the review page
   * draws it over the rendered page. Records stored before boxes were kept simply have none.
   */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** The page `bbox` is on, when it is not `page` (a row continued across a page break has its value on the next page). */
  boxPage: z.number().int().positive().optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** A run of text with its formatting, kept so later steps can see bold group rows or legacy fonts. */
export const RunSchema = z.object({
  text: z.string(),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  font: z.string().optional(),
});
export type Run = z.infer<typeof RunSchema>;

/**
 * Where one printed line of a block's (or cell's) text lies on its page (paged formats only):
 * characters [start, end) of the text, and their box in PDF points, top-down. A value's box is cut
 * from these, so narrative spans, header-block fields and citations get a box as table cells do.
 */
export const LineBoxSchema = z.object({
  page: z.number().int().positive(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type LineBox = z.infer<typeof LineBoxSchema>;

export const TableCellSchema = z.object({
  /** Cell text, whitespace collapsed, line breaks inside the cell kept as single spaces. */
  text: z.string(),
  /** Grid column where the cell starts (after colspans/rowspans are resolved). */
  col: z.number().int().nonnegative(),
  colspan: z.number().int().positive().default(1),
  rowspan: z.number().int().positive().default(1),
  /** True for a grid slot filled in because a cell above spans down over it (mammoth omits those). */
  covered: z.boolean().optional(),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  runs: z.array(RunSchema).optional(),
  /** OCR only: the lowest word confidence (0-100) among the cell's words, so unsure digits are visible downstream. */
  confidence: z.number().min(0).max(100).optional(),
  /** The cell's box [x0, y0, x1, y1] in PDF points, top-down, on `page` (PDF and OCR; an empty cell: its ruled or column extent). */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** The page `bbox` is on. */
  page: z.number().int().positive().optional(),
  /** The cell's printed lines, for a box of part of its text (the header block's columns). */
  lines: z.array(LineBoxSchema).optional(),
});
export type TableCell = z.infer<typeof TableCellSchema>;

export const TableRowSchema = z.object({
  cells: z.array(TableCellSchema),
  /** Page the row starts on, for paged formats. */
  page: z.number().int().positive().optional(),
  /** Every page the row touches (a row that continues across a page break lists two). */
  pages: z.array(z.number().int().positive()).optional(),
});
export type TableRow = z.infer<typeof TableRowSchema>;

const BlockBase = {
  /** Provenance of the whole block (block index, page...). */
  prov: ProvenanceSchema,
};

export const HeadingBlockSchema = z.object({
  kind: z.literal('heading'),
  level: z.number().int().min(1).max(6),
  text: z.string(),
  runs: z.array(RunSchema).optional(),
  /** PDF: where each printed line of the text lies. */
  lines: z.array(LineBoxSchema).optional(),
  ...BlockBase,
});
export const ParagraphBlockSchema = z.object({
  kind: z.literal('paragraph'),
  text: z.string(),
  runs: z.array(RunSchema).optional(),
  /** True for list items ("- ...", "+ ..."). */
  listItem: z.boolean().optional(),
  /** PDF: where each printed line of the text lies. */
  lines: z.array(LineBoxSchema).optional(),
  ...BlockBase,
});
export const TableBlockSchema = z.object({
  kind: z.literal('table'),
  /** Index among tables (also in prov.table). */
  index: z.number().int().nonnegative(),
  /** Number of grid columns after resolving spans. */
  columns: z.number().int().nonnegative(),
  rows: z.array(TableRowSchema),
  ...BlockBase,
});
export const BlockSchema = z.discriminatedUnion('kind', [HeadingBlockSchema, ParagraphBlockSchema, TableBlockSchema]);
export type HeadingBlock = z.infer<typeof HeadingBlockSchema>;
export type ParagraphBlock = z.infer<typeof ParagraphBlockSchema>;
export type TableBlock = z.infer<typeof TableBlockSchema>;
export type Block = z.infer<typeof BlockSchema>;

export const SourceInfoSchema = z.object({
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  format: FormatSchema,
  size: z.number().int().nonnegative(),
  pages: z.number().int().positive().nullable(),
});
export type SourceInfo = z.infer<typeof SourceInfoSchema>;

/** One warning or note from a step, never thrown (after mammoth's Result(value, messages)). */
export const MessageSchema = z.object({
  type: z.enum(['warning', 'info', 'error']),
  code: z.string(),
  message: z.string(),
  prov: ProvenanceSchema.partial().optional(),
});
export type Message = z.infer<typeof MessageSchema>;

/** How one page was read: from its text layer, or by OCR because that layer was missing or unusable. */
export const PageInfoSchema = z.object({
  page: z.number().int().positive(),
  method: z.enum(['text', 'ocr']),
  note: z.string().optional(),
  /**
   * OCR: the scan was turned back by `deg` degrees about (cx, cy) (PDF points) before recognition,
   * so boxes read from it are in the straightened page; the record's boxes are mapped back onto
   * the page as printed (src/extract/boxes.ts), where the review page draws them.
   */
  deskew: z.object({ deg: z.number(), cx: z.number(), cy: z.number() }).optional(),
});
export type PageInfo = z.infer<typeof PageInfoSchema>;

export const DocumentModelSchema = z.object({
  source: SourceInfoSchema,
  blocks: z.array(BlockSchema),
  /** Font names seen in the file (legacy TCVN3/VNI detection uses them). */
  fonts: z.array(z.string()).default([]),
  /** Per-page notes (e.g. which pages were OCRed); empty for unpaged formats. */
  pageInfo: z.array(PageInfoSchema).default([]),
});
export type DocumentModel = z.infer<typeof DocumentModelSchema>;
