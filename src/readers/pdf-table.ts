// Pure table reconstruction for the appendix forms ("Biểu mẫu"): pdf.js gives positioned text,
// not tables, so we find where a form table starts (its "STT" column head), take the physical
// columns from the ruling lines (unruled: from the gutters of its body), cut the table into row bands
// (ruling lines, else line gaps anchored on the row codes), and assemble rows, joining a row that
// continues on the next page. Which column holds what (label, unit, value, note) is decided later
// from the cells' content (src/extract/column-roles.ts): header wordings vary too much to trust.
import type { Run, TableCell, TableRow } from '../../schemas/document.js';
import { clean, fold } from '../text/fold.js';
import { FORM_WORDS } from '../text/form-heading.js';
import { isRowCode, isSttHead, parseRowCode } from '../text/row-code.js';
import { itemsBox, unionBox } from './pdf-geometry.js';
import { buildLines, itemCenterX, itemMid, joinItems, mode, type HRule, type PdfItem, type PdfLine, type PdfPage, type VRule } from './pdf-layout.js';

export interface Columns {
  /** Table's outer left and right edges. */
  left: number;
  right: number;
  /** The boundaries between the columns, ascending (a ruled table may have any number). */
  bounds: number[];
}

export const columnCount = (cols: Columns): number => cols.bounds.length + 1;

/** Numeric tuple of a code, for checking codes rise through a form. */
export function codeKey(code: string): number[] | undefined {
  const m = /^\d{1,2}(?:\.\d{1,2})*/.exec(clean(code));
  return m ? m[0].split('.').map(Number) : undefined;
}

export function codeRises(prev: number[], next: number[]): boolean {
  for (let i = 0; i < Math.max(prev.length, next.length); i++) {
    const a = prev[i] ?? -1;
    const b = next[i] ?? -1;
    if (a !== b) return b > a;
  }
  return false;
}

export function columnOf(x: number, cols: Columns): number {
  let c = 0;
  for (const b of cols.bounds) if (x >= b) c++;
  return c;
}

// ---------------------------------------------------------------------------------------------
// Header and columns

export interface HeaderAnchors {
  stt: PdfItem;
  chiTieu: PdfItem;
  donVi?: PdfItem;
  soLuong?: PdfItem;
  ghiChu?: PdfItem;
}

/**
 * The text of a header cell starting at `item`: header words wrap inside narrow cells ("Số" /
 * "lượng/" / "Tỷ lệ", "Ghi" / "chú"), so follow the items stacked directly below it.
 */
export function stackedItems(item: PdfItem, items: PdfItem[]): PdfItem[] {
  const out = [item];
  let cur = item;
  for (let k = 0; k < 4; k++) {
    const below = items
      .filter((it) => it.y > cur.y + 0.5 && it.y <= cur.y + cur.size * 1.6 && it.x < cur.x + cur.width && it.x + it.width > cur.x)
      .sort((a, b) => a.y - b.y || a.x - b.x)[0];
    if (!below) break;
    out.push(below);
    cur = below;
  }
  return out;
}

export function stackedText(item: PdfItem, items: PdfItem[]): string {
  return stackedItems(item, items)
    .map((it) => it.text)
    .join(' ');
}

function startsFolded(item: PdfItem, pool: PdfItem[], ...prefixes: string[]): boolean {
  const f = fold(item.text);
  if (prefixes.some((p) => f.startsWith(p))) return true;
  const stacked = fold(stackedText(item, pool));
  return prefixes.some((p) => stacked.startsWith(p));
}

/**
 * Whether `item` heads a column of row codes: a short head that is not a code itself, with "1."
 * below it within a few lines and at least two more codes under that, in line with it. Found by
 * what the column holds, so a head OCR garbled ("S1" for "STT") still opens its table.
 */
export function headsCodeColumn(item: PdfItem, items: PdfItem[]): boolean {
  const text = clean(item.text);
  if (text === '' || text.length > 6 || isRowCode(text) || /^[\d.,\s]+$/.test(text)) return false;
  const mid = itemCenterX(item);
  const inLine = (it: PdfItem) => Math.abs(itemCenterX(it) - mid) <= item.size * 2 && isRowCode(it.text);
  const codes = items.filter((it) => it.y > item.y && it.y <= item.y + item.size * 40 && inLine(it)).sort((a, b) => a.y - b.y);
  const first = codes[0];
  if (first === undefined || first.y > item.y + item.size * 6 || parseRowCode(first.text) !== '1' || codes.length < 3) return false;
  // Codes rise down the column ("1.", "1.1.", "2."); a column of small values ("1", "1", "0") does not.
  const keys = codes.slice(0, 3).map((c) => codeKey(c.text));
  return keys.every((k, i) => k !== undefined && (i === 0 || codeRises(keys[i - 1]!, k)));
}

/**
 * Finds form headers on a page: an "STT" item (or the head of a column of row codes) with a
 * "Chỉ tiêu ..." item to its right a few lines up or down (header cells are often vertically
 * centred, so they need not share a baseline).
 */
