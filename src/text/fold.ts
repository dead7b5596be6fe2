// A diacritic-insensitive, case-insensitive key for *matching only*: never store a folded string.
import { endianness } from 'node:os';
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

// Whether a UTF-16 unit is whitespace (/\s/, the same set trim() removes): 0 not yet known, 1 yes, 2 no.
const spaceUnits = new Uint8Array(0x10000);
function isSpaceUnit(code: number): boolean {
  let known = spaceUnits[code]!;
  if (known === 0) known = spaceUnits[code] = /\s/.test(String.fromCharCode(code)) ? 1 : 2;
  return known === 1;
}

// Scratch units for the string being built by fold or foldSameLength (neither is re-entrant),
// with a Buffer over the same memory to turn them into a string.
let scratch = new Uint16Array(1024);
let scratchBytes = Buffer.from(scratch.buffer);

/** The scratch units, with room for at least `n`, keeping the first `keep` units. */
function scratchUnits(n: number, keep = 0): Uint16Array {
  if (scratch.length < n) {
    const grown = new Uint16Array(n * 2);
    grown.set(scratch.subarray(0, keep));
    scratch = grown;
    scratchBytes = Buffer.from(scratch.buffer);
  }
  return scratch;
}

/** Diacritic-free, lower-case, whitespace-collapsed and trimmed copy of `text`, for matching only. */
export function fold(text: string): string {
  const short = text.length <= FOLD_CACHE_MAX_LENGTH;
  if (short) {
    const hit = foldCacheShort.get(text);
    if (hit !== undefined) return hit;
  }
  const out = foldUnitwise(text);
  if (short) {
    if (foldCacheShort.size >= FOLD_CACHE_MAX_SIZE) foldCacheShort.clear();
    foldCacheShort.set(text, out);
  }
  return out;
}

/**
 * The per-unit fold with `.replace(/\s+/g, ' ').trim()` done as the units are written: a run of
 * whitespace becomes one space, written only once a later non-space unit follows it and
 * something precedes it. Falls back to the whole-string definition on an unsafe unit.
 */
function foldUnitwise(text: string): string {
  let buf = scratchUnits(text.length + 1);
  let len = 0;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let single = foldSingle[code]!;
    if (single === SINGLE_PENDING) single = tabulate(code);
    if (single >= 0) {
      // The common case: the unit folds to one non-space unit.
      if (space) {
        buf[len++] = 0x20;
        space = false;
      }
      buf[len++] = single;
      continue;
    }
    if (single === SINGLE_SPACE) {
      space = len > 0;
      continue;
    }
    const unit = foldUnits[code]!;
    if (unit === UNIT_UNSAFE) return foldWhole(text).replace(/\s+/g, ' ').trim();
    // A unit that folds to several (or none), or to whitespace: keep room for them and a space.
    if (len + unit.length + 1 > buf.length) buf = scratchUnits(len + unit.length + 1, len);
    for (let k = 0; k < unit.length; k++) {
      const c = unit.charCodeAt(k);
      if (isSpaceUnit(c)) space = len > 0;
      else {
        if (space) {
          buf[len++] = 0x20;
          space = false;
        }
        buf[len++] = c;
      }
    }
  }
  return scratchString(len);
}

// foldUnits as numbers for the loop above: the one non-space unit a unit folds to, SINGLE_SPACE
// (it folds to one whitespace unit), SINGLE_OTHER (unsafe, several units or none: see foldUnits),
// or SINGLE_PENDING.
const SINGLE_PENDING = -1;
const SINGLE_OTHER = -2;
const SINGLE_SPACE = -3;
const foldSingle = new Int32Array(0x10000).fill(SINGLE_PENDING);

function tabulate(code: number): number {
  let unit = foldUnits[code];
  if (unit === UNIT_PENDING) unit = foldUnits[code] = foldUnit(code);
  let single = SINGLE_OTHER;
  if (unit !== UNIT_UNSAFE && unit.length === 1) single = isSpaceUnit(unit.charCodeAt(0)) ? SINGLE_SPACE : unit.charCodeAt(0);
  foldSingle[code] = single;
  return single;
}

// Node decodes UTF-16LE bytes into a string unit for unit (lone surrogates included) several
// times faster than String.fromCharCode.apply beyond a few units; a Uint16Array holds its units
// little-endian on little-endian machines, the only ones that path is taken on.
const LITTLE_ENDIAN = endianness() === 'LE';
const SHORT = 16;

/** The string of the first `len` scratch units. */
function scratchString(len: number): string {
  if (LITTLE_ENDIAN && len > SHORT) return scratchBytes.toString('utf16le', 0, len * 2);
  let out = '';
  for (let i = 0; i < len; i += CHUNK) out += String.fromCharCode.apply(null, scratch.subarray(i, Math.min(len, i + CHUNK)) as unknown as number[]);
  return out;
}

/** Unicode NFC with whitespace collapsed: the form every stored string takes. */
export function clean(text: string): string {
  const nfc = text.normalize('NFC');
  // Most text is already collapsed, and the regex replace costs per space it replaces.
  return isCollapsed(nfc) ? nfc : nfc.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** True when `.replace(/\s+/g, ' ').trim()` would leave `text` as it is: only single ' ' between non-spaces. */
function isCollapsed(text: string): boolean {
  let previousSpace = true; // so a leading space counts as a change
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && !isSpaceUnit(code)) previousSpace = false;
    else if (previousSpace || code !== 0x20) return false;
    else previousSpace = true;
  }
  return !previousSpace || text.length === 0;
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
  const codes = scratchUnits(n);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    let f = sameLengthUnits[code]!;
    if (f === 0) f = sameLengthUnits[code] = sameLengthUnit(code);
    codes[i] = f;
  }
  return scratchString(n);
}
