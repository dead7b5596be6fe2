// One document number cited twice with different dates or subjects.
import type { Citation, Conflict } from '../../../schemas/record.js';
import { labelSimilarity } from '../../extract/catalogue-match.js';
import { normaliseDocNumber } from '../../normalise/doc-number.js';
import { fold } from '../../text/fold.js';
import { execAll } from '../../text/regex.js';
import { citationEvidence, makeConflict } from '../conflict.js';
import { viDate } from '../period.js';
import type { ReportRule } from '../types.js';

/**
 * The document a citation names, for grouping: its number normalised as at extraction, upper-cased
 * because a reviewer may type "12/kh-ubnd" for "12/KH-UBND".
 */
function numberKey(c: Citation): string {
  const raw = c.number || c.rawNumber;
  return (normaliseDocNumber(raw)?.number ?? raw.replace(/\s+/g, '')).toUpperCase();
}

/**
 * Citations grouped by document number, keyed by the first one's number as printed (which is what
 * citationRef names); a group is dropped when two different issuers use the number.
 */
function byNumber(citations: Citation[]): [string, Citation[]][] {
  const groups = new Map<string, Citation[]>();
  for (const c of citations) {
    const k = numberKey(c);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups.values()]
    .filter((cs) => new Set(cs.map((c) => (c.issuer ? fold(c.issuer) : null)).filter(Boolean)).size <= 1)
    .map((cs) => [cs[0]!.number || cs[0]!.rawNumber, cs]);
}

const YEAR_OF_PLAN = /\bnam (\d{4})\b/g;

/** The year a plan is for: the last "năm 2023" of its subject (not "giai đoạn 2021-2025"). */
export function planYear(subject: string | null): number | null {
  if (!subject) return null;
  const years = execAll(YEAR_OF_PLAN, fold(subject)).map((m) => Number(m[1]));
  return years.length ? years[years.length - 1]! : null;
}

/** Subjects that clearly speak of different things (numbers restart every year, so two acts may share one). */
const DIFFERENT_SUBJECT = 0.35;

function differentSubjects(a: Citation, b: Citation): boolean {
  return a.subject !== null && b.subject !== null && labelSimilarity(a.subject, b.subject) < DIFFERENT_SUBJECT;
}

export const citationDateConflict: ReportRule = {
  id: 'citation_date_conflict',
  scope: 'report',
  severity: 'error',
  template: 'Văn bản số {number} được dẫn với các ngày khác nhau: {dates}.',
  description:
    'One document number (same issuer) is cited with two or more different dates, while the subjects say it is the same act. Suggests the date cited most often, or the one that fits the year the plan is for.',
  check(ctx) {
    const out: Conflict[] = [];
    for (const [number, cs] of byNumber(ctx.record.citations)) {
      const dated = cs.filter((c) => c.date !== null);
      const dates = [...new Set(dated.map((c) => c.date!))].sort();
      if (dates.length < 2) continue;
      const firsts = dates.map((d) => dated.find((c) => c.date === d)!);
      // Two acts in different years may share a number; only the same subject makes it one act.
      if (firsts.some((a, i) => firsts.slice(i + 1).some((b) => differentSubjects(a, b)))) continue;

      const count = (d: string) => dated.filter((c) => c.date === d).length;
      const year = planYear(cs.find((c) => planYear(c.subject) !== null)?.subject ?? null);
      const fits = (d: string) => year !== null && d >= `${year - 1}-10-01` && d <= `${year}-12-31`;
      const ranked = [...dates].sort((a, b) => Number(fits(b)) - Number(fits(a)) || count(b) - count(a));
      const best = ranked[0]!;
      const unique = ranked.length < 2 || fits(best) !== fits(ranked[1]!) || count(best) !== count(ranked[1]!);
      out.push(
        makeConflict(this, {
          refs: [`citation:${number}`],
          values: dates,
          evidence: firsts.map(citationEvidence),
          vars: { number, dates: dates.map(viDate).join(' và ') },
          suggestion: unique
            ? {
                ref: `citation:${number}`,
                value: best,
                why: fits(best) && year !== null ? `Ngày ${viDate(best)} phù hợp với kế hoạch năm ${year}` : `Ngày ${viDate(best)} được dẫn nhiều lần hơn`,
              }
            : undefined,
        }),
      );
    }
    return out;
  },
};

export const citationSubjectConflict: ReportRule = {
  id: 'citation_subject_conflict',
  scope: 'report',
  severity: 'warning',
  template: 'Văn bản số {number} được dẫn với hai trích yếu khác nhau: "{a}" và "{b}".',
  description: 'One document number with the same (or an unknown) date is cited with two clearly different subjects.',
  check(ctx) {
    const out: Conflict[] = [];
    for (const [number, cs] of byNumber(ctx.record.citations)) {
      const pair = cs.flatMap((a, i) =>
        cs.slice(i + 1).flatMap((b) => ((a.date === b.date || !a.date || !b.date) && differentSubjects(a, b) ? [[a, b] as const] : [])),
      )[0];
      if (!pair) continue;
      const [a, b] = pair;
      out.push(
        makeConflict(this, {
          refs: [`citation:${number}`],
          values: [a.subject, b.subject],
          evidence: [citationEvidence(a), citationEvidence(b)],
          vars: { number, a: a.subject!, b: b.subject! },
        }),
      );
    }
    return out;
  },
};