export function findHeaders(items: PdfItem[]): HeaderAnchors[] {
  const out: HeaderAnchors[] = [];
  // Printed heads first: a head found by its column only stands where no "STT" does.
  const printed = items.filter((it) => isSttHead(it.text)).sort((a, b) => a.y - b.y);
  const stts = [...printed, ...items.filter((it) => !isSttHead(it.text) && headsCodeColumn(it, items)).sort((a, b) => a.y - b.y)];
  for (const stt of stts) {
    const near = (it: PdfItem) => Math.abs(it.y - stt.y) <= stt.size * 5 && it.x > stt.x + stt.width && it.text.trim() !== '';
    // The label column's head: its usual words when printed, else the first header word to the
    // right of STT that is not a number (the wording is a hint, not a requirement).
    const candidates = items.filter(near).sort((a, b) => a.x - b.x);
    const chiTieu =
      candidates.find((it) => startsFolded(it, items, 'chi tieu', 'noi dung', 'ten chi tieu')) ??
      candidates.find((it) => /\p{L}{2}/u.test(it.text) && Math.abs(it.y - stt.y) <= stt.size * 2.5);
    if (!chiTieu) continue;
    if (out.some((h) => Math.abs(h.stt.y - stt.y) < stt.size * 5)) continue;
    const right = (it: PdfItem) => near(it) && it.x > chiTieu.x;
    const pick = (...p: string[]) => items.filter((it) => right(it) && startsFolded(it, items, ...p)).sort((a, b) => a.y - b.y || a.x - b.x)[0];
    const donVi = pick('don vi', 'dvt', 'd.v.t');
    const soLuong = pick('so luong', 'ty le', 'so lieu', 'gia tri', 'ket qua thuc hien');
    const ghiChu = pick('ghi chu');
    out.push({ stt, chiTieu, ...(donVi ? { donVi } : {}), ...(soLuong ? { soLuong } : {}), ...(ghiChu ? { ghiChu } : {}) });
  }
  return out.sort((a, b) => a.stt.y - b.stt.y);
}

/** Distinct x positions of vertical rules (merged within 2pt). */
function ruleXs(vRules: VRule[]): number[] {
  const xs = vRules.map((r) => r.x).sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of xs) if (out.length === 0 || x - out[out.length - 1]! > 2) out.push(x);
  return out;
}

/** Header anchors still unknown (a header cut by a page break lacks its second row). */
export function missingAnchors(h: HeaderAnchors): string[] {
  const names: [keyof HeaderAnchors, string][] = [['donVi', 'Đơn vị tính'], ['soLuong', 'Số lượng/Tỷ lệ'], ['ghiChu', 'Ghi chú']];
  return names.filter(([k]) => !h[k]).map(([, n]) => n);
}

/** Fills missing anchors from more header items (the rest of a header continued on the next page). */
export function completeAnchors(h: HeaderAnchors, items: PdfItem[]): HeaderAnchors {
  const right = (it: PdfItem) => it.x > h.chiTieu.x;
  const pick = (...p: string[]) => items.filter((it) => right(it) && startsFolded(it, items, ...p)).sort((a, b) => a.y - b.y || a.x - b.x)[0];
  const donVi = h.donVi ?? pick('don vi', 'dvt', 'd.v.t');
  const soLuong = h.soLuong ?? pick('so luong', 'ty le', 'so lieu', 'gia tri', 'ket qua thuc hien');
  const ghiChu = h.ghiChu ?? pick('ghi chu');
  return { ...h, ...(donVi ? { donVi } : {}), ...(soLuong ? { soLuong } : {}), ...(ghiChu ? { ghiChu } : {}) };
}

/** Vertical rules near a header (within a few lines of its STT). */
export function rulesNearHeader(h: HeaderAnchors, vRules: VRule[]): VRule[] {
  const yLo = h.stt.y - h.stt.size * 6;
  const yHi = h.stt.y + h.stt.size * 6;
  return vRules.filter((r) => r.y0 <= yHi && r.y1 >= yLo);
}

/**
 * Column boundaries from the header words: the ruling line between two header words when there
 * is one, else the midpoint between a header's right end and the next header's left edge.
 * `rules` are the vertical rules around the header; `headerItems` the header's words.
 */
export function columnsFromHeader(h: HeaderAnchors, headerItems: PdfItem[], rules: VRule[], pageWidth: number): Columns {
  return columnsFromRules(h, rules) ?? columnsFromWords(h, headerItems, rules, pageWidth);
}

/**
 * The physical columns of a ruled table: its vertical rules around the header, from the one left
 * of STT to the last. Null when fewer than three columns are ruled (an unruled or half-ruled grid).
 */
export function columnsFromRules(h: HeaderAnchors, rules: VRule[]): Columns | null {
  const xs = ruleXs(rules);
  const leftAt = xs.findLastIndex((x) => x <= h.stt.x + 1);
  if (leftAt < 0) return null;
  const own = xs.slice(leftAt);
  // The STT column is narrow: the next rule must lie beyond STT but before the label's head ends.
  if (own.length < 4 || own[1]! < h.stt.x + h.stt.width - 1 || own[1]! > h.chiTieu.x + h.chiTieu.width) return null;
  return { left: own[0]!, right: own[own.length - 1]!, bounds: own.slice(1, -1) };
}

