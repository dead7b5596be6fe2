// Pre-Unicode Vietnamese 8-bit font encodings: TCVN3 (ABC: .VnTime, .VnArial…) and VNI Windows
// (VNI-Times, VNI-Helve…). Word keeps such text as the Windows-1252 characters of the bytes, so a
// docx/doc/pdf gives us e.g. "C¸c" for "Các" (TCVN3) or "Caùc" (VNI). This module maps those
// characters back to bytes and decodes them, and encodes Unicode the same way (fixtures, tests).
import { composeLetter, isVietnameseSyllable, letterParts, netScore, scoreVietnamese, type Tone } from './tone-marks.js';
import { execAll } from './regex.js';

export type LegacyEncoding = 'tcvn3' | 'vni';

// Windows-1252 bytes 0x80–0x9F whose Unicode character is not the C1 control of the same number.
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
  0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
  0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
  0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

/**
 * The 8-bit byte a stored character stands for, or -1. Accepts Latin-1 (incl. raw C1 controls,
 * which some converters keep), the Windows-1252 specials, U+F000–U+F0FF (Word's private-use
 * form for characters of symbol-like fonts) and μ (see below).
 */
export function charToByte(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c < 0x100) return c;
  const w = CP1252_HIGH[c];
  if (w !== undefined) return w;
  if (c >= 0xf000 && c <= 0xf0ff) return c - 0xf000;
  // PDF text extraction folds MICRO SIGN (byte B5, TCVN3 "à") into GREEK SMALL LETTER MU.
  if (c === 0x03bc) return 0xb5;
  return -1;
}

// ---------------------------------------------------------------- TCVN3 (TCVN 5712:1993 VN3)
// Byte → letter. TCVN3 fonts carry lowercase letters with tones; capitals with tones do not
// exist in the 8-bit set — documents switch to the matching "H" font (.VnTimeH), whose glyphs at
// the same bytes are capitals. Only the seven plain capitals Ă Â Ê Ô Ơ Ư Đ have their own bytes.
const TCVN3_BYTES: [number, string][] = [
  [0xa1, 'Ă'], [0xa2, 'Â'], [0xa3, 'Ê'], [0xa4, 'Ô'], [0xa5, 'Ơ'], [0xa6, 'Ư'], [0xa7, 'Đ'],
  [0xa8, 'ă'], [0xa9, 'â'], [0xaa, 'ê'], [0xab, 'ô'], [0xac, 'ơ'], [0xad, 'ư'], [0xae, 'đ'],
  [0xb5, 'à'], [0xb6, 'ả'], [0xb7, 'ã'], [0xb8, 'á'], [0xb9, 'ạ'],
  [0xbb, 'ằ'], [0xbc, 'ẳ'], [0xbd, 'ẵ'], [0xbe, 'ắ'], [0xc6, 'ặ'],
  [0xc7, 'ầ'], [0xc8, 'ẩ'], [0xc9, 'ẫ'], [0xca, 'ấ'], [0xcb, 'ậ'],
  [0xcc, 'è'], [0xce, 'ẻ'], [0xcf, 'ẽ'], [0xd0, 'é'], [0xd1, 'ẹ'],
  [0xd2, 'ề'], [0xd3, 'ể'], [0xd4, 'ễ'], [0xd5, 'ế'], [0xd6, 'ệ'],
  [0xd7, 'ì'], [0xd8, 'ỉ'], [0xdc, 'ĩ'], [0xdd, 'í'], [0xde, 'ị'],
  [0xdf, 'ò'], [0xe1, 'ỏ'], [0xe2, 'õ'], [0xe3, 'ó'], [0xe4, 'ọ'],
  [0xe5, 'ồ'], [0xe6, 'ổ'], [0xe7, 'ỗ'], [0xe8, 'ố'], [0xe9, 'ộ'],
  [0xea, 'ờ'], [0xeb, 'ở'], [0xec, 'ỡ'], [0xed, 'ớ'], [0xee, 'ợ'],
  [0xef, 'ù'], [0xf1, 'ủ'], [0xf2, 'ũ'], [0xf3, 'ú'], [0xf4, 'ụ'],
  [0xf5, 'ừ'], [0xf6, 'ử'], [0xf7, 'ữ'], [0xf8, 'ứ'], [0xf9, 'ự'],
  [0xfa, 'ỳ'], [0xfb, 'ỷ'], [0xfc, 'ỹ'], [0xfd, 'ý'], [0xfe, 'ỵ'],
];
const TCVN3_DECODE = new Map<number, string>(TCVN3_BYTES);
const TCVN3_ENCODE = new Map<string, number>(TCVN3_BYTES.map(([b, ch]) => [ch, b]));

