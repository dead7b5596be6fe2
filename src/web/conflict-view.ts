// What the conflict page shows, computed from the store's rows: each side with its label, unit and
// values; each piece of evidence with the numbers marked and, for a table row, the row itself; the
// suggestion; and which actions apply. Pure, so it is tested without a server.
import type { ConflictDetail, FactRow, IndicatorRow } from '../store/review.js';
import { fmtValue, highlight, isCorrectable, isNumericRef, refLabel, valueNeedles, whereLabel } from './format.js';
import { conflictSides, takes } from './sides.js';

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
  /** The value "confirm this side" records, formatted; null when the side cannot be confirmed. */
  confirm: string | null;
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
  /** Placeholder for the value box: an example of what the first correctable field takes. */
  inputHint: string;
}

type Evidence = { file?: string; page?: number; pages?: number[]; block?: number; table?: number; row?: number; span?: [number, number]; text?: string };

export function conflictView(detail: ConflictDetail, indicators: IndicatorRow[], facts: FactRow[]): ConflictView {
  const { conflict, fields } = detail;
  const indByRef = new Map(indicators.map((r) => [r.ref, r]));
  const factByRef = new Map(facts.map((r) => [r.ref, r]));
  const fieldByRef = new Map(fields.map((f) => [f.ref, f]));
  const aligned = conflict.refs.length === conflict.values.length;
  let nextKey = 1;
  const sides: SideView[] = conflictSides(detail).map((side) => {
    const { index, ref } = side;
    const ind = indByRef.get(ref);
    const fact = factByRef.get(ref);
    const f = fieldByRef.get(ref);
    const key = side.confirmable && nextKey <= 9 ? String(nextKey++) : null;
    if (side.ofValue) {
      // One field, several values: each row is one value, with the text it was read from.
      const value = fmtValue(side.value ?? null);
      const ev = (conflict.evidence as Evidence[])[index];
      return {
        index,
        key,
        ref,
        field: refLabel(ref),
        label: ev?.text ?? (ind?.label ?? fact?.raw ?? ''),
        unit: ind?.unit ?? fact?.unit ?? '',
        printed: value,
        extracted: value,
        current: f?.corrected ? fmtValue(f.current) : value,
        corrected: f?.corrected ?? false,
        // Values the field cannot take (two subjects of one document number: the store keeps a
        // cited document's date, not its subject) offer no value box; the reviewer keeps or moves on.
        correctable: side.confirmable,
        numeric: isNumericRef(ref),
        confirm: side.confirmable ? value : null,
      };
    }
    const own = aligned ? (conflict.values[index] ?? null) : null;
    return {
      index,
      key,
      ref,
      field: refLabel(ref),
      label: ind?.label ?? (fact ? fact.raw : ''),
      unit: ind?.unit ?? fact?.unit ?? '',
      // A row as printed; otherwise the value the rule saw on this side (a report field, a text),
      // or, when the rule's values do not line up with its refs, the field's own extracted value.
      printed: ind ? (ind.raw === '' ? '(để trống)' : ind.raw) : aligned ? fmtValue(own) : f ? fmtValue(f.extracted) : '',
      extracted: f ? fmtValue(f.extracted) : fmtValue(own),
      current: f ? fmtValue(f.current) : '',
      corrected: f?.corrected ?? false,
      correctable: isCorrectable(ref) && f !== undefined,
      numeric: isNumericRef(ref),
      confirm: side.confirmable ? fmtValue(side.value ?? null) : null,
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
    ? { ref: s.ref, field: refLabel(s.ref), value: fmtValue(s.value), why: s.why, applicable: takes(detail, s.ref, s.value) }
    : null;
  const correctableRefs = [...new Map(sides.filter((x) => x.correctable).map((x) => [x.ref, { ref: x.ref, label: x.field }])).values()];
  if (suggestion?.applicable) correctableRefs.sort((a, b) => (a.ref === s!.ref ? -1 : b.ref === s!.ref ? 1 : 0));
  const first = correctableRefs[0]?.ref;
  const inputHint = first && !isNumericRef(first) && /date|^citation:/.test(first) ? 'ví dụ 28/02/2023' : first && !isNumericRef(first) ? '' : 'ví dụ 76,92';
  return { sides, evidence, suggestion, correctableRefs, inputHint };
}