/**
 * The physical columns of an unruled table from its body: the x ranges no body word covers
 * (cell padding) separate the columns, whatever the header says. `lines` are the page's lines
 * below the header's STT; the body is the run of them that starts with a row code under STT.
 * `header` are the words around the header (they widen the table to its last head).
 * Null when the body does not show at least three columns with the codes in the first.
 */
export function columnsFromGutters(h: HeaderAnchors, lines: PdfLine[], header: PdfItem[] = [], minRuns = 3): Columns | null {
  const sttLeft = h.stt.x - h.stt.size * 2;
  const sttRight = h.stt.x + h.stt.width + h.stt.size * 2;
  const startsWithCode = (l: PdfLine) => {
    const first = l.items.find((it) => it.text.trim() !== '');
    return !!first && isRowCode(first.text) && first.x >= sttLeft && first.x <= sttRight;
  };
  const start = lines.findIndex(startsWithCode);
  if (start < 0) return null;
  const body: PdfLine[] = [];
  for (let i = start; i < lines.length; i++) {
    const l = lines[i]!;
    const prev = body[body.length - 1];
    if (prev && (l.y - prev.y > l.size * 4 || isHeadingLike(l.text) || findHeaders(l.items).length > 0)) break;
    if (l.x0 < sttLeft - l.size * 2) break;
    body.push(l);
  }
  // One coded row is enough when it is the last thing on the page (a form started at a page's foot).
  const coded = body.filter(startsWithCode).length;
  if (coded < 2 && !(coded === 1 && body.length === lines.length - start)) return null;
  const spans = body
    .flatMap((l) => l.items)
    .filter((it) => it.text.trim() !== '')
    .map((it) => [it.x, it.x + it.width] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  const minGap = h.stt.size * 0.5;
  const runs: [number, number][] = [];
  for (const m of merged) {
    const last = runs[runs.length - 1];
    if (last && m[0] - last[1] < minGap) last[1] = Math.max(last[1], m[1]);
    else runs.push([...m]);
  }
  // Codes first, then the label, then at least a column of values; more than seven is not a form.
  if (runs.length < minRuns || runs.length > 7 || runs[0]![1] > sttRight + h.stt.size * 3) return null;
  const headTop = h.stt.y - h.stt.size * 5;
  const headItems = header.filter((it) => it.y >= headTop && it.y < body[0]!.y && it.text.trim() !== '');
  // Labels are left-aligned and wrap at their cell's right edge, so a longer label on a later page
  // reaches further right than any here: the label's right boundary sits just before the next
  // column's text (or head). Other columns are centred: midpoints.
  const labelEnd = runs[1]![1];
  const nextHead = Math.min(...headItems.filter((it) => it.x > labelEnd).map((it) => it.x));
  const bounds = runs.slice(1).map((r, i) => (i === 1 ? Math.max(labelEnd + 1, Math.min(r[0], nextHead) - 1) : (runs[i]![1] + r[0]) / 2));
  // Only codes and labels (group rows): the rest of the columns from the header's words.
  if (runs.length === 2) {
    const heads = [...new Set(headItems.filter((it) => it.x > labelEnd).map((it) => Math.round(it.x)))].sort((a, b) => a - b);
    if (heads.length === 0) return null;
    bounds.push(...heads.filter((x, i) => i === 0 || x - heads[i - 1]! > h.stt.size * 2).map((x) => x - 2));
  }
  // The header may reach further right than the body (an empty "Ghi chú" column): the table does.
  const right = Math.max(runs[runs.length - 1]![1], ...headItems.map((it) => it.x + it.width)) + 4;
  return { left: Math.min(runs[0]![0], h.stt.x) - 4, right, bounds };
}

/** Columns from the header words (unruled tables): the five usual columns, by their heads. */
function columnsFromWords(h: HeaderAnchors, headerItems: PdfItem[], rules: VRule[], pageWidth: number): Columns {
  const anchors: (PdfItem | undefined)[] = [h.stt, h.chiTieu, h.donVi, h.soLuong, h.ghiChu];
  const xs = ruleXs(rules);
  // A centred header wraps into a stack of words; the stack's leftmost word marks the column.
  const lefts = anchors.map((a) => (a ? Math.min(...stackedItems(a, headerItems.length > 0 ? headerItems : [a]).map((it) => it.x)) : undefined));
  const bounds: number[] = [];
  for (let k = 0; k < 4; k++) {
    const from = lefts[k] ?? bounds[k - 1] ?? h.stt.x;
    const nextIdx = lefts.findIndex((x, i) => i > k && x !== undefined);
    const to = nextIdx >= 0 ? lefts[nextIdx]! : Number.POSITIVE_INFINITY;
    if (lefts[k + 1] === undefined) {
      // Missing header word: the column collapses onto the next one; its text goes right.
      bounds.push(Number.isFinite(to) ? to - 1 : pageWidth);
      continue;
    }
    const rule = xs.filter((x) => x > from + 1 && x < to).pop();
    if (rule !== undefined) {
      bounds.push(rule);
      continue;
    }
    // Right end of this column's header text: header items starting at or right of this anchor
    // and left of the next one.
    const own = headerItems.filter((it) => it.x >= from - 1 && it.x + it.width <= to + 1);
    const end = Math.max(from, ...own.map((it) => Math.min(it.x + it.width, to)));
    bounds.push((end + to) / 2);
  }
  const outer: [number, number] | undefined = xs.length >= 2 ? [xs[0]!, xs[xs.length - 1]!] : undefined;
  const left = outer && outer[0] < h.stt.x ? outer[0] : h.stt.x - 4;
  const right = outer && outer[1] > bounds[3]! ? outer[1] : pageWidth;
  for (let i = 1; i < bounds.length; i++) bounds[i] = Math.max(bounds[i]!, bounds[i - 1]!);
  return { left, right, bounds };
}

/** True when no item of the line straddles a column boundary (narrative lines run across them). */
export function fitsColumns(line: PdfLine, cols: Columns): boolean {
  if (line.x0 < cols.left - 6 || line.x1 > cols.right + 6) return false;
  return line.items.every((it) => cols.bounds.every((b) => !(it.x < b - 2 && it.x + it.width > b + 2)));
}

// ---------------------------------------------------------------------------------------------
// Regions and bands

/** Vertical extents covered by the table's vertical rules (at its column boundaries or edges). */
export function ruledSpans(vRules: VRule[], cols: Columns): { y0: number; y1: number }[] {
  const xs = [cols.left, ...cols.bounds, cols.right];
  const own = vRules.filter((r) => xs.some((x) => Math.abs(r.x - x) <= 3)).sort((a, b) => a.y0 - b.y0);
  const spans: { y0: number; y1: number }[] = [];
  for (const r of own) {
    const last = spans[spans.length - 1];
    if (last && r.y0 <= last.y1 + 3) last.y1 = Math.max(last.y1, r.y1);
    else spans.push({ y0: r.y0, y1: r.y1 });
  }
  return spans;
}

const HEADING_LINE = new RegExp(`^(?:${FORM_WORDS}|phu luc|[ivx]{1,5}\\.\\s)`);

export function isHeadingLike(text: string): boolean {
  return HEADING_LINE.test(fold(text));
}

/**
 * The lines of a page that belong to a table starting around line `at`: inside the ruled span
 * when the table is ruled, else the run of lines that fit the columns with no large gap.
 * Returns [first, end) line indexes.
 */
export function tableLineRange(lines: PdfLine[], at: number, cols: Columns, spans: { y0: number; y1: number }[], upward: boolean): [number, number] {
  const anchorY = lines[at]!.y;
  const span = spans.find((s) => anchorY >= s.y0 - 2 && anchorY <= s.y1 + 2);
  if (span) {
    let first = at;
    while (first > 0 && lines[first - 1]!.y >= span.y0 - 1) first--;
    let end = at + 1;
    while (end < lines.length && lines[end]!.y <= span.y1 + 1) end++;
    return [first, end];
  }
  const maxGap = (l: PdfLine) => l.size * 4;
  let first = at;
  if (upward) {
    while (first > 0) {
      const prev = lines[first - 1]!;
      // Header lines above STT either fit the columns or are a caption over the result columns
      // ("Kết quả thống kê"); a centred form title crosses the label column and stops the walk.
      const caption = prev.x0 >= cols.bounds[1]! - 2 && prev.x1 <= cols.right + 6;
      if (lines[first]!.y - prev.y > prev.size * 1.8 || !(fitsColumns(prev, cols) || caption) || isHeadingLike(prev.text)) break;
      first--;
    }
  }
  let end = at + 1;
  while (end < lines.length) {
    const l = lines[end]!;
    if (l.y - lines[end - 1]!.y > maxGap(l) || !fitsColumns(l, cols) || isHeadingLike(l.text)) break;
    if (findHeaders(l.items).length > 0) break;
    end++;
  }
  return [first, end];
}

export interface Band {
  items: PdfItem[];
  top: number;
  bottom: number;
}

/** Horizontal rules covering at least half the table width, merged by y. */
export function fullRules(hRules: HRule[], cols: Columns, top: number, bottom: number): number[] {
  const width = cols.right - cols.left;
  const byY: { y: number; segs: [number, number][] }[] = [];
  for (const r of hRules) {
    if (r.y < top - 3 || r.y > bottom + 3) continue;
    const x0 = Math.max(r.x0, cols.left);
    const x1 = Math.min(r.x1, cols.right);
    if (x1 <= x0) continue;
    const g = byY.find((b) => Math.abs(b.y - r.y) <= 1.5);
    if (g) g.segs.push([x0, x1]);
    else byY.push({ y: r.y, segs: [[x0, x1]] });
  }
  const covered = (segs: [number, number][]) => {
    const s = [...segs].sort((a, b) => a[0] - b[0]);
    let total = 0;
    let curEnd = Number.NEGATIVE_INFINITY;
    for (const [a, b] of s) {
      const from = Math.max(a, curEnd);
      if (b > from) total += b - from;
      curEnd = Math.max(curEnd, b);
    }
    return total;
  };
  return byY
    .filter((g) => covered(g.segs) >= width * 0.5)
    .map((g) => g.y)
    .sort((a, b) => a - b);
}

/** Cuts items into row bands at the given rule positions. */
export function bandsFromRules(items: PdfItem[], rules: number[]): Band[] {
  const edges = [Number.NEGATIVE_INFINITY, ...rules, Number.POSITIVE_INFINITY];
  const bands: Band[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const top = edges[i]!;
    const bottom = edges[i + 1]!;
    const inBand = items.filter((it) => itemMid(it) >= top && itemMid(it) < bottom);
    if (inBand.length > 0) bands.push({ items: inBand, top, bottom });
  }
  return bands;
}

/** A row of column numbers printed under the heads: "(1) (2) (3) (4) (5)". */
export function isColumnNumbers(text: string): boolean {
  const words = clean(text).split(' ').filter(Boolean);
  return words.length > 1 && words.every((w) => /^\(\d{1,2}\)$/.test(w));
}

function hasCode(line: PdfLine, cols: Columns): boolean {
  return line.items.some((it) => columnOf(itemCenterX(it), cols) === 0 && isRowCode(it.text));
}

/**
 * Row bands without ruling lines: lines are clustered where the vertical gap is wider than the
 * usual line pitch (cell padding), then a cluster holding several row codes is split at them —
 * at each code line when cells are top-aligned, halfway between codes when they are centred.
 */
export function bandsFromGaps(items: PdfItem[], cols: Columns): Band[] {
  const lines = buildLines(items, 0);
  if (lines.length === 0) return [];
  const diffs: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const d = lines[i]!.y - lines[i - 1]!.y;
    if (d > 0 && d < lines[i]!.size * 2) diffs.push(d);
  }
  const size = mode(lines.map((l) => l.size), 0.5) ?? lines[0]!.size;
  const pitch = Math.min(mode(diffs, 0.5) ?? size * 1.2, size * 1.6);
  const clusters: PdfLine[][] = [];
  for (const l of lines) {
    const last = clusters[clusters.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && l.y - prev.y <= pitch * 1.3 + 0.5) last.push(l);
    else clusters.push([l]);
  }
  // Alignment from clusters holding exactly one code: code on the first line means top-aligned.
  let top = 0;
  let centred = 0;
  for (const c of clusters) {
    const codes = c.filter((l) => hasCode(l, cols));
    if (codes.length === 1 && c.length >= 3) {
      if (codes[0] === c[0]) top++;
      else centred++;
    }
  }
  const isCentred = centred > top;
  const bands: Band[] = [];
  const push = (ls: PdfLine[]) => {
    if (ls.length === 0) return;
    bands.push({ items: ls.flatMap((l) => l.items), top: ls[0]!.y - ls[0]!.size, bottom: ls[ls.length - 1]!.y });
  };
  for (const c of clusters) {
    const codeIdx = c.map((l, i) => (hasCode(l, cols) ? i : -1)).filter((i) => i >= 0);
    // The header's last lines and the first row may sit as close as two rows do: the header (its
    // STT head) never shares a band with a row.
    const headAt = c.findIndex((l) => l.items.some((it) => columnOf(itemCenterX(it), cols) === 0 && isSttHead(it.text)));
    if (codeIdx.length > 0 && headAt >= 0 && headAt < codeIdx[0]!) {
      // The header ends after the STT line and its wrapped heads (words outside the code and label
      // columns); a line with label text is the first row's (vertically centred cells put label
      // lines above the code).
      let cut = headAt + 1;
      const headLine = (l: PdfLine) =>
        isColumnNumbers(l.text) || !l.items.some((it) => it.text.trim() !== '' && columnOf(itemCenterX(it), cols) <= 1);
      while (cut < codeIdx[0]! && headLine(c[cut]!)) cut++;
      push(c.slice(0, cut));
      c.splice(0, cut);
      for (let k = 0; k < codeIdx.length; k++) codeIdx[k] = codeIdx[k]! - cut;
    }
    if (codeIdx.length <= 1) {
      push(c);
      continue;
    }
    // Lines above a cluster's first code can only come from centred cells.
    if (isCentred || (top === 0 && codeIdx[0]! > 0)) {
      let start = 0;
      for (let k = 0; k + 1 < codeIdx.length; k++) {
        const mid = (c[codeIdx[k]!]!.y + c[codeIdx[k + 1]!]!.y) / 2;
        let end = start;
        while (end < c.length && c[end]!.y <= mid) end++;
        push(c.slice(start, end));
        start = end;
      }
      push(c.slice(start));
    } else {
      push(c.slice(0, codeIdx[0]));
      codeIdx.forEach((ci, k) => push(c.slice(ci, codeIdx[k + 1] ?? c.length)));
    }
  }
  return bands;
}

