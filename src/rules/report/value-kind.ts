// A printed value of the wrong kind for its row's unit: a ratio or text in a count row, a count
// written with "%", a yes/no row holding a code outside its code set.
import { catalogueEntry } from '../../../schemas/catalogue.js';
import type { Conflict, Indicator } from '../../../schemas/record.js';
import { fold } from '../../text/fold.js';
import { fmt, indicatorEvidence, indicatorName, indicatorRef, makeConflict } from '../conflict.js';
import type { ReportRule } from '../types.js';

type Finding = { problem: string; severity?: 'error' | 'warning'; suggestion?: Conflict['suggestion'] };

function judge(ind: Indicator): Finding | null {
  const def = ind.key ? catalogueEntry(ind.key) : undefined;
  if (!def || def.unit === 'heading' || def.unit === 'ratio_text' || ind.valueKind === 'blank') return null;
  const ref = indicatorRef(ind);
  const percentPrinted = /%\s*$/.test(ind.raw.trim());

  if (def.unit === 'count' || def.unit === 'money_million') {
    if (ind.valueKind === 'ratio' && ind.ratio) {
      const { numerator, denominator } = ind.ratio;
      return {
        problem: `dòng số lượng nhưng ghi dạng tỷ số "${ind.raw}"`,
        // "8/8 văn bản": done out of required; the count asked for is the numerator.
        suggestion: { ref, value: numerator, why: `Tử số của ${fmt(numerator)}/${fmt(denominator)} là số đã thực hiện` },
      };
    }
    if (ind.valueKind === 'text') return { problem: `dòng số lượng nhưng ghi chữ "${ind.raw}"` };
    if (ind.value !== null && ind.value < 0) return { problem: `số lượng âm (${fmt(ind.value)})`, severity: 'error' };
    if (percentPrinted) return { problem: `dòng số lượng nhưng ghi tỷ lệ "${ind.raw}"` };
    if (def.unit === 'count' && ind.value !== null && !Number.isInteger(ind.value)) {
      return { problem: `số lượng không phải số nguyên (${ind.raw})` };
    }
    return null;
  }

  if (def.unit === 'percent') {
    if (ind.valueKind === 'ratio' && ind.ratio && ind.ratio.denominator !== 0) {
      const { numerator, denominator } = ind.ratio;
      const value = Math.round((numerator / denominator) * 10000) / 100;
      return {
        problem: `dòng tỷ lệ (%) nhưng ghi dạng tỷ số "${ind.raw}"`,
        suggestion: { ref, value, why: `${fmt(numerator)}/${fmt(denominator)} × 100 = ${fmt(value)}` },
      };
    }
    if (ind.valueKind === 'text') return { problem: `dòng tỷ lệ (%) nhưng ghi chữ "${ind.raw}"` };
    return null;
  }

  // yesno / enum: the value must be one of the codes printed in the unit cell.
  const allowed = def.codeValues ?? [];
  const list = allowed.map((c) => `${c.label} = ${c.code}`).join('; ');
  if (ind.valueKind === 'number' && ind.value !== null) {
    if (allowed.some((c) => c.code === ind.value)) return null;
    return { problem: `giá trị ${fmt(ind.value)} không thuộc bộ mã (${list})`, severity: 'error' };
  }
  // "Có" / "Hoàn thành" written in words: suggest its code.
  const word = fold(ind.raw);
  const code = allowed.find((c) => fold(c.label) === word);
  return {
    problem: `cần ghi mã (${list}) nhưng ghi "${ind.raw}"`,
    suggestion: code ? { ref, value: code.code, why: `"${ind.raw}" tương ứng mã ${code.code}` } : undefined,
  };
}

export const valueKindMismatch: ReportRule = {
  id: 'value_kind_mismatch',
  scope: 'report',
  severity: 'warning',
  template: '{row}: {problem}.',
  description:
    'A value of the wrong kind for the row\'s unit: a ratio ("8/8") or text in a count row, a count printed with "%", a fraction in a count, a ratio or text in a percent row, a yes/no or enum code outside its code set (error), a negative count (error). Suggests the numerator, the computed percent or the code when they can be read off.',
  check(ctx) {
    const out: Conflict[] = [];
    for (const ind of ctx.record.indicators) {
      const f = judge(ind);
      if (!f) continue;
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(ind)],
          values: [ind.value ?? ind.raw],
          evidence: [indicatorEvidence(ind)],
          vars: { row: indicatorName(ind), problem: f.problem },
          severity: f.severity,
          suggestion: f.suggestion,
        }),
      );
    }
    return out;
  },
};
