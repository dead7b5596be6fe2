// What Tesseract makes of specks, streaks and erased ruling lines, taken out of its words before
// the layout reads them. Pure functions on word boxes, tested on literal words.
import { isSttHead } from '../text/row-code.js';
import type { PixelRule } from './rulings.js';
import type { OcrWord } from './tsv.js';

/**
 * Words that are only underscores or bars: what is left of an erased ruling line, read as text.
 * Joined to a cell's words they make its code unreadable ("5. _") and merge two rows.
 */
const RULE_RESIDUE = /^[_|¦‖]+$/;

/** Text without a letter or a digit: "¬", "`", "——", "~" (also "%", "=", "-", which are printed). */
const NO_LETTER_OR_DIGIT = /^[^\p{L}\p{N}]+$/u;

/**
 * Words that are not print: rule residue ("_", "|"), and marks without a letter or digit that
 * are either read unsure (below 50: specks and streaks Tesseract turned into "¬", "`", ":") or
 * flat and long (a piece of a ruling line a noisy 1-bit scan kept: "——" 5 px high, 115 wide).
 * Left in, they join a value ("76,3 ¬" is no number) or a code and spoil the cell. A printed
 * "%", "=" or a dash standing for "none" is read sure and is not longer than it is... a dash.
 */
export function dropNoiseWords(words: OcrWord[]): OcrWord[] {
  const hs = words.filter((w) => !NO_LETTER_OR_DIGIT.test(w.text)).map((w) => w.height).sort((a, b) => a - b);
  const lineHeight = hs.length > 0 ? hs[Math.floor(hs.length / 2)]! : 0;
  // Specks in an empty cell read as a short word ("Là", "XS", "j" at 20–40): alone on their line
  // and unsure, they are no print; a word of the text has neighbours or is read sure.
  const alone = (w: OcrWord) =>
    !words.some((o) => o !== w && o.block === w.block && o.par === w.par && o.line === w.line && Math.abs(o.left - w.left) < lineHeight * 6);
  return words.filter((w) => {
    if (RULE_RESIDUE.test(w.text)) return false;
    if (w.conf < 40 && w.text.length <= 2 && !/\d/.test(w.text) && alone(w)) return false;
    if (!NO_LETTER_OR_DIGIT.test(w.text)) return true;
    if (w.conf < 50) return false;
    const flatAndLong = lineHeight > 0 && w.height < lineHeight * 0.3 && w.width > lineHeight * 1.5;
    return !flatAndLong;
  });
}

/**
 * A word that is only marks a speck leaves: ticks, slashes and quotes with no letter or digit
 * ("⁄" read at 92 %, "`", "„", "^", "'"). None of them is printed as a word of its own in these
 * reports; "%", "=", "+", brackets and dashes are (a dash stands for "none"), so they stay. A lone
 * full stop or comma can be print set apart from its word, so only an unsure one goes.
 */
const LONE_MARK = /^[`~^„"'“”‘’⁄¬ˆ*/\\<>«»]+$/u;
const LONE_STOP = /^[.,:;!?·]+$/u;

/**
 * Marks a speck or streak sticks to either end of a word. Not the stops and commas: "259," ends a
 * clause the narrative's reading needs.
 */
const EDGE = `[\`~^„"'“”‘’⁄¬ˆ*/\\\\<>«»_|¦‖—–\\-]`;
const STUCK = new RegExp(`^(${EDGE}*)(.*?)(${EDGE}*)$`, 'u');

/** A row code or a number as printed: "3.3.1.", "1.000", "99,6", "14", "75%", "6/8". */
const CODE_OR_NUMBER = /^\d[\d.,]*(?:%|\/\d+)?$/;

/**
 * A code, a number or the STT head freed of the marks stuck to it ("STT-", "„1.", "` 5.2." read
 * as one word, "14'", "—76,3", "2.5.)"); any other word is returned as read: a label's own
 * brackets, quotes and hyphens are print.
 */
export function trimStuckMarks(text: string): string {
  const m = STUCK.exec(text);
  if (!m) return text;
  let core = m[2]!;
  // A bracket after a dotted code is a streak's end, not a sub-item's "a)": "1)" has no dot.
  if (/^\d{1,2}(?:\.\d{1,2})*\.\)$/.test(core)) core = core.slice(0, -1);
  // A speck beside a code's dot doubles it, or stands before the code: "1.1..", ".3.2.".
  const dotted = /^[.,:;]*(\d{1,2}(?:\.\d{1,2})*)\.[.,:;]*$/.exec(core);
  if (dotted && (/^[.,:;]/.test(core) || /[.,:;]{2}$/.test(core))) core = `${dotted[1]}.`;
  if (core === text || core === '') return text;
  return CODE_OR_NUMBER.test(core) || isSttHead(core) ? core : text;
}

/**
 * The words as the layout should read them: noise words dropped (above), lone marks dropped, and
 * codes, numbers and the STT head freed of stuck marks. A table's start is found by its STT head
 * and its rows by their codes, so "STT-" loses a whole form and "` 5.2." merges two rows.
 */
export function tidyWords(words: OcrWord[]): OcrWord[] {
  return dropNoiseWords(words)
    .filter((w) => !LONE_MARK.test(w.text) && !(LONE_STOP.test(w.text) && w.conf < 70))
    .map((w) => {
      const text = trimStuckMarks(w.text);
      return text === w.text ? w : { ...w, text };
    });
}

/** A bar read as letters: what is left of a ruling line where a curled or broken page bent it. */
const BAR_LIKE = /^[|!IlÌÍỈĨỊìíỉĩị\][]{1,2}[.,]?$/u;

/**
 * Drops bar-like words standing on a vertical ruling line's x within the table: where the page
 * curled off the glass or the scan broke the line, a piece of it is not found as a rule, so it is
 * not erased and Tesseract reads it as "Ì" or "I" beside a value ("Ì 87" is no number).
 */
export function dropRuleResidue(words: OcrWord[], vertical: PixelRule[]): OcrWord[] {
  // Each rule's x with the whole height its pieces cover there.
  const lines: { at: number; from: number; to: number }[] = [];
  for (const r of vertical) {
    const line = lines.find((l) => Math.abs(l.at - r.at) <= 3);
    if (line) {
      line.from = Math.min(line.from, r.from);
      line.to = Math.max(line.to, r.to);
    } else lines.push({ at: r.at, from: r.from, to: r.to });
  }
  return words.filter((w) => {
    if (!BAR_LIKE.test(w.text)) return true;
    const x = w.left + w.width / 2;
    const y = w.top + w.height / 2;
    return !lines.some((l) => Math.abs(x - l.at) <= Math.max(6, w.height * 0.25) && y >= l.from && y <= l.to);
  });
}
