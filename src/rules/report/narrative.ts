// Narrative (sections I-IV) against the appendix, and the narrative against itself.
import { CATALOGUE, factKeysOf, levelOfUnitKind, type FactExpr, type IndicatorDef } from '../../../schemas/catalogue.js';
import { FACT_KEYS, PARTS_FACT_KEYS } from '../../../schemas/fact-keys.js';
import type { Conflict, Fact, Indicator } from '../../../schemas/record.js';
import { fold } from '../../text/fold.js';
import {
  factEvidence,
  factRef,
  fmt,
  indicatorEvidence,
  indicatorName,
  indicatorRef,
  makeConflict,
  printedDecimals,
} from '../conflict.js';
import { num, type RecordIndex } from '../record-index.js';
import type { ReportRule, TextSpan } from '../types.js';
import { execAll } from '../../text/regex.js';
import { scopeSignature } from '../../extract/facts/scope.js';
import type { AdminLevel } from '../../../schemas/catalogue.js';

/**
 * Facts about what the report's own rows count: the report's own level (or unmarked), in the
 * period, not dossiers still in progress. "Cấp huyện tiếp nhận 6.776 hồ sơ" in a provincial
 * report, "4.910 hồ sơ từ kỳ trước chuyển sang", "đang giải quyết 15 hồ sơ" are other figures.
 */
function ownScope(f: Fact, level: AdminLevel | null): boolean {
  const s = f.scope;
  if (!s) return true;
  if (s.time === 'carried_over' || s.time === 'compare') return false;
  if (s.state === 'in_progress') return false;
  if (s.level === 'all') return true;
  return level !== null && s.level === level;
}

function decimalsOf(n: number): number {
  const s = String(n);
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/** Equal as printed: counts exactly, percents to the coarser of the two printed precisions. */
function sameValue(a: number, aDecimals: number, b: number, bDecimals: number, percent: boolean): boolean {
  if (!percent) return Math.abs(a - b) < 1e-9;
  return Math.abs(a - b) <= Math.pow(10, -Math.min(aDecimals, bDecimals)) / 2 + 1e-9;
}

/** The single value the narrative states for one fact key; null when absent or self-contradictory. */
function factValue(index: RecordIndex, key: string, level: AdminLevel | null): { value: number; facts: Fact[] } | null {
  const facts = (index.factsByKey.get(key) ?? []).filter((f) => f.value !== null && !f.approx && ownScope(f, level));
  if (!facts.length) return null;
  const first = facts[0]!.value!;
  if (facts.some((f) => Math.abs(f.value! - first) > 1e-9)) return null;
  return { value: first, facts };
}

/** The value a fact expression states, with the fact keys it was read from. */
function evalFact(index: RecordIndex, expr: FactExpr, level: AdminLevel | null): { value: number; facts: Fact[]; text: string; keys: string[] } | null {
  if ('key' in expr) {
    // The first of the key and its alternatives that the narrative states.
    for (const key of factKeysOf(expr)) {
      const v = factValue(index, key, level);
      if (v) return { value: v.value, facts: [v.facts[0]!], text: v.facts[0]!.raw, keys: [key] };
    }
    return null;
  }
  const parts = expr.sum.map((k) => factValue(index, k, level));
  if (parts.some((p) => p === null)) return null;
  const ok = parts as { value: number; facts: Fact[] }[];
  const value = ok.reduce((s, p) => s + p.value, 0);
  const text = ok.map((p) => p.facts[0]!.raw).join('; ');
  return { value, facts: ok.map((p) => p.facts[0]!), text, keys: expr.sum };
}

/**
 * The reported parts of a blank total row (Biểu mẫu 5 row 3 "Số lượng cán bộ, công chức bị kỷ
 * luật" printed blank as a group title, its 3.1/3.2 filled in): the row's figure is then carried
 * by its parts, and their sum is what the narrative's value is compared with. Null when the row
 * has a value of its own, is no total, or none of its parts is reported.
 */
function partsOfBlankTotal(index: RecordIndex, def: IndicatorDef, ind: Indicator): { value: number; parts: Indicator[] } | null {
  if (ind.valueKind !== 'blank' || !def.total) return null;
  const parts = def.total.of.map((k) => index.byKey.get(k)).filter((p): p is Indicator => p !== undefined && num(p) !== null);
  if (parts.length === 0) return null;
  return { value: parts.reduce((s, p) => s + num(p)!, 0), parts };
}

/** Rows the narrative speaks of: linked rows of the report's own level (or level-free rows). */
function linkedRows(index: RecordIndex, unitKind: string | null | undefined) {
  const level = levelOfUnitKind(unitKind) ?? 'xa';
  return CATALOGUE.flatMap((def) => {
    if (def.level && def.level !== level) return [];
    const ind = def.fact ? index.byKey.get(def.key) : undefined;
    const stated = def.fact ? evalFact(index, def.fact, level) : null;
    if (!ind || !stated) return [];
    return [{ def, ind, stated, refs: stated.keys.map((k) => `fact:${k}`), fromParts: partsOfBlankTotal(index, def, ind) }];
  });
}

export const factVsTable: ReportRule = {
  id: 'fact_vs_table',
  scope: 'report',
  severity: 'error',
  template: '{row} ghi {table} nhưng phần thuyết minh ghi {stated} ("{text}").',
  description:
    'The narrative states a different value for the same indicator than the appendix row (the catalogue links rows to fact keys, or to a sum of them such as on-time = early + on-time dossiers).',
  check(ctx) {
    const out: Conflict[] = [];
    for (const { def, ind, stated, refs, fromParts } of linkedRows(ctx.index, ctx.record.report?.unitKind)) {
      if (fromParts) {
        // A blank group row: its parts carry the figure.
        if (sameValue(fromParts.value, 0, stated.value, 0, false)) continue;
        const partCodes = fromParts.parts.map((p) => p.code).join(' + ');
        out.push(
          makeConflict(this, {
            refs: [indicatorRef(ind), ...fromParts.parts.map(indicatorRef), ...refs],
            values: [fromParts.value, stated.value],
            evidence: [...fromParts.parts.map(indicatorEvidence), ...stated.facts.map(factEvidence)],
            vars: { row: `${indicatorName(ind)} (${partCodes})`, table: fromParts.value, stated: stated.value, text: stated.text },
          }),
        );
        continue;
      }
      if (ind.valueKind !== 'number' || ind.value === null) continue;
      const percent = def.unit === 'percent';
      if (sameValue(ind.value, printedDecimals(ind), stated.value, decimalsOf(stated.value), percent)) continue;
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(ind), ...refs],
          values: [ind.value, stated.value],
          evidence: [indicatorEvidence(ind), ...stated.facts.map(factEvidence)],
          vars: { row: indicatorName(ind), table: ind.value, stated: stated.value, text: stated.text },
        }),
      );
    }
    return out;
  },
};

