// Vietnamese dates in prose and headers: "ngày 08 tháng 9 năm 2023", "ngày 08/9/2023",
// "28/2/2023", "20-02-2023", "20.02.2023". Day first, always. Matching runs on folded text
// ("ngay", "thang", "nam") so tone-mark typos and missing diacritics do not matter.
import { foldSameLength } from '../text/fold.js';
import { execAll } from '../text/regex.js';

export interface DateMention {
  /** ISO yyyy-mm-dd, or null when the printed date is incomplete or impossible. */
  iso: string | null;
  day: number | null;
  month: number | null;
  year: number | null;
  /** [start, end) offsets in the text that was searched. */
  start: number;
  end: number;
  /** Why iso is null: 'blank_day' ("ngày   tháng 9 năm 2023"), 'invalid' (31/02/2023), 'no_year'. */
  problem?: 'blank_day' | 'blank_month' | 'invalid' | 'no_year';
}

/** ISO date for a day/month/year, or null when no such calendar day exists. Two-digit years are 20yy. */
export function isoDate(year: number, month: number, day: number): string | null {
  const y = year < 100 ? 2000 + year : year;
  if (y < 1900 || y > 2100 || month < 1 || month > 12 || day < 1) return null;
  const dim = new Date(Date.UTC(y, month, 0)).getUTCDate();
  if (day > dim) return null;
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// "ngày 08 tháng 9 năm 2023" (day or month may be left blank in drafts: "ngày    tháng 9 năm 2023").
const WORDY = /\bngay\s*(\d{1,2})?\s*(?:thang)\s*(\d{1,2})?\s*(?:nam)\s*(\d{4})\b/g;
// "08/9/2023", "8-9-2023", "08.9.2023"; the same separator twice; not part of a longer number.
const NUMERIC = /(?<![\d/.,-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/]|[.,-]\d)/g;
// A day and month with no year, in words or with a slash.
const DAY_MONTH_WORDY = /\bngay\s*(\d{1,2})\s*thang\s*(\d{1,2})(?!\s*nam|\d)/g;
const DAY_MONTH_NUMERIC = /\bngay\s+(\d{1,2})\s*\/\s*(\d{1,2})(?![\d/])/g;

/**
 * Every date mention in `text`, in order. Offsets index into `text` itself (the matching runs on a
 * same-length folded copy). "ngày 21/7" without a year is reported with iso null, problem 'no_year'.
 */
export function findDates(text: string): DateMention[] {
  return findDatesInFolded(foldSameLength(text));
}

/** findDates for a text already folded with foldSameLength (offsets are the same in both). */
export function findDatesInFolded(folded: string): DateMention[] {
  const out: DateMention[] = [];
  for (const m of execAll(WORDY, folded)) {
    const day = m[1] ? Number(m[1]) : null;
    const month = m[2] ? Number(m[2]) : null;
    const year = Number(m[3]);
    const mention: DateMention = { iso: null, day, month, year, start: m.index, end: m.index + m[0].length };
    if (day === null) mention.problem = 'blank_day';
    else if (month === null) mention.problem = 'blank_month';
    else {
      mention.iso = isoDate(year, month, day);
      if (!mention.iso) mention.problem = 'invalid';
    }
    out.push(mention);
  }
  for (const m of execAll(NUMERIC, folded)) {
    const start = m.index;
    if (out.some((d) => start >= d.start && start < d.end)) continue;
    const day = Number(m[1]);
    const month = Number(m[3]);
    const yRaw = m[4]!;
    const year = yRaw.length === 2 ? 2000 + Number(yRaw) : Number(yRaw);
    const iso = isoDate(year, month, day);
    out.push({ iso, day, month, year, start, end: start + m[0].length, ...(iso ? {} : { problem: 'invalid' as const }) });
  }
  // "ngày 26 tháng 12" cut by a page break, or "ngày 21/7": a day and month with no year.
  for (const m of execAll(DAY_MONTH_WORDY, folded)) {
    out.push({ iso: null, day: Number(m[1]), month: Number(m[2]), year: null, start: m.index, end: m.index + m[0].length, problem: 'no_year' });
  }
  // "ngày 21/7" — a day and month with no year: a date, but not a complete one.
  for (const m of execAll(DAY_MONTH_NUMERIC, folded)) {
    const start = m.index;
    if (out.some((d) => start < d.end && d.start < start + m[0].length)) continue;
    out.push({ iso: null, day: Number(m[1]), month: Number(m[2]), year: null, start, end: start + m[0].length, problem: 'no_year' });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The ISO date of a string that is (or contains) one date, else null. Any normal form is accepted
 * (no offsets come back, so the text can be composed first: "ngày" typed decomposed still reads).
 */
export function parseVietnameseDate(text: string): string | null {
  return findDates(text.normalize('NFC')).find((d) => d.iso)?.iso ?? null;
}
