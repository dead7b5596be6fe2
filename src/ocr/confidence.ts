// Puts OCR word confidence on the table cells the layout module built from OCR words: each cell
// gets the lowest confidence of its words and their box, so a value read from an unsure "0" or
// "8" is visible downstream (provenance.confidence, a low_confidence check) instead of silently
// trusted. The layout module builds cells from text only, so words are found again by geometry:
// the row is located by its printed code, bounded by the ruling lines around it, and each word in
// it goes to the leftmost cell whose text still has that word.
import type { Block, Message, TableCell, TableRow } from '../../schemas/document.js';
import type { PdfPage } from '../readers/pdf-layout.js';
import { clean } from '../text/fold.js';
import { parseRowCode } from '../text/row-code.js';
import { repairOcrCodes } from './codes.js';
import { isOcrItem, type OcrItem } from './page.js';

interface Band {
  top: number;
  bottom: number;
}

const mid = (it: OcrItem) => (it.bbox[1] + it.bbox[3]) / 2;

function rowPages(row: TableRow): number[] {
  return row.pages ?? (row.page !== undefined ? [row.page] : []);
}

/** Horizontal rules crossing x, sorted top-down. */
function rulesAt(page: PdfPage, x: number): number[] {
  return page.hRules.filter((r) => r.x0 - 2 <= x && r.x1 + 2 >= x).map((r) => r.y).sort((a, b) => a - b);
}

function assign(cells: TableCell[], words: OcrItem[], page: number): void {
  // What is left of each cell's text; an item belongs to the leftmost cell still holding it
  // (items come left to right, so a label's "3" is taken before the value column's "3").
  const remaining = cells.map((c) => ` ${clean(c.text)} `);
  const got: OcrItem[][] = cells.map(() => []);
  for (const w of [...words].sort((a, b) => a.x - b.x || a.y - b.y)) {
    const needle = ` ${clean(w.text)} `;
    const c = remaining.findIndex((t) => t.includes(needle));
    if (c < 0) continue;
    remaining[c] = remaining[c]!.replace(needle, ' ');
    got[c]!.push(w);
  }
  cells.forEach((cell, c) => {
    const ws = got[c]!;
    if (ws.length === 0 || cell.covered) return;
    const prevConf = cell.confidence;
    const conf = Math.min(...ws.map((w) => w.confidence), prevConf ?? 100);
    cell.confidence = Math.round(conf * 10) / 10;
    const box: [number, number, number, number] = [Math.min(...ws.map((w) => w.bbox[0])), Math.min(...ws.map((w) => w.bbox[1])), Math.max(...ws.map((w) => w.bbox[2])), Math.max(...ws.map((w) => w.bbox[3]))];
    // A row continued on the next page keeps the box of its first page.
    if (!cell.bbox || cell.page === page) {
      cell.bbox = cell.bbox ? [Math.min(cell.bbox[0], box[0]), Math.min(cell.bbox[1], box[1]), Math.max(cell.bbox[2], box[2]), Math.max(cell.bbox[3], box[3])] : box;
      cell.page = page;
    }
  });
}

/**
 * Annotates, in place, the cells of table rows that lie on OCRed pages (pages whose items are
 * OcrItems) with `confidence`, `bbox` and `page`, and mends their row codes by the forms'
 * numbering (codes.ts). Text-layer pages are left untouched. Returns what was mended.
 */
export function annotateOcrCells(blocks: Block[], pages: PdfPage[]): Message[] {
  const byPage = new Map(pages.map((p) => [p.page, p]));
  // Cells get their confidence first: the code repair tells OCR tables by it.
  annotate(blocks, byPage, new Map());
  const repaired = repairOcrCodes(blocks);
  // Rows whose code did not read as one had no anchor: annotate them now by what they read.
  if (repaired.read.size > 0) annotate(blocks, byPage, repaired.read);
  return repaired.messages;
}

function annotate(blocks: Block[], byPage: Map<number, PdfPage>, read: Map<TableRow, string>): void {
  const lastY = new Map<number, number>();
  // Rows per OCR page in reading order, with their anchor (the code word) when found.
  const perPage = new Map<number, { row: TableRow; anchor?: OcrItem; continued: boolean }[]>();
  for (const block of blocks) {
    if (block.kind !== 'table') continue;
    for (const row of block.rows) {
      const code = clean(row.cells[0]?.text ?? '');
      // The words on the page are what OCR read, before any repair ("2." of a row now "5.").
      const printed = read.has(row) ? clean(read.get(row)!) : code;
      const printedTexts = new Set([printed, printed.split(' ')[0]!]);
      rowPages(row).forEach((p, i) => {
        const page = byPage.get(p);
        if (!page || !page.items.some(isOcrItem)) return;
        const list = perPage.get(p) ?? [];
        if (i > 0) {
          list.push({ row, continued: true });
        } else if (parseRowCode(code) !== null) {
          const after = lastY.get(p) ?? Number.NEGATIVE_INFINITY;
          const anchor = page.items.filter(isOcrItem).filter((it) => printedTexts.has(it.text) && mid(it) > after).sort((a, b) => mid(a) - mid(b))[0];
          if (anchor) lastY.set(p, mid(anchor));
          list.push({ row, ...(anchor ? { anchor } : {}), continued: false });
        }
        perPage.set(p, list);
      });
    }
  }
  for (const [p, rows] of perPage) {
    const page = byPage.get(p)!;
    const words = page.items.filter(isOcrItem);
    const anchored = rows.filter((r) => r.anchor);
    const bands = new Map<TableRow, Band>();
    anchored.forEach((r, i) => {
      const a = r.anchor!;
      const rules = rulesAt(page, a.x + a.width / 2);
      const above = rules.filter((y) => y <= mid(a)).pop();
      const below = rules.find((y) => y > mid(a));
      const next = anchored[i + 1]?.anchor;
      const top = above ?? a.bbox[1] - a.size * 0.5;
      const bottom = Math.min(below ?? Number.POSITIVE_INFINITY, next ? next.bbox[1] - next.size * 0.3 : Number.POSITIVE_INFINITY, page.height);
      bands.set(r.row, { top, bottom });
    });
    // A row carried over from the previous page occupies the table's top, above the first code.
    const firstAnchor = anchored[0]?.anchor;
    for (const r of rows.filter((x) => x.continued)) {
      const rules = page.hRules.map((h) => h.y).sort((a, b) => a - b);
      const limit = firstAnchor ? (bands.get(anchored[0]!.row)?.top ?? firstAnchor.bbox[1]) : page.height;
      bands.set(r.row, { top: rules.find((y) => y < limit) ?? 0, bottom: limit });
    }
    for (const r of rows) {
      const band = bands.get(r.row);
      if (!band) continue;
      const inBand = words.filter((w) => mid(w) >= band.top && mid(w) < band.bottom);
      assign(r.row.cells, inBand, p);
    }
  }
}