function isTonedLowercase(ch: string): boolean {
  const p = letterParts(ch);
  return p !== null && !p.upper && p.tone !== 0;
}

export interface Tcvn3Decoded {
  text: string;
  /**
   * Per UTF-16 position of `text`: true where a toned letter came from a byte that is drawn
   * lowercase in a normal font but may have been meant as a capital (see restoreCapitals).
   */
  ambiguous: boolean[];
}

/**
 * Decodes TCVN3 text character by character; the output has the same length as the input (every
 * TCVN3 letter is one BMP code point), which lets callers map offsets between raw and decoded runs.
 * `upper` is for "H" fonts (.VnTimeH), whose every glyph is a capital.
 */
export function decodeTcvn3Detailed(s: string, opts: { upper?: boolean } = {}): Tcvn3Decoded {
  let text = '';
  const ambiguous: boolean[] = [];
  for (const ch of s) {
    const b = charToByte(ch);
    const dec = b >= 0x80 ? TCVN3_DECODE.get(b) : undefined;
    const out = dec ?? ch;
    text += opts.upper ? out.toUpperCase() : out;
    const amb = !opts.upper && dec !== undefined && isTonedLowercase(dec);
    for (let i = 0; i < out.length; i++) ambiguous.push(amb);
  }
  return { text, ambiguous };
}

const LETTER_RUN = /\p{L}+/gu;

interface WordInfo {
  start: number;
  end: number;
  line: number;
  /** Letters that are unambiguously upper/lower case (ambiguous toned letters excluded). */
  upper: number;
  lower: number;
  hasAmbiguous: boolean;
}

function isUpperLetter(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/**
 * A toned capital typed in a plain TCVN3 font lands in the lowercase slot ("B¸O C¸O" prints as
 * "BáO CáO"). Restores the capital when the word is otherwise upper case: with at least two
 * unambiguous capitals in the word, or — for short words like XÃ, SỐ, ỦY — when nearby words on
 * the same line are upper-case Vietnamese words and no adjacent word is lower case. Acronyms
 * (UBND, TTHC) are not syllables and so are no evidence either way: "Số TTHC" stays as it is.
 */
export function restoreCapitals(text: string, ambiguous: boolean[]): string {
  const words: WordInfo[] = [];
  let line = 0;
  let lastEnd = 0;
  for (const m of execAll(LETTER_RUN, text)) {
    const start = m.index;
    const end = start + m[0].length;
    line += (text.slice(lastEnd, start).match(/\n/g) ?? []).length;
    lastEnd = end;
    let upper = 0;
    let lower = 0;
    let hasAmbiguous = false;
    for (let i = start; i < end; i++) {
      const ch = text[i]!;
      if (ambiguous[i]) hasAmbiguous = true;
      else if (isUpperLetter(ch)) upper++;
      else if (ch !== ch.toUpperCase()) lower++;
    }
    words.push({ start, end, line, upper, lower, hasAmbiguous });
  }
  // +1 for an upper-case Vietnamese word (NHÂN, BAN), -1 for a word with lower case, 0 otherwise:
  // acronyms (UBND, TTHC, BC) are not syllables, and short words like XÃ are undecided themselves.
  const capsEvidence = (w: WordInfo | undefined): number => {
    if (!w) return 0;
    if (w.lower > 0) return -1;
    return w.upper >= 2 && isVietnameseSyllable(text.slice(w.start, w.end).toUpperCase()) ? 1 : 0;
  };
  const chars = [...text];
  // `text` is BMP-only here (TCVN3 output), so UTF-16 index == code point index.
  if (chars.length !== text.length) return text;
  words.forEach((w, k) => {
    if (!w.hasAmbiguous || w.lower > 0) return;
    let upper = w.upper >= 2;
    if (!upper) {
      const near = (d: number) => {
        const o = words[k + d];
        return o && o.line === w.line ? o : undefined;
      };
      const adjacent = [near(-1), near(1)];
      if (adjacent.some((o) => o && o.lower > 0)) return;
      const evidence = [near(-2), near(-1), near(1), near(2)].reduce((sum, o) => sum + capsEvidence(o), 0);
      upper = evidence > 0;
    }
    if (!upper) return;
    for (let i = w.start; i < w.end; i++) if (ambiguous[i]) chars[i] = chars[i]!.toUpperCase();
  });
  return chars.join('');
}

/** TCVN3 → Unicode. Capitals lost to the lowercase slots are restored by context (see restoreCapitals). */
export function decodeTcvn3(s: string, opts: { upper?: boolean; restoreCase?: boolean } = {}): string {
  const d = decodeTcvn3Detailed(s, opts);
  return opts.upper || opts.restoreCase === false ? d.text : restoreCapitals(d.text, d.ambiguous);
}

/** A character the encoder cannot write because its slot means something else in the font. */
const UNREPRESENTABLE = '?';

/**
 * Unicode → TCVN3 as Word stores it (Windows-1252 characters of the bytes). Toned capitals share
 * the lowercase bytes (that is the font's limitation; use an H font, or rely on restoreCapitals).
 * Characters whose byte means a Vietnamese letter in TCVN3 (e.g. "µ", "·") cannot be written and
 * become "?".
 */
export function encodeTcvn3(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const direct = TCVN3_ENCODE.get(ch) ?? TCVN3_ENCODE.get(ch.toLowerCase());
    if (direct !== undefined) out += String.fromCharCode(byteToCp1252(direct));
    else if (collides(ch, TCVN3_DECODE)) out += UNREPRESENTABLE;
    else out += ch;
  }
  return out;
}

