// Test helper: a DocumentModel from lines of text, as a reader would give them. "# …" is a
// heading, "- …"/"+ …" a list item (text kept with its mark, as the text reader does), and an
// array of string arrays a table (rows of cells).
import type { Block, DocumentModel } from '../schemas/document.js';
import { parseTextReport } from '../src/readers/text.js';

export type DocLine = string | string[][];

export function docFromLines(lines: DocLine[], file = 'test.txt'): DocumentModel {
  let tables = 0;
  const blocks: Block[] = lines.map((line, i): Block => {
    if (Array.isArray(line)) {
      const index = tables++;
      return {
        kind: 'table',
        index,
        columns: Math.max(...line.map((r) => r.length)),
        rows: line.map((r) => ({ cells: r.map((text, col) => ({ text, col, colspan: 1, rowspan: 1 })) })),
        prov: { file, block: i, table: index },
      };
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) return { kind: 'heading', level: h[1]!.length, text: h[2]!, prov: { file, block: i } };
    return { kind: 'paragraph', text: line, ...(/^\s*[-+•]\s/.test(line) ? { listItem: true } : {}), prov: { file, block: i } };
  });
  return {
    source: { file, sha256: 'a'.repeat(64), format: 'txt', size: 1, pages: null },
    blocks,
    fonts: [],
    pageInfo: [],
  };
}

/** A DocumentModel from the seed's text form (TAB-separated table rows), through the real text reader. */
export function docFromText(text: string, file = 'test.txt'): DocumentModel {
  const { blocks } = parseTextReport(text, file);
  return { source: { file, sha256: '0'.repeat(64), format: 'txt', size: text.length, pages: null }, blocks, fonts: [], pageInfo: [] };
}
