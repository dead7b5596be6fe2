// What the cross-report rules share: which stored reports are comparable, and how to name a row
// of another report in refs and evidence.
import type { Indicator, ReportRecord } from '../../../schemas/record.js';
import { fold } from '../../text/fold.js';
import { indicatorEvidence, indicatorRef } from '../conflict.js';
import { periodId } from '../period.js';

/** Same reporting unit, when both records say; the caller already picked the unit's reports. */
export function sameUnit(a: ReportRecord, b: ReportRecord): boolean {
  const ra = a.report;
  const rb = b.report;
  if (ra?.unitName && rb?.unitName && fold(ra.unitName) !== fold(rb.unitName)) return false;
  if (ra?.unitKind && rb?.unitKind && ra.unitKind !== rb.unitKind) return false;
  return true;
}

/** Other reports of the unit, never the record itself (same file content). */
export function peers(record: ReportRecord, others: ReportRecord[]): ReportRecord[] {
  return others.filter((o) => o !== record && o.source.sha256 !== record.source.sha256 && sameUnit(record, o));
}

export function rowByKey(record: ReportRecord, key: string): Indicator | undefined {
  return record.indicators.find((i) => i.key === key);
}

export function pid(record: ReportRecord): string {
  return record.report?.period ? periodId(record.report.period) : 'unknown';
}

/** "period:2023-Q3:form3:3.3.1" */
export function periodRowRef(record: ReportRecord, ind: Indicator): string {
  return `period:${pid(record)}:${indicatorRef(ind)}`;
}

export function periodRowEvidence(record: ReportRecord, ind: Indicator) {
  const e = indicatorEvidence(ind);
  return { ...e, text: `${record.report?.period?.raw ?? pid(record)} — ${e.text}` };
}
