// Pure geometry for the PDF reader: text items with positions in, lines / page noise out.
// Coordinates are top-down (y grows down the page, like reading), in PDF points.
import { isSttHead } from '../text/row-code.js';

/** One positioned run of text from the PDF text layer. */
export interface PdfItem {
  text: string;
  /** Left edge. */
  x: number;
  /** Baseline, measured from the top of the page. */
  y: number;
  width: number;
  /** Font size in points (the text matrix's vertical scale). */
  size: number;
  /** Real font name with any subset prefix removed ("TimesNewRomanPS-BoldMT"). */
  font?: string;
  bold: boolean;
  italic: boolean;
}

/** A horizontal ruling line (table border) spanning x0..x1 at y. */
export interface HRule {
  y: number;
  x0: number;
  x1: number;
}

/** A vertical ruling line at x spanning y0..y1 (y0 < y1). */
export interface VRule {
  x: number;
  y0: number;
  y1: number;
}

export interface PdfPage {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  items: PdfItem[];
  hRules: HRule[];
  vRules: VRule[];
  /** How many images the page paints (a scan is one); undefined when the reader does not know. */
  images?: number;
}

/** Items sharing a baseline, left to right. */
export interface PdfLine {
  page: number;
  y: number;
  x0: number;
  x1: number;
  size: number;
  items: PdfItem[];
  text: string;
}

/** The vertical middle of an item's glyphs (baseline minus ~a third of the size). */
export function itemMid(item: PdfItem): number {
  return item.y - item.size * 0.35;
}

export function itemCenterX(item: PdfItem): number {
  return item.x + item.width / 2;
}

/**
 * Joins items left to right into text, inserting a space where the gap between two items is
 * wider than a narrow glyph (PDFs often place words separately without space glyphs).
 */
export function joinItems(items: PdfItem[]): string {
  let out = '';
  let prevEnd: number | undefined;
  for (const it of items) {
    if (prevEnd !== undefined && out !== '' && !/\s$/.test(out) && !/^\s/.test(it.text)) {
      if (it.x - prevEnd > it.size * 0.15) out += ' ';
    }
    out += it.text;
    prevEnd = it.x + it.width;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Groups items into lines: items whose baselines are within a fraction of the font size belong
 * together (small superscripts and rounding noise stay on their line).
 */
export function buildLines(items: PdfItem[], page: number): PdfLine[] {
  const visible = items.filter((it) => it.text.trim() !== '');
  const sorted = [...visible].sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: PdfItem[][] = [];
  let current: PdfItem[] = [];
  let currentY = Number.NEGATIVE_INFINITY;
  for (const it of sorted) {
    const tol = Math.max(1, it.size * 0.3);
    if (current.length > 0 && Math.abs(it.y - currentY) <= tol) {
      current.push(it);
    } else {
      if (current.length > 0) groups.push(current);
      current = [it];
      currentY = it.y;
    }
  }
  if (current.length > 0) groups.push(current);
  return groups.map((g) => lineOf(g, page));
}

export function lineOf(items: PdfItem[], page: number): PdfLine {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  // The line's baseline is the one most of its text sits on (the largest font wins ties).
  const main = sorted.reduce((m, it) => (it.size * it.text.length > m.size * m.text.length ? it : m), sorted[0]!);
  return {
    page,
    y: main.y,
    x0: Math.min(...sorted.map((i) => i.x)),
    x1: Math.max(...sorted.map((i) => i.x + i.width)),
    size: main.size,
    items: sorted,
    text: joinItems(sorted),
  };
}

/** True when at least two vertical rules cross the line's height on both sides of its text. */
function insideGrid(l: PdfLine, vRules: VRule[]): boolean {
  const crossing = vRules.filter((r) => r.y0 <= l.y && r.y1 >= l.y - l.size);
  return crossing.some((r) => r.x <= l.x0 + 1) && crossing.some((r) => r.x >= l.x1 - 1);
}

const PAGE_NUMBER = /^(?:trang\s*)?[-–—]?\s*(\d{1,4})\s*[-–—]?(?:\s*\/\s*\d{1,4})?$/i;

/**
 * Finds running page furniture: page numbers (a lone number in the top or bottom margin whose
 * offset from the physical page number is shared by other pages, or "Trang N" / "- N -") and
 * running headers/footers (the same margin text, digits ignored, on at least half of 3+ pages).
 * Returns, per page index, the set of line indexes to drop.
 */
export function findPageNoise(pages: { page: number; height: number; lines: PdfLine[]; vRules?: VRule[] }[]): Set<number>[] {
  const drop = pages.map(() => new Set<number>());
  const marginCandidates = (p: { height: number; lines: PdfLine[]; vRules?: VRule[] }): number[] => {
    const idx: number[] = [];
    if (p.lines.length === 0) return idx;
    const first = 0;
    const last = p.lines.length - 1;
    // A table header repeated at the top of each page of the appendix (its STT head within the
    // first lines) is the table's, not a running header, ruled or not.
    const tableHeadAt = p.lines.slice(0, 4).findIndex((l) => l.items.some((it) => isSttHead(it.text)));
    for (const i of new Set([first, Math.min(1, last), Math.max(last - 1, 0), last])) {
      const l = p.lines[i]!;
      if (tableHeadAt >= 0 && i <= tableHeadAt + 2) continue;
      // A line inside a ruled grid is a table's (a form header repeated at the top of each page
      // of the appendix looks like a running header otherwise), never page furniture.
      if (insideGrid(l, p.vRules ?? [])) continue;
      if (l.y < p.height * 0.12 || l.y > p.height * 0.88) idx.push(i);
    }
    return idx;
  };

  // Page numbers.
  const numbered: { pi: number; li: number; offset: number; explicit: boolean }[] = [];
  pages.forEach((p, pi) => {
    for (const li of marginCandidates(p)) {
      const text = p.lines[li]!.text;
      const m = PAGE_NUMBER.exec(text);
      if (!m) continue;
      numbered.push({ pi, li, offset: Number(m[1]) - p.page, explicit: !/^\d+$/.test(text) });
    }
  });
  const offsetCount = new Map<number, number>();
  for (const n of numbered) offsetCount.set(n.offset, (offsetCount.get(n.offset) ?? 0) + 1);
  for (const n of numbered) {
    const shared = (offsetCount.get(n.offset) ?? 0) >= 2;
    // A single-page document's lone "1" at the bottom is a page number too.
    const single = pages.length === 1 && n.offset === 0;
    if (shared || single || n.explicit) drop[n.pi]!.add(n.li);
  }

  // Running headers/footers: same margin text (digits masked) on many pages.
  if (pages.length >= 3) {
    const seen = new Map<string, { pi: number; li: number }[]>();
    pages.forEach((p, pi) => {
      for (const li of marginCandidates(p)) {
        const key = p.lines[li]!.text.replace(/\d+/g, '#');
        if (key.replace(/[#\s]/g, '').length === 0) continue;
        const list = seen.get(key) ?? [];
        list.push({ pi, li });
        seen.set(key, list);
      }
    });
    for (const list of seen.values()) {
      const distinctPages = new Set(list.map((e) => e.pi)).size;
      if (distinctPages >= Math.max(3, Math.ceil(pages.length / 2))) for (const e of list) drop[e.pi]!.add(e.li);
    }
  }
  return drop;
}

/** The most common value after rounding to `step` (ties: the smallest). */
export function mode(values: number[], step = 1): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) {
    const k = Math.round(v / step) * step;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [k, c] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (c > bestCount) {
      best = k;
      bestCount = c;
    }
  }
  return best;
}

export function quantile(values: number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}
