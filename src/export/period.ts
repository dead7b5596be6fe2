// Period codes used on the command line and in URLs ("2023-Q3", "2023-H1", "2023-9T", "2023-M05",
// "2023") and their Vietnamese labels. Pure functions.
import type { ReportFilter } from '../store/review.js';

export interface PeriodParts {
  periodKind: string | null;
  periodNumber: number | null;
  periodYear: number | null;
}

const ROMAN = ['', 'I', 'II', 'III', 'IV'];

/**
 * Parses a period code into a report filter; null when it is not one. A bare year selects every
 * report of that year (any kind), "2023-N" only the whole-year reports.
 */
export function parsePeriodCode(code: string): Pick<ReportFilter, 'periodYear' | 'periodKind' | 'periodNumber'> | null {
  const s = code.trim().toUpperCase();
  let m = /^(\d{4})$/.exec(s);
  if (m) return { periodYear: Number(m[1]) };
  m = /^(\d{4})-?Q([1-4])$/.exec(s);
  if (m) return { periodYear: Number(m[1]), periodKind: 'quarter', periodNumber: Number(m[2]) };
  m = /^(\d{4})-?H([12])$/.exec(s);
  if (m) return { periodYear: Number(m[1]), periodKind: 'half', periodNumber: Number(m[2]) };
  m = /^(\d{4})-?M(0?[1-9]|1[0-2])$/.exec(s);
  if (m) return { periodYear: Number(m[1]), periodKind: 'month', periodNumber: Number(m[2]) };
  m = /^(\d{4})-?9T$/.exec(s);
  if (m) return { periodYear: Number(m[1]), periodKind: 'nine_months' };
  m = /^(\d{4})-?N$/.exec(s);
  if (m) return { periodYear: Number(m[1]), periodKind: 'year' };
  return null;
}

/** The code of a stored period ("2023-Q3"), "" when the period is unknown. */
export function periodCode(p: PeriodParts): string {
  if (p.periodYear === null) return '';
  const y = String(p.periodYear);
  switch (p.periodKind) {
    case 'quarter':
      return p.periodNumber ? `${y}-Q${p.periodNumber}` : y;
    case 'half':
      return p.periodNumber ? `${y}-H${p.periodNumber}` : y;
    case 'month':
      return p.periodNumber ? `${y}-M${String(p.periodNumber).padStart(2, '0')}` : y;
    case 'nine_months':
      return `${y}-9T`;
    case 'year':
      return `${y}-N`;
    default:
      return y;
  }
}

/** "Quý III/2023", "6 tháng đầu năm 2023", "Năm 2023"; "Không rõ kỳ" when unknown. */
export function periodLabel(p: PeriodParts): string {
  const y = p.periodYear === null ? '' : String(p.periodYear);
  const n = p.periodNumber;
  switch (p.periodKind) {
    case 'quarter':
      return n ? `Quý ${ROMAN[n] ?? n}${y ? `/${y}` : ''}` : `Quý ? ${y}`.trim();
    case 'half':
      return `6 tháng ${n === 2 ? 'cuối' : 'đầu'} năm ${y}`.trim();
    case 'nine_months':
      return `9 tháng năm ${y}`.trim();
    case 'year':
      return `Năm ${y}`.trim();
    case 'month':
      return n ? `Tháng ${n}${y ? `/${y}` : ''}` : `Tháng ? ${y}`.trim();
    default:
      return y ? `Năm ${y} (không rõ kỳ)` : 'Không rõ kỳ';
  }
}
