// The sides of a conflict, for the page and for the decisions alike. Most rules name one field per
// side (refs and values line up: a rate, its numerator and denominator). Some name one field and
// the several values it was given (a document cited with two dates, a fact stated twice): then each
// value is a side, and confirming it sets that field to that value. Pure.
import type { ConflictDetail } from '../store/review.js';
import { checkRefValue, parseRef, type RefValue } from '../store/refs.js';

export interface Side {
  index: number;
  ref: string;
  /** The value this side stands for: the field's current value, or (one field, many values) one of them. */
  value: RefValue | undefined;
  /** Whether "this side is right" can be recorded: a correctable field that takes this value. */
  confirmable: boolean;
  /** One field with several values: this side is one of the values. */
  ofValue: boolean;
}

type Detail = Pick<ConflictDetail, 'conflict' | 'fields'>;

/** True when the conflict names one field and the different values found for it. */
export function valuesAreSides(conflict: Detail['conflict']): boolean {
  return conflict.refs.length === 1 && conflict.values.length > 1;
}

/** Whether `ref` is a field of the report that can take `value` (undefined: any value of its kind). */
export function takes(detail: Detail, ref: string, value?: RefValue): boolean {
  const parsed = parseRef(ref);
  if (!parsed || !detail.fields.some((f) => f.ref === ref)) return false;
  return value === undefined || checkRefValue(parsed, value) === null;
}

export function conflictSides(detail: Detail): Side[] {
  const { conflict, fields } = detail;
  if (valuesAreSides(conflict)) {
    const ref = conflict.refs[0]!;
    return conflict.values.map((value, index) => ({ index, ref, value, ofValue: true, confirmable: takes(detail, ref, value) }));
  }
  return conflict.refs.map((ref, index) => {
    const f = fields.find((x) => x.ref === ref);
    return { index, ref, value: f?.current, ofValue: false, confirmable: f !== undefined && takes(detail, ref, f.current) };
  });
}
