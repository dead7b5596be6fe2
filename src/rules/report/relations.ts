// Checks driven by the catalogue's relations between rows: rates against their parts, totals
// against their parts, subsets and provided-vs-eligible pairs, percent bounds. No row code is
// written here; every pair comes from schemas/catalogue.ts.
import { CATALOGUE, catalogueEntry, levelOfUnitKind, type AdminLevel, type IndicatorDef } from '../../../schemas/catalogue.js';
import type { Conflict, Indicator } from '../../../schemas/record.js';
import {
  agreesAtPrecision,
  fmt,
  indicatorEvidence,
  indicatorName,
  indicatorRef,
  makeConflict,
  printedDecimals,
} from '../conflict.js';
import { num } from '../record-index.js';
import type { ReportContext, ReportRule } from '../types.js';

interface RateRows {
  def: IndicatorDef;
  rate: Indicator;
  numerator: Indicator;
  denominator: Indicator;
}

/** Every rate row present in the record with both of its parts. */
function rateRows(ctx: ReportContext): RateRows[] {
  const out: RateRows[] = [];
  for (const def of CATALOGUE) {
    if (!def.rate) continue;
    const rate = ctx.index.byKey.get(def.key);
    const numerator = ctx.index.byKey.get(def.rate.numerator);
    const denominator = ctx.index.byKey.get(def.rate.denominator);
    if (rate && numerator && denominator) out.push({ def, rate, numerator, denominator });
  }
  return out;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function rateWhy(r: RateRows, n: number, d: number): string {
  return `${r.numerator.code}/${r.denominator.code} × 100 = ${fmt(n)}/${fmt(d)} × 100 = ${fmt((n / d) * 100)}`;
}

export const rateMismatch: ReportRule = {
  id: 'rate_mismatch',
  scope: 'report',
  severity: 'error',
  template: '{rate} ghi {printed}% nhưng {num}/{den} × 100 = {n}/{d} × 100 = {computed}%.',
  description:
    'A rate row disagrees with its numerator and denominator rows beyond its printed precision (rounded or truncated to the digits shown). Suggests the rate computed from the parts.',
  check(ctx) {
    const out: Conflict[] = [];
    for (const r of rateRows(ctx)) {
      const [p, n, d] = [num(r.rate), num(r.numerator), num(r.denominator)];
      // Out-of-range rates are percent_out_of_range's, zero denominators rate_zero_denominator's.
      if (p === null || n === null || d === null || d === 0 || p < 0 || p > 100) continue;
      const computed = (n / d) * 100;
      if (agreesAtPrecision(p, printedDecimals(r.rate), computed)) continue;
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(r.rate), indicatorRef(r.numerator), indicatorRef(r.denominator)],
          values: [p, n, d],
          evidence: [indicatorEvidence(r.rate), indicatorEvidence(r.numerator), indicatorEvidence(r.denominator)],
          vars: { rate: indicatorName(r.rate), printed: p, num: r.numerator.code, den: r.denominator.code, n, d, computed },
          // Above 100 the parts themselves are wrong (provided_exceeds_eligible / subitem_exceeds_total).
          suggestion:
            computed <= 100
              ? { ref: indicatorRef(r.rate), value: round2(computed), why: `Tính từ số liệu thành phần: ${rateWhy(r, n, d)}` }
              : undefined,
        }),
      );
    }
    return out;
  },
};

export const rateZeroDenominator: ReportRule = {
  id: 'rate_zero_denominator',
  scope: 'report',
  severity: 'warning',
  template: '{rate} ghi {printed}% nhưng mẫu số {den} = 0: tỷ lệ không xác định, nên để trống.',
  description: 'A rate row is non-zero while its denominator row is 0, so the rate is undefined (often "100%" written for "nothing pending").',
  check(ctx) {
    const out: Conflict[] = [];
    for (const r of rateRows(ctx)) {
      const [p, d] = [num(r.rate), num(r.denominator)];
      if (p === null || p === 0 || d !== 0) continue;
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(r.rate), indicatorRef(r.denominator)],
          values: [p, d],
          evidence: [indicatorEvidence(r.rate), indicatorEvidence(r.denominator)],
          vars: { rate: indicatorName(r.rate), printed: p, den: r.denominator.code },
        }),
      );
    }
    return out;
  },
};