function collides(ch: string, table: Map<number, string>): boolean {
  const b = charToByte(ch);
  return b >= 0x80 && table.has(b);
}

// Bytes → the character Word stores for them (Windows-1252); all letter bytes used are ≥ 0xA0.
const CP1252_BY_BYTE = new Map<number, number>(Object.entries(CP1252_HIGH).map(([u, b]) => [b, Number(u)]));
function byteToCp1252(b: number): number {
  return CP1252_BY_BYTE.get(b) ?? b;
}

// ---------------------------------------------------------------- VNI Windows
// VNI writes most letters as an ASCII base letter followed by a mark character; ơ ư đ, the i
// letters and ỵ are single characters. Capitals use the capital forms of the marks.
// Mark → [lowercase char, uppercase char] as stored (Windows-1252).
const VNI_TONE: Record<Exclude<Tone, 0>, [string, string]> = {
  1: ['ù', 'Ù'], // sắc
  2: ['ø', 'Ø'], // huyền
  3: ['û', 'Û'], // hỏi
  4: ['õ', 'Õ'], // ngã
  5: ['ï', 'Ï'], // nặng
};
// Circumflex (â ê ô) combined with each tone: no tone, sắc, huyền, hỏi, ngã, nặng.
const VNI_CIRCUMFLEX: [string, string][] = [['â', 'Â'], ['á', 'Á'], ['à', 'À'], ['å', 'Å'], ['ã', 'Ã'], ['ä', 'Ä']];
// Breve (ă) combined with each tone.
const VNI_BREVE: [string, string][] = [['ê', 'Ê'], ['é', 'É'], ['è', 'È'], ['ú', 'Ú'], ['ü', 'Ü'], ['ë', 'Ë']];
// Letters that are one character in VNI: [letter, lower form, upper form].
const VNI_SINGLE: [string, string, string][] = [
  ['ơ', 'ô', 'Ô'], ['ư', 'ö', 'Ö'], ['đ', 'ñ', 'Ñ'],
  ['í', 'í', 'Í'], ['ì', 'ì', 'Ì'], ['ỉ', 'æ', 'Æ'], ['ĩ', 'ó', 'Ó'], ['ị', 'ò', 'Ò'],
  ['ỵ', 'î', 'Î'],
];

