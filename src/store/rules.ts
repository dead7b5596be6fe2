// The one place the store runs the conflict rules (src/rules): on the record with reviewers'
// corrections on top, and across the other reports of the same unit.
import { ConflictSchema, type Conflict, type ReportRecord } from '../../schemas/record.js';
import { CROSS_FIGURE_KEYS, runCrossReportRules, runReportRules } from '../rules/index.js';
import type { CrossFields } from './cross-index.js';

export interface RulesModule {
  runReportRules(record: ReportRecord): Conflict[];
  runCrossReportRules(record: ReportRecord, others: ReportRecord[]): Conflict[];
  /**
   * The indicator rows runCrossReportRules reads of the other reports (the store reads only those);
   * undeclared, every row.
   */
  crossFields?: CrossFields;
}

const realRules: RulesModule = { runReportRules: (r) => runReportRules(r), runCrossReportRules, crossFields: { keys: CROSS_FIGURE_KEYS } };
let active: Partial<RulesModule> | null = realRules;

/**
 * For tests and embedders: use these rules instead of src/rules (null: none, keep the conflicts
 * the pipeline put in the record; undefined: back to src/rules).
 */
export function setRulesModule(rules: Partial<RulesModule> | null | undefined): void {
  active = rules === undefined ? realRules : rules;
}

/** Whether the active rules compare reports (if not, the store need not read the unit's other reports). */
export function crossRulesActive(): boolean {
  return typeof active?.runCrossReportRules === 'function';
}

/** Which rows of the other reports the active cross-report rules read. */
export function crossFieldsActive(): CrossFields | 'all' {
  return active?.crossFields ?? 'all';
}

export interface ApplyOptions {
  /**
   * The record's own conflicts as src/rules gave them for this very record (the pipeline ran the
   * report rules when it built it, and nothing has been corrected since): used instead of running
   * the report rules again, when src/rules are the active rules.
   */
  reportConflicts?: Conflict[];
}

/**
 * Conflicts of one (corrected) record: its own rules plus the cross-report rules against the
 * other reports of the same unit. Results are validated and de-duplicated by fingerprint.
 */
export async function applyRules(record: ReportRecord, others: ReportRecord[], opts: ApplyOptions = {}): Promise<Conflict[]> {
  const rules = active;
  const found: Conflict[] = [];
  if (rules === realRules && opts.reportConflicts) found.push(...opts.reportConflicts);
  else if (rules?.runReportRules) found.push(...rules.runReportRules(record));
  else found.push(...record.conflicts);
  if (rules?.runCrossReportRules && others.length > 0) found.push(...rules.runCrossReportRules(record, others));
  const byFingerprint = new Map<string, Conflict>();
  for (const c of found) byFingerprint.set(c.fingerprint, ConflictSchema.parse(c));
  return [...byFingerprint.values()];
}
