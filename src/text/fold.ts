// A diacritic-insensitive, case-insensitive key for *matching only*: never store a folded string.
import { normaliseToneMarks } from './tone-marks.js';
const COMBINING = /[\u0300-\u036f]/g;

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Unicode NFC with whitespace collapsed: the form every stored string takes. */
export function clean(text: string): string {
  return text.normalize('NFC').replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * A case-insensitive key that keeps diacritics but ignores tone-mark placement (`hoà` = `hòa`,
 * `Uỷ ban` = `Ủy ban`), for matching where the diacritics matter (unit names, headings).
 */
export function toneKey(text: string): string {
  return normaliseToneMarks(clean(text), 'new').toLowerCase();
}

const foldCache = new Map<string, string>();

/**
 * Lower-case, diacritic-free copy of `text` with the SAME length (one UTF-16 unit for one),
 * whitespace as ' ' and Markdown emphasis/heading marks ('*', '#') as ' ', for matching only.
 * Expects NFC text; a unit that folds to nothing or to several characters becomes '?'.
 */
export function foldSameLength(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    let f = foldCache.get(ch);
    if (f === undefined) {
      if (/\s/.test(ch) || ch === '*' || ch === '#') f = ' ';
      else {
        const folded = fold(ch);
        f = folded.length === 1 ? folded : '?';
      }
      foldCache.set(ch, f);
    }
    out += f;
  }
  return out;
}
