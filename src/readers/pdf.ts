// Reader for PDFs with a text layer: positioned text from pdf.js (via pdf-parse's copy) is
// rebuilt into narrative paragraphs/headings and the appendix form tables, in reading order.
import type { Block, DocumentModel, Message } from '../../schemas/document.js';
import { result, warning, type Result } from '../result.js';
import type { Reader, ReaderInput } from './types.js';
import { buildLines, findPageNoise, type PdfLine, type PdfPage } from './pdf-layout.js';
import { measure, splitParagraphs, toBlock } from './pdf-paragraphs.js';
import { lineBoxes } from './pdf-geometry.js';
import { narrativePieces, zoneTable } from './pdf-columns.js';
import {
  TableBuilder,
  rulesNearHeader,
  findHeaders,
  fitsColumns,
  isHeadingLike,
  pageBands,
  ruledSpans,
  tableLineRange,
  columnCount,
  type Columns,
} from './pdf-table.js';
import { readPdfPages } from './pdf-pdfjs.js';
import { annotateOcrCells } from '../ocr/confidence.js';
import { ocrWeakPages } from '../ocr/hook.js';

type Segment = { kind: 'lines'; lines: PdfLine[] } | { kind: 'table'; builder: TableBuilder };

interface Region {
  first: number;
  end: number;
  builder: TableBuilder;
  continued: boolean;
  spans: { y0: number; y1: number }[];
}

function regionBounds(lines: PdfLine[], r: Region): [number, number] {
  const top = lines[r.first]!.y - lines[r.first]!.size * 1.5;
  const bottom = lines[r.end - 1]!.y + lines[r.end - 1]!.size * 0.5;
  const span = r.spans.find((s) => s.y1 >= top && s.y0 <= bottom);
  return span ? [Math.min(span.y0, top), Math.max(span.y1, bottom)] : [top, bottom];
}

/** Does the top of this page carry on the table left open at the bottom of the previous one? */
function continuesAtTop(lines: PdfLine[], page: PdfPage, cols: Columns): boolean {
  const first = lines[0];
  if (!first) return false;
  if (ruledSpans(page.vRules, cols).some((s) => first.y >= s.y0 - 2 && first.y <= s.y1 + 2)) return true;
  if (findHeaders(first.items).length > 0) return true;
  return fitsColumns(first, cols) && !isHeadingLike(first.text);
}

/**
 * Lays out read pages into the document's blocks (pure: no pdf.js here, so it is testable on
 * synthetic pages).
 */
