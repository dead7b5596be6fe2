// A second look at the words Tesseract was unsure of. A page is read as one block of lines
// (--psm 6), which reads table rows well but stumbles on text that sits between two lines (a
// vertically centred header cell such as "STT" comes out as "Tu"). Each unsure word's table cell
// (found from the ruling lines; else the word's own box) is cut out, the cut-outs are stacked
// into one strip with white space between them, and the strip is read in a single Tesseract run;
// a cell's new reading replaces the old one when Tesseract is more confident of it.
import type { GrayImage } from './pgm.js';
import type { PixelRule } from './rulings.js';
import { DIGIT_STAND_INS } from './glyphs.js';
import type { OcrWord } from './tsv.js';

export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The ruled cell around a point, or undefined when it is not inside a table grid. */
export function cellAround(x: number, y: number, horizontal: PixelRule[], vertical: PixelRule[]): Region | undefined {
  const vs = vertical.filter((r) => r.from <= y && r.to >= y);
  const left = vs.filter((r) => r.at < x).sort((a, b) => b.at - a.at)[0];
  const right = vs.filter((r) => r.at > x).sort((a, b) => a.at - b.at)[0];
  if (!left || !right) return undefined;
  const hs = horizontal.filter((r) => r.from <= x && r.to >= x);
  const top = hs.filter((r) => r.at < y).sort((a, b) => b.at - a.at)[0];
  const bottom = hs.filter((r) => r.at > y).sort((a, b) => a.at - b.at)[0];
  if (!top || !bottom) return undefined;
  const inset = (r: PixelRule) => Math.ceil(r.thickness / 2) + 2;
  return { x0: left.at + inset(left), y0: top.at + inset(top), x1: right.at - inset(right), y1: bottom.at - inset(bottom) };
}

const centre = (w: OcrWord) => ({ x: w.left + w.width / 2, y: w.top + w.height / 2 });
const inside = (w: OcrWord, r: Region) => {
  const c = centre(w);
  return c.x >= r.x0 && c.x <= r.x1 && c.y >= r.y0 && c.y <= r.y1;
};

/** Regions worth a second look: the cells (or padded boxes) of words below `minConf`. */
export function unsureRegions(img: GrayImage, words: OcrWord[], horizontal: PixelRule[], vertical: PixelRule[], minConf: number): Region[] {
  const regions: Region[] = [];
  for (const w of words) {
    if (w.conf >= minConf) continue;
    const c = centre(w);
    if (regions.some((r) => c.x >= r.x0 && c.x <= r.x1 && c.y >= r.y0 && c.y <= r.y1)) continue;
    const pad = Math.round(w.height * 0.4);
    const cell = cellAround(c.x, c.y, horizontal, vertical);
    const r = cell ?? { x0: w.left - pad, y0: w.top - pad, x1: w.left + w.width + pad, y1: w.top + w.height + pad };
    // Rule centres can fall between pixels: cut on whole pixels inside them.
    const clamped = { x0: Math.max(0, Math.ceil(r.x0)), y0: Math.max(0, Math.ceil(r.y0)), x1: Math.min(img.width - 1, Math.floor(r.x1)), y1: Math.min(img.height - 1, Math.floor(r.y1)) };
    if (clamped.x1 - clamped.x0 < 4 || clamped.y1 - clamped.y0 < 4) continue;
    regions.push(clamped);
  }
  return regions;
}

export interface Strip {
  image: GrayImage;
  /** Where each region sits in the strip (top-left). */
  offsets: { x: number; y: number }[];
}

/** Stacks the regions top to bottom on a white strip, `gap` pixels apart. */
export function stackRegions(img: GrayImage, regions: Region[], gap: number): Strip {
  const width = Math.max(...regions.map((r) => r.x1 - r.x0 + 1)) + 2 * gap;
  const height = regions.reduce((h, r) => h + (r.y1 - r.y0 + 1) + gap, gap);
  const pixels = new Uint8Array(width * height).fill(255);
  const offsets: { x: number; y: number }[] = [];
  let y = gap;
  for (const r of regions) {
    offsets.push({ x: gap, y });
    for (let row = r.y0; row <= r.y1; row++) {
      const src = row * img.width;
      pixels.set(img.pixels.subarray(src + r.x0, src + r.x1 + 1), (y + row - r.y0) * width + gap);
    }
    y += r.y1 - r.y0 + 1 + gap;
  }
  return { image: { width, height, pixels }, offsets };
}

