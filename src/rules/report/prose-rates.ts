// Rates stated in prose with their parts: "cấp huyện tiếp nhận 6.776 hồ sơ, với 2.521 hồ sơ trực
// tuyến (đạt tỷ lệ 37,76%)" — 2.521 / 6.776 is 37,20%. Checked as table rates are (printed
// precision, rounded or truncated), on the open facts (record.mentions): the percent, the count it
// is the rate of (Mention.rateOf) and a base the text states near it.
//
// Decisions:
// - The base is not named by the text; any count of the same unit and level that gives the rate
//   makes it agree: the ratio's own denominator ("4.561/5.650 HS (tỷ lệ 80,7%)"), the counts of the
//   same sentence (before or after: "… là 19.255 hồ sơ (đạt 96,55%), hồ sơ đến hạn giải quyết
//   19.944 hồ sơ"), and those of the paragraph and the one before it. Only when there are such
//   counts and none gives the rate is the rate called wrong; with no base stated, nothing is said.
// - Approximate numbers ("gần 900 hồ sơ", "đạt trên 98%") are never checked; a count written with
//   a multiplier ("4,52 ngàn") is exact only to its printed digits, and the check allows for that.
import type { Conflict, Mention } from '../../../schemas/record.js';
import { agreesAtPrecision, fmt, makeConflict } from '../conflict.js';
import type { ReportRule } from '../types.js';

function decimalsOf(m: Mention): number {
  const d = /[.,](\d+)\s*%/.exec(m.raw);
  return d ? d[1]!.length : 0;
}

const block = (m: Mention) => m.provenance.block;
const startOf = (m: Mention) => m.provenance.span?.[0] ?? 0;

/** Whether count / base × 100 gives the printed rate, allowing for the count's own rounding. */
function gives(count: Mention, base: number, rate: Mention): boolean {
  if (base <= 0 || base < count.value) return false;
  const decimals = decimalsOf(rate);
  const low = ((count.value - count.tolerance) / base) * 100;
  const high = ((count.value + count.tolerance) / base) * 100;
  return [low, (count.value / base) * 100, high].some((r) => agreesAtPrecision(rate.value, decimals, r)) || (rate.value >= low && rate.value <= high);
}

export const factRateMismatch: ReportRule = {
  id: 'fact_rate_mismatch',
  scope: 'report',
  severity: 'warning',
  template: 'Phần thuyết minh ghi {count} {unit} "đạt tỷ lệ" {printed}% nhưng không số nào nêu cạnh đó cho tỷ lệ này ({tried}).',
  description:
    'A rate of dossiers the narrative states with its count ("2.521 hồ sơ trực tuyến (đạt tỷ lệ 37,76%)") that no base stated beside it (dossiers of the same level: the ratio\'s denominator, the same sentence, the paragraph and the one before) gives at the printed precision.',
  check(ctx) {
    const out: Conflict[] = [];
    const mentions = ctx.record.mentions ?? [];
    for (const rate of mentions) {
      if (rate.unit !== '%' || rate.rateOf === undefined || rate.approx || rate.value <= 0 || rate.value > 100) continue;
      const count = mentions
        .filter((m) => m !== rate && block(m) === block(rate) && startOf(m) < startOf(rate) && m.value === rate.rateOf && m.unit !== '%')
        .at(-1);
      // Dossiers only: their bases are stated beside them ("tiếp nhận 6.776 hồ sơ, với 2.521 hồ sơ
      // trực tuyến (đạt tỷ lệ 37,76%)"); a qualification list's "2 đồng chí (chiếm 18,18%)" is of a
      // headcount stated paragraphs before, and its neighbours are other parts, not bases.
      if (!count || count.approx || count.unit !== 'hồ sơ') continue;
      const near = (m: Mention) =>
        m !== count &&
        m.unit === count.unit &&
        !m.approx &&
        m.scope.level === count.scope.level &&
        (m.scope.time === null || m.scope.time === count.scope.time) &&
        (m.sentence === count.sentence || ((block(m) === block(count) || block(m) === block(count) - 1) && (block(m) < block(count) || startOf(m) < startOf(count))));
      const bases = [...(count.of !== undefined ? [count.of] : []), ...mentions.filter(near).map((m) => m.value)].filter((b) => b >= count.value && b > 0);
      if (bases.length === 0 || bases.some((b) => gives(count, b, rate))) continue;
      const tried = [...new Set(bases)].slice(0, 4).map((b) => `${fmt(count.value)}/${fmt(b)} = ${fmt((count.value / b) * 100)}%`).join('; ');
      out.push(
        makeConflict(this, {
          refs: [`mention:${block(rate)}:${startOf(rate)}`],
          values: [count.value, ...new Set(bases), rate.value],
          evidence: [{ ...count.provenance, text: count.sentence }],
          vars: { count: fmt(count.value), unit: count.unit, printed: fmt(rate.value), tried },
        }),
      );
    }
    return out;
  },
};
