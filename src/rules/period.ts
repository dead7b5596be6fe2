// Calendar arithmetic on report periods (quarters, halves, nine months, years), in ISO dates.
import type { Period } from '../../schemas/record.js';

export interface DateRange {
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(d)}`;
}

/** First and last month (1..12) a period covers, or null when it cannot be placed. */
function months(p: Period): [number, number] | null {
  const n = p.number;
  switch (p.kind) {
    case 'quarter':
      return n && n >= 1 && n <= 4 ? [3 * n - 2, 3 * n] : null;
    case 'half':
      return n === 1 || n === 2 ? [6 * n - 5, 6 * n] : null;
    case 'nine_months':
      return [1, 9];
    case 'year':
      return [1, 12];
    case 'month':
      return n && n >= 1 && n <= 12 ? [n, n] : null;
    default:
      return null;
  }
}

export function periodRange(p: Period): DateRange | null {
  const m = months(p);
  if (!m || p.year === null) return null;
  return { start: `${p.year}-${pad(m[0])}-01`, end: lastDay(p.year, m[1]) };
}

/** Quarters (1..4) a period is made of; null for months and unplaceable periods. */
export function quartersOf(p: Period): number[] | null {
  const m = months(p);
  if (!m || p.kind === 'month') return null;
  const out: number[] = [];
  for (let q = Math.ceil(m[0] / 3); q <= m[1] / 3; q++) out.push(q);
  return out;
}

/** The same-length period right after this one (the next quarter, the next year...). */
export function nextPeriodRange(p: Period): DateRange | null {
  const r = periodRange(p);
  const m = months(p);
  if (!r || !m || p.year === null) return null;
  const length = m[1] - m[0] + 1;
  let startMonth = m[1] + 1;
  let year = p.year;
  if (startMonth > 12) {
    startMonth -= 12;
    year += 1;
  }
  let endMonth = startMonth + length - 1;
  let endYear = year;
  if (endMonth > 12) {
    endMonth -= 12;
    endYear += 1;
  }
  return { start: `${year}-${pad(startMonth)}-01`, end: lastDay(endYear, endMonth) };
}

/** Stable short id: "2023-Q3", "2023-H1", "2023-9M", "2023-Y", "2023-M05". */
export function periodId(p: Period): string {
  const y = p.year ?? '????';
  switch (p.kind) {
    case 'quarter':
      return `${y}-Q${p.number ?? '?'}`;
    case 'half':
      return `${y}-H${p.number ?? '?'}`;
    case 'nine_months':
      return `${y}-9M`;
    case 'year':
      return `${y}-Y`;
    case 'month':
      return `${y}-M${pad(p.number ?? 0)}`;
    default:
      return `${y}-${p.raw}`;
  }
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** "2023-02-20" → "20/02/2023", the way reports print dates. */
export function viDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