const mean = (ws: OcrWord[]) => ws.reduce((s, w) => s + w.conf, 0) / Math.max(1, ws.length);

/**
 * Merges the strip's reading back into the page: for each region, the new words (moved back to
 * page coordinates) replace the old words inside it when their mean confidence is higher.
 */
export function mergeReread(words: OcrWord[], regions: Region[], strip: Strip, stripWords: OcrWord[]): { words: OcrWord[]; replaced: number } {
  let out = words;
  let replaced = 0;
  regions.forEach((r, i) => {
    const off = strip.offsets[i]!;
    const h = r.y1 - r.y0 + 1;
    const fresh = stripWords
      .filter((w) => {
        const cy = w.top + w.height / 2;
        return cy >= off.y && cy < off.y + h;
      })
      .map((w) => ({ ...w, left: w.left - off.x + r.x0, top: w.top - off.y + r.y0, block: 100_000 + i }));
    const old = out.filter((w) => inside(w, r));
    if (fresh.length === 0 || mean(fresh) <= mean(old)) return;
    out = [...out.filter((w) => !inside(w, r)), ...fresh];
    replaced++;
  });
  return { words: out, replaced };
}

/** A row code as printed in a form's STT column: "1.", "2.3.", "3.4.1", "1.4". */
export const ROW_CODE = /^\d{1,2}(?:\.\d{1,2}){0,3}\.?$/;
/** What Tesseract makes of a row code when it misreads one ("S." for "5.", "Š." for "3.", "2," for "2."). */
const CODE_LIKE = /^(?=.*[.,:;])[\dSŠsOoIlBZzgq.,:;]{1,12}$/u;

/**
 * The STT cells worth reading again as row codes: a word in the first ruled column of a table
 * (the cell whose left edge is the leftmost rule there, narrower than `maxWidth` pixels) that is
 * unsure or not a well-formed code but looks like one misread. Read with a digits-and-dots
 * whitelist, such a cell comes back as the code, and rows no longer merge or vanish because
 * "5." was read "S.".
 */
export function codeRegions(img: GrayImage, words: OcrWord[], horizontal: PixelRule[], vertical: PixelRule[], maxWidth: number, minConf = 90): Region[] {
  const regions: Region[] = [];
  for (const w of words) {
    if (ROW_CODE.test(w.text) && w.conf >= minConf) continue;
    // A code misread as letters ("S.", "Š."), or as a short word when unsure ("2." of a 1-bit scan
    // came back "VÀ" at 77): the STT cell holds nothing but its code.
    if (!CODE_LIKE.test(w.text) && !(w.conf < minConf && w.text.length <= 4)) continue;
    const found = ruledCell(img, w, horizontal, vertical, regions);
    if (!found || found.width > maxWidth || !found.firstColumn) continue;
    regions.push(found.region);
  }
  return regions;
}

/**
 * The ruled cell around a word, clamped to the image: its region, its width before clamping and
 * whether it is the table's first (STT) column — its left edge within 12 px of the leftmost rule
 * at that height. Undefined when no cell holds the word, the word is in a region already taken,
 * or the cell is too small to read again.
 */
function ruledCell(img: GrayImage, w: OcrWord, horizontal: PixelRule[], vertical: PixelRule[], taken: Region[]): { region: Region; width: number; firstColumn: boolean } | undefined {
  const c = centre(w);
  const cell = cellAround(c.x, c.y, horizontal, vertical);
  if (!cell) return undefined;
  if (taken.some((r) => c.x >= r.x0 && c.x <= r.x1 && c.y >= r.y0 && c.y <= r.y1)) return undefined;
  const leftmost = vertical.filter((r) => r.from <= c.y && r.to >= c.y).reduce((m, r) => Math.min(m, r.at), Number.POSITIVE_INFINITY);
  const region = { x0: Math.max(0, Math.ceil(cell.x0)), y0: Math.max(0, Math.ceil(cell.y0)), x1: Math.min(img.width - 1, Math.floor(cell.x1)), y1: Math.min(img.height - 1, Math.floor(cell.y1)) };
  if (region.x1 - region.x0 < 4 || region.y1 - region.y0 < 4) return undefined;
  return { region, width: cell.x1 - cell.x0, firstColumn: cell.x0 - leftmost <= 12 };
}

