// matchCatalogue skips exact scoring of definitions that cannot reach the acceptance bar. This pins
// its picks to the plain definition: rank every definition of the form by score (stable sort),
// take the first acceptable one, else the best of the other forms when near-identical.
import { describe, expect, it } from 'vitest';
import { CATALOGUE, type IndicatorDef } from '../schemas/catalogue.js';
import type { Indicator } from '../schemas/record.js';
import { catalogueFormOf, labelSimilarity, matchCatalogue } from '../src/extract/catalogue-match.js';
import { seedRows } from './rules.builder.js';

function referenceKeys(indicators: Indicator[]): Array<string | null> {
  const codes = new Map<string, Map<string, string>>();
  const taken = new Map<string, Set<string>>();
  return indicators.map((ind) => {
    const formId = `${ind.form}|${ind.formTitle}`;
    const assigned = codes.get(formId) ?? new Map<string, string>();
    const used = taken.get(formId) ?? new Set<string>();
    codes.set(formId, assigned);
    taken.set(formId, used);
    if (ind.label.trim() === '') return null;
    const catForm = catalogueFormOf(ind.form, ind.formTitle);
    const dot = ind.code.lastIndexOf('.');
    const parentKey = dot > 0 ? assigned.get(ind.code.slice(0, dot)) : undefined;
    const rank = (defs: IndicatorDef[]) =>
      defs
        .filter((d) => !used.has(d.key))
        .map((def) => {
          const sim = Math.max(...def.labels.map((l) => labelSimilarity(ind.label, l)));
          const codeMatch = def.codes.includes(ind.code);
          return { def, sim, codeMatch, score: sim + (codeMatch ? 0.08 : 0) + (parentKey && def.parent === parentKey ? 0.15 : 0) };
        })
        .sort((a, b) => b.score - a.score);
    let pick = rank(CATALOGUE.filter((d) => d.form === catForm)).find((c) => c.sim >= 0.72 || (c.codeMatch && c.sim >= 0.55));
    if (!pick) {
      const other = rank(CATALOGUE.filter((d) => d.form !== catForm))[0];
      if (other && other.sim >= 0.9) pick = other;
    }
    if (!pick) return null;
    used.add(pick.def.key);
    assigned.set(ind.code, pick.def.key);
    return pick.def.key;
  });
}

// Labels as reports garble them: a letter lost, words dropped, a note added, another level.
function variants(label: string, i: number): string[] {
  const words = label.split(' ');
  return [
    label,
    label.slice(0, Math.max(1, label.length - 1 - (i % 5))),
    words.filter((_, k) => k % 3 !== 1).join(' '),
    `${label} (không kể hồ sơ chuyển kỳ)`,
    label.replace(/xã/giu, 'huyện'),
    words.slice(0, 3).join(' '),
  ];
}

describe('matchCatalogue picks what ranking every definition would pick', () => {
  const seed = seedRows();
  it('on the seed appendix', () => {
    expect(matchCatalogue(seed).value.map((i) => i.key)).toEqual(referenceKeys(seed));
  });
  it('on garbled labels, renumbered codes and codes from other rows', () => {
    for (let v = 0; v < 6; v++) {
      const rows = seed.map((r, i) => ({ ...r, label: variants(r.label, i)[v]!, code: v % 2 ? r.code : seed[(i + 3) % seed.length]!.code }));
      const got = matchCatalogue(rows).value.map((i) => i.key);
      expect(got).toEqual(referenceKeys(rows));
    }
  });
});
