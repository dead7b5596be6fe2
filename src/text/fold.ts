// A diacritic-insensitive, case-insensitive key for *matching only*: never store a folded string.
import { normaliseToneMarks } from './tone-marks.js';
const COMBINING = /[\u0300-\u036f]/g;

/** The definition of fold(), applied to the whole string at once. */
function foldWhole(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

// fold() runs on every word and clause of a report, many times over (rules, metadata, matching),
// and whole-string NFD + five regex passes dominated its cost. For almost all text the same result
// comes from mapping each UTF-16 unit on its own (decomposition, mark removal and lower-casing act
// per character), so the per-unit results are tabulated. A unit is only tabulated where that is
// provably the same as folding the whole string:
//  - not a surrogate half (astral characters take the whole-string path),
//  - not Σ, whose lower case depends on its neighbours (σ / final ς),
//  - its decomposition leaves no combining mark outside U+0300–U+036F: such a mark would stay,
//    and canonical reordering of the marks of a sequence could move it.
// Any other unit sends the string down the original whole-string path.
const UNIT_PENDING = undefined;
const UNIT_UNSAFE = null;
const foldUnits: (string | null | undefined)[] = new Array<string | null | undefined>(0x10000).fill(UNIT_PENDING);
const KEPT_MARK = /\p{M}/u;

function foldUnit(code: number): string | null {
  const ch = String.fromCharCode(code);
  if ((code >= 0xd800 && code <= 0xdfff) || code === 0x3a3) return UNIT_UNSAFE;
  const stripped = ch.normalize('NFD').replace(COMBINING, '');
  if (KEPT_MARK.test(stripped)) return UNIT_UNSAFE;
  return stripped.replace(/[đĐ]/g, 'd').toLowerCase();
}

// Short strings (single words, labels) recur constantly: remember their keys, within bounds.
const FOLD_CACHE_MAX_LENGTH = 64;
const FOLD_CACHE_MAX_SIZE = 50_000;
const foldCacheShort = new Map<string, string>();

/** Diacritic-free, lower-case, whitespace-collapsed and trimmed copy of `text`, for matching only. */
export function fold(text: string): string {
  const short = text.length <= FOLD_CACHE_MAX_LENGTH;
  if (short) {
    const hit = foldCacheShort.get(text);
    if (hit !== undefined) return hit;
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let unit = foldUnits[code];
    if (unit === UNIT_PENDING) unit = foldUnits[code] = foldUnit(code);
    if (unit === UNIT_UNSAFE) {
      out = foldWhole(text);
      break;
    }
    out += unit;
  }
  // Idempotent on the whole-string result, so it can run after either path.
  out = out.replace(/\s+/g, ' ').trim();
  if (short) {
    if (foldCacheShort.size >= FOLD_CACHE_MAX_SIZE) foldCacheShort.clear();
    foldCacheShort.set(text, out);
  }
  return out;
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

// One output unit per input unit, so a table of char codes; 0 = not yet computed (U+0000 folds to
// itself, so it is merely recomputed each time).
const sameLengthUnits = new Uint16Array(0x10000);

function sameLengthUnit(code: number): number {
  const ch = String.fromCharCode(code);
  if (/\s/.test(ch) || ch === '*' || ch === '#') return 0x20;
  const folded = foldWhole(ch);
  return folded.length === 1 ? folded.charCodeAt(0) : 0x3f; // '?'
}

// Chunks for String.fromCharCode.apply: well under any engine's argument limit.
const CHUNK = 8192;

/**
 * Lower-case, diacritic-free copy of `text` with the SAME length (one UTF-16 unit for one),
 * whitespace as ' ' and Markdown emphasis/heading marks ('*', '#') as ' ', for matching only.
 * Expects NFC text; a unit that folds to nothing or to several characters becomes '?'.
 */
export function foldSameLength(text: string): string {
  const n = text.length;
  const codes = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    let f = sameLengthUnits[code]!;
    if (f === 0) f = sameLengthUnits[code] = sameLengthUnit(code);
    codes[i] = f;
  }
  if (n <= CHUNK) return String.fromCharCode.apply(null, codes as unknown as number[]);
  let out = '';
  for (let i = 0; i < n; i += CHUNK) out += String.fromCharCode.apply(null, codes.subarray(i, i + CHUNK) as unknown as number[]);
  return out;
}