/** Unicode lowercase letter → VNI [lowercase form, uppercase form]. Built from the mark tables. */
const VNI_ENCODE = new Map<string, [string, string]>();
/** VNI sequence (lowercased) → lowercase letter. */
const VNI_DECODE = new Map<string, string>();
function addVni(letter: string, lower: string, upper: string): void {
  VNI_ENCODE.set(letter, [lower, upper]);
  VNI_DECODE.set(lower, letter);
  VNI_DECODE.set(upper, letter);
}
(function buildVni() {
  const tones: Tone[] = [1, 2, 3, 4, 5];
  for (const [letter, lower, upper] of VNI_SINGLE) addVni(letter, lower, upper);
  for (const base of ['a', 'e', 'o', 'u', 'y']) {
    for (const t of tones) {
      const letter = composeLetter(base, t);
      if (VNI_ENCODE.has(letter)) continue; // ỵ is a single character
      addVni(letter, base + VNI_TONE[t as Exclude<Tone, 0>][0], base.toUpperCase() + VNI_TONE[t as Exclude<Tone, 0>][1]);
    }
  }
  // ơ and ư with tones: their single character followed by the tone mark.
  for (const [letter, lowerBase, upperBase] of [['ơ', 'ô', 'Ô'], ['ư', 'ö', 'Ö']] as const) {
    for (const t of tones) {
      const [ml, mu] = VNI_TONE[t as Exclude<Tone, 0>];
      addVni(composeLetter(letter, t), lowerBase + ml, upperBase + mu);
    }
  }
  const quality: [string, string, [string, string][]][] = [
    ['a', 'â', VNI_CIRCUMFLEX], ['e', 'ê', VNI_CIRCUMFLEX], ['o', 'ô', VNI_CIRCUMFLEX], ['a', 'ă', VNI_BREVE],
  ];
  for (const [base, letter, marks] of quality) {
    marks.forEach(([ml, mu], t) => addVni(composeLetter(letter, t as Tone), base + ml, base.toUpperCase() + mu));
  }
})();

const VNI_BASES = new Set(['a', 'e', 'o', 'u', 'y', 'ô', 'ö']);

/**
 * VNI → Unicode. The case of the output follows the base letter ("Aù", "AÙ" → "Á"), which also
 * covers text whose case was changed after typing.
 */
export function decodeVni(s: string): string {
  const chars = [...s].map((ch) => {
    const b = charToByte(ch);
    return b >= 0x80 && b <= 0xff ? String.fromCharCode(byteToCp1252(b)) : ch;
  });
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const lower = ch.toLowerCase();
    const next = chars[i + 1];
    if (next !== undefined && VNI_BASES.has(lower)) {
      const two = VNI_DECODE.get(lower + next.toLowerCase());
      if (two !== undefined) {
        out += ch === lower ? two : two.toUpperCase();
        i++;
        continue;
      }
    }
    const one = ch.codePointAt(0)! >= 0x80 ? VNI_DECODE.get(ch) : undefined;
    out += one === undefined ? ch : ch === lower ? one : one.toUpperCase();
  }
  return out.normalize('NFC');
}

/** Characters that mean something in VNI (single letters and marks): they cannot be written literally. */
const VNI_SPECIAL = new Set<string>([
  ...VNI_SINGLE.flatMap(([, l, u]) => [l, u]),
  ...Object.values(VNI_TONE).flat(),
  ...VNI_CIRCUMFLEX.flat(),
  ...VNI_BREVE.flat(),
]);

/** Unicode → VNI as Word stores it. Characters that collide with VNI marks become "?". */
export function encodeVni(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const lower = ch.toLowerCase();
    const enc = VNI_ENCODE.get(lower);
    if (enc) out += ch === lower ? enc[0] : enc[1];
    else if (VNI_SPECIAL.has(ch)) out += UNREPRESENTABLE;
    else out += ch;
  }
  return out;
}

// ---------------------------------------------------------------- detection