// ---------------------------------------------------------------------------------------------
// Cells and rows

function runsOf(items: PdfItem[]): Run[] {
  const runs: Run[] = [];
  for (const it of items) {
    const last = runs[runs.length - 1];
    const fmt = { ...(it.bold ? { bold: true } : {}), ...(it.italic ? { italic: true } : {}), ...(it.font ? { font: it.font } : {}) };
    if (last && !!last.bold === it.bold && !!last.italic === it.italic && last.font === it.font) {
      last.text = clean(`${last.text} ${it.text}`);
    } else {
      runs.push({ text: clean(it.text), ...fmt });
    }
  }
  return runs;
}

/** A cell from its items: lines in reading order joined with single spaces. */
export function cellOf(items: PdfItem[], col: number): TableCell {
  const lines = buildLines(items, 0);
  const text = clean(lines.map((l) => l.text).join(' '));
  const cell: TableCell = { text, col, colspan: 1, rowspan: 1 };
  const box = itemsBox(items);
  if (box) cell.bbox = box;
  const visible = items.filter((it) => it.text.trim() !== '');
  if (visible.length > 0) {
    if (visible.every((it) => it.bold)) cell.bold = true;
    if (visible.every((it) => it.italic)) cell.italic = true;
    cell.runs = runsOf(lines.flatMap((l) => l.items));
  }
  return cell;
}

