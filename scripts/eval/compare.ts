// Field-level scoring of one extracted record against its ground truth. Pure functions: counts of
// true positives, false positives and false negatives per field family, plus a few readable misses.
import type { ReportRecord } from '../../schemas/record.js';
import { clean, fold } from '../../src/text/fold.js';
import type { PlantedConflict, Truth } from '../corpus/truth.js';

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  /** A few human-readable misses ("form3:3.3 expected 99,6 got 96"). */
  misses: string[];
}

const MAX_MISSES = 8;

export function emptyScore(): Score {
  return { tp: 0, fp: 0, fn: 0, misses: [] };
}

function miss(s: Score, text: string): void {
  if (s.misses.length < MAX_MISSES) s.misses.push(text);
}

export function addScores(a: Score, b: Score): Score {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, misses: [...a.misses, ...b.misses].slice(0, MAX_MISSES) };
}

/** Precision and recall; an empty side counts as perfect (nothing claimed, nothing to find). */
export function precision(s: Score): number {
  return s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
}
export function recall(s: Score): number {
  return s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
}
export function f1(s: Score): number {
  const p = precision(s);
  const r = recall(s);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

const sameNumber = (a: number | null | undefined, b: number | null | undefined) =>
  a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));

const key = (form: number, code: string) => `form${form}:${code.replace(/\.$/, '')}`;

type TruthIndicator = Truth['indicators'][number];
type GotIndicator = ReportRecord['indicators'][number];

/** Whether an extracted cell says what the truth's cell says (kind, number, ratio parts, text). */
function sameValue(want: TruthIndicator, got: GotIndicator): boolean {
  return (
    want.valueKind === got.valueKind &&
    (want.valueKind === 'number'
      ? sameNumber(want.value, got.value)
      : want.valueKind === 'ratio'
        ? sameNumber(want.ratio?.numerator, got.ratio?.numerator) && sameNumber(want.ratio?.denominator, got.ratio?.denominator)
        : want.valueKind === 'text'
          ? fold(want.raw) === fold(got.raw)
          : true)
  );
}

export interface UnflaggedWrong {
  /** Extracted values that are wrong and in no conflict ("form4:1 expected "" got "100""). */
  wrong: string[];
  /**
   * Of those, the ones whose number is the one printed in a neighbouring row of the same form
   * (the row above or below in the truth) — a value given to another row, the worst case.
   */
  otherRow: string[];
}

/**
 * The wrong values a reviewer would not be sent to: not the truth's, in no conflict (the review
 * queue is the conflicts; a value's normalisation notes, "not_reported", "comma_thousands", send
 * no one), and of a kind that claims to know the value (number, blank, ratio). An unlocated or
 * text cell is reviewed as such.
 * Pure.
 */
export function unflaggedWrong(record: ReportRecord | null, truth: Truth): UnflaggedWrong {
  const out: UnflaggedWrong = { wrong: [], otherRow: [] };
  const order = truth.indicators.map((i) => key(i.form, i.code));
  const byKey = new Map(truth.indicators.map((i) => [key(i.form, i.code), i]));
  // A conflict naming the row sends the reviewer to it as surely as a flag on the value.
  const inConflict = new Set((record?.conflicts ?? []).flatMap((c) => c.refs));
  for (const got of record?.indicators ?? []) {
    if (got.valueKind === 'unlocated' || got.valueKind === 'text') continue;
    const k = key(got.form, got.code);
    if (inConflict.has(k)) continue;
    const want = byKey.get(k);
    if (!want || sameValue(want, got)) continue;
    const text = `${k} expected "${want.raw}" got "${got.raw}"`;
    out.wrong.push(text);
    const at = order.indexOf(k);
    const neighbours = [order[at - 1], order[at + 1]].map((n) => (n ? byKey.get(n) : undefined)).filter((n): n is TruthIndicator => n?.form === got.form);
    if (got.valueKind === 'number' && neighbours.some((n) => n.valueKind === 'number' && sameNumber(n.value, got.value))) out.otherRow.push(text);
  }
  return out;
}

