// The two-column blocks of an official document in a PDF: the header block (issuing bodies and
// number on the left, national motto and dateline on the right) and the signature block
// ("Nơi nhận:" and its list on the left, "TM. …" / title / name on the right). In .docx they are a
// borderless two-column table; in a PDF their two columns share text lines, so the line builder
// joins "UBND HUYỆN TỨ KỲ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" into one. This module finds such a
// zone by geometry (lines cut by a wide gap, and the lines that sit in one of its two columns) and
// content (a motto, "Số:", "Nơi nhận", a "TM."/"KT." marker), and gives each column's lines
// apart, so the zone can be laid out like the .docx table. Pure: lines in, zones out.
import { lineBoxes, unionBox, type Box } from './pdf-geometry.js';
import type { TableBlock } from '../../schemas/document.js';
import { foldSameLength } from '../text/fold.js';
import { lineOf, type PdfLine } from './pdf-layout.js';
import { headingPattern, measure, paragraphRuns } from './pdf-paragraphs.js';

/** A two-column zone: lines [first, end) of the given lines, as the left and the right column. */
export interface ColumnZone {
  first: number;
  end: number;
  left: PdfLine[];
  right: PdfLine[];
}

/** A line cut in two by one wide horizontal gap. */
export interface SplitLine {
  left: PdfLine;
  right: PdfLine;
}

/** Gap between two columns, in multiples of the line's font size (a wide word space is ~0.5). */
const COLUMN_GAP = 2;

/**
 * Cuts a line at its one gap of at least COLUMN_GAP font sizes; null when there is no such gap,
 * or more than one (a table row, not two columns).
 */
export function splitAtGap(line: PdfLine): SplitLine | null {
  const items = line.items;
  let at = -1;
  let end = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (i > 0 && it.x - end >= COLUMN_GAP * Math.max(line.size, it.size)) {
      if (at >= 0) return null;
      at = i;
    }
    end = Math.max(end, it.x + it.width);
  }
  if (at <= 0) return null;
  return { left: lineOf(items.slice(0, at), line.page), right: lineOf(items.slice(at), line.page) };
}

/** What the zone's columns look like so far: edges, centres (centred lines) and left edges (lists). */
interface Geometry {
  /** Rightmost end of the left column, leftmost start of the right one: the gutter between. */
  leftEnd: number;
  rightStart: number;
  /** Rightmost end of the right column. */
  rightEnd: number;
  leftAxes: number[];
  rightAxes: number[];
  leftStarts: number[];
}

const centre = (l: PdfLine) => (l.x0 + l.x1) / 2;
const near = (v: number, refs: number[], tol: number) => refs.some((r) => Math.abs(v - r) <= tol);

function addSplit(g: Geometry | null, s: SplitLine): Geometry {
  const out: Geometry = g ?? { leftEnd: s.left.x1, rightStart: s.right.x0, rightEnd: s.right.x1, leftAxes: [], rightAxes: [], leftStarts: [] };
  out.leftEnd = Math.max(out.leftEnd, s.left.x1);
  out.rightStart = Math.min(out.rightStart, s.right.x0);
  out.rightEnd = Math.max(out.rightEnd, s.right.x1);
  out.leftAxes.push(centre(s.left));
  out.rightAxes.push(centre(s.right));
  out.leftStarts.push(s.left.x0);
  return out;
}

/**
 * Which column a line that is not cut lies in: centred on a column's axis, or, in the left column,
 * aligned on its left edge (the "Nơi nhận" list). The right column's lines are centred: by their
 * left edge alone a centred title under the header ("BÁO CÁO") would pass for one of them.
 */
