// A whole and its parts both stated in the narrative, where the parts cover the whole by
// definition (schemas/fact-keys.ts FACT_SUMS): "giải quyết 105 hồ sơ, trong đó trước hạn 102,
// đúng hạn 0, quá hạn 5" cannot all be true. Only when the whole and every part are stated once.
import { FACT_KEYS, FACT_SUMS } from '../../../schemas/fact-keys.js';
import type { Conflict, Fact } from '../../../schemas/record.js';
import { factEvidence, fmt, makeConflict } from '../conflict.js';
import type { ReportRule } from '../types.js';

const LABEL = new Map(FACT_KEYS.map((f) => [f.key, f.label]));

/** The one value the narrative gives a key, or null when it gives none or several. */
function single(facts: readonly Fact[] | undefined): Fact | null {
  const valued = (facts ?? []).filter((f) => f.value !== null && !f.ambiguous);
  const values = new Set(valued.map((f) => f.value));
  return values.size === 1 ? valued[0]! : null;
}

export const factSumMismatch: ReportRule = {
  id: 'fact_sum_mismatch',
  scope: 'report',
  severity: 'warning',
  template: 'Phần thuyết minh nêu "{total}" là {value} nhưng các phần cộng lại được {sum} ({parts}).',
  description: 'The narrative states a whole and all of its parts (dossiers resolved = early + on time + late; procedures made public = commune + vertical agencies, …) and the parts do not add up to the whole.',
  check(ctx) {
    const out: Conflict[] = [];
    for (const rel of FACT_SUMS) {
      const total = single(ctx.index.factsByKey.get(rel.total));
      const parts = rel.parts.map((k) => single(ctx.index.factsByKey.get(k)));
      if (!total || parts.some((p) => p === null)) continue;
      const stated = parts as Fact[];
      const sum = stated.reduce((a, p) => a + p.value!, 0);
      if (Math.abs(sum - total.value!) < 1e-9) continue;
      out.push(
        makeConflict(this, {
          refs: [`fact:${rel.total}`, ...rel.parts.map((k) => `fact:${k}`)],
          values: [total.value, ...stated.map((p) => p.value)],
          evidence: [total, ...stated].map(factEvidence),
          vars: {
            total: LABEL.get(rel.total) ?? rel.total,
            value: fmt(total.value!),
            sum: fmt(sum),
            parts: stated.map((p) => `${LABEL.get(p.key) ?? p.key} ${fmt(p.value!)}`).join(' + '),
          },
        }),
      );
    }
    return out;
  },
};
