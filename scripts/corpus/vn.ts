// Printing values the way Vietnamese reports print them: '.' groups thousands, ',' marks decimals,
// small counts sometimes zero-padded ("01"), dates as "08/9/2023" or "ngày 08 tháng 9 năm 2023".
import type { Rng } from './prng.js';

/** 1234567 → "1.234.567"; 99.6 → "99,6" (at most `decimals` digits, trailing zeros dropped). */
export function vnNumber(value: number, decimals = 0): string {
  const fixed = value.toFixed(decimals);
  let [intPart, decPart = ''] = fixed.split('.') as [string, string?];
  decPart = decPart.replace(/0+$/, '');
  const negative = intPart.startsWith('-');
  const digits = negative ? intPart.slice(1) : intPart;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped}${decPart ? `,${decPart}` : ''}`;
}

/** A count as clerks type it: sometimes "01".."09" for one digit (the seed's "quá hạn 01 hồ sơ"). */
export function vnCount(value: number, pad: boolean): string {
  return pad && value >= 0 && value < 10 ? `0${value}` : vnNumber(value);
}

/** Rounds a percentage to what gets printed and returns both. */
export function rate(part: number, whole: number, decimals: number): { value: number; text: string } {
  const raw = whole === 0 ? 0 : (part / whole) * 100;
  const f = 10 ** decimals;
  const value = Math.round(raw * f) / f;
  return { value, text: vnNumber(value, decimals) };
}

export interface YMD {
  y: number;
  m: number;
  d: number;
}

export function iso(date: YMD): string {
  return `${date.y}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addDays(date: YMD, days: number): YMD {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d) + days * 86_400_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export function compareYmd(a: YMD, b: YMD): number {
  return iso(a) < iso(b) ? -1 : iso(a) > iso(b) ? 1 : 0;
}

/** A random day in [from, to]. */
export function randomDay(rng: Rng, from: YMD, to: YMD): YMD {
  const a = Date.UTC(from.y, from.m - 1, from.d);
  const b = Date.UTC(to.y, to.m - 1, to.d);
  const days = Math.round((b - a) / 86_400_000);
  return addDays(from, rng.int(0, Math.max(0, days)));
}

export type DateStyle = 'slash' | 'slash_padded' | 'words';

/** "2/3/2023", "02/03/2023" or "ngày 02 tháng 3 năm 2023"-style body (without the word "ngày"). */
export function vnDate(date: YMD, style: DateStyle): string {
  switch (style) {
    case 'slash':
      return `${date.d < 10 ? `0${date.d}` : date.d}/${date.m}/${date.y}`;
    case 'slash_padded':
      return `${String(date.d).padStart(2, '0')}/${String(date.m).padStart(2, '0')}/${date.y}`;
    case 'words':
      return `${String(date.d).padStart(2, '0')} tháng ${date.m} năm ${date.y}`;
  }
}

export const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'] as const;

export type PeriodKind = 'quarter' | 'half' | 'nine_months' | 'year';

export interface Period {
  kind: PeriodKind;
  /** Quarter 1..4, half 1; null for nine_months/year. */
  number: number | null;
  year: number;
}

/** "Quý III năm 2023", "6 tháng đầu năm 2023", "9 tháng đầu năm 2023", "năm 2023". */
export function periodLabel(p: Period): string {
  switch (p.kind) {
    case 'quarter':
      return `Quý ${ROMAN[(p.number ?? 1) - 1]} năm ${p.year}`;
    case 'half':
      return `6 tháng đầu năm ${p.year}`;
    case 'nine_months':
      return `9 tháng đầu năm ${p.year}`;
    case 'year':
      return `năm ${p.year}`;
  }
}

/** The short form used in running text and the closing line: "Quý III/2023", "6 tháng đầu năm 2023". */
export function periodShort(p: Period): string {
  return p.kind === 'quarter' ? `Quý ${ROMAN[(p.number ?? 1) - 1]}/${p.year}` : periodLabel(p);
}

export function periodBounds(p: Period): { start: YMD; end: YMD } {
  const endMonth = p.kind === 'quarter' ? (p.number ?? 1) * 3 : p.kind === 'half' ? 6 : p.kind === 'nine_months' ? 9 : 12;
  const startMonth = p.kind === 'quarter' ? endMonth - 2 : 1;
  return { start: { y: p.year, m: startMonth, d: 1 }, end: { y: p.year, m: endMonth, d: daysInMonth(p.year, endMonth) } };
}

/** What the "phương hướng" section looks ahead to. */
export function nextPeriodLabel(p: Period): string {
  switch (p.kind) {
    case 'quarter':
      return p.number === 4 ? `QUÝ I/${p.year + 1}` : `QUÝ ${ROMAN[p.number ?? 1]}/${p.year}`;
    case 'half':
      return `6 THÁNG CUỐI NĂM ${p.year}`;
    case 'nine_months':
      return `QUÝ IV/${p.year}`;
    case 'year':
      return `NĂM ${p.year + 1}`;
  }
}

/** Upper case the Vietnamese way (for "XÃ TIÊN ĐỘNG" headers). */
export function upper(text: string): string {
  return text.toLocaleUpperCase('vi');
}