export const rateBlankComputable: ReportRule = {
  id: 'rate_blank_computable',
  scope: 'report',
  severity: 'info',
  template: '{rate} để trống nhưng tính được từ {num}/{den}: {computed}%.',
  description: 'A rate row is blank although both of its parts are reported; suggests the computed rate.',
  check(ctx) {
    const out: Conflict[] = [];
    for (const r of rateRows(ctx)) {
      const [n, d] = [num(r.numerator), num(r.denominator)];
      if (r.rate.valueKind !== 'blank' || n === null || d === null || d === 0) continue;
      const computed = (n / d) * 100;
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(r.rate), indicatorRef(r.numerator), indicatorRef(r.denominator)],
          values: [null, n, d],
          evidence: [indicatorEvidence(r.rate), indicatorEvidence(r.numerator), indicatorEvidence(r.denominator)],
          vars: { rate: indicatorName(r.rate), num: r.numerator.code, den: r.denominator.code, computed },
          suggestion: { ref: indicatorRef(r.rate), value: round2(computed), why: rateWhy(r, n, d) },
        }),
      );
    }
    return out;
  },
};

interface TotalRows {
  def: IndicatorDef;
  total: Indicator;
  /** Part rows present in the record (a part row the form does not print is not applicable). */
  parts: Indicator[];
}

function totalRows(ctx: ReportContext): TotalRows[] {
  const out: TotalRows[] = [];
  for (const def of CATALOGUE) {
    if (!def.total) continue;
    const total = ctx.index.byKey.get(def.key);
    if (!total) continue;
    const parts = def.total.of.map((k) => ctx.index.byKey.get(k)).filter((p): p is Indicator => p !== undefined);
    if (parts.length) out.push({ def, total, parts });
  }
  return out;
}

const codes = (rows: Indicator[]) => rows.map((r) => r.code).join(' + ');

/**
 * A blank part of another administrative level than the reporting unit's (a commune's "Số TTHC
 * cấp tỉnh" row) is not applicable, not unreported: it does not keep an exhaustive total from
 * being checked exactly.
 */
function notApplicable(part: Indicator, level: AdminLevel | null): boolean {
  const partLevel = part.key ? catalogueEntry(part.key)?.level : undefined;
  return level !== null && partLevel !== undefined && partLevel !== level && num(part) === null;
}

export const sumMismatch: ReportRule = {
  id: 'sum_mismatch',
  scope: 'report',
  severity: 'error',
  template: '{total} ghi {t} nhưng {parts} = {sum}.',
  description:
    'A total row differs from the sum of its parts (when the catalogue says the parts are exhaustive and all are reported), or is smaller than the sum of two or more reported parts. Suggests the sum.',
  check(ctx) {
    const out: Conflict[] = [];
    const level = levelOfUnitKind(ctx.record.report?.unitKind);
    for (const { def, total, parts } of totalRows(ctx)) {
      const t = num(total);
      if (t === null) continue;
      const known = parts.filter((p) => num(p) !== null);
      const sum = known.reduce((s, p) => s + num(p)!, 0);
      const allKnown = known.length === parts.filter((p) => !notApplicable(p, level)).length;
      const exact = def.total!.exhaustive && allKnown && known.length > 0;
      // A single part over its total is subitem_exceeds_total's finding.
      if (known.length === 1 && sum > t) continue;
      const violated = exact ? Math.abs(sum - t) > 1e-9 : known.length >= 2 && sum > t + 1e-9;
      if (!violated) continue;
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(total), ...known.map(indicatorRef)],
          values: [t, ...known.map((p) => num(p))],
          evidence: [indicatorEvidence(total), ...known.map(indicatorEvidence)],
          vars: { total: indicatorName(total), t, parts: codes(known), sum },
          suggestion: exact
            ? { ref: indicatorRef(total), value: sum, why: `Tổng các dòng thành phần ${codes(known)} = ${fmt(sum)}` }
            : undefined,
        }),
      );
    }
    return out;
  },
};