export function bandCells(band: Band, cols: Columns): TableCell[] {
  const perCol: PdfItem[][] = Array.from({ length: columnCount(cols) }, () => []);
  for (const it of band.items) perCol[columnOf(itemCenterX(it), cols)]!.push(it);
  return perCol.map((its, col) => cellOf(its, col));
}

/**
 * Puts a band's cells on their page: each gets the page, and an empty cell (a blank value: "not
 * reported") the box of its column across the band, so a reviewer is shown where nothing was printed.
 */
export function placeCells(cells: TableCell[], band: Band, cols: Columns, page: number): TableCell[] {
  const edges = [cols.left, ...cols.bounds, cols.right];
  const inked = itemsBox(band.items);
  const top = Number.isFinite(band.top) ? band.top : inked?.[1];
  const bottom = Number.isFinite(band.bottom) ? band.bottom : inked?.[3];
  for (const cell of cells) {
    cell.page = page;
    if (cell.bbox || top === undefined || bottom === undefined) continue;
    const x0 = edges[cell.col];
    const x1 = edges[cell.col + 1];
    if (x0 !== undefined && x1 !== undefined && x1 > x0 && [x0, x1, top, bottom].every(Number.isFinite)) cell.bbox = [x0, top, x1, bottom];
  }
  return cells;
}

