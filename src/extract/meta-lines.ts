// The report's front and back matter as lines, the unit the metadata readers work on: a paragraph
// line or a table cell (a column of the header or signature block), each with where it came from.
import type { Block, Provenance } from '../../schemas/document.js';
import { foldSameLength } from '../text/fold.js';

export interface Line {
  text: string;
  folded: string;
  prov: Provenance;
  /** Offset of `text` in the block (or cell) text, so spans point into it. */
  offset: number;
  listItem: boolean;
  /** Position in reading order. */
  order: number;
  /** Column of the cell the line is in, for lines from a table (0 left, 1 right, …). */
  column?: number;
}

export function linesOf(block: Block, index: number, order: { n: number }): Line[] {
  const base: Provenance = { ...block.prov, block: index };
  const out: Line[] = [];
  const push = (text: string, prov: Provenance, listItem: boolean, column?: number) => {
    const nfc = text.normalize('NFC');
    let offset = 0;
    for (const part of nfc.split('\n')) {
      if (part.trim() !== '') {
        out.push({ text: part, folded: foldSameLength(part), prov, offset, listItem, order: order.n++, ...(column !== undefined ? { column } : {}) });
      }
      offset += part.length + 1;
    }
  };
  if (block.kind === 'table') {
    block.rows.forEach((row, r) =>
      row.cells.forEach((cell, c) => {
        if (!cell.covered) push(cell.text, { ...base, row: r, cell: c, ...(row.page ? { page: row.page } : {}) }, false, cell.col);
      }),
    );
  } else {
    push(block.text, base, block.kind === 'paragraph' && block.listItem === true);
  }
  return out;
}

/** Provenance of [start, end) of a line's text. */
export function span(line: Line, start: number, end: number): Provenance {
  return { ...line.prov, span: [line.offset + start, line.offset + end] };
}