/** Indicators: form+code+value (kind, number, ratio parts). Blank must stay blank: blank is not 0. */
export function scoreIndicators(record: ReportRecord | null, truth: Truth): Score {
  const s = emptyScore();
  const expected = new Map(truth.indicators.map((i) => [key(i.form, i.code), i]));
  const matched = new Set<string>();
  for (const got of record?.indicators ?? []) {
    const k = key(got.form, got.code);
    const want = expected.get(k);
    if (!want || matched.has(k)) {
      s.fp++;
      miss(s, `${k} extracted but not in the truth${want ? ' (duplicate)' : ''}`);
      continue;
    }
    if (sameValue(want, got)) {
      s.tp++;
      matched.add(k);
    } else {
      s.fp++;
      miss(s, `${k} expected ${want.valueKind} "${want.raw}" got ${got.valueKind} "${got.raw}"`);
    }
  }
  for (const k of expected.keys()) if (!matched.has(k)) s.fn++;
  const missing = [...expected.keys()].filter((k) => !matched.has(k) && !(record?.indicators ?? []).some((g) => key(g.form, g.code) === k));
  if (missing.length) miss(s, `not extracted: ${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ` (+${missing.length - 6})` : ''}`);
  return s;
}

const valueKey = (v: number | null) => (v === null ? 'null' : String(Math.round(v * 1e6) / 1e6));

/** Facts as a set of (key, value) pairs: a fact said twice is one fact. Only the keys the truth speaks for. */
export function scoreFacts(record: ReportRecord | null, truth: Truth): Score {
  const s = emptyScore();
  const scored = truth.factKeys ? new Set(truth.factKeys) : null;
  const want = new Map(truth.facts.map((f) => [`${f.key}=${valueKey(f.value)}`, f]));
  const got = new Set((record?.facts ?? []).filter((f) => !scored || scored.has(f.key)).map((f) => `${f.key}=${valueKey(f.value)}`));
  for (const g of got) {
    if (want.has(g)) s.tp++;
    else {
      s.fp++;
      const k = g.split('=')[0]!;
      const expected = truth.facts.find((f) => f.key === k);
      miss(s, `fact ${g}${expected ? ` (expected ${expected.value})` : ' (not stated)'}`);
    }
  }
  const missing = [...want.keys()].filter((w) => !got.has(w));
  s.fn += missing.length;
  if (missing.length) miss(s, `facts not found: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (+${missing.length - 5})` : ''}`);
  return s;
}

const PLACE_PREFIX = /^(xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh|tp\.?)\s+/;
/** Names compare case-insensitively but diacritic-sensitively ("Tiên" ≠ "Tiền"), without a kind word. */
export function nameKey(s: string): string {
  const lower = clean(s).toLocaleLowerCase('vi');
  const m = PLACE_PREFIX.exec(fold(lower));
  if (!m) return lower;
  // Drop as many leading words as the folded prefix has.
  const words = m[0].trim().split(' ').length;
  return lower.split(' ').slice(words).join(' ');
}

const titleKey = (s: string) => fold(s).replace(/^bao cao\s*/, '').replace(/[.:]$/, '');
const numberKey = (s: string) => clean(s).replace(/\s+/g, '').toUpperCase();

interface MetaField {
  field: string;
  /** undefined: the truth does not record this field, so it is not scored. */
  truth: (t: Truth) => string | null | undefined;
  got: (r: ReportRecord) => string | null | undefined;
  eq: (a: string, b: string) => boolean;
}

const eqName = (a: string, b: string) => nameKey(a) === nameKey(b);
const eqFold = (a: string, b: string) => fold(a) === fold(b);

export const META_FIELDS: MetaField[] = [
  { field: 'unitKind', truth: (t) => t.report.unitKind, got: (r) => r.report?.unitKind, eq: (a, b) => a === b },
  { field: 'unitName', truth: (t) => t.report.unitName, got: (r) => r.report?.unitName, eq: eqName },
  { field: 'district', truth: (t) => t.report.district, got: (r) => r.report?.district, eq: eqName },
  { field: 'province', truth: (t) => t.report.province, got: (r) => r.report?.province, eq: eqName },
  { field: 'number', truth: (t) => t.report.number, got: (r) => r.report?.number, eq: (a, b) => numberKey(a) === numberKey(b) },
  { field: 'place', truth: (t) => t.report.place, got: (r) => r.report?.place, eq: eqName },
  { field: 'date', truth: (t) => t.report.date, got: (r) => r.report?.date, eq: (a, b) => a === b },
  { field: 'title', truth: (t) => t.report.title, got: (r) => r.report?.title, eq: (a, b) => titleKey(a) === titleKey(b) },
  {
    field: 'period',
    truth: (t) => `${t.report.period.kind}|${t.report.period.number ?? ''}|${t.report.period.year}`,
    got: (r) => (r.report?.period ? `${r.report.period.kind}|${r.report.period.number ?? ''}|${r.report.period.year ?? ''}` : null),
    eq: (a, b) => a === b,
  },
  { field: 'signer.name', truth: (t) => t.report.signer.name, got: (r) => r.report?.signer?.name, eq: eqName },
  { field: 'signer.title', truth: (t) => t.report.signer.title, got: (r) => r.report?.signer?.title, eq: eqFold },
];

/** Per metadata field: right, wrong (or missing), or not in the truth. Pure. */
export function metadataFields(record: ReportRecord | null, truth: Truth): Record<string, boolean | null> {
  const out: Record<string, boolean | null> = {};
  for (const f of META_FIELDS) {
    const want = f.truth(truth);
    if (want === undefined) continue;
    const got = record ? (f.got(record) ?? null) : null;
    out[f.field] = want === null ? (got === null ? null : false) : got !== null && f.eq(want, got);
  }
  return out;
}

/** Metadata, field by field: a wrong value is both a false positive and a miss. */
export function scoreMetadata(record: ReportRecord | null, truth: Truth): Score {
  const s = emptyScore();
  for (const f of META_FIELDS) {
    const want = f.truth(truth);
    if (want === undefined) continue;
    const got = record ? (f.got(record) ?? null) : null;
    if (got !== null && want !== null && f.eq(want, got)) s.tp++;
    else {
      if (got !== null) s.fp++;
      if (want !== null) s.fn++;
      if (got !== null || want !== null) miss(s, `report.${f.field} expected ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
    }
  }
  return s;
}

