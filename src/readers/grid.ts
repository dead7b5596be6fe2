// Resolves an HTML-like table (cells with colspan/rowspan, cells covered by a rowspan omitted, as
// mammoth emits it) into a grid: every cell knows its grid column, and each slot covered from above
// gets an explicit `covered` cell, so a column index means the same thing on every row.
import type { TableCell, TableRow } from '../../schemas/document.js';

export type RawCell = Omit<TableCell, 'col' | 'colspan' | 'rowspan' | 'covered'> & { colspan?: number; rowspan?: number };

export interface ResolvedGrid {
  rows: TableRow[];
  columns: number;
}

/**
 * The widest grid a table may claim. Word stops at 63 columns, LibreOffice at 1024; a span past
 * that is damage (a fuzzed w:gridSpan of 2147483647 under a vertical merge had this loop mark two
 * billion slots, minutes of work for one file).
 */
export const MAX_SPAN = 1024;

export function resolveGrid(rows: RawCell[][]): ResolvedGrid {
  // carry[col] = rows still covered below by a rowspan started above, and that cell's colspan.
  const carry: { left: number; colspan: number }[] = [];
  const out: TableRow[] = [];
  let columns = 0;
  for (const [r, raw] of rows.entries()) {
    const cells: TableCell[] = [];
    let col = 0;
    const emitCovered = () => {
      while ((carry[col]?.left ?? 0) > 0) {
        const span = carry[col]!.colspan;
        cells.push({ text: '', col, colspan: span, rowspan: 1, covered: true });
        for (let k = col; k < col + span; k++) carry[k] = { left: (carry[k]?.left ?? 1) - 1, colspan: carry[k]?.colspan ?? 1 };
        col += span;
      }
    };
    for (const rc of raw) {
      emitCovered();
      const colspan = Math.min(MAX_SPAN, Math.max(1, rc.colspan ?? 1));
      // A cell cannot reach below the table's last row.
      const rowspan = Math.min(rows.length - r, Math.max(1, rc.rowspan ?? 1));
      const { colspan: _c, rowspan: _r, ...rest } = rc;
      cells.push({ ...rest, col, colspan, rowspan });
      if (rowspan > 1) for (let k = col; k < col + colspan; k++) carry[k] = { left: rowspan - 1, colspan: k === col ? colspan : 1 };
      col += colspan;
    }
    // Slots at the end of the row still covered from above.
    while (col < carry.length) {
      if ((carry[col]?.left ?? 0) > 0) emitCovered();
      else col++;
    }
    columns = Math.max(columns, cells.reduce((m, c) => Math.max(m, c.col + c.colspan), 0));
    out.push({ cells });
  }
  return { rows: out, columns };
}