function mergeCell(a: TableCell, b: TableCell): TableCell {
  if (b.text === '') return a;
  if (a.text === '') return { ...b, col: a.col, colspan: a.colspan, rowspan: a.rowspan };
  const out: TableCell = { ...a, text: clean(`${a.text} ${b.text}`) };
  // A cell wrapped onto more lines of one page grows; one continued on the next page keeps its first page's box.
  if (a.page === b.page && a.bbox && b.bbox) out.bbox = unionBox(a.bbox, b.bbox);
  if (!(a.bold && b.bold)) delete out.bold;
  if (!(a.italic && b.italic)) delete out.italic;
  out.runs = [...(a.runs ?? []), ...(b.runs ?? [])];
  return out;
}

/**
 * Header rows. A caption over several columns ("Kết quả thống kê" over unit and value) makes a
 * two-level header: the caption spans the columns it covers, the other heads span both levels.
 */
export function headerRows(items: PdfItem[], cols: Columns, page: number): TableRow[] {
  const n = columnCount(cols);
  const edges = [cols.left, ...cols.bounds, cols.right];
  // The columns an item covers: those it overlaps by a quarter of their width (or 20 pt) or more.
  const spanOf = (it: PdfItem): [number, number] => {
    const over = edges.slice(0, -1).map((e, c) => Math.min(it.x + it.width, edges[c + 1]!) - Math.max(it.x, e) >= Math.min((edges[c + 1]! - e) * 0.25, 20));
    return [over.indexOf(true), over.lastIndexOf(true)];
  };
  // A caption stands over other heads: some header word lies below it, under its width.
  const hasBelow = (it: PdfItem) => items.some((o) => o !== it && o.text.trim() !== '' && o.y > it.y + it.size * 0.5 && o.x < it.x + it.width && o.x + o.width > it.x);
  const captions = items.filter((it) => {
    const [a, b] = spanOf(it);
    return it.text.trim() !== '' && a >= 0 && b > a && hasBelow(it);
  });
  const rest = items.filter((it) => !captions.includes(it));
  const perCol: PdfItem[][] = Array.from({ length: n }, () => []);
  for (const it of rest) perCol[columnOf(itemCenterX(it), cols)]!.push(it);
  if (captions.length === 0) return [{ cells: perCol.map((its, c) => cellOf(its, c)), page }];
  // Columns under a caption: those its words cover (a caption wrapped over lines covers the union).
  const first = Math.min(...captions.map((it) => spanOf(it)[0]));
  const last = Math.max(...captions.map((it) => spanOf(it)[1]));
  const covered = (c: number): TableCell => ({ text: '', col: c, colspan: 1, rowspan: 1, covered: true });
  const top: TableCell[] = [];
  const bottom: TableCell[] = [];
  for (let c = 0; c < n; c++) {
    if (c < first || c > last) {
      top.push({ ...cellOf(perCol[c]!, c), rowspan: 2 });
      bottom.push(covered(c));
    } else {
      top.push(c === first ? { ...cellOf(captions, c), colspan: last - first + 1 } : covered(c));
      bottom.push(cellOf(perCol[c]!, c));
    }
  }
  return [
    { cells: top, page },
    { cells: bottom, page },
  ];
}

export interface BuiltTable {
  rows: TableRow[];
  /** Number of header rows at the top of `rows`. */
  headerRows: number;
  columns: Columns;
  firstPage: number;
  warnings: { code: string; message: string; page: number }[];
}

