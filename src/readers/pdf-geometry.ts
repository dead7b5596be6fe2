// Boxes of printed text on the PDF page, kept in the document model so every value read from a PDF
// (or a scan: OCR words arrive as items in the same points) can be shown on the rendered page.
// Pure geometry; coordinates are PDF points, top-down, like the reader's items.
import type { LineBox } from '../../schemas/document.js';
import type { PdfItem, PdfLine } from './pdf-layout.js';

export type Box = [number, number, number, number];

// A glyph's ink rises about 0.8 of the font size above the baseline and falls about 0.22 below it
// (Times-like faces; Vietnamese stacked diacritics reach a little higher, which 0.8 covers).
const ASCENT = 0.8;
const DESCENT = 0.22;

const round = (n: number) => Math.round(n * 10) / 10;

/** The box of some items' glyphs; undefined when none has visible text. */
export function itemsBox(items: PdfItem[]): Box | undefined {
  // A damaged PDF can give an item NaN or infinite coordinates (a broken text matrix): such an item
  // has no place on the page, and one NaN would make the whole line's box fail the record's schema.
  const visible = items.filter(
    (it) => it.text.trim() !== '' && [it.x, it.y, it.width, it.size].every(Number.isFinite),
  );
  if (visible.length === 0) return undefined;
  return [
    round(Math.min(...visible.map((it) => it.x))),
    round(Math.min(...visible.map((it) => it.y - it.size * ASCENT))),
    round(Math.max(...visible.map((it) => it.x + it.width))),
    round(Math.max(...visible.map((it) => it.y + it.size * DESCENT))),
  ];
}

export function unionBox(a: Box | undefined, b: Box | undefined): Box | undefined {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/**
 * Line boxes for text made of these lines joined with single spaces (the readers' rule): line i
 * covers its own characters of the joined text. Clean-up that collapses spaces can shift the
 * offsets by a character or two, which moves a box by a fraction of a word at most.
 */
export function lineBoxes(lines: PdfLine[]): LineBox[] {
  const out: LineBox[] = [];
  let at = 0;
  for (const l of lines) {
    const text = l.text.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const box = itemsBox(l.items);
    if (box) out.push({ page: l.page, start: at, end: at + text.length, bbox: box });
    at += text.length + 1;
  }
  return out;
}

/**
 * The box of characters [start, end) of a text whose lines are `lines` (of a text `length` long
 * when the text was repaired after reading: offsets are scaled back to the read text). Within one
 * line the box is cut in proportion to the characters, which is close for proportional type;
 * across lines it is the union of the lines touched. Undefined when no line is touched.
 */
export function spanBox(lines: LineBox[], span: [number, number], length?: number): { page: number; bbox: Box } | undefined {
  if (lines.length === 0) return undefined;
  const readLength = lines[lines.length - 1]!.end;
  const k = length && length > 0 && length !== readLength ? readLength / length : 1;
  let [s, e] = [span[0] * k, span[1] * k];
  if (e <= s) e = s + 1;
  const touched = lines.filter((l) => l.start < e && l.end > s);
  if (touched.length === 0) return undefined;
  const page = touched[0]!.page;
  const onPage = touched.filter((l) => l.page === page);
  let box: Box | undefined;
  for (const l of onPage) {
    const [x0, y0, x1, y1] = l.bbox;
    const n = Math.max(1, l.end - l.start);
    const from = Math.max(0, s - l.start) / n;
    const to = Math.min(n, e - l.start) / n;
    // A span cut inside a line keeps its own part; a span running over several lines keeps each line's part.
    const part: Box = [round(x0 + (x1 - x0) * from), y0, round(x0 + (x1 - x0) * Math.max(to, from)), y1];
    box = unionBox(box, part);
  }
  return box ? { page, bbox: box } : undefined;
}
