// Values read by OCR with low confidence: Tesseract is unsure of a digit ("8" or "0"? "1" or "7"?),
// so a reviewer checks the value against the page image (the evidence carries page and box).
import type { Conflict } from '../../../schemas/record.js';
import { fmt, indicatorEvidence, indicatorName, indicatorRef, makeConflict } from '../conflict.js';
import type { ReportRule } from '../types.js';

/** Below this mean word confidence (0–100) a value is not trusted without a look. */
export const LOW_CONFIDENCE = 80;

export const lowConfidence: ReportRule = {
  id: 'low_confidence',
  scope: 'report',
  severity: 'warning',
  template: '{row} đọc bằng OCR được "{raw}" với độ tin cậy thấp ({confidence}): cần đối chiếu với ảnh trang {page}.',
  description: `An appendix value read by OCR (a scanned page) with a word confidence below ${LOW_CONFIDENCE}, or with none known (its words could not be found again on the page), or printed as a number-like text OCR could not read as a number: check it against the page image.`,
  check(ctx) {
    const out: Conflict[] = [];
    const ocrPages = new Set(ctx.record.pageInfo.filter((p) => p.method === 'ocr').map((p) => p.page));
    for (const ind of ctx.record.indicators) {
      const confidence = ind.provenance.confidence;
      if (ind.valueKind === 'blank') continue;
      // A value on an OCRed page whose words were not found again has no confidence: not trusted.
      const unknown = confidence === undefined && ind.provenance.page !== undefined && ocrPages.has(ind.provenance.page);
      if (confidence === undefined && !unknown) continue;
      const unreadable = ind.valueKind === 'text' && /\d/.test(ind.raw);
      if (confidence !== undefined && confidence >= LOW_CONFIDENCE && !unreadable) continue;
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(ind)],
          values: [ind.value ?? ind.raw],
          evidence: [indicatorEvidence(ind)],
          vars: { row: indicatorName(ind), raw: ind.raw, confidence: confidence === undefined ? 'không rõ' : `${fmt(confidence)}%`, page: ind.provenance.page ?? '?' },
        }),
      );
    }
    return out;
  },
};
