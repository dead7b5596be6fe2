// Planted-conflict kinds (the generator's own names) → the rule ids in src/rules/registry.ts that
// should report them. Checked against the registry at run time: a kind with no rule, or a rule id the
// registry does not have, is reported as unmapped instead of silently scoring zero.
import type { ConflictKind } from '../corpus/truth.js';

export const KIND_RULES: Record<ConflictKind, string[]> = {
  rate_mismatch: ['rate_mismatch'],
  sum_mismatch: ['sum_mismatch', 'fact_sum_mismatch'],
  // A subset row larger than its superset: the catalogue declares some pairs as sub-items of a total
  // and others as provided-of-eligible (6.4.3 "with online dossiers" of 6.4.2 "provided").
  part_exceeds_total: ['subitem_exceeds_total', 'provided_exceeds_eligible'],
  percent_over_100: ['percent_out_of_range'],
  provided_exceeds_eligible: ['provided_exceeds_eligible'],
  narrative_table_mismatch: ['fact_vs_table'],
  table_blank_narrative_value: ['table_blank_narrative_states'],
  citation_date_mismatch: ['citation_date_conflict'],
  unit_name_mismatch: ['unit_name_spelling'],
  report_date_outside_period: ['report_date_outside_period'],
  count_written_as_ratio: ['value_kind_mismatch'],
};

export interface RuleMapping {
  /** Whether src/rules/registry.js could be loaded. */
  registry: boolean;
  /** Rule ids the registry knows (empty when it is missing). */
  known: string[];
  /** kind → rule ids that exist in the registry. */
  rulesOf: (kind: ConflictKind) => string[];
  /** Kinds with no existing rule id, with the reason. */
  unmapped: { kind: ConflictKind; reason: string }[];
}

export function mapKinds(knownRuleIds: string[] | null): RuleMapping {
  const known = knownRuleIds ?? [];
  const unmapped: RuleMapping['unmapped'] = [];
  const resolved = {} as Record<ConflictKind, string[]>;
  for (const [kind, ids] of Object.entries(KIND_RULES) as [ConflictKind, string[]][]) {
    const present = ids.filter((id) => known.includes(id));
    resolved[kind] = present;
    if (knownRuleIds === null) unmapped.push({ kind, reason: 'rules registry not available' });
    else if (ids.length === 0) unmapped.push({ kind, reason: 'no rule id mapped' });
    else if (present.length === 0) unmapped.push({ kind, reason: `rule id(s) ${ids.join(', ')} not in the registry` });
  }
  return { registry: knownRuleIds !== null, known, rulesOf: (k) => resolved[k], unmapped };
}

/** Loads the rule ids from the registry, or null when it does not exist (yet). */
export async function loadRuleIds(): Promise<string[] | null> {
  try {
    const mod = (await import('../../src/rules/registry.js')) as { RULES?: readonly { id: string }[] };
    return mod.RULES ? mod.RULES.map((r) => r.id) : null;
  } catch {
    return null;
  }
}
