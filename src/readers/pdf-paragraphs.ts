// Pure narrative layout: lines (already freed of page furniture and tables) into paragraphs, and
// paragraphs into headings or body text by the patterns Vietnamese reports use.
import type { Run } from '../../schemas/document.js';
import { clean, fold } from '../text/fold.js';
import { mode, quantile, type PdfItem, type PdfLine } from './pdf-layout.js';
import { isOcrItem } from '../ocr/page.js';
import { FORM_WORDS } from '../text/form-heading.js';

const FORM_HEADING_LINE = new RegExp(`^${FORM_WORDS}\\s*(?:so\\s*)?\\d+\\b`);
const FORM_HEADING_ALONE = new RegExp(`^${FORM_WORDS}\\s*(?:so\\s*)?\\d+[.:]?$`);

export interface LayoutMetrics {
  /** Usual left edge of body lines. */
  left: number;
  /** Usual right edge of full (justified) lines. */
  right: number;
  /** Usual body font size. */
  size: number;
  /** Usual distance between baselines inside a paragraph. */
  pitch: number;
}

export function measure(lines: PdfLine[]): LayoutMetrics {
  const size = mode(lines.map((l) => l.size), 0.5) ?? 12;
  const left = mode(lines.map((l) => l.x0), 1) ?? 0;
  const right = quantile(lines.map((l) => l.x1), 0.9) ?? left + 400;
  const diffs: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    const d = b.y - a.y;
    if (a.page === b.page && d > 0 && d < size * 2) diffs.push(d);
  }
  const pitch = mode(diffs, 0.5) ?? size * 1.2;
  return { left, right, size, pitch };
}

const LIST_MARKER = /^[-–—+•▪●*]\s*\S/;
const NUMBERED = /^\d{1,2}(?:\.\d{1,2})*\.\s+\S/;
const LETTERED = /^[a-zđ]\)\s*\S/;
const ROMAN = /^[IVX]{1,5}\.\s*\S/;

/** A line that always starts a block of its own (list item, numbered point, heading pattern). */
export function startsBlock(text: string): boolean {
  return LIST_MARKER.test(text) || NUMBERED.test(text) || LETTERED.test(text) || ROMAN.test(text) || headingPattern(text) !== undefined;
}

/** Heading level from the text alone: Roman sections, "BÁO CÁO", "PHỤ LỤC", "Biểu mẫu N". */
export function headingPattern(text: string): number | undefined {
  const t = clean(text);
  const f = fold(t);
  if (t.length > 200) return undefined;
  if (ROMAN.test(t) && t.length <= 160) return 1;
  if (/^phu luc\b/.test(f) && t.length <= 160) return 1;
  if (/^bao cao$/.test(f)) return 1;
  if (FORM_HEADING_LINE.test(f) && t.length <= 120) return 2;
  return undefined;
}

/** A "Biểu mẫu N" line alone: its form title follows on its own line, never joined to it. */
function closesBlock(text: string): boolean {
  const f = fold(text);
  return FORM_HEADING_ALONE.test(f) || /^bao cao$/.test(f) || /^phu luc$/.test(f);
}

const allBold = (l: PdfLine) => l.items.every((it) => it.bold);

/** Width of a line's first word, estimated from its first item's average glyph width. */
function firstWordWidth(l: PdfLine): number {
  const it = l.items[0];
  if (!it || it.text.length === 0) return 0;
  const word = it.text.trimStart().split(/\s+/)[0] ?? '';
  return (it.width * word.length) / it.text.length;
}

/** Whether a line was read by OCR. */
const fromOcr = (line: PdfLine): boolean => line.items.some(isOcrItem);

/**
 * Splits narrative lines into paragraphs. A new paragraph starts on a wider gap than the line
 * pitch, an indented first line, a list marker or heading pattern, a change of size or weight,
 * or after a line that stops short although the next line's first word would have fitted there
 * (so the break was the author's, not the layout's); a paragraph continues across a page break
 * on the same terms when the next page's first line is not indented.
 */
export function splitParagraphs(lines: PdfLine[], m: LayoutMetrics = measure(lines)): PdfLine[][] {
  const out: PdfLine[][] = [];
  let cur: PdfLine[] = [];
  const wrapped = (a: PdfLine, b: PdfLine) => a.x1 + firstWordWidth(b) + 0.25 * b.size >= m.right - 0.5 * b.size;
  for (const b of lines) {
    const a = cur[cur.length - 1];
    let brk = !a;
    if (a) {
      const indented = b.x0 > a.x0 + 0.8 * b.size && b.x0 > m.left + 0.8 * b.size;
      // An OCRed line's size is guessed from its word boxes, which a line of digits and "%" keeps
      // smaller than one of accented words: only a large difference is a change of type there.
      const sizeTolerance = fromOcr(a) && fromOcr(b) ? Math.max(1, 0.3 * Math.max(a.size, b.size)) : 1;
      const style = allBold(a) !== allBold(b) || Math.abs(a.size - b.size) > sizeTolerance;
      const blockStart = startsBlock(b.text) || closesBlock(a.text);
      if (a.page !== b.page) {
        brk = !wrapped(a, b) || b.x0 > m.left + 0.8 * b.size || blockStart || style;
      } else {
        const gap = b.y - a.y;
        // Larger type (headings) has proportionally larger line spacing.
        const pitch = (m.pitch * Math.max(a.size, b.size)) / m.size;
        brk = gap <= 0 || gap > pitch + Math.max(1.5, 0.2 * b.size) || indented || blockStart || style || !wrapped(a, b);
      }
    }
    if (brk && cur.length > 0) {
      out.push(cur);
      cur = [];
    }
    cur.push(b);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export function paragraphRuns(items: PdfItem[]): Run[] {
  const runs: Run[] = [];
  for (const it of items) {
    const last = runs[runs.length - 1];
    if (last && !!last.bold === it.bold && !!last.italic === it.italic && last.font === it.font) {
      last.text = `${last.text} ${it.text}`;
    } else {
      runs.push({ text: it.text, ...(it.bold ? { bold: true } : {}), ...(it.italic ? { italic: true } : {}), ...(it.font ? { font: it.font } : {}) });
    }
  }
  return runs.map((r) => ({ ...r, text: clean(r.text) })).filter((r) => r.text !== '');
}

export interface NarrativeBlock {
  kind: 'heading' | 'paragraph';
  level?: number;
  text: string;
  runs: Run[];
  listItem?: boolean;
  page: number;
  pages: number[];
}

/** Classifies a paragraph: pattern headings first, then short all-bold paragraphs. */
export function toBlock(lines: PdfLine[]): NarrativeBlock {
  const text = clean(lines.map((l) => l.text).join(' '));
  const runs = paragraphRuns(lines.flatMap((l) => l.items));
  const pages = [...new Set(lines.map((l) => l.page))];
  const page = pages[0]!;
  const level = headingPattern(text);
  const bold = lines.every(allBold);
  if (level !== undefined) return { kind: 'heading', level, text, runs, page, pages };
  if (bold && text.length <= 160 && !LIST_MARKER.test(text) && !/[.,;]$/.test(text)) {
    const lvl = NUMBERED.test(text) ? 2 : 3;
    return { kind: 'heading', level: lvl, text, runs, page, pages };
  }
  return { kind: 'paragraph', text, runs, ...(LIST_MARKER.test(text) ? { listItem: true } : {}), page, pages };
}
