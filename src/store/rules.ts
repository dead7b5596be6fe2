// The one place the store runs the conflict rules (src/rules, written by a colleague). The rules
// module is loaded once, lazily; until it exists the conflicts the pipeline put in the record are
// kept as they are.
import { ConflictSchema, type Conflict, type ReportRecord } from '../../schemas/record.js';

export interface RulesModule {
  runReportRules(record: ReportRecord): Conflict[];
  runCrossReportRules(record: ReportRecord, others: ReportRecord[]): Conflict[];
}

let loaded: Promise<Partial<RulesModule> | null> | undefined;

async function loadRules(): Promise<Partial<RulesModule> | null> {
  // A variable specifier keeps the type-checker from requiring the module before it lands.
  const specifier = '../rules/index.js';
  try {
    return (await import(specifier)) as Partial<RulesModule>;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return null;
    throw e;
  }
}

/** For tests and embedders: use these rules instead of src/rules (null: none, keep record conflicts). */
export function setRulesModule(rules: Partial<RulesModule> | null | undefined): void {
  loaded = rules === undefined ? undefined : Promise.resolve(rules);
}

/**
 * Conflicts of one (corrected) record: its own rules plus the cross-report rules against the
 * other reports of the same unit. Results are validated and de-duplicated by fingerprint.
 */
export async function applyRules(record: ReportRecord, others: ReportRecord[]): Promise<Conflict[]> {
  loaded ??= loadRules();
  const rules = await loaded;
  const found: Conflict[] = [];
  if (rules?.runReportRules) found.push(...rules.runReportRules(record));
  else found.push(...record.conflicts);
  if (rules?.runCrossReportRules && others.length > 0) found.push(...rules.runCrossReportRules(record, others));
  const byFingerprint = new Map<string, Conflict>();
  for (const c of found) byFingerprint.set(c.fingerprint, ConflictSchema.parse(c));
  return [...byFingerprint.values()];
}