/** The legacy encoding a font name implies, if any. */
export function fontEncoding(font: string | undefined): LegacyEncoding | undefined {
  if (!font) return undefined;
  const f = font.trim();
  // TCVN3/ABC fonts all start with ".Vn" (.VnTime, .VnTimeH, .VnArial, .VnCentury Schoolbook…).
  if (/^\.vn/i.test(f)) return 'tcvn3';
  // VNI fonts: "VNI-Times", "VNI-Helve", "VNI Times"…
  if (/^vni[-\s_]/i.test(f)) return 'vni';
  return undefined;
}

/** TCVN3 "H" fonts (.VnTimeH, .VnArialH) draw capitals in every slot. */
export function isCapitalsFont(font: string | undefined): boolean {
  return fontEncoding(font) === 'tcvn3' && /H$/.test(font!.trim());
}

// Vietnamese letters (and combining tone/quality marks) that no 8-bit font can produce: text
// containing them is Unicode already. Other non-Latin-1 symbols (→, ≥) prove nothing.
const UNICODE_VIETNAMESE = /[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u0300-\u0303\u0306\u0309\u031b\u0323]/;

/** True if the text contains letters only Unicode can encode (ư, đ, ạ, ế…), so it is not legacy. */
export function hasUnicodeVietnamese(s: string): boolean {
  return UNICODE_VIETNAMESE.test(s);
}

/** True if the text contains bytes that the encoding uses for letters (so decoding changes it). */
export function hasLegacyLetters(s: string, enc: LegacyEncoding): boolean {
  for (const ch of s) {
    const b = charToByte(ch);
    if (b < 0x80) continue;
    if (enc === 'tcvn3' ? TCVN3_DECODE.has(b) : VNI_SPECIAL.has(String.fromCharCode(byteToCp1252(b)))) return true;
  }
  return false;
}

export function decodeLegacy(s: string, enc: LegacyEncoding, opts: { upper?: boolean } = {}): string {
  return enc === 'tcvn3' ? decodeTcvn3(s, opts) : decodeVni(s);
}

export interface EncodingGuess {
  encoding: LegacyEncoding | undefined;
  /** Net syllable score of the raw text and of each decoding. */
  scores: { raw: number; tcvn3: number; vni: number };
}

/**
 * Guesses the encoding of text whose font is unknown (.doc, .pdf): each candidate decoding is
 * scored by how many tokens become well-formed Vietnamese syllables. Text with any character
 * outside the 8-bit range is Unicode already. A `prior` (the document's dominant encoding)
 * breaks ties, so short legacy strings that happen to look valid both ways still follow the rest.
 */
export function detectEncoding(s: string, prior?: LegacyEncoding): EncodingGuess {
  const raw = netScore(scoreVietnamese(s));
  if (hasUnicodeVietnamese(s)) return { encoding: undefined, scores: { raw, tcvn3: raw, vni: raw } };
  const tcvn3 = hasLegacyLetters(s, 'tcvn3') ? netScore(scoreVietnamese(decodeTcvn3(s))) : raw;
  const vni = hasLegacyLetters(s, 'vni') ? netScore(scoreVietnamese(decodeVni(s))) : raw;
  const scores = { raw, tcvn3, vni };
  const best = tcvn3 >= vni ? ('tcvn3' as const) : ('vni' as const);
  const bestScore = Math.max(tcvn3, vni);
  if (bestScore > raw && bestScore > 0) {
    if (tcvn3 === vni) return { encoding: prior ?? undefined, scores };
    return { encoding: best, scores };
  }
  if (prior && scores[prior] === raw && hasLegacyLetters(s, prior) && scores[prior] >= 0) {
    // A tie with the raw text: follow the document's encoding, but only if decoding breaks nothing.
    const dec = netScore(scoreVietnamese(decodeLegacy(s, prior)));
    if (dec >= raw) return { encoding: prior, scores };
  }
  return { encoding: undefined, scores };
}

/**
 * False when decoding `s` as TCVN3 or VNI cannot change how it scores, so detectEncoding gives it
 * no encoding whatever the prior, and every score equal to the raw one: text with Unicode-only
 * letters (Unicode already), or with no letter byte of either encoding (decodes to itself).
 */
export function mayBeLegacy(s: string): boolean {
  return !hasUnicodeVietnamese(s) && (hasLegacyLetters(s, 'tcvn3') || hasLegacyLetters(s, 'vni'));
}