export const tableBlankNarrativeStates: ReportRule = {
  id: 'table_blank_narrative_states',
  scope: 'report',
  severity: 'warning',
  template: '{row} để trống nhưng phần thuyết minh ghi {stated} ("{text}").',
  description: 'An appendix row is blank while the narrative states its value; suggests the narrative\'s value.',
  check(ctx) {
    const out: Conflict[] = [];
    for (const { ind, stated, refs, fromParts } of linkedRows(ctx.index, ctx.record.report?.unitKind)) {
      // A blank group row whose parts are reported is not missing its value (fact_vs_table compares their sum).
      if (ind.valueKind !== 'blank' || fromParts) continue;
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(ind), ...refs],
          values: [null, stated.value],
          evidence: [indicatorEvidence(ind), ...stated.facts.map(factEvidence)],
          vars: { row: indicatorName(ind), stated: stated.value, text: stated.text },
          suggestion: { ref: indicatorRef(ind), value: stated.value, why: `Phần thuyết minh ghi: "${stated.text}"` },
        }),
      );
    }
    return out;
  },
};

const FACT_LABEL = new Map(FACT_KEYS.map((f) => [f.key, f.label]));

/**
 * "tiếp nhận tổng cộng 19.361 hồ sơ, trong đó có 16.041 hồ sơ tiếp nhận mới": a later figure of
 * the same key in the same sentence, after "trong đó" / "gồm", is a part of the earlier one.
 */
function isPartOfEarlier(f: Fact, all: readonly Fact[]): boolean {
  const at = f.provenance.span?.[0];
  if (at === undefined) return false;
  return all.some((g) => {
    const gEnd = g.provenance.span?.[1];
    if (g === f || g.sentence !== f.sentence || g.provenance.block !== f.provenance.block || gEnd === undefined || gEnd > at) return false;
    const start = g.provenance.span![0];
    // The sentence's text between the two figures, from the sentence as stored.
    const offset = f.sentence.indexOf(g.raw);
    const between = offset >= 0 ? f.sentence.slice(offset + g.raw.length, offset + g.raw.length + (at - gEnd) + 8) : '';
    return start < at && /\b(?:trong do|trong so do|bao gom|gom)\b/.test(fold(between));
  });
}

