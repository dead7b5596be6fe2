// Lookups the rules share: indicators by catalogue key, facts by fact key.
import type { Fact, Indicator, ReportRecord } from '../../schemas/record.js';

export interface RecordIndex {
  /** First row carrying each catalogue key. */
  byKey: Map<string, Indicator>;
  /** Unambiguous facts by fact key, in document order. */
  factsByKey: Map<string, Fact[]>;
}

export function indexRecord(record: ReportRecord): RecordIndex {
  const byKey = new Map<string, Indicator>();
  for (const ind of record.indicators) if (ind.key && !byKey.has(ind.key)) byKey.set(ind.key, ind);
  const factsByKey = new Map<string, Fact[]>();
  for (const f of record.facts) {
    if (f.ambiguous) continue;
    const list = factsByKey.get(f.key) ?? [];
    list.push(f);
    factsByKey.set(f.key, list);
  }
  return { byKey, factsByKey };
}

/** The row's number, or null when blank, a ratio or text (those are never numbers to compare). */
export function num(ind: Indicator | undefined): number | null {
  return ind && ind.valueKind === 'number' ? ind.value : null;
}