export const subitemExceedsTotal: ReportRule = {
  id: 'subitem_exceeds_total',
  scope: 'report',
  severity: 'error',
  template: '{part} ({p}) lớn hơn dòng {wholeCode} ({w}), trong khi dòng {partCode} là một phần của dòng {wholeCode}.',
  description:
    'A part row is larger than its total, or a subset row (e.g. dossiers received online) is larger than the row it is a subset of. Warning instead of error where the catalogue marks the subset as not strict (staff present vs. staff quota).',
  check(ctx) {
    const out: Conflict[] = [];
    const push = (part: Indicator, whole: Indicator, strict: boolean, suggestion?: Conflict['suggestion']) => {
      const p = num(part);
      const w = num(whole);
      if (p === null || w === null || p <= w) return;
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(whole), indicatorRef(part)],
          values: [w, p],
          evidence: [indicatorEvidence(whole), indicatorEvidence(part)],
          vars: { part: indicatorName(part), partCode: part.code, p, wholeCode: whole.form === part.form ? whole.code : indicatorName(whole), w },
          severity: strict ? 'error' : 'warning',
          suggestion,
        }),
      );
    };
    for (const { def, total, parts } of totalRows(ctx)) {
      const known = parts.filter((p) => num(p) !== null);
      const sum = known.reduce((s, p) => s + num(p)!, 0);
      // The smallest total consistent with the reported parts (blank parts counted as 0); for a
      // commune whose tỉnh/huyện rows are blank it is the right total.
      const suggestion = def.total!.exhaustive
        ? { ref: indicatorRef(total), value: sum, why: `Tổng không thể nhỏ hơn các dòng thành phần: ${codes(known)} = ${fmt(sum)}` }
        : undefined;
      for (const part of parts) push(part, total, true, suggestion);
    }
    for (const def of CATALOGUE) {
      const part = ctx.index.byKey.get(def.key);
      if (!part) continue;
      for (const w of def.within ?? []) {
        const whole = ctx.index.byKey.get(w.key);
        if (whole) push(part, whole, w.strict);
      }
    }
    return out;
  },
};

export const providedExceedsEligible: ReportRule = {
  id: 'provided_exceeds_eligible',
  scope: 'report',
  severity: 'error',
  template: '{provided} ({p}) lớn hơn {eligible} ({e}): số đang cung cấp không thể vượt số đủ điều kiện.',
  description: 'A "provided" count exceeds the matching "eligible" count (online services provided vs. eligible, those with dossiers vs. those provided).',
  check(ctx) {
    const out: Conflict[] = [];
    for (const def of CATALOGUE) {
      if (!def.eligible) continue;
      const provided = ctx.index.byKey.get(def.key);
      const eligible = ctx.index.byKey.get(def.eligible);
      const [p, e] = [num(provided), num(eligible)];
      if (!provided || !eligible || p === null || e === null || p <= e) continue;
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(eligible), indicatorRef(provided)],
          values: [e, p],
          evidence: [indicatorEvidence(eligible), indicatorEvidence(provided)],
          vars: { provided: indicatorName(provided), p, eligible: indicatorName(eligible), e },
        }),
      );
    }
    return out;
  },
};

export const percentOutOfRange: ReportRule = {
  id: 'percent_out_of_range',
  scope: 'report',
  severity: 'error',
  template: '{row} là tỷ lệ (%) nhưng ghi {value}{hint}.',
  description:
    'A percent row holds a value below 0 or above 100. When the value equals one of its part rows, the message says a count was probably written in place of the rate; suggests the rate computed from the parts when they are reported.',
  check(ctx) {
    const out: Conflict[] = [];
    for (const def of CATALOGUE) {
      if (def.unit !== 'percent') continue;
      const row = ctx.index.byKey.get(def.key);
      const v = num(row);
      if (!row || v === null || (v >= 0 && v <= 100)) continue;
      const parts = def.rate ? [ctx.index.byKey.get(def.rate.numerator), ctx.index.byKey.get(def.rate.denominator)] : [];
      const same = parts.find((p) => num(p) === v);
      const [n, d] = parts.map(num);
      const hint = same ? ` — trùng với dòng ${same.code} (${fmt(v)}), có lẽ đã ghi số lượng thay cho tỷ lệ` : '';
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(row)],
          values: [v],
          evidence: [indicatorEvidence(row), ...(same ? [indicatorEvidence(same)] : [])],
          vars: { row: indicatorName(row), value: v, hint },
          suggestion:
            n !== null && n !== undefined && d !== null && d !== undefined && d !== 0
              ? { ref: indicatorRef(row), value: round2((n / d) * 100), why: `Tính từ ${parts[0]!.code}/${parts[1]!.code} × 100 = ${fmt(n)}/${fmt(d)} × 100` }
              : undefined,
        }),
      );
    }
    return out;
  },
};
