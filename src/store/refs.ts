// Field references shared by rows, corrections and conflicts: "form3:1.4" (an appendix row),
// "fact:hoso.tiep_nhan" (a narrative fact), "report:date" (report metadata). Pure functions.
import type { ReportMeta, ReportRecord } from '../../schemas/record.js';

export type RefValue = number | string | null;

export const REPORT_FIELDS = [
  'unitKind',
  'unitName',
  'district',
  'province',
  'number',
  'place',
  'date',
  'title',
  'period.kind',
  'period.number',
  'period.year',
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export type ParsedRef =
  | { kind: 'indicator'; form: number; code: string; ref: string }
  | { kind: 'fact'; key: string; ref: string }
  | { kind: 'report'; field: ReportField; ref: string }
  /** "citation:12/KH-UBND": the date a cited document is given (every citation of that number). */
  | { kind: 'citation'; number: string; ref: string };

export function indicatorRef(form: number, code: string): string {
  return `form${form}:${code}`;
}

export function factRef(key: string): string {
  return `fact:${key}`;
}

/**
 * Gives each item its ref, suffixing repeats ("form7:6.4#2"): a broken table can print a row code
 * twice and a narrative can state one fact twice, and each must stay correctable on its own.
 */
export function uniqueRefs(base: string[]): string[] {
  const seen = new Map<string, number>();
  return base.map((b) => {
    const n = (seen.get(b) ?? 0) + 1;
    seen.set(b, n);
    return n === 1 ? b : `${b}#${n}`;
  });
}

export function parseRef(ref: string): ParsedRef | null {
  const ind = /^form(\d+):(\S+)$/.exec(ref);
  if (ind) return { kind: 'indicator', form: Number(ind[1]), code: ind[2]!.replace(/#\d+$/, ''), ref };
  const fact = /^fact:(\S+)$/.exec(ref);
  if (fact) return { kind: 'fact', key: fact[1]!.replace(/#\d+$/, ''), ref };
  const rep = /^report:(\S+)$/.exec(ref);
  if (rep && (REPORT_FIELDS as readonly string[]).includes(rep[1]!)) return { kind: 'report', field: rep[1] as ReportField, ref };
  const cit = /^citation:(.+)$/.exec(ref);
  if (cit && cit[1]!.trim()) return { kind: 'citation', number: cit[1]!, ref };
  return null;
}

/** Checks a corrected value fits its field; returns the problem or null. */
export function checkRefValue(parsed: ParsedRef, value: RefValue): string | null {
  if (parsed.kind === 'citation') {
    if (value !== null && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))) return `${parsed.ref} takes a date as YYYY-MM-DD`;
    return null;
  }
  if (parsed.kind === 'indicator' || parsed.kind === 'fact') {
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value)))
      return `${parsed.ref} takes a number or null (not reported)`;
    return null;
  }
  if (parsed.field === 'period.number' || parsed.field === 'period.year') {
    if (value !== null && (typeof value !== 'number' || !Number.isInteger(value))) return `${parsed.ref} takes a whole number`;
    return null;
  }
  if (parsed.field === 'date' && value !== null && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)))
    return `${parsed.ref} takes a date as YYYY-MM-DD`;
  if (value !== null && typeof value !== 'string') return `${parsed.ref} takes text`;
  return null;
}

export function indicatorRefs(record: ReportRecord): string[] {
  return uniqueRefs(record.indicators.map((i) => indicatorRef(i.form, i.code)));
}

export function factRefs(record: ReportRecord): string[] {
  return uniqueRefs(record.facts.map((f) => factRef(f.key)));
}

function getReportField(meta: ReportMeta | null, field: ReportField): RefValue {
  if (!meta) return null;
  if (field.startsWith('period.')) {
    const p = meta.period;
    if (!p) return null;
    return p[field.slice(7) as 'kind' | 'number' | 'year'];
  }
  return (meta[field as keyof ReportMeta] as RefValue | undefined) ?? null;
}

/** The citations a "citation:N" ref names: those printed with that number (as the rules name them). */
function citationsOf(record: ReportRecord, number: string): ReportRecord['citations'] {
  return record.citations.filter((c) => (c.number || c.rawNumber) === number || c.rawNumber === number);
}

/** The extracted (uncorrected) value of a ref in a record, or undefined when the ref is not in it. */
export function extractedValue(record: ReportRecord, ref: string): RefValue | undefined {
  const parsed = parseRef(ref);
  if (!parsed) return undefined;
  if (parsed.kind === 'indicator') {
    const i = indicatorRefs(record).indexOf(ref);
    return i < 0 ? undefined : record.indicators[i]!.value;
  }
  if (parsed.kind === 'fact') {
    const i = factRefs(record).indexOf(ref);
    return i < 0 ? undefined : record.facts[i]!.value;
  }
  if (parsed.kind === 'citation') {
    const cs = citationsOf(record, parsed.number);
    return cs.length ? (cs.find((c) => c.date !== null)?.date ?? null) : undefined;
  }
  return getReportField(record.report, parsed.field);
}

/**
 * The record as reviewers left it: each corrected field takes its current corrected value (rules
 * run on this, so a corrected number stops raising its conflict). Returns a new record.
 */
export function applyCorrectionsToRecord(record: ReportRecord, current: ReadonlyMap<string, RefValue>): ReportRecord {
  if (current.size === 0) return record;
  const out: ReportRecord = structuredClone(record);
  const iRefs = indicatorRefs(out);
  const fRefs = factRefs(out);
  for (const [ref, value] of current) {
    const parsed = parseRef(ref);
    if (!parsed) continue;
    if (parsed.kind === 'indicator') {
      const ind = out.indicators[iRefs.indexOf(ref)];
      if (!ind || (value !== null && typeof value !== 'number')) continue;
      ind.value = value;
      ind.valueKind = value === null ? 'blank' : 'number';
      delete ind.ratio;
      if (!ind.flags.includes('corrected')) ind.flags.push('corrected');
    } else if (parsed.kind === 'fact') {
      const fact = out.facts[fRefs.indexOf(ref)];
      if (!fact || (value !== null && typeof value !== 'number')) continue;
      fact.value = value;
    } else if (parsed.kind === 'citation') {
      // The document has one date: every citation of its number takes the corrected one.
      if (value !== null && typeof value !== 'string') continue;
      for (const c of citationsOf(out, parsed.number)) c.date = value;
    } else if (out.report) {
      if (parsed.field.startsWith('period.')) {
        const period = (out.report.period ??= { kind: 'unknown', number: null, year: null, raw: '' });
        const key = parsed.field.slice(7);
        if (key === 'kind' && typeof value === 'string') period.kind = value as typeof period.kind;
        if (key === 'number' || key === 'year') period[key] = typeof value === 'number' ? value : null;
      } else {
        (out.report as Record<string, unknown>)[parsed.field] = value;
      }
    }
  }
  return out;
}
