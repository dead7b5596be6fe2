// Dates that do not fit the report's period: the report's own date, acts dated after the report,
// plans for a year dated outside the window in which such plans are issued.
import type { Conflict } from '../../../schemas/record.js';
import { fold } from '../../text/fold.js';
import { citationEvidence, citationRef, makeConflict } from '../conflict.js';
import { addDays, nextPeriodRange, periodId, periodRange, viDate } from '../period.js';
import type { ReportRule } from '../types.js';
import { planYear } from './citations.js';

/**
 * Periodic reports are written once the period's figures are cut off, which the reporting regime
 * puts in the period's last month or shortly before (Nghị định 09/2019: the 15th of the month
 * before the last month). Earlier than this many days before the period ends is suspicious.
 */
export const EARLIEST_DAYS_BEFORE_END = 60;

function reportEvidence(record: Parameters<ReportRule['check']>[0]['record'], field: string, text: string) {
  const prov = record.report?.provenance[field];
  return prov ? [{ ...prov, text }] : [{ file: record.source.file, block: 0, text }];
}

export const reportDateOutsidePeriod: ReportRule = {
  id: 'report_date_outside_period',
  scope: 'report',
  severity: 'warning',
  template: 'Báo cáo {period} ghi ngày {date}: {problem}.',
  description: `The report's date does not fit its period: before the period starts (error), more than ${EARLIEST_DAYS_BEFORE_END} days before it ends, or after the next period of the same length has ended (the next report would already be due).`,
  check(ctx) {
    const r = ctx.record.report;
    if (!r?.date || !r.period) return [];
    const range = periodRange(r.period);
    const next = nextPeriodRange(r.period);
    if (!range || !next) return [];
    let problem: string | null = null;
    let severity: 'error' | 'warning' = 'warning';
    if (r.date < range.start) {
      problem = `trước khi kỳ báo cáo bắt đầu (${viDate(range.start)})`;
      severity = 'error';
    } else if (r.date < addDays(range.end, -EARLIEST_DAYS_BEFORE_END)) {
      problem = `sớm hơn ${EARLIEST_DAYS_BEFORE_END} ngày trước khi kỳ báo cáo kết thúc (${viDate(range.end)})`;
    } else if (r.date > next.end) {
      problem = `sau khi cả kỳ báo cáo tiếp theo đã kết thúc (${viDate(next.end)})`;
    }
    if (!problem) return [];
    return [
      makeConflict(this, {
        refs: ['report:date', 'report:period'],
        values: [r.date, periodId(r.period)],
        evidence: [...reportEvidence(ctx.record, 'date', r.date), ...reportEvidence(ctx.record, 'period', r.period.raw)],
        vars: { period: r.period.raw, date: viDate(r.date), problem },
        severity,
      }),
    ];
  },
};

export const citationAfterReport: ReportRule = {
  id: 'citation_after_report',
  scope: 'report',
  severity: 'error',
  template: 'Văn bản số {number} ghi ngày {cited}, sau ngày của chính báo cáo ({date}).',
  description: 'An act cited by the report is dated after the report itself.',
  check(ctx) {
    const date = ctx.record.report?.date;
    if (!date) return [];
    return ctx.record.citations
      .filter((c) => c.date !== null && c.date > date)
      .map((c) =>
        makeConflict(this, {
          refs: [citationRef(c), 'report:date'],
          values: [c.date, date],
          evidence: [citationEvidence(c), ...reportEvidence(ctx.record, 'date', date)],
          vars: { number: c.number, cited: viDate(c.date!), date: viDate(date) },
        }),
      );
  },
};

export const planDatedOutsideYear: ReportRule = {
  id: 'plan_dated_outside_year',
  scope: 'report',
  severity: 'warning',
  template: '{doc} số {number} về "{subject}" (năm {year}) lại ghi ngày {date}.',
  description:
    'A plan or programme for a given year ("năm 2023") is dated before 1 October of the year before (plans are issued from late in the previous year) or after that year has ended.',
  check(ctx) {
    const out: Conflict[] = [];
    for (const c of ctx.record.citations) {
      const doc = fold(c.docType);
      if (!c.date || !(doc.includes('ke hoach') || doc.includes('chuong trinh'))) continue;
      const year = planYear(c.subject);
      if (year === null || (c.date >= `${year - 1}-10-01` && c.date <= `${year}-12-31`)) continue;
      out.push(
        makeConflict(this, {
          refs: [citationRef(c), `citation-date:${c.date}`],
          values: [c.date, year],
          evidence: [citationEvidence(c)],
          vars: { doc: c.docType, number: c.number, subject: c.subject!, year: String(year), date: viDate(c.date) },
        }),
      );
    }
    return out;
  },
};