/**
 * Accumulates one form's rows across pages. Bands arrive in reading order; a band with a row
 * code opens a row, a band without one continues the current row (a wrapped label, or the part
 * of a row pushed onto the next page, which then records both pages).
 */
export class TableBuilder {
  readonly table: BuiltTable;
  private headerItems: PdfItem[] = [];
  private lastKey: number[] | undefined;
  private rules: VRule[];

  constructor(
    private anchors: HeaderAnchors,
    rules: VRule[],
    private readonly pageWidth: number,
    page: number,
  ) {
    this.rules = rules;
    this.table = { rows: [], headerRows: 0, columns: columnsFromHeader(anchors, [], rules, pageWidth), firstPage: page, warnings: [] };
  }

  /** Header words not found (yet); none matter once the rules give the columns. */
  get missing(): string[] {
    return this.fromBody || columnsFromRules(this.anchors, this.rules) ? [] : missingAnchors(this.anchors);
  }

  /** True while no data row has been seen: the header may still be completed. */
  get inHeader(): boolean {
    return this.table.rows.length === 0;
  }

  /**
   * Completes the columns of a header cut by a page break with the words and rules found at the
   * top of the next page.
   */
  completeHeader(items: PdfItem[], rules: VRule[]): void {
    if (!this.inHeader || this.missing.length === 0) return;
    const next = completeAnchors(this.anchors, items);
    if (missingAnchors(next).length === this.missing.length) return;
    this.anchors = next;
    this.rules = [...this.rules, ...rules];
    this.table.columns = columnsFromHeader(this.anchors, [], this.rules, this.pageWidth);
  }

  /** Refines boundaries once the header's words are known (midpoints need their right ends). */
  setHeaderItems(items: PdfItem[]): void {
    this.headerWords = items;
    this.table.columns = columnsFromHeader(this.anchors, items, this.rules, this.pageWidth);
  }

  private headerWords: PdfItem[] = [];

  /**
   * An unruled table takes its columns from the gutters of its body (`lines`: the page's lines
   * below the header) when they show them; the header words stay the fallback. A ruled table
   * keeps its rules.
   */
  fitBody(lines: PdfLine[]): void {
    if (columnsFromRules(this.anchors, this.rules)) return;
    const fitted = columnsFromGutters(this.anchors, lines, this.headerWords);
    // A form whose header and first (group) rows end the page: codes and labels from the body, the
    // rest from the header's words until the next page's rows show their gutters.
    const partial = fitted ? null : columnsFromGutters(this.anchors, lines, this.headerWords, 2);
    if (!fitted && !partial) return;
    this.table.columns = (fitted ?? partial)!;
    this.fromBody = true;
    this.provisional = !fitted;
  }

  /** Columns partly from header words (see fitBody): the next page's gutters may replace them. */
  private provisional = false;
  /** The header's words, kept to lay the header out again if the columns change. */
  private headerSource: PdfItem[] = [];

  /**
   * A page that continues an unruled table measures its own gutters (a wider label or a wrapped
   * unit on this page moves them); kept when it finds as many columns as the table has.
   */
  refitPage(lines: PdfLine[]): void {
    if (!this.fromBody) return;
    const cols = this.table.columns;
    const size = this.anchors.stt.size;
    const code: PdfItem = { ...this.anchors.stt, x: cols.left + 4, width: Math.max(1, cols.bounds[0]! - cols.left - 8), y: (lines[0]?.y ?? 0) - size * 6 };
    // Only the run of lines at the page's top is this table's: stop at the first heading.
    const end = lines.findIndex((l) => isHeadingLike(l.text) || findHeaders(l.items).length > 0);
    const fitted = columnsFromGutters({ ...this.anchors, stt: code }, end < 0 ? lines : lines.slice(0, end));
    if (!fitted) return;
    const widened = { ...fitted, left: Math.min(fitted.left, cols.left), right: Math.max(fitted.right, cols.right) };
    if (fitted.bounds.length === cols.bounds.length) {
      this.table.columns = widened;
    } else if (this.provisional && this.rowsHoldOnly(2)) {
      // The rows so far hold codes and labels only: lay them and the header out on the new grid.
      this.table.columns = widened;
      const n = columnCount(widened);
      const body = this.table.rows.slice(this.table.headerRows).map((r) => ({
        ...r,
        cells: Array.from({ length: n }, (_, c) => r.cells[c] ?? { text: '', col: c, colspan: 1, rowspan: 1 }),
      }));
      const head = this.headerSource.length > 0 ? headerRows(this.headerSource, widened, this.table.firstPage) : [];
      this.table.rows = [...head, ...body];
      this.table.headerRows = head.length;
    }
    this.provisional = false;
  }

  /** True when no row has text beyond its first `n` cells. */
  private rowsHoldOnly(n: number): boolean {
    return this.table.rows.slice(this.table.headerRows).every((r) => r.cells.slice(n).every((c) => c.text === ''));
  }

  /** The words of the table's header (folded), as first read. */
  private headerText(): string {
    const rows = this.table.rows.slice(0, this.table.headerRows);
    return fold(rows.flatMap((r) => r.cells.map((c) => c.text)).join(' '));
  }

  /** True when the columns came from the body's gutters (the header words no longer matter). */
  private fromBody = false;

