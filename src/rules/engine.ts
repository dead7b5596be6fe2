// Runs the registry's rules over a record. Pure: no I/O, same input gives the same conflicts in
// the same order, each once (by fingerprint).
import type { Conflict, ReportRecord } from '../../schemas/record.js';
import { indexRecord } from './record-index.js';
import { CROSS_RULES, REPORT_RULES } from './registry.js';
import type { ReportRuleOptions } from './types.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function settle(conflicts: Conflict[]): Conflict[] {
  const seen = new Map<string, Conflict>();
  for (const c of conflicts) if (!seen.has(c.fingerprint)) seen.set(c.fingerprint, c);
  return [...seen.values()].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.fingerprint.localeCompare(b.fingerprint),
  );
}

/**
 * In-report checks. Indicators must already carry catalogue keys (matchCatalogue) and facts
 * their keys; rows without a key take part only in the value-kind check.
 */
export function runReportRules(record: ReportRecord, options: ReportRuleOptions = {}): Conflict[] {
  const ctx = { record, index: indexRecord(record), texts: options.texts ?? record.narrative ?? [] };
  return settle(REPORT_RULES.flatMap((rule) => rule.check(ctx)));
}

/** Checks against the unit's other stored reports (the caller picks them; `record` may be among them). */
export function runCrossReportRules(record: ReportRecord, others: ReportRecord[]): Conflict[] {
  const ctx = { record, others };
  return settle(CROSS_RULES.flatMap((rule) => rule.check(ctx)));
}
