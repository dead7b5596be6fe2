// The codes printed in the STT column of the appendix forms: "1.", "2.1.", "3.3.1.", "1.4", roman
// group codes "II." and, in some variants, sub-items "a)". The PDF layout finds row bands by them,
// the OCR step anchors word boxes on them and the appendix extractor keys indicators by them, so
// all three must agree on what a code is.
import { clean, fold } from './fold.js';

// At most two digits a level: "1.000" (a number) and "2023" (a year) are not codes.
const NUMERIC = /^(\d{1,2}(?:\.\d{1,2}){0,4})\.?$/;
const ROMAN = /^([IVX]{1,5})\.?$/;
const SUB_ITEM = /^[a-zđ]\)$/;

/**
 * The code of a row without its trailing dot ("2.1." → "2.1", "II." → "II"), or null. Spaces inside
 * are ignored: text layers and Word cells split "2. 1." as often as not.
 */
export function parseRowCode(text: string): string | null {
  const t = clean(text).replace(/\s+/g, '');
  const m = NUMERIC.exec(t) ?? ROMAN.exec(t);
  return m ? m[1]! : null;
}

/** True for text that opens a row of a form: a row code or a sub-item letter ("a)"). */
export function isRowCode(text: string): boolean {
  return parseRowCode(text) !== null || SUB_ITEM.test(clean(text));
}

/**
 * The row-number column's head: "STT", "TT", "Số TT", "Số thứ tự", and "STT" as OCR misreads
 * its T's in the serif faces of these forms ("SIT", "STI", "S1T", "5TT"): a table is found by
 * this head, so one misread letter would lose a whole form. No word of a report reads so.
 */
export function isSttHead(text: string): boolean {
  const f = fold(text);
  return /^(?:stt|tt|so tt|so thu tu)\.?$/.test(f) || /^[s5][til1|]{2}\.?$/.test(f);
}