  /** Adds one page's bands; `continued` is true when they come from a page after the first. */
  addBands(bands: Band[], page: number, continued: boolean): void {
    let atPageTop = continued;
    if (continued) {
      // A header repeated at the top of the page (possibly cut into several bands) is not data.
      const firstCoded = bands.findIndex((b) => isRowCode(bandCells(b, this.table.columns)[0]!.text));
      const leading = firstCoded < 0 ? bands : bands.slice(0, firstCoded);
      const [h] = findHeaders(leading.flatMap((b) => b.items));
      if (h) {
        const words = [h.stt, h.chiTieu, h.donVi, h.soLuong, h.ghiChu].filter((w): w is PdfItem => !!w);
        let lastHeaderBand = Math.max(...leading.map((b, i) => (b.items.some((it) => words.includes(it)) ? i : -1)));
        // The header's wrapped tail ("lệ" of "Tỷ lệ") may fall in a band of its own below: a band
        // without digits whose every word is one of the header's is more of the header.
        // So is a row of column numbers "(1) (2) (3) (4) (5)" printed under the heads.
        const headWords = new Set(this.headerText().split(' '));
        while (lastHeaderBand + 1 < leading.length) {
          const text = fold(leading[lastHeaderBand + 1]!.items.map((it) => it.text).join(' '));
          const own = text.split(' ').filter(Boolean);
          const numbers = isColumnNumbers(text);
          if (!numbers && (own.length === 0 || /\d/.test(text) || !own.every((w) => headWords.has(w)))) break;
          lastHeaderBand++;
        }
        bands = bands.slice(lastHeaderBand + 1);
      }
    }
    for (const band of bands) {
      const cells = placeCells(bandCells(band, this.table.columns), band, this.table.columns, page);
      const code = cells[0]!.text;
      const coded = isRowCode(code);
      if (!coded && this.table.rows.length === 0) {
        // Still in the header. Items from later pages are shifted below the earlier ones so the
        // header keeps one vertical order.
        const shift = (page - this.table.firstPage) * 100000;
        this.headerItems.push(...band.items.map((it) => (shift ? { ...it, y: it.y + shift } : it)));
        continue;
      }
      if (this.table.rows.length === 0) this.flushHeader(page);
      if (coded) {
        atPageTop = false;
        const key = codeKey(code);
        if (key && this.lastKey && !codeRises(this.lastKey, key)) {
          this.table.warnings.push({ code: 'pdf_row_code_order', message: `row code ${code} does not follow ${this.lastKey.join('.')}`, page });
        }
        if (key) this.lastKey = key;
        this.table.rows.push({ cells, page, pages: [page] });
        continue;
      }
      const last = this.table.rows[this.table.rows.length - 1]!;
      const isBody = this.table.rows.length > this.table.headerRows;
      // Unit and value cells (right of the label; a fifth column is notes, which wrap like labels).
      // The label column follows STT (the table was found by its STT head).
      const label = 1;
      const lastData = cells.length > 4 ? cells.length - 2 : cells.length - 1;
      const clash = cells.some((c, i) => i > label && i <= lastData && c.text !== '' && last.cells[i]!.text !== '');
      // Something printed under STT that does not read as a code (a code a scan spoiled, "1.1..")
      // beside a value is a row of its own: merged into the row above, its value would be that row's.
      const spoiledCode = clean(code) !== '' && cells.some((c, i) => i > label && i <= lastData && /\d/.test(c.text));
      if (!isBody || spoiledCode || (clash && !atPageTop)) {
        // Content in already-filled value cells is a row of its own, not a wrapped line.
        this.table.warnings.push({ code: 'pdf_row_without_code', message: `table row without a code: "${clean(cells.map((c) => c.text).join(' | '))}"`, page });
        this.table.rows.push({ cells, page, pages: [page] });
        atPageTop = false;
        continue;
      }
      last.cells = last.cells.map((c, i) => mergeCell(c, cells[i]!));
      const pages = last.pages ?? [last.page ?? page];
      if (!pages.includes(page)) pages.push(page);
      last.pages = pages;
      atPageTop = false;
    }
  }

  private flushHeader(page: number): void {
    const rows = this.headerItems.length > 0 ? headerRows(this.headerItems, this.table.columns, this.table.firstPage || page) : [];
    this.table.rows.push(...rows);
    this.table.headerRows = rows.length;
    this.headerSource = this.headerItems;
    this.headerItems = [];
  }

  /** Ends the table; a table that never reached a coded row still keeps its header. */
  finish(): BuiltTable {
    if (this.headerItems.length > 0) this.flushHeader(this.table.firstPage);
    const missing = this.missing;
    if (missing.length > 0) {
      this.table.warnings.push({ code: 'pdf_table_columns', message: `form header without ${missing.join(', ')}: those columns stay empty`, page: this.table.firstPage });
    }
    return this.table;
  }
}

/** Bands for the part of a page occupied by a table. */
export function pageBands(items: PdfItem[], page: Pick<PdfPage, 'hRules'>, cols: Columns, top: number, bottom: number): Band[] {
  const rules = fullRules(page.hRules, cols, top, bottom);
  if (rules.length >= 2) return bandsFromRules(items, rules);
  return bandsFromGaps(items, cols);
}