/** The words of a strip's reading that fall in its i-th region's band. */
function wordsOfRegion(strip: Strip, stripWords: OcrWord[], r: Region, i: number): OcrWord[] {
  const off = strip.offsets[i]!;
  const h = r.y1 - r.y0 + 1;
  return stripWords.filter((w) => {
    const cy = w.top + w.height / 2;
    return cy >= off.y && cy < off.y + h;
  });
}

/**
 * Puts the whitelist reading of each code cell back: when the cell's new text is a well-formed
 * row code read with at least `minConf`, it replaces the words that were there (one word, in the
 * old words' box); else a code misread only by a comma for a dot is mended as it stands.
 */
export function mergeCodes(words: OcrWord[], regions: Region[], strip: Strip, stripWords: OcrWord[], minConf = 80): { words: OcrWord[]; replaced: number } {
  let out = words;
  let replaced = 0;
  regions.forEach((r, i) => {
    const fresh = wordsOfRegion(strip, stripWords, r, i);
    const old = out.filter((w) => inside(w, r));
    if (old.length === 0) return;
    // A comma in a row code is a dot read badly ("6.7," "2,"): no second reading is needed.
    const own = old.length === 1 ? old[0]!.text.replace(/,/g, '.') : '';
    const read = fresh.map((w) => w.text).join('');
    const text = fresh.length > 0 && ROW_CODE.test(read) && mean(fresh) >= minConf ? read : ROW_CODE.test(own) ? own : '';
    if (text === '') return;
    if (old.length === 1 && old[0]!.text === text) return;
    const left = Math.min(...old.map((w) => w.left));
    const top = Math.min(...old.map((w) => w.top));
    const right = Math.max(...old.map((w) => w.left + w.width));
    const bottom = Math.max(...old.map((w) => w.top + w.height));
    const word: OcrWord = { ...old[0]!, text, conf: text === read ? mean(fresh) : old[0]!.conf, left, top, width: right - left, height: bottom - top };
    out = [...out.filter((w) => !inside(w, r)), word];
    replaced++;
  });
  return { words: out, replaced };
}

/** A printed value: "51", "76,3", "1.250", "100%", "8/8". */
export const VALUE = /^\d[\d.,]*%?$|^\d+\/\d+$/;
/**
 * A value with letters where digits were or beside them ("o1" for "51", "1O0", "S2", "N0", "f8", "9]"):
 * at least one digit, one or two letters, nothing else. Only a sure digits-only reading replaces it.
 */
const STAND_IN = String.raw`\p{L}\]\[|!¡`;
const VALUE_LIKE = new RegExp(String.raw`^(?=.*\d)(?=(?:[^${STAND_IN}]*[${STAND_IN}]){1,2}[^${STAND_IN}]*$)[${STAND_IN}\d.,%/]{2,10}$`, 'u');

/**
 * One glyph alone in a cell that a lone digit of a coarse 1-bit scan is read as: "]", "l", "I",
 * "|" for 1, "G" or "b" for 6, "O" for 0, "S" for 5, "Z" for 2, "g" for 9.
 */
const LONE_GLYPH = /^[\][|!lIiJjìíỉĩịÌÍỈĨỊhGbOoQDUŨSsZzgq]$/u;
/** Letters and marks OCR puts where a digit of a value was printed, and the digit. */
const STANDS_FOR: Record<string, string> = { ...DIGIT_STAND_INS, ']': '1', '[': '1', '!': '1', '¡': '1' };

/** The lone glyphs a thin "1" becomes. */
const ONE_LIKE = /^[\][|!lIiJjìíỉĩịÌÍỈĨỊ]$/u;
/**
 * Confidence given to a lone glyph's digit: below the low_confidence rule's bar (80), so the
 * value is checked by hand; a guessed "1" lower still.
 */
const MENDED_CONF = 60;
const GUESSED_CONF = 40;

