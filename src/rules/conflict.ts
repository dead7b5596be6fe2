// Building conflicts: messages from templates, refs, evidence and the stable fingerprint.
import type { Provenance } from '../../schemas/document.js';
import type { Citation, Conflict, Fact, Indicator, Severity } from '../../schemas/record.js';
import { formatVietnameseNumber } from '../normalise/number.js';
import type { Rule } from './types.js';

type Evidence = Conflict['evidence'][number];

/** Fills {name} placeholders; a missing value leaves the placeholder visible rather than "undefined". */
export function render(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = vars[name];
    return v === undefined ? m : typeof v === 'number' ? fmt(v) : v;
  });
}

/** A number the Vietnamese way, at most two decimals: 76.923 → "76,92", 1000 → "1.000". */
export function fmt(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  const decimals = Number.isInteger(rounded) ? 0 : Number.isInteger(rounded * 10) ? 1 : 2;
  return formatVietnameseNumber(rounded, decimals);
}

/** Rule id plus sorted refs: the same finding gets the same id on every run. */
export function fingerprint(rule: string, refs: string[]): string {
  return [rule, ...[...refs].sort()].join('|');
}

export interface ConflictParts {
  refs: string[];
  values: (number | string | null)[];
  evidence: Evidence[];
  vars: Record<string, string | number>;
  severity?: Severity;
  suggestion?: Conflict['suggestion'];
}

export function makeConflict(rule: Rule, parts: ConflictParts): Conflict {
  const conflict: Conflict = {
    rule: rule.id,
    severity: parts.severity ?? rule.severity,
    message: render(rule.template, parts.vars),
    refs: parts.refs,
    values: parts.values,
    evidence: parts.evidence,
    fingerprint: fingerprint(rule.id, parts.refs),
  };
  if (parts.suggestion) conflict.suggestion = parts.suggestion;
  return conflict;
}

export function indicatorRef(ind: Indicator): string {
  return `form${ind.form}:${ind.code}`;
}

/** "Biểu mẫu 3 dòng 1.4" for messages. */
export function indicatorName(ind: Indicator): string {
  return `Biểu mẫu ${ind.form} dòng ${ind.code}`;
}

function withText(prov: Provenance, text: string): Evidence {
  return { ...prov, text };
}

export function indicatorEvidence(ind: Indicator): Evidence {
  return withText(ind.provenance, `${ind.code}. ${ind.label}: ${ind.raw === '' ? '(để trống)' : ind.raw}`);
}

export function factRef(fact: Fact): string {
  return `fact:${fact.key}`;
}

export function factEvidence(fact: Fact): Evidence {
  return withText(fact.provenance, fact.sentence || fact.raw);
}

export function citationRef(c: Citation): string {
  return `citation:${c.number}`;
}

export function citationEvidence(c: Citation): Evidence {
  return withText(c.provenance, c.raw);
}

/** Digits after the decimal comma as printed ("99,6" → 1), from the record or the raw cell. */
export function printedDecimals(ind: Indicator): number {
  if (ind.decimals !== undefined) return ind.decimals;
  const m = /[.,](\d+)\s*%?\s*$/.exec(ind.raw.trim());
  // "1.000" groups thousands: three digits after a dot are not decimals.
  if (!m || (/\./.test(ind.raw) && m[1]!.length === 3)) return 0;
  return m[1]!.length;
}

/**
 * Whether a printed rate agrees with the one computed from its parts, given how precisely it
 * was printed: rounded (within half a unit of the last printed digit) or truncated (up to one
 * unit below). "99,6" for 99,61 holds; "100" for 76,92 does not; "99" for 99,61 holds.
 */
export function agreesAtPrecision(printed: number, decimals: number, computed: number): boolean {
  const unit = Math.pow(10, -decimals);
  const diff = computed - printed;
  return Math.abs(diff) <= unit / 2 + 1e-9 || (diff >= 0 && diff < unit);
}
