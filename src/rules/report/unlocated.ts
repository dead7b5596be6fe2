// Appendix values that were not located: the reader found the row but could not tell which cell
// holds its value (a value column no content matched, or a number printed beside an empty value
// cell). Nothing is known of such a value, so a reviewer reads it off the page; it is never taken
// for "not reported".
import type { Conflict } from '../../../schemas/record.js';
import { indicatorEvidence, indicatorName, indicatorRef, makeConflict } from '../conflict.js';
import type { ReportRule } from '../types.js';

export const valueNotLocated: ReportRule = {
  id: 'value_not_located',
  scope: 'report',
  severity: 'warning',
  template: '{row}: không xác định được ô số liệu trong bảng; cần đọc giá trị từ bản gốc (trang {page}).',
  description: 'An appendix row whose value cell could not be located (no column of values could be told apart, or a number stands beside an empty value cell): the value is unknown, not blank; read it off the original.',
  check(ctx) {
    const out: Conflict[] = [];
    for (const ind of ctx.record.indicators) {
      if (ind.valueKind !== 'unlocated') continue;
      out.push(
        makeConflict(this, {
          refs: [indicatorRef(ind)],
          values: [null],
          evidence: [indicatorEvidence(ind)],
          vars: { row: indicatorName(ind), page: ind.provenance.page ?? '?' },
        }),
      );
    }
    return out;
  },
};
