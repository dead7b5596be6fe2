// The report's title ("BÁO CÁO" / "Công tác cải cách hành chính Quý III năm 2023") and the period
// it reports on.
import type { Provenance } from '../../schemas/document.js';
import type { Period } from '../../schemas/record.js';
import { findDates } from '../normalise/date.js';
import { foldSameLength } from '../text/fold.js';
import { span, type Line } from './meta-lines.js';
import { tidy } from './sentences.js';

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/**
 * The reporting period named in a text: "Quý III năm 2023", "quý 3/2023", "6 tháng đầu năm 2024",
 * "6 tháng cuối năm", "9 tháng năm 2023", "tháng 5 năm 2023", "năm 2023". First match in this
 * order wins, so "6 tháng đầu năm 2024" is a half, not a year.
 */
export function parsePeriod(text: string): Period | null {
  // Dates are not periods: "ngày 30 tháng 12 năm 2022" must not read as the year 2022.
  let folded = foldSameLength(text);
  for (const d of findDates(text)) folded = folded.slice(0, d.start) + '#'.repeat(d.end - d.start) + folded.slice(d.end);
  const raw = (m: RegExpExecArray) => tidy(text.slice(m.index, m.index + m[0].length));
  const yearAfter = /^\s*(?:nam|\/|-)\s*(\d{4})/;
  const year = (m: RegExpExecArray) => {
    const y = yearAfter.exec(folded.slice(m.index + m[0].length));
    return y ? { year: Number(y[1]), len: y[0].length } : { year: null, len: 0 };
  };
  const withYear = (m: RegExpExecArray, kind: Period['kind'], number: number | null): Period => {
    const y = year(m);
    return { kind, number, year: y.year, raw: tidy(text.slice(m.index, m.index + m[0].length + y.len)) };
  };
  let m = /\bquy\s+(iv|i{1,3}|[1-4])\b/.exec(folded);
  if (m) return withYear(m, 'quarter', ROMAN[m[1]!] ?? Number(m[1]));
  m = /\b(?:0?6|sau)\s+thang\s+(dau|cuoi)(?:\s+nam)?\b/.exec(folded);
  if (m) {
    const y = /^\s*(\d{4})/.exec(folded.slice(m.index + m[0].length));
    const p: Period = { kind: 'half', number: m[1] === 'dau' ? 1 : 2, year: y ? Number(y[1]) : null, raw: raw(m) };
    if (y) p.raw = tidy(text.slice(m.index, m.index + m[0].length + y[0].length));
    return p;
  }
  m = /\b(?:0?9|chin)\s+thang(?:\s+dau)?(?=\s+nam\b|\s*$|\s*[,.;])/.exec(folded);
  if (m) return withYear(m, 'nine_months', null);
  m = /\bthang\s+(0?[1-9]|1[0-2])(?=\s*(?:nam\b|[/-]\s*\d{4}))/.exec(folded);
  if (m) return withYear(m, 'month', Number(m[1]));
  m = /\bnam\s+(\d{4})\b/.exec(folded);
  if (m) return { kind: 'year', number: null, year: Number(m[1]), raw: raw(m) };
  return null;
}

export interface ReportTitle {
  /** Index in the header lines of the "BÁO CÁO" line; -1 when there is none. */
  at: number;
  title: string | null;
  prov: Provenance | null;
}

/** The title: the line(s) after "BÁO CÁO" (or the rest of a "BÁO CÁO …" line). */
export function readTitle(header: Line[]): ReportTitle {
  const at = header.findIndex((l) => /^\s*bao cao\b/.test(l.folded) && l.text.length < 250);
  if (at < 0) return { at, title: null, prov: null };
  const head = header[at]!;
  const parts: Array<{ line: Line; from: number }> = [];
  const rest = /^\s*bao cao\s*[:.-]?\s*/.exec(head.folded)![0].length;
  if (tidy(head.text.slice(rest))) parts.push({ line: head, from: rest });
  else {
    for (const l of header.slice(at + 1, at + 4)) {
      if (/^\s*(?:kinh gui|thuc hien|can cu|theo|trien khai)\b/.test(l.folded) || l.text.length > 200 || /[.:]\s*$/.test(l.text)) break;
      parts.push({ line: l, from: 0 });
    }
  }
  if (!parts.length) return { at, title: null, prov: null };
  const title = tidy(parts.map((p) => p.line.text.slice(p.from)).join(' ')).replace(/^(?:V\/v|về)\s+/iu, '');
  return { at, title: title.charAt(0).toLocaleUpperCase('vi') + title.slice(1), prov: span(parts[0]!.line, parts[0]!.from, parts[0]!.line.text.length) };
}

/**
 * The period: from the title (joined: a PDF may wrap "… 9 tháng đầu" / "năm 2022"), else from the
 * title's lines or the opening paragraphs.
 */
export function readPeriod(title: ReportTitle, header: Line[], lines: Line[]): { period: Period; prov: Provenance } | null {
  const fromTitle = title.title ? parsePeriod(title.title) : null;
  if (fromTitle && fromTitle.year !== null && title.prov) return { period: fromTitle, prov: title.prov };
  const sources: Line[] = [];
  if (title.title && title.prov) sources.push(...header.filter((l) => l.order >= header[title.at]!.order).slice(0, 4));
  sources.push(...lines.slice(0, 40));
  for (const line of sources) {
    const p = parsePeriod(line.text);
    if (!p) continue;
    const at = line.text.indexOf(p.raw);
    const period = p.year === null ? { ...p, year: yearElsewhere(p, [...sources, ...lines]) } : p;
    return { period, prov: at >= 0 ? span(line, at, at + p.raw.length) : line.prov };
  }
  return null;
}

/**
 * The year of a period named without one ("Quý I", "9 tháng đầu năm" in a title): the same period
 * named with its year elsewhere ("trong quý I năm 2020"), else the year the opening lines name
 * ("năm 2023"). Null when the text names neither.
 */
function yearElsewhere(p: Period, lines: Line[]): number | null {
  let year: number | null = null;
  for (const line of lines) {
    const q = parsePeriod(line.text);
    if (!q || q.year === null) continue;
    if (q.kind === p.kind && q.number === p.number) return q.year;
    if (q.kind === 'year' && year === null) year = q.year;
  }
  return year;
}
