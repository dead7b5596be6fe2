// The one Vietnamese number normaliser. Vietnamese print uses '.' to group thousands and ','
// for decimals: "1.000" is one thousand, "99,6" is 99.6, "01" is 1, and a blank cell means
// "not reported" — never zero.
import type { NormalisedNumber } from '../../schemas/record.js';
import { clean } from '../text/fold.js';

export interface NumberOptions {
  /**
   * In prose, "10.5" may be a decimal written the English way (scores); in table cells a single
   * dot followed by exactly three digits is always a thousands separator. Default: 'table'.
   */
  context?: 'table' | 'prose';
}

const DASHES = /^[-–—_.…]+$/;
// Digits with '.' thousands groups and an optional ',' decimal part: 4.852.000.000 / 1.000 / 99,6
const VN_GROUPED = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
const VN_PLAIN = /^\d+(?:,\d+)?$/;
// English-style decimal "10.5" / "99.60" (not a thousands group: not exactly 3 digits after the dot)
const DOT_DECIMAL = /^\d+\.\d+$/;
// English thousands with commas "1,234,567"
const EN_GROUPED = /^\d{1,3}(?:,\d{3}){2,}$/;
// "8/8"; OCR reads the slash as a fraction slash (⁄) or a division slash (∕) as often as not.
const RATIO = /^(\d[\d.,]*)\s*[/⁄∕]\s*(\d[\d.,]*)$/;

function blank(flags: string[] = []): NormalisedNumber {
  return { kind: 'blank', value: null, flags };
}

function text(flags: string[] = []): NormalisedNumber {
  return { kind: 'text', value: null, flags: ['text_in_numeric_cell', ...flags] };
}

/** Parses a bare numeric token (no sign, no %, no spaces) or returns null when it is not one. */
function parseToken(token: string, context: 'table' | 'prose'): { value: number; decimals: number; flags: string[] } | null {
  const flags: string[] = [];
  if (VN_GROUPED.test(token)) {
    const [intPart, decPart = ''] = token.split(',') as [string, string?];
    const value = Number(intPart.replace(/\./g, '') + (decPart ? `.${decPart}` : ''));
    // "1.000" in prose may still be an English decimal in some score tables; say so, keep thousands.
    if (context === 'prose' && /^\d{1,3}\.\d{3}$/.test(token)) flags.push('ambiguous_separator');
    return { value, decimals: decPart.length, flags };
  }
  if (VN_PLAIN.test(token)) {
    const [intPart, decPart = ''] = token.split(',') as [string, string?];
    return { value: Number(intPart + (decPart ? `.${decPart}` : '')), decimals: decPart.length, flags };
  }
  if (DOT_DECIMAL.test(token)) {
    // "10.5" / "99.60": not a thousands group, so a decimal point written the English way.
    const decimals = token.split('.')[1]!.length;
    return { value: Number(token), decimals, flags: ['dot_decimal'] };
  }
  if (EN_GROUPED.test(token)) {
    return { value: Number(token.replace(/,/g, '')), decimals: 0, flags: ['comma_thousands'] };
  }
  return null;
}

/**
 * Normalises one printed value. Examples: "1.000"→1000, "4.852.000.000"→4852000000, "99,6"→99.6,
 * "55,55%"→55.55 (percent), "01"→1, ""→blank, "8/8"→ratio {8, 8} with value null, "Có"→text.
 */
export function parseVietnameseNumber(raw: string, options: NumberOptions = {}): NormalisedNumber {
  const context = options.context ?? 'table';
  const s = clean(raw);
  if (s === '') return blank();
  if (DASHES.test(s)) return blank(['dash_for_blank']);

  const ratio = RATIO.exec(s);
  if (ratio) {
    const n = parseToken(ratio[1]!, context);
    const d = parseToken(ratio[2]!, context);
    // A fraction slash is also what OCR makes of a decimal comma ("75⁄1" for "75,1"): it is a
    // ratio only as a part of a whole ("3⁄3"), never more than the whole.
    const ocrSlash = !s.includes('/');
    if (n && d && !(ocrSlash && n.value > d.value)) {
      return { kind: 'ratio', value: null, numerator: n.value, denominator: d.value, flags: [] };
    }
  }

  let body = s;
  let percent = false;
  if (/%$/.test(body)) {
    percent = true;
    body = body.replace(/\s*%$/, '');
  }
  let sign = 1;
  if (/^[-−]\s*\d/.test(body)) {
    sign = -1;
    body = body.replace(/^[-−]\s*/, '');
  }
  const parsed = parseToken(body, context);
  if (!parsed) return text();
  const result: NormalisedNumber = {
    kind: 'number',
    value: sign * parsed.value,
    decimals: parsed.decimals,
    flags: parsed.flags,
  };
  if (percent) result.percent = true;
  return result;
}

/** Number of decimals for a plain JS number (used to print values back the Vietnamese way). */
export function formatVietnameseNumber(value: number, decimals?: number): string {
  const fixed = decimals === undefined ? String(value) : value.toFixed(decimals);
  const [intPart, decPart] = fixed.split('.') as [string, string?];
  const negative = intPart.startsWith('-');
  const digits = negative ? intPart.slice(1) : intPart;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped}${decPart ? `,${decPart}` : ''}`;
}
