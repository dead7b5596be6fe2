// A whole and its parts both stated in the narrative, where the parts cover the whole by
// definition (schemas/fact-keys.ts FACT_SUMS): "giải quyết 105 hồ sơ, trong đó trước hạn 102,
// đúng hạn 0, quá hạn 5" cannot all be true. Three kinds of wholes, all read within one scope
// (facts/scope.ts), each whole and part stated once there, none approximate:
// - the catalogue's relations, at one level and time ("toàn tỉnh" parts never add up to "cấp
//   huyện" wholes);
// - dossiers resolved and their timeliness: "đúng và trước hạn" + late (early + on time + late is
//   the catalogue's relation);
// - one measure at the levels that make up the whole: "toàn tỉnh tiếp nhận N …; các sở, ban ngành
//   A; cấp huyện B; cấp xã C" with A + B + C = N is a total and its parts, not a contradiction,
//   and A + B + C ≠ N is an error of the text.
import { FACT_KEYS, FACT_SUMS } from '../../../schemas/fact-keys.js';
import type { Conflict, Fact, FactScope } from '../../../schemas/record.js';
import { factEvidence, fmt, makeConflict } from '../conflict.js';
import type { ReportRule } from '../types.js';

const LABEL = new Map(FACT_KEYS.map((f) => [f.key, f.label]));

const LEVEL_LABEL: Record<FactScope['level'], string> = {
  all: 'toàn bộ',
  tinh: 'cấp tỉnh',
  huyen: 'cấp huyện',
  xa: 'cấp xã',
  'huyen+xa': 'cấp huyện và xã',
  bo: 'các bộ, ngành',
  unit: 'một đơn vị',
};

/** The levels whose figures make up the whole ('all'), each listed once. */
const LEVEL_PARTITIONS: FactScope['level'][][] = [
  ['tinh', 'huyen', 'xa'],
  ['tinh', 'huyen+xa'],
];

/** Dossier keys split by timeliness, and how the splits cover their whole. */
const TIMELY_KEYS = new Set(['hoso.truoc_han', 'hoso.dung_han', 'hoso.qua_han']);
const TIMELINESS_PARTS: FactScope['timeliness'][] = ['early_or_on_time', 'late'];

const usable = (f: Fact) => f.value !== null && !f.ambiguous && !f.approx;

/** The one value a group gives, or null when it gives none or several. */
function single(facts: readonly Fact[]): Fact | null {
  const valued = facts.filter(usable);
  const values = new Set(valued.map((f) => f.value));
  return values.size === 1 ? valued[0]! : null;
}

const level = (f: Fact) => f.scope?.level ?? 'all';
const time = (f: Fact) => f.scope?.time ?? null;
const sameTime = (a: Fact, b: Fact) => time(a) === time(b);

interface Finding {
  total: Fact;
  parts: Fact[];
  refs: string[];
  totalLabel: string;
  partLabel: (f: Fact) => string;
}

