// Numbers in running text. A sentence's folded view is first *masked*: digits that are not
// quantities (dates, years, document numbers, "mức độ 3,4", list numbering) become '#', so a
// rule looking for "tiếp nhận <number>" can never pick up "năm 2023" or "12/KH-UBND".
import { parseVietnameseNumber } from '../../normalise/number.js';
import { DOC_NUMBER_FOLDED } from '../../normalise/doc-number.js';
import { findDatesInFolded } from '../../normalise/date.js';
import { execAll } from '../../text/regex.js';

const MASKS: RegExp[] = [
  new RegExp(DOC_NUMBER_FOLDED, 'g'), // 12/KH-UBND, 144/2017/TT-BTC
  /\bnam\s+\d{4}\b/g, // năm 2023
  /\b(?:quy|thang)\s+[ivx\d]+\s*\/\s*\d{4}\b/g, // quý III/2023, tháng 9/2023
  /\b(?:19|20)\d{2}\s*-\s*(?:19|20)\d{2}\b/g, // 2021-2025
  /\bgiai doan\s+\d{4}/g,
  /\bmuc do\s*\d(?:\s*(?:,|va|-|\/)\s*\d(?![\d.,]\d))?/g, // mức độ 3,4 / mức độ 3 và 4 (not the 1 of "mức độ 3 và 1.537 hồ sơ")
  /\biso\s*\d+(?::\d+)?/g, // ISO 9001:2015
  /\b(?:bieu mau|dieu|khoan|phu luc|chuong)\s+\d+(?:\.\d+)*\b/g,
  /\b(?:\d+|[ivx]+)\s*\/\s*\d{4}\b/g, // III/2023 written with digits
  /^\s*(?:[-+•]\s*)?(?:\d+(?:\.\d+)*\.|[a-z]\))\s/g, // "1. ", "2.1. ", "a) " numbering
  /\b(?:lan|dot|khoa)\s+(?:thu\s+)?\d+\b/g, // lần thứ 2, đợt 1
];

const ANY_DIGIT = /\d/;

/** Replaces every non-quantity digit of `folded` (a sentence folded with foldSameLength) with '#' (same length). */
export function maskNonQuantities(folded: string): string {
  // Only digits are ever masked: without any, the view is the folded sentence itself.
  if (!ANY_DIGIT.test(folded)) return folded;
  const chars = folded.split('');
  const blank = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (/\d/.test(chars[i]!)) chars[i] = '#';
  };
  for (const d of findDatesInFolded(folded)) blank(d.start, d.end);
  for (const re of MASKS) for (const m of execAll(re, folded)) blank(m.index, m.index + m[0].length);
  return chars.join('');
}

/** Vietnamese number words as printed (NFC, lower case) → value. Folding would merge "năm" (five/year), "sáu"/"sau". */
export const NUMBER_WORDS: Record<string, number> = {
  một: 1,
  hai: 2,
  ba: 3,
  bốn: 4,
  tư: 4,
  năm: 5,
  sáu: 6,
  bảy: 7,
  bẩy: 7,
  tám: 8,
  chín: 9,
  mười: 10,
};

/** Regex source for one quantity in masked folded text: digits or a number word (checked later). */
// A number word counts only right before a counted noun ("một máy scan", "hai đồng chí"):
// "năm" is also "year", "một cửa" is the one-stop shop, "một số" means "some".
const COUNTED = String.raw`(?:may|nguoi|can bo|cong chuc|dong chi|ho so|thu tuc|tthc|ma|linh vuc|luot|bien che|truong hop|bo|tin|bai|van ban|ke hoach)\b`;
// The digit forms end where the number ends: never the "89" of "89,5%" or the "1" of "1.000".
export const NUM = String.raw`(?<![a-z\d.,#/])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d#]|[.,]\d)|\d+(?:,\d+)?(?:\.\d+)?(?![a-z\d#]|[.,]\d)|(?:mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi)(?=\s+${COUNTED}))`;

// What any match of NUM needs: a digit, or a number word before a counted noun.
const QUANTITY_POSSIBLE = new RegExp(String.raw`\d|(?:mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi)(?=\s+${COUNTED})`);

/**
 * False when NUM (or any digit pattern) cannot match anywhere in the masked folded text, so a
 * rule that reads a number has nothing to read there.
 */
export function mayHoldQuantity(masked: string): boolean {
  return QUANTITY_POSSIBLE.test(masked);
}

const NUM_ANYWHERE = new RegExp(NUM, 'g');

/** Where quantities can be in one masked sentence, for the fact rules to share. */
export class QuantityPlaces {
  /** mayHoldQuantity(masked). */
  readonly possible: boolean;
  #starts: number[] | undefined;

  constructor(private readonly masked: string) {
    this.possible = mayHoldQuantity(masked);
  }

  /**
   * Every index where NUM matches, in order. A global scan finds them all: a match cannot start
   * inside another, whose characters ([a-z0-9.,]) all fail NUM's look-behind.
   */
  starts(): number[] {
    this.#starts ??= this.possible ? execAll(NUM_ANYWHERE, this.masked).map((m) => m.index) : [];
    return this.#starts;
  }
}

export interface ProseValue {
  value: number | null;
  /** Why the value is doubtful; non-empty means ambiguous. */
  doubts: string[];
  /** Kind of token: a digit string or a number word. */
  word: boolean;
}

/**
 * Reads one quantity token as printed. `unit` says what the value counts: counts must be whole
 * numbers ("10.5 người" stays ambiguous instead of becoming 105 or 10.5), percents and money may
 * not be. Returns null for a number word that is not one as printed ("nam" is not "năm").
 */
export function readProseNumber(printed: string, unit: 'count' | 'percent' | 'money_dong'): ProseValue | null {
  const p = printed.normalize('NFC').toLocaleLowerCase('vi').trim();
  if (/^\p{L}+$/u.test(p)) {
    const v = NUMBER_WORDS[p];
    return v === undefined ? null : { value: v, doubts: [], word: true };
  }
  const n = parseVietnameseNumber(p, { context: 'prose' });
  if (n.kind !== 'number' || n.value === null) return null;
  const doubts: string[] = [];
  if (unit === 'count') {
    // A count is whole: "1.000 hồ sơ" is a thousand; "10.5 người" is a typo we do not resolve.
    if (!Number.isInteger(n.value)) doubts.push('fraction_in_count');
  } else if (unit === 'percent') {
    if (n.flags.includes('ambiguous_separator')) doubts.push('ambiguous_separator');
  } else if (n.flags.includes('dot_decimal')) doubts.push('dot_decimal');
  return { value: n.value, doubts, word: false };
}

/** Multiplier of a money unit word (folded): "triệu đồng" → 1e6. */
export function moneyFactor(unitFolded: string): number {
  const u = unitFolded.replace(/\s+/g, ' ');
  if (u.startsWith('ty')) return 1e9;
  if (u.startsWith('trieu')) return 1e6;
  if (u.startsWith('nghin') || u.startsWith('ngan')) return 1e3;
  return 1;
}

/**
 * "21/7" after a quantity label may be a ratio or a date. It is a ratio when a unit, '=' or '%'
 * follows, or when it cannot be a date; otherwise it stays ambiguous.
 */
export function ratioMayBeDate(numerator: number, denominator: number, after: string): boolean {
  if (/^\s*(?:[a-z]|=|%|\()/.test(after)) return false;
  return numerator >= 1 && numerator <= 31 && denominator >= 1 && denominator <= 12;
}