export const factSelfContradiction: ReportRule = {
  id: 'fact_self_contradiction',
  scope: 'report',
  severity: 'warning',
  template: 'Phần thuyết minh nêu "{label}" với các giá trị khác nhau: {list}.',
  description:
    'The narrative states two or more different values for the same fact key at the same scope (level or body, time, state: e.g. the same equipment counted twice differently); figures of different levels ("toàn tỉnh" and "cấp huyện"), times ("kỳ trước chuyển sang") or states ("đang giải quyết") are not rivals.',
  check(ctx) {
    const out: Conflict[] = [];
    for (const [key, all] of ctx.index.factsByKey) {
      if (PARTS_FACT_KEYS.has(key)) continue;
      // Only facts of one scope are rivals; approximate figures ("trên 7.600 hồ sơ") restate an
      // exact one and are no rival value.
      const byScope = new Map<string, Fact[]>();
      for (const f of all) {
        if (f.value === null || f.approx || isPartOfEarlier(f, all)) continue;
        const sig = scopeSignature(f.scope);
        byScope.set(sig, [...(byScope.get(sig) ?? []), f]);
      }
      for (const [sig, valued] of byScope) {
        const distinct = [...new Set(valued.map((f) => f.value!))];
        if (distinct.length < 2) continue;
        const shown = distinct.map((v) => valued.find((f) => f.value === v)!);
        out.push(
          makeConflict(this, {
            // One conflict per scope: the scope is part of its identity (the default scope keeps the old one).
            refs: sig === scopeSignature(undefined) ? [`fact:${key}`] : [`fact:${key}`, `scope:${sig}`],
            values: distinct,
            evidence: shown.map(factEvidence),
            vars: { label: FACT_LABEL.get(key) ?? key, list: shown.map((f) => `${fmt(f.value!)} ("${f.raw}")`).join(', ') },
          }),
        );
      }
    }
    return out;
  },
};

// Words (folded) by which the narrative speaks of a fact's subject when it denies it happened:
// "không thực hiện được tiết kiệm chi", "không có cán bộ, công chức vi phạm phải xử lý kỷ luật".
const DENIAL_TOPICS: Record<string, string[]> = {
  'tai_chinh.tiet_kiem': ['tiet kiem'],
  'ky_luat.so_nguoi': ['ky luat'],
  'hoso.qua_han': ['qua han', 'tre han'],
  'tthc.cat_giam': ['cat giam', 'don gian hoa'],
  'dao_tao.so_nguoi': ['dao tao', 'boi duong', 'tap huan'],
  'khao_sat.so_nguoi': ['khao sat', 'lay y kien'],
};
const NEGATION = /\b(?:khong|chua)\s+(?:the\s+)?(?:thuc hien duoc|thuc hien|co|phat sinh|de xay ra|to chuc|dat duoc)\b/g;
/** Words allowed between the negation and the subject ("không có cán bộ, công chức vi phạm phải xử lý kỷ luật"). */
const DENIAL_WINDOW = 10;

function denies(clause: string, topics: string[]): boolean {
  for (const m of execAll(NEGATION, clause)) {
    const after = clause.slice(m.index + m[0].length);
    for (const t of topics) {
      const at = after.indexOf(t);
      if (at >= 0 && after.slice(0, at).trim().split(/\s+/).filter(Boolean).length <= DENIAL_WINDOW) return true;
    }
  }
  return false;
}

/** The clauses of every span, each folded; a text that comes again (one fact sentence per fact) is split and folded once. */
function clausesOf(spans: TextSpan[]): { span: TextSpan; clause: string; folded: string }[] {
  const byText = new Map<string, { clause: string; folded: string }[]>();
  return spans.flatMap((span) => {
    let parts = byText.get(span.text);
    if (!parts) byText.set(span.text, (parts = span.text.split(/[.;!?\n]+/).map((clause) => ({ clause, folded: fold(clause) }))));
    return parts.map(({ clause, folded }) => ({ span, clause, folded }));
  });
}

export const factDeniedInText: ReportRule = {
  id: 'fact_denied_in_text',
  scope: 'report',
  severity: 'warning',
  template: 'Phần thuyết minh nêu {label} = {value} ("{raw}") nhưng ở chỗ khác lại nói không có/không thực hiện được: "{denial}".',
  description:
    'The narrative states a positive figure (a saving, disciplined staff, overdue dossiers...) and elsewhere says it did not happen ("không thực hiện được tiết kiệm chi"). Reads fact sentences and, when given, the report\'s paragraphs.',
  check(ctx) {
    const out: Conflict[] = [];
    const spans: TextSpan[] = [...ctx.texts, ...ctx.record.facts.map((f) => ({ text: f.sentence, provenance: f.provenance }))];
    // Every clause is read for every fact key with a denial topic: fold each once, when first needed.
    let clauses: { span: TextSpan; clause: string; folded: string }[] | undefined;
    for (const [key, facts] of ctx.index.factsByKey) {
      const topics = DENIAL_TOPICS[key];
      const fact = facts.find((f) => f.value !== null && f.value > 0);
      if (!topics || !fact) continue;
      clauses ??= clausesOf(spans);
      const seen = new Set<string>();
      for (const { span, clause, folded } of clauses) {
        // A clause that names none of the topics cannot deny them: skip the negation search.
        if (seen.has(folded) || !topics.some((t) => folded.includes(t)) || !denies(folded, topics)) continue;
        seen.add(folded);
        out.push(
          makeConflict(this, {
            refs: [factRef(fact), `text:${folded.slice(0, 60)}`],
            values: [fact.value, 0],
            evidence: [factEvidence(fact), { ...span.provenance, text: clause.trim() }],
            vars: { label: FACT_LABEL.get(key) ?? key, value: fact.value!, raw: fact.raw, denial: clause.trim() },
          }),
        );
      }
    }
    return out;
  },
};