export const factSumMismatch: ReportRule = {
  id: 'fact_sum_mismatch',
  scope: 'report',
  severity: 'warning',
  template: 'Phần thuyết minh nêu "{total}" là {value} nhưng các phần cộng lại được {sum} ({parts}).',
  description:
    'The narrative states a whole and all of its parts, within one scope, and the parts do not add up to the whole: dossiers resolved = early + on time + late (or "đúng và trước hạn" + late), dossiers in progress = not yet due + overdue, procedures made public = commune + vertical agencies, …; and one measure at the whole ("toàn tỉnh") against its levels (cấp tỉnh + cấp huyện + cấp xã).',
  check(ctx) {
    const findings: Finding[] = [];
    const facts = ctx.record.facts.filter(usable);
    const inProgress = (f: Fact) => f.scope?.state === 'in_progress' || f.scope?.timeliness === 'not_due' || f.scope?.timeliness === 'due';
    const of = (key: string) => facts.filter((f) => f.key === key);

    // The catalogue's relations, within one level and time; dossiers still in progress are no
    // part of those resolved.
    for (const rel of FACT_SUMS) {
      const totals = of(rel.total).filter((f) => !inProgress(f));
      for (const lv of new Set(totals.map(level))) {
        for (const t of new Set(totals.filter((f) => level(f) === lv).map(time))) {
          const here = (f: Fact) => level(f) === lv && time(f) === t && !inProgress(f);
          const total = single(totals.filter(here));
          if (!total) continue;
          const partFacts = rel.parts.map((k) => of(k).filter(here));
          // Dossiers: "đúng và trước hạn" covers two parts; the timeliness check reads those.
          if (partFacts.flat().some((f) => f.scope?.timeliness === 'early_or_on_time')) continue;
          const parts = partFacts.map(single);
          if (parts.some((p) => p === null)) continue;
          findings.push({
            total,
            parts: parts as Fact[],
            refs: [`fact:${rel.total}`, ...rel.parts.map((k) => `fact:${k}`), ...(lv !== 'all' || t ? [`scope:${lv}|${t ?? ''}`] : [])],
            totalLabel: LABEL.get(rel.total) ?? rel.total,
            partLabel: (f) => LABEL.get(f.key) ?? f.key,
          });
        }
      }
    }

    // Dossiers by timeliness, when one of the catalogue's splits is "đúng và trước hạn" or the
    // dossiers are in progress.
    const timely = facts.filter((f) => TIMELY_KEYS.has(f.key) && f.scope?.timeliness);
    const resolved = of('hoso.giai_quyet').filter((f) => f.scope?.state === 'done' || (!f.scope?.state && !inProgress(f)));
    {
      const wholes = resolved;
      for (const total of wholes) {
        const here = (f: Fact) => level(f) === level(total) && sameTime(f, total);
        if (single(wholes.filter(here)) !== total) continue;
        const parts = TIMELINESS_PARTS.map((tl) => single(timely.filter((f) => here(f) && f.scope?.timeliness === tl && f.scope?.state !== 'in_progress')));
        if (parts.some((p) => p === null)) continue;
        findings.push({
          total,
          parts: parts as Fact[],
          refs: [`fact:${total.key}`, ...(parts as Fact[]).map((p) => `fact:${p.key}`), `scope:${level(total)}|${time(total) ?? ''}|done`],
          totalLabel: LABEL.get(total.key) ?? total.key,
          partLabel: (f) => (f.scope?.timeliness === 'early_or_on_time' ? 'Số hồ sơ trả đúng và trước hạn' : (LABEL.get(f.key) ?? f.key)),
        });
      }
    }

    // One key at the whole and at the levels that make it up.
    const byKey = new Map<string, Fact[]>();
    for (const f of facts) if (f.scope) byKey.set(f.key, [...(byKey.get(f.key) ?? []), f]);
    for (const [key, list] of byKey) {
      const sig = (f: Fact) => [time(f), f.scope?.state ?? '', f.scope?.timeliness ?? ''].join('|');
      for (const s of new Set(list.map(sig))) {
        const same = list.filter((f) => sig(f) === s);
        const total = single(same.filter((f) => level(f) === 'all'));
        if (!total) continue;
        for (const levels of LEVEL_PARTITIONS) {
          const parts = levels.map((lv) => single(same.filter((f) => level(f) === lv)));
          if (parts.some((p) => p === null)) continue;
          findings.push({
            total,
            parts: parts as Fact[],
            refs: [`fact:${key}`, `scope:levels|${s}|${levels.join('+')}`],
            totalLabel: `${LABEL.get(key) ?? key} (toàn bộ)`,
            partLabel: (f) => LEVEL_LABEL[level(f)],
          });
          break;
        }
      }
    }

    const out: Conflict[] = [];
    const seen = new Set<string>();
    for (const f of findings) {
      const sum = f.parts.reduce((a, p) => a + p.value!, 0);
      if (Math.abs(sum - f.total.value!) < 1e-9) continue;
      const conflict = makeConflict(this, {
        refs: f.refs,
        values: [f.total.value, ...f.parts.map((p) => p.value)],
        evidence: [f.total, ...f.parts].map(factEvidence),
        vars: {
          total: f.totalLabel,
          value: fmt(f.total.value!),
          sum: fmt(sum),
          parts: f.parts.map((p) => `${f.partLabel(p)} ${fmt(p.value!)}`).join(' + '),
        },
      });
      if (seen.has(conflict.fingerprint)) continue;
      seen.add(conflict.fingerprint);
      out.push(conflict);
    }
    return out;
  },
};