/** Whether a word's centre lies in the middle 70 % of its cell's width. */
function awayFromEdges(w: OcrWord, r: Region): boolean {
  const x = w.left + w.width / 2;
  const margin = (r.x1 - r.x0) * 0.15;
  return x >= r.x0 + margin && x <= r.x1 - margin;
}

/**
 * The table cells (right of the STT column) whose word reads as a number with letters in it, or
 * is one digit-like glyph alone in its cell: read
 * again with a digits whitelist, such a cell comes back as the number, where left alone it is a
 * text value the record can only flag.
 */
export function valueRegions(img: GrayImage, words: OcrWord[], horizontal: PixelRule[], vertical: PixelRule[]): Region[] {
  const regions: Region[] = [];
  const heights = words.filter((w) => /^\d+$/.test(w.text)).map((w) => w.height).sort((a, b) => a - b);
  const digitHeight = heights.length > 0 ? heights[Math.floor(heights.length / 2)]! : 0;
  for (const w of words) {
    // As tall as the page's digits: a speck read as a glyph is not.
    const lone = LONE_GLYPH.test(w.text) && w.height >= digitHeight * 0.7;
    if (!VALUE_LIKE.test(w.text) && !lone) continue;
    const found = ruledCell(img, w, horizontal, vertical, regions);
    if (!found || found.firstColumn) continue;
    // A lone glyph stands for a digit only alone in its cell (one letter of a label is not a
    // value) and away from its rules (a bar beside one is what is left of the rule).
    if (lone && (words.some((o) => o !== w && inside(o, found.region)) || !awayFromEdges(w, found.region))) continue;
    regions.push(found.region);
  }
  return regions;
}

/**
 * Puts the whitelist reading of each value cell back when it is one well-formed value read with
 * at least `minConf` (one word, in the old words' box). On the `last` reading only, a cell with
 * no sure reading takes an unsure one, or the digits its letters stand for, below the
 * low_confidence bar; else the cell keeps what it had.
 */
export function mergeValues(words: OcrWord[], regions: Region[], strip: Strip, stripWords: OcrWord[], minConf = 80, last = true): { words: OcrWord[]; replaced: number } {
  let out = words;
  let replaced = 0;
  regions.forEach((r, i) => {
    const fresh = wordsOfRegion(strip, stripWords, r, i);
    const old = out.filter((w) => inside(w, r));
    // A cell already mended by an earlier reading keeps it.
    if (old.length !== 1 || fresh.length > 1 || VALUE.test(old[0]!.text)) return;
    const was = old[0]!;
    const read = fresh[0];
    let mended: { text: string; conf: number } | undefined;
    if (read && VALUE.test(read.text) && read.conf >= minConf) mended = read;
    // Guesses only on the last reading: an earlier scale's guess would keep a later one's sure
    // reading out ("o1" of a 1-bit scan: unsure at 200 dpi, "51" at 80 % at 150).
    else if (!last) mended = undefined;
    else if (LONE_GLYPH.test(was.text) && read && /^\d$/.test(read.text) && read.conf >= 50) mended = { text: read.text, conf: Math.min(read.conf, MENDED_CONF) };
    // An unsure digits-only reading still beats the letters: taken, below the bar.
    else if (!LONE_GLYPH.test(was.text) && read && VALUE.test(read.text) && read.conf >= 50) mended = { text: read.text, conf: Math.min(read.conf, MENDED_CONF) };
    // A bar or bracket mid-cell that Tesseract cannot read again even as a digit: a thin "1".
    else if (ONE_LIKE.test(was.text) && !read) mended = { text: '1', conf: Math.min(was.conf, GUESSED_CONF) };
    else {
      // No sure reading: the letters that stand for digits ("1]", "0I", "S2") put back, guessed.
      const digits = [...was.text].map((c) => STANDS_FOR[c] ?? c).join('');
      if (digits !== was.text && VALUE.test(digits)) mended = { text: digits, conf: Math.min(was.conf, GUESSED_CONF) };
    }
    if (!mended) return;
    out = [...out.filter((w) => !inside(w, r)), { ...was, text: mended.text, conf: mended.conf }];
    replaced++;
  });
  return { words: out, replaced };
}