function sideOf(g: Geometry, l: PdfLine, pageAxis: number): 'left' | 'right' | null {
  const tol = 1.5 * l.size;
  const left = l.x1 < g.rightStart - 0.5 * l.size && (near(centre(l), g.leftAxes, tol) || near(l.x0, g.leftStarts, l.size));
  // OCR may put the last word of a centred line on a line of its own ("PHÓ CHỦ" / "TỊCH"): within
  // the right column's extent it is the column's, unless it is centred on the page like a title.
  const inRight = l.x0 >= g.rightStart - 0.5 * l.size && l.x1 <= g.rightEnd + 0.5 * l.size && Math.abs(centre(l) - pageAxis) > tol;
  const right = l.x0 > g.leftEnd + 0.5 * l.size && (near(centre(l), g.rightAxes, tol) || inRight);
  if (left === right) return null;
  return left ? 'left' : 'right';
}

/**
 * Cuts a line at its widest gap that lies in the zone's gutter: once the columns are known, a
 * narrower gap will do, and other gaps in the line do not matter (a blank number or day:
 * "Số:      /BC-UBND", "ngày      tháng 9").
 */
function splitInGutter(line: PdfLine, g: Geometry): SplitLine | null {
  const items = line.items;
  const tol = 0.5 * line.size;
  let at = -1;
  let widest = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const gap = it.x - end;
    if (i > 0 && gap >= tol && gap > widest && end <= g.rightStart + tol && it.x >= g.leftEnd - tol) {
      at = i;
      widest = gap;
    }
    end = Math.max(end, it.x + it.width);
  }
  if (at <= 0) return null;
  return { left: lineOf(items.slice(0, at), line.page), right: lineOf(items.slice(at), line.page) };
}

/** Two lines of one page, close in height, one ending left of where the other starts (by a gap). */
function sideBySide(a: PdfLine, b: PdfLine | undefined): SplitLine | null {
  if (!b || a.page !== b.page || Math.abs(b.y - a.y) > 2 * Math.max(a.size, b.size)) return null;
  if (!MOTTO.test(foldSameLength(a.text)) && !MOTTO.test(foldSameLength(b.text))) return null;
  const gap = COLUMN_GAP * Math.max(a.size, b.size);
  if (a.x1 + gap <= b.x0) return { left: a, right: b };
  if (b.x1 + gap <= a.x0) return { left: b, right: a };
  return null;
}

const MOTTO = /cong hoa xa hoi chu nghia|doc lap\s*[-–]\s*tu do/;

// What makes a two-column zone an official block rather than, say, a two-column list: the motto,
// the number line, the recipients' heading or a signing marker.
const ANCHOR = /cong hoa xa hoi chu nghia|doc lap\s*[-–]\s*tu do|^\s*noi nhan\b|^\s*(?:tm|kt|tl|tuq)\s*\.\s*\S|^\s*so\s*:/;

/** A line of fewer than three letters inside a zone: a stamp's or a signature's speck read by OCR ("›", "“ '"). */
const isSpeck = (l: PdfLine) => (l.text.match(/\p{L}/gu)?.length ?? 0) < 3 && !/\d/.test(l.text);

/** Largest vertical distance inside a zone, in font sizes (the signature's blank space is ~3–5 lines). */
const MAX_ZONE_GAP = 8;

/**
 * The two-column zones among `lines` (narrative lines in reading order, tables already taken out).
 * A zone starts at a line cut by a wide gap and goes on, on the same page, through lines cut in the
 * same gutter and lines that sit wholly in one of its columns; it ends at the first line that
 * crosses the gutter (body text, a centred title). Zones without an anchor are not returned.
 */
