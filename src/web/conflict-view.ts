// What the conflict page shows, computed from the store's rows: each side with its label, unit and
// values; each piece of evidence with the numbers marked and, for a table row, the row itself; the
// suggestion; and which actions apply. Pure, so it is tested without a server.
import type { ConflictDetail, FactRow, IndicatorRow } from '../store/review.js';
import { fmtValue, highlight, isCorrectable, isNumericRef, refLabel, valueNeedles, whereLabel } from './format.js';

export interface SideView {
  index: number;
  /** Keyboard key that confirms this side ("1".."9"), null when it cannot be confirmed. */
  key: string | null;
  ref: string;
  field: string;
  label: string;
  unit: string;
  printed: string;
  extracted: string;
  current: string;
  corrected: boolean;
  correctable: boolean;
  numeric: boolean;
}

export interface EvidenceView {
  html: string;
  where: string;
  row: { code: string; label: string; unit: string; raw: string; note: string } | null;
}

export interface ConflictView {
  sides: SideView[];
  evidence: EvidenceView[];
  suggestion: { field: string; value: string; why: string; applicable: boolean; ref: string } | null;
  /** Refs a corrected value may be entered for; the suggestion's first. */
  correctableRefs: { ref: string; label: string }[];
}

type Evidence = { file?: string; page?: number; pages?: number[]; block?: number; table?: number; row?: number; span?: [number, number]; text?: string };

export function conflictView(detail: ConflictDetail, indicators: IndicatorRow[], facts: FactRow[]): ConflictView {
  const { conflict, fields } = detail;
  const indByRef = new Map(indicators.map((r) => [r.ref, r]));
  const factByRef = new Map(facts.map((r) => [r.ref, r]));
  const fieldByRef = new Map(fields.map((f) => [f.ref, f]));
  let nextKey = 1;
  const sides: SideView[] = conflict.refs.map((ref, index) => {
    const ind = indByRef.get(ref);
    const fact = factByRef.get(ref);
    const f = fieldByRef.get(ref);
    const correctable = isCorrectable(ref) && f !== undefined;
    const key = correctable && nextKey <= 9 ? String(nextKey++) : null;
    return {
      index,
      key,
      ref,
      field: refLabel(ref),
      label: ind?.label ?? (fact ? fact.raw : ''),
      unit: ind?.unit ?? fact?.unit ?? '',
      printed: ind ? (ind.raw === '' ? '(để trống)' : ind.raw) : fmtValue(conflict.values[index] ?? null),
      extracted: f ? fmtValue(f.extracted) : fmtValue(conflict.values[index] ?? null),
      current: f ? fmtValue(f.current) : '',
      corrected: f?.corrected ?? false,
      correctable,
      numeric: isNumericRef(ref),
    };
  });

  const needles = conflict.values.flatMap((v) => valueNeedles(v));
  const evidence: EvidenceView[] = (conflict.evidence as Evidence[]).map((e) => {
    const ind = e.table !== undefined && e.row !== undefined
      ? indicators.find((r) => (r.provenance as Evidence).table === e.table && (r.provenance as Evidence).row === e.row)
      : undefined;
    const text = e.text ?? '';
    return {
      html: highlight(text, needles),
      where: whereLabel(e),
      row: ind ? { code: ind.code, label: ind.label, unit: ind.unit ?? '', raw: ind.raw, note: ind.note ?? '' } : null,
    };
  });

  const s = conflict.suggestion;
  const suggestion = s
    ? { ref: s.ref, field: refLabel(s.ref), value: fmtValue(s.value), why: s.why, applicable: isCorrectable(s.ref) && fieldByRef.has(s.ref) }
    : null;
  const correctableRefs = sides.filter((x) => x.correctable).map((x) => ({ ref: x.ref, label: x.field }));
  if (suggestion?.applicable) correctableRefs.sort((a, b) => (a.ref === s!.ref ? -1 : b.ref === s!.ref ? 1 : 0));
  return { sides, evidence, suggestion, correctableRefs };
}
