// Row codes of OCRed form tables, checked against the numbering they belong to. The STT column
// of a form is numbered without going back: after "4.4." comes "4.5.", "5." or "5.1." never
// "2.", and a code's depth (how many numbers it has) fixes which one: one level deeper is the
// first child ("5." → "5.1."), the same level the next sibling, a shallower one the next sibling
// of that ancestor. Dots survive a bad scan; lone digits do not (Tesseract reads a clean "5." of
// a 1-bit scan as "2." at 97 % confidence, whitelist or not). So a code that goes back, repeats,
// or does not read as a code at all is compared with the one its depth calls for, and replaced
// by it when the two differ only where OCR is known to go wrong: a letter in a digit's place
// ("S.1.1." for "5.1.1.") or one digit of a pair Tesseract confuses ("2." for "5."). A code that
// rises, even over a gap, is kept as read: forms do skip numbers, and a gap is reported later.
import type { Block, Message, TableBlock, TableRow } from '../../schemas/document.js';
import { info } from '../result.js';
import { clean } from '../text/fold.js';
import { DIGIT_STAND_INS } from './glyphs.js';
import { parseRowCode } from '../text/row-code.js';

/** Letters Tesseract puts where a digit of a row code was printed, and the digit they stand for. */
const LETTER_DIGIT: Record<string, string> = { ...DIGIT_STAND_INS, Š: '5', ì: '1', í: '1', b: '6', A: '4' };

/**
 * Digit pairs Tesseract confuses in the serif faces of these forms (either way round). A "1" read
 * where another digit was due is never taken as misread: a form that starts again at "1." is
 * another form run into this one, not a bad "5.".
 */
const CONFUSED = new Set(['25', '35', '59', '56', '38', '08', '68', '89', '17', '06', '09', '36', '47']);
const confused = (a: string, b: string) => CONFUSED.has(a < b ? `${a}${b}` : `${b}${a}`);

/**
 * Marks OCR puts where a digit was, that stand for none in particular ("6.7.}." for "6.7.1."):
 * they hold a digit's place, and only the numbering says which digit.
 */