export function findColumnZones(lines: PdfLine[]): ColumnZone[] {
  const zones: ColumnZone[] = [];
  // The body's axis: a line centred on it (a title) belongs to the page, not to a column.
  const m = measure(lines);
  const pageAxis = (m.left + m.right) / 2;
  // Lines before this index belong to a zone found already.
  let floor = 0;
  for (let i = 0; i < lines.length; i++) {
    const cut = splitAtGap(lines[i]!);
    // Header columns whose lines never share a baseline (a narrow left column beside a motto
    // wrapped over two lines): two consecutive lines side by side, one of them the motto, start a
    // zone too.
    const pair = cut ? null : sideBySide(lines[i]!, lines[i + 1]);
    const first = cut ?? pair;
    if (!first) continue;
    const seedEnd = pair ? i + 2 : i + 1;
    let g = addSplit(null, first);
    const left: PdfLine[] = [first.left];
    const right: PdfLine[] = [first.right];
    // Lines just above, cut in the same gutter by a narrower gap ("UBND HUYỆN THANH MIỆN CỘNG HÒA…").
    let start = i;
    for (let k = i - 1; k >= floor; k--) {
      const l = lines[k]!;
      const below = lines[k + 1]!;
      if (l.page !== below.page || below.y - l.y > MAX_ZONE_GAP * Math.max(l.size, below.size) || headingPattern(l.text) !== undefined) break;
      const s = splitInGutter(l, g);
      if (!s) break;
      g = addSplit(g, s);
      left.unshift(s.left);
      right.unshift(s.right);
      start = k;
    }
    // Index after the zone's last line: specks (OCR noise) after it are not the zone's.
    let end = seedEnd;
    let prev = lines[seedEnd - 1]!;
    for (let j = seedEnd; j < lines.length; j++) {
      const l = lines[j]!;
      // A zone runs on over a page break (the signature block often does); on its page, it ends
      // at a wide vertical gap.
      if (l.page === prev.page && l.y - prev.y > MAX_ZONE_GAP * Math.max(l.size, prev.size)) break;
      if (isSpeck(l)) continue;
      // A title ("BÁO CÁO", "PHỤ LỤC") is the page's, even where it falls under a column.
      if (headingPattern(l.text) !== undefined) break;
      const s = splitInGutter(l, g);
      if (s) {
        g = addSplit(g, s);
        left.push(s.left);
        right.push(s.right);
      } else {
        const side = sideOf(g, l, pageAxis);
        if (!side) break;
        (side === 'left' ? left : right).push(l);
      }
      end = j + 1;
      prev = l;
    }
    if ([...left, ...right].some((l) => ANCHOR.test(foldSameLength(l.text)))) {
      zones.push({ first: start, end, left, right });
      i = end - 1;
      floor = end;
    }
  }
  return zones;
}

/** Narrative lines cut into runs of ordinary lines and two-column zones, in reading order. */
export type NarrativePiece = { kind: 'lines'; lines: PdfLine[] } | { kind: 'zone'; zone: ColumnZone };

export function narrativePieces(lines: PdfLine[]): NarrativePiece[] {
  const out: NarrativePiece[] = [];
  let at = 0;
  for (const zone of findColumnZones(lines)) {
    if (zone.first > at) out.push({ kind: 'lines', lines: lines.slice(at, zone.first) });
    out.push({ kind: 'zone', zone });
    at = zone.end;
  }
  if (at < lines.length) out.push({ kind: 'lines', lines: lines.slice(at) });
  return out;
}

/** A zone as the borderless two-column table a .docx has there: one row, one cell per column. */
export function zoneTable(zone: ColumnZone, index: number, file: string, block: number): TableBlock {
  const pages = [...new Set([...zone.left, ...zone.right].map((l) => l.page))].sort((a, b) => a - b);
  const page = pages[0]!;
  const cell = (lines: PdfLine[], col: number) => {
    const runs = paragraphRuns(lines.flatMap((l) => l.items));
    const text = lines
      .map((l) => l.text)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    const bold = runs.length > 0 && runs.every((r) => r.bold);
    const boxes = lineBoxes(lines);
    const first = boxes[0];
    const box = boxes.filter((b) => b.page === first?.page).reduce<Box | undefined>((u, b) => unionBox(u, b.bbox), undefined);
    return {
      text,
      col,
      colspan: 1,
      rowspan: 1,
      ...(runs.length ? { runs } : {}),
      ...(bold ? { bold: true } : {}),
      ...(first && box ? { page: first.page, bbox: box, lines: boxes } : {}),
    };
  };
  return {
    kind: 'table',
    index,
    columns: 2,
    rows: [{ cells: [cell(zone.left, 0), cell(zone.right, 1)], page, ...(pages.length > 1 ? { pages } : {}) }],
    prov: { file, block, table: index, page, ...(pages.length > 1 ? { pages } : {}) },
  };
}