export function layoutPdf(pages: PdfPage[], file: string): { blocks: Block[]; messages: Message[]; fonts: string[] } {
  const messages: Message[] = [];
  const pageLines = pages.map((p) => buildLines(p.items, p.page));
  const noise = findPageNoise(pages.map((p, i) => ({ page: p.page, height: p.height, lines: pageLines[i]!, vRules: p.vRules })));
  const segments: Segment[] = [];
  let open: TableBuilder | undefined;

  const pushLines = (lines: PdfLine[]) => {
    if (lines.length === 0) return;
    const last = segments[segments.length - 1];
    if (last?.kind === 'lines') last.lines.push(...lines);
    else segments.push({ kind: 'lines', lines: [...lines] });
  };

  pages.forEach((page, pi) => {
    const lines = pageLines[pi]!.filter((_, li) => !noise[pi]!.has(li));
    const regions: Region[] = [];
    if (open) {
      open.refitPage(lines);
      const cols = open.table.columns;
      if (continuesAtTop(lines, page, cols)) {
        let spans = ruledSpans(page.vRules, cols);
        let [first, end] = tableLineRange(lines, 0, cols, spans, false);
        if (open.inHeader && open.missing.length > 0) {
          // The header itself was cut by the page break: its second row is up here.
          open.completeHeader(lines.slice(first, end).flatMap((l) => l.items), page.vRules.filter((r) => r.y0 <= lines[0]!.y + lines[0]!.size * 6));
          spans = ruledSpans(page.vRules, open.table.columns);
          [first, end] = tableLineRange(lines, 0, open.table.columns, spans, false);
        }
        regions.push({ first, end, builder: open, continued: true, spans });
      } else {
        open = undefined;
      }
    }
    const items = lines.flatMap((l) => l.items);
    for (const h of findHeaders(items)) {
      const at = lines.findIndex((l) => l.items.includes(h.stt));
      if (at < 0 || regions.some((r) => at >= r.first && at < r.end && !r.continued)) continue;
      // A header repeated at the top of a continued table belongs to that table.
      const inContinued = regions.find((r) => r.continued && at >= r.first && at < r.end);
      if (inContinued) continue;
      const builder = new TableBuilder(h, rulesNearHeader(h, page.vRules), page.width, page.page);
      builder.setHeaderItems(items.filter((it) => Math.abs(it.y - h.stt.y) <= h.stt.size * 6));
      builder.fitBody(lines.slice(at + 1));
      const columns = builder.table.columns;
      const spans = ruledSpans(page.vRules, columns);
      const [first, end] = tableLineRange(lines, at, columns, spans, true);
      regions.push({ first, end, builder, continued: false, spans });
    }
    regions.sort((a, b) => a.first - b.first);

    let cursor = 0;
    for (const r of regions) {
      if (r.first < cursor) r.first = cursor;
      if (r.end <= r.first) continue;
      pushLines(lines.slice(cursor, r.first));
      if (!r.continued) {
        segments.push({ kind: 'table', builder: r.builder });
      }
      const regionItems = lines.slice(r.first, r.end).flatMap((l) => l.items);
      const [top, bottom] = regionBounds(lines, r);
      r.builder.addBands(pageBands(regionItems, page, r.builder.table.columns, top, bottom), page.page, r.continued);
      cursor = r.end;
    }
    pushLines(lines.slice(cursor));
    const lastRegion = regions[regions.length - 1];
    // Only a table that runs to the bottom of the page can continue on the next one. Below it
    // may stand only strays of a glyph or two: a speck OCR read as "Ầ", a page number left over.
    const strays = (from: number) => lines.slice(from).every((l) => l.text.replace(/\s+/g, '').length <= 2);
    open = lastRegion && lastRegion.end > lastRegion.first && strays(lastRegion.end) ? lastRegion.builder : undefined;
  });

  const blocks: Block[] = [];
  let tableIndex = 0;
  for (const seg of segments) {
    if (seg.kind === 'lines') {
      const m = measure(seg.lines);
      // The header and signature blocks' two columns become a two-column table, as in a .docx.
      for (const piece of narrativePieces(seg.lines)) {
        if (piece.kind === 'zone') {
          blocks.push(zoneTable(piece.zone, tableIndex++, file, blocks.length));
          continue;
        }
        for (const para of splitParagraphs(piece.lines, m)) {
          const nb = toBlock(para);
          const prov = { file, block: blocks.length, page: nb.page, ...(nb.pages.length > 1 ? { pages: nb.pages } : {}) };
          const lines = lineBoxes(para);
          const geo = lines.length > 0 ? { lines } : {};
          if (nb.kind === 'heading') blocks.push({ kind: 'heading', level: nb.level ?? 2, text: nb.text, runs: nb.runs, ...geo, prov });
          else blocks.push({ kind: 'paragraph', text: nb.text, runs: nb.runs, ...(nb.listItem ? { listItem: true } : {}), ...geo, prov });
        }
      }
      continue;
    }
    const t = seg.builder.finish();
    const rows = t.rows.map((r) => {
      const pages = r.pages ?? [];
      const { pages: _drop, ...rest } = r;
      return pages.length > 1 ? { ...rest, pages } : rest;
    });
    const tablePages = [...new Set(t.rows.flatMap((r) => r.pages ?? (r.page ? [r.page] : [])))].sort((a, b) => a - b);
    for (const w of t.warnings) messages.push(warning(w.code, w.message, { file, page: w.page, table: tableIndex }));
    blocks.push({
      kind: 'table',
      index: tableIndex,
      columns: columnCount(t.columns),
      rows,
      prov: { file, block: blocks.length, table: tableIndex, page: t.firstPage, ...(tablePages.length > 1 ? { pages: tablePages } : {}) },
    });
    tableIndex++;
  }
  const fonts = [...new Set(pages.flatMap((p) => p.items.map((it) => it.font).filter((f): f is string => !!f)))].sort();
  return { blocks, messages, fonts };
}

/**
 * Builds the document model from read pages, with the no-text-layer and scanned-page notes.
 * `pageInfo` says which pages were OCRed (default: every page read from its text layer).
 */
export function pdfDocument(
  pages: PdfPage[],
  input: Pick<ReaderInput, 'file' | 'sha256' | 'bytes'>,
  pageInfo?: DocumentModel['pageInfo'],
): Result<DocumentModel> {
  const textPages = new Set(pages.filter((p) => p.items.some((it) => it.text.trim() !== '')).map((p) => p.page));
  const messages: Message[] = [];
  const source = { file: input.file, sha256: input.sha256, format: 'pdf' as const, size: input.bytes.length, pages: pages.length > 0 ? pages.length : null };
  pageInfo ??= pages.map((p) => ({ page: p.page, method: 'text' as const, ...(textPages.has(p.page) ? {} : { note: 'no text layer' }) }));
  if (textPages.size === 0) {
    messages.push(warning('no_text_layer', 'the PDF has no readable text, even after OCR', { file: input.file }));
    return result({ source, blocks: [], fonts: [], pageInfo }, messages);
  }
  for (const p of pages) {
    if (!textPages.has(p.page)) messages.push(warning('page_no_text', `page ${p.page} has no readable text, even after OCR`, { file: input.file, page: p.page }));
  }
  const laid = layoutPdf(pages, input.file);
  return result({ source, blocks: laid.blocks, fonts: laid.fonts, pageInfo }, [...messages, ...laid.messages]);
}

/**
 * The PDF reader: throws InputError('corrupt' | 'encrypted'). Pages whose text layer is missing or
 * not Vietnamese (a scan, a font without a Unicode map) are OCRed and swapped in; OCR word
 * confidence lands on the table cells read from them.
 */
export const readPdf: Reader = async (input) => {
  const pages = await readPdfPages(input.bytes, input.file);
  const ocr = await ocrWeakPages(pages, input.bytes, { file: input.file });
  const doc = pdfDocument(ocr.value.pages, input, ocr.value.pageInfo);
  if (ocr.value.ocr.length > 0) annotateOcrCells(doc.value.blocks, ocr.value.pages);
  return result(doc.value, [...ocr.messages, ...doc.messages]);
};