/** "04/ KH-UBND", "4-KH-UBND", "04/KH-UBND" → "4/KH-UBND"; "61/2018/NĐ-CP" → "61/2018/ND-CP". */
export function citationKey(number: string): string {
  return fold(number)
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/^0+(\d)/, '$1')
    .replace(/^(\d+)-/, '$1/');
}

/** Citations as a set of (number, date) pairs; a document cited with two dates is two pairs. */
export function scoreCitations(record: ReportRecord | null, truth: Truth): Score {
  const s = emptyScore();
  const pair = (n: string, d: string | null) => `${citationKey(n)}@${d ?? '-'}`;
  const want = new Set(truth.citations.map((c) => pair(c.number, c.date)));
  const got = new Set((record?.citations ?? []).map((c) => pair(c.number, c.date)));
  for (const g of got) {
    if (want.has(g)) s.tp++;
    else {
      s.fp++;
      miss(s, `citation ${g} not in the truth`);
    }
  }
  const missing = [...want].filter((w) => !got.has(w));
  s.fn += missing.length;
  if (missing.length) miss(s, `citations not found: ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ` (+${missing.length - 4})` : ''}`);
  return s;
}

/** Two refs name the same thing: "form3:1.4." = "form3:1.4", citation numbers compared normalised. */
export function sameRef(a: string, b: string): boolean {
  const norm = (r: string) => {
    const [kind, ...rest] = r.split(':');
    const value = rest.join(':');
    if (kind === 'citation') return `citation:${citationKey(value)}`;
    return `${kind}:${value.replace(/\.$/, '')}`;
  };
  return norm(a) === norm(b);
}

export function refsOverlap(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.some((y) => sameRef(x, y)));
}

/** A planted conflict found by an extracted one: a mapped rule, on the same rows (report-level kinds: the rule alone). */
export function detects(c: { rule: string; refs: string[] }, p: PlantedConflict, rulesOf: (kind: PlantedConflict['kind']) => string[]): boolean {
  if (!rulesOf(p.kind).includes(c.rule)) return false;
  if (p.refs.every((r) => r.startsWith('report:'))) return true;
  return refsOverlap(c.refs, p.refs);
}