const GARBLED = /^[\][{}()!?¿¡'"`´]$/u;

/** Separators OCR makes of a code's dots. */
const SEP = /[.,:;·]+/;

/** A code cell's text, read as levels of characters ("S.1.1." → ["S", "1", "1"]); null when it is not code-shaped. */
export function codeShape(text: string): string[] | null {
  const t = clean(text).replace(/\s+/g, '');
  if (t === '' || t.length > 14) return null;
  if (!/^[\dA-Za-zŠ|]/.test(t)) return null;
  const levels = t.split(SEP).filter((s) => s !== '');
  if (levels.length === 0 || levels.length > 5) return null;
  // Every level one or two characters, each a digit or a letter that stands for one.
  if (!levels.every((l) => l.length <= 2 && [...l].every((c) => /\d/.test(c) || c in LETTER_DIGIT || GARBLED.test(c)))) return null;
  // A lone letter ("a", "I") is a sub-item or a roman numeral, not a misread code; lone digits
  // are a code printed without its dots, or one whose dot was lost ("43" for "4.3").
  if (levels.length === 1 && !/[.,:;]/.test(t) && !/^\d+$/.test(t)) return null;
  return levels;
}

/** The code a row of `depth` levels must have after `prev` (numbers per level). */
export function successor(prev: number[] | null, depth: number): number[] | null {
  if (!prev) return depth === 1 ? [1] : null;
  if (depth === prev.length + 1) return [...prev, 1];
  if (depth > prev.length + 1 || depth < 1) return null;
  const out = prev.slice(0, depth);
  out[depth - 1] = out[depth - 1]! + 1;
  return out;
}

/** Whether `next` comes after `prev` in a form's numbering (deeper, or higher at the first level that differs). */
export function rises(prev: number[], next: number[]): boolean {
  for (let i = 0; i < Math.max(prev.length, next.length); i++) {
    const a = prev[i] ?? -1;
    const b = next[i] ?? -1;
    if (a !== b) return b > a;
  }
  return false;
}

/** Whether `next` is the code due right after `code` (a child, the next sibling or an ancestor's next). */
export function follows(code: number[], next: number[] | null): boolean {
  const due = next ? successor(code, next.length) : null;
  return due !== null && next !== null && due.join('.') === next.join('.');
}

/** The code due after `prev` at a depth deeper than `shape`'s whose digits are exactly `shape`'s ("22" → 2.2 after 2.1). */
export function dueWithDigits(prev: number[], shape: string[]): number[] | null {
  const digits = shape.join('');
  if (!/^\d+$/.test(digits)) return null;
  for (let depth = shape.length + 1; depth <= prev.length + 1; depth++) {
    const due = successor(prev, depth);
    if (due && due.join('') === digits) return due;
  }
  return null;
}

export interface CodeMatch {
  /** The read shape fits the expected code. */
  fits: boolean;
  /** A printed digit was taken for another one (a confident misreading overridden). */
  digitSwapped: boolean;
}

/**
 * Whether a read shape can be the expected code: same depth, same number of characters per level,
 * and at most one character off, that one a letter standing for a digit or a confused digit pair.
 */
export function matchShape(shape: string[], expected: number[]): CodeMatch {
  const no = { fits: false, digitSwapped: false };
  if (shape.length !== expected.length) return no;
  let off = 0;
  let digitSwapped = false;
  for (let i = 0; i < shape.length; i++) {
    const want = String(expected[i]);
    const got = shape[i]!;
    if (got.length !== want.length) return no;
    for (let k = 0; k < got.length; k++) {
      const g = got[k]!;
      const w = want[k]!;
      if (g === w) continue;
      if (/\d/.test(g)) {
        if (g === '1' || !confused(g, w)) return no;
        digitSwapped = true;
        off++;
      } else if (LETTER_DIGIT[g] !== w) {
        off++;
      }
    }
  }
  return off <= 1 ? { fits: true, digitSwapped } : no;
}

/**
 * The first word of a code cell that has a letter or a digit, without the marks stuck to it:
 * specks read as "`" or ">" before a code, a streak as "-" after it ("` 5.2.", "6.4.3.-").
 */
export function firstToken(text: string): string {
  const words = clean(text)
    .split(' ')
    .map((w) => w.replace(/^[^\p{L}\p{N}]+/u, '').replace(/[^\p{L}\p{N}.,:;]+$/u, ''))
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words[0] ?? '';
}

export interface CodeRepair {
  /** Row index in the input. */
  row: number;
  from: string;
  to: string;
  digitSwapped: boolean;
  /**
   * The code could be mended only by assuming no row is missing above it, and one is (a row
   * whose code was lost): "24." after "2.3." and a code-less row may be 2.4 or 2.5. It is kept as
   * read and its row checked by hand.
   */
  doubtful?: boolean;
}

/**
 * Pure: the repairs for a form's code cells in reading order (`''` for a row without a code:
 * a wrapped label or a row continued from the page before). The first token of a cell is the code;
 * words after it (a label word spilled over the column rule, "_" left of an erased rule) are
 * dropped from it.
 */
export function repairCodes(cells: string[]): CodeRepair[] {
  const out: CodeRepair[] = [];
  let prev: number[] | null = null;
  // Each row's code as read, for looking ahead.
  const keys = cells.map((text) => {
    const t = clean(text);
    const c = parseRowCode(t) ?? parseRowCode(firstToken(t));
    return c && /^\d/.test(c) ? c.split('.').map(Number) : null;
  });
  // Rows since the last code that have none (their code was lost): the numbering then no
  // longer says which code is due.
  let lost = 0;
  const nextKey = (row: number) => keys.slice(row + 1).find((k) => k !== null) ?? null;
  // A row whose code is missing or unreadable, between codes that say which it must be.
  const inferred = (row: number, from: string): boolean => {
    const code = prev ? lostCode(prev, nextKey(row)) : null;
    if (!code) return false;
    out.push({ row, from, to: `${code.join('.')}.`, digitSwapped: false, doubtful: true });
    prev = code;
    lost = 0;
    return true;
  };
  cells.forEach((text, row) => {
    const t = clean(text);
    if (t === '') {
      if (prev && !inferred(row, t)) lost++;
      return;
    }
    const first = firstToken(t);
    const whole = parseRowCode(t);
    const read = whole ?? parseRowCode(first);
    // "1.2. VÀ": the code is the first word; the rest is not part of it.
    const trimmed = whole === null && read !== null ? { row, from: t, to: `${read}.`, digitSwapped: false } : null;
    const key = read && /^\d/.test(read) ? read.split('.').map(Number) : null;
    // A roman group code ("II.") starts a numbering of its own.
    if (read && !key) {
      prev = null;
      lost = 0;
      if (trimmed) out.push(trimmed);
      return;
    }
    const shape = codeShape(first);
    // A dot lost to the scan ("22." for "2.2."): the digits are those of a code due here, one level deeper.
    const undotted = shape && prev ? dueWithDigits(prev, shape) : null;
    if (lost > 0) {
      lost = 0;
      const mendable = undotted ?? (shape && prev && !(key && rises(prev, key)) ? (successor(prev, shape.length) ?? null) : null);
      if (mendable) {
        // Which code this is depends on how many codes were lost: keep what was read, flagged.
        if (key) out.push({ row, from: t, to: `${read}.`, digitSwapped: false, doubtful: true });
        prev = mendable;
        return;
      }
    }
    if (undotted) {
      out.push({ row, from: t, to: `${undotted.join('.')}.`, digitSwapped: false });
      prev = undotted;
      return;
    }
    if (key && (!prev || rises(prev, key))) {
      // A code that skips siblings ("2.4." then "2.9.") when the one due differs by a confused
      // digit and nothing after it bears the reading out: only a next code as deep that follows
      // it ("2.10.", "2.9.1.") does; "3." follows "2.5." as well as "2.9.".
      const due = prev && key.length <= prev.length ? successor(prev, key.length) : null;
      const swap = due && shape && due.join('.') !== read ? matchShape(shape, due) : null;
      const next = keys.slice(row + 1).find((k) => k !== null) ?? null;
      const borneOut = next !== null && next.length >= key.length && follows(key, next);
      if (due && swap?.fits && swap.digitSwapped && !borneOut) {
        out.push({ row, from: t, to: `${due.join('.')}.`, digitSwapped: true });
        prev = due;
        return;
      }
      if (trimmed) out.push(trimmed);
      prev = key;
      return;
    }
    const expected = shape ? successor(prev, shape.length) : null;
    const m = shape && expected ? matchShape(shape, expected) : { fits: false, digitSwapped: false };
    if (expected && m.fits) {
      out.push({ row, from: t, to: `${expected.join('.')}.`, digitSwapped: m.digitSwapped });
      prev = expected;
    } else if (key) {
      if (trimmed) out.push(trimmed);
      prev = key;
    } else inferred(row, t);
  });
  return out;
}

/**
 * The code of a row whose code was lost ("ố.", or nothing read), from the codes read before
 * (`prev`) and after (`next`) it. A deeper next code whose parent was not seen names it ("6."
 * between "5.2." and "6.4."); else the next sibling of `prev` when it still comes before `next`
 * ("2.2.2." between "2.2.1." and "3."), else `prev`'s first child ("5.1." between "5." and "6.").
 * Null when nothing comes between, or `next` is itself no code in sequence. Each such code is a
 * guess its row is flagged for.
 */
export function lostCode(prev: number[], next: number[] | null): number[] | null {
  // A next code more than one group on ("24" after "2.3.") is itself misread: it says nothing.
  if (!next || next[0]! > prev[0]! + 1) return null;
  for (let d = 1; d < next.length; d++) {
    const parent = next.slice(0, d);
    if (rises(prev, parent)) return parent;
  }
  const sibling = successor(prev, prev.length);
  if (sibling && rises(prev, sibling) && rises(sibling, next)) return sibling;
  const child = [...prev, 1];
  return rises(child, next) ? child : null;
}

/** Marks a speck or streak leaves beside a number: "—76,3", "15.250.", "~ 100 ~", "3 :", "0 +", "⁄ 0.". */
const STUCK = `[\\s—–\\-~\`'"¬:;,.+⁄]*`;
const NUMBER_IN_MARKS = new RegExp(`^${STUCK}(\\d[\\d.,]*?%?)${STUCK}$`, 'u');

/**
 * Pure: the number of an OCRed cell that holds one number and marks stuck to it, or null. A mark
 * before a number is never a minus (counts and rates are not negative), nor a dot after it a
 * decimal point (nothing follows it).
 */
export function bareNumber(text: string): string | null {
  const m = NUMBER_IN_MARKS.exec(clean(text));
  return m ? m[1]! : null;
}

/** A cell holding one phrase twice or more ("Đơn vị Đơn vị", "Thủ tục Thủ tục"): two rows' units in one. */
export function isRepeatedPhrase(text: string): boolean {
  const words = clean(text).split(' ').filter(Boolean);
  for (let n = 1; n <= words.length / 2; n++) {
    if (words.length % n !== 0 || !/[\p{L}%]/u.test(words[0]!)) continue;
    const unit = words.slice(0, n).join(' ');
    if (words.every((w, i) => w === words[i % n])) return unit.length >= 2 || unit === '%';
  }
  return false;
}

/** Below the low_confidence rule's bar: a row whose code was inferred over a confident reading is checked by hand. */
const INFERRED_CONFIDENCE = 79;

function isOcrTable(t: TableBlock): boolean {
  return t.rows.some((r) => r.cells.some((c) => c.confidence !== undefined));
}

/** The column holding row codes: the leftmost where most body rows read as codes. */
function codeColumn(rows: TableRow[]): number | null {
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  for (let c = 0; c < Math.min(width, 3); c++) {
    const texts = rows.map((r) => clean(r.cells[c]?.text ?? '')).filter((t) => t !== '');
    const codes = texts.filter((t) => parseRowCode(t) !== null || codeShape(t.split(' ')[0]!) !== null).length;
    if (codes >= 3 && codes >= texts.length * 0.5) return c;
  }
  return null;
}

/**
 * Repairs, in place, the row codes of the OCRed form tables among `blocks` (tables with OCR
 * confidence on their cells; text-layer tables are left alone), and frees their numbers of the
 * marks specks left beside them. A row whose code was read as a
 * different digit gets its cells' confidence lowered below the low_confidence bar, so a reviewer
 * looks at it; each repair is reported. `read` keeps what each repaired cell said, by which its
 * words are found again on the page.
 */
export function repairOcrCodes(blocks: Block[]): { messages: Message[]; read: Map<TableRow, string> } {
  const messages: Message[] = [];
  const read = new Map<TableRow, string>();
  blocks.forEach((block) => {
    if (block.kind !== 'table' || !isOcrTable(block)) return;
    const col = codeColumn(block.rows);
    if (col === null) return;
    for (const row of block.rows) {
      row.cells.forEach((cell, c) => {
        if (c === col) return;
        const number = bareNumber(cell.text);
        if (number !== null && number !== clean(cell.text)) cell.text = number;
      });
    }
    // Two rows read as one (a row whose code and rule were lost joins its neighbour) show in
    // their unit cell: "Đơn vị Đơn vị". Which value is whose cannot be told: checked by hand.
    block.rows.forEach((row, r) => {
      if (!row.cells.some((cell, c) => c !== col && isRepeatedPhrase(cell.text))) return;
      row.cells.forEach((cell, c) => {
        if (c !== col && clean(cell.text) !== '') cell.confidence = Math.min(cell.confidence ?? 100, INFERRED_CONFIDENCE);
      });
      messages.push(
        info('ocr_rows_merged', `row ${clean(row.cells[col]?.text ?? '') || r} seems to hold two rows ("${clean(row.cells.find((cell) => isRepeatedPhrase(cell.text))!.text)}"): its values are checked by hand`, {
          block: block.prov.block,
          table: block.index,
          row: r,
          ...(row.page !== undefined ? { page: row.page } : {}),
        }),
      );
    });
    for (const r of repairCodes(block.rows.map((row) => row.cells[col]?.text ?? ''))) {
      const row = block.rows[r.row]!;
      read.set(row, row.cells[col]!.text);
      row.cells[col]!.text = r.to;
      if (r.digitSwapped || r.doubtful) {
        row.cells.forEach((cell, c) => {
          if (c !== col && clean(cell.text) !== '') cell.confidence = Math.min(cell.confidence ?? 100, INFERRED_CONFIDENCE);
        });
      }
      messages.push(
        info('ocr_code_repaired', r.doubtful ? `row code read as "${r.from}" kept as ${r.to} and checked by hand: a row above it lost its code, so the numbering cannot tell which code is due` : `row code read as "${r.from}" taken as ${r.to}: the numbering of the rows around it calls for it`, {
          block: block.prov.block,
          table: block.index,
          row: r.row,
          ...(row.page !== undefined ? { page: row.page } : {}),
        }),
      );
    }
  });
  return { messages, read };
}
