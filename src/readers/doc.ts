// Legacy Word 97-2003 (.doc) reader: word-extractor gives the body as plain text, with each table
// cell ended by a TAB (its cell mark) and each row by a line end. Paragraphs and table grids are
// rebuilt from that; headings are recognised by their wording, since no styles survive.
import { createRequire } from 'node:module';
import type { Block, DocumentModel, TableCell, TableRow } from '../../schemas/document.js';
import { InputError } from '../errors.js';
import { info, result, warning } from '../result.js';
import type { Reader } from './types.js';
import { isOle, isZip, openOle, oleIsEncrypted } from './ole.js';
import { docFontNames } from './doc-fonts.js';
import { collapseSpaces } from './docx-runs.js';

const require = createRequire(import.meta.url);
interface WordDocumentText {
  getBody(options?: { filterUnicode?: boolean }): string;
}
const WordExtractor = require('word-extractor') as new () => { extract(source: Buffer): Promise<WordDocumentText> };

const clean = (s: string) => collapseSpaces(s).trim();

/** A line that ends with a cell mark is (the end of) a table row. */
const isRowEnd = (line: string) => line.endsWith('\t');
const splitRow = (text: string) => text.slice(0, -1).split('\t');

const ROMAN_HEADING = /^(?=[IVXL]+\.)[IVXL]{1,6}\.\s+\S/;
const TITLE_HEADING = /^(BÁO CÁO|PHỤ LỤC)\b/u;
const LIST_MARK = /^[-+•–—*·]\s/;

/** Heading level by wording: report title / appendix title → 1, "I.", "II." sections → 2. */
export function headingLevel(text: string): number | null {
  if (text.length > 160) return null;
  if (TITLE_HEADING.test(text.normalize('NFC'))) return 1;
  if (ROMAN_HEADING.test(text)) return 2;
  return null;
}

type Piece = { kind: 'para'; text: string } | { kind: 'table'; rows: string[][] };

/**
 * Splits the body into paragraphs and tables. A cell holding several paragraphs shows up as lines
 * without a final TAB before the row's last line; inside a table those lines are joined into the
 * row when the result has the table's cell count, else they are paragraphs after the table.
 */
export function splitBody(body: string): Piece[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const pieces: Piece[] = [];
  let table: string[][] | null = null;
  const endTable = () => {
    if (table) pieces.push({ kind: 'table', rows: table });
    table = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isRowEnd(line)) {
      table ??= [];
      table.push(splitRow(line));
      continue;
    }
    if (table) {
      // Look ahead for the row end this line might belong to.
      let j = i;
      while (j < lines.length && !isRowEnd(lines[j]!) && lines[j]!.trim() !== '' && j - i < 20) j++;
      if (j < lines.length && isRowEnd(lines[j]!)) {
        const cells = splitRow(lines.slice(i, j + 1).join('\n'));
        if (cells.length >= 2 && cells.length === table[table.length - 1]!.length) {
          table.push(cells);
          i = j;
          continue;
        }
      }
      endTable();
    }
    if (line.trim() !== '') pieces.push({ kind: 'para', text: line });
  }
  endTable();
  return pieces;
}

/**
 * Places a row that has fewer cells than the grid: the header cell spanning several columns
 * ("Kết quả thống kê" over "Đơn vị tính | Số lượng") comes out as one cell. The span goes to the cell
 * that sits over the longest stretch of filled cells in the row below.
 */
function spanShortRow(row: string[], below: string[] | undefined, width: number): number[] {
  const spans = row.map(() => 1);
  const deficit = width - row.length;
  if (deficit <= 0 || row.length === 0) return spans;
  let best = row.length - 1;
  if (below && below.length === width) {
    let bestScore = -1;
    for (let i = 0; i < row.length; i++) {
      if (clean(row[i]!) === '') continue;
      let score = 0;
      for (let c = i; c <= i + deficit; c++) if (clean(below[c] ?? '') !== '') score++;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
  }
  spans[best] = 1 + deficit;
  return spans;
}

/** Builds a grid like the .docx reader's: same columns, header rowspans, covered slots. */
export function buildTable(rawRows: string[][]): { rows: TableRow[]; columns: number } {
  const width = Math.max(0, ...rawRows.map((r) => r.length));
  const rows: TableRow[] = rawRows.map((raw, r) => {
    const spans = spanShortRow(raw, rawRows[r + 1], width);
    let col = 0;
    const cells: TableCell[] = raw.map((text, i) => {
      const cell: TableCell = { text: clean(text), col, colspan: spans[i]!, rowspan: 1 };
      col += spans[i]!;
      return cell;
    });
    return { cells };
  });
  // Two-level header: in the sub-row (empty STT), an empty slot under a filled single-column cell of
  // the row above is that cell continuing down, as in Word's vertical merge.
  const [top, sub] = rows;
  if (top && sub && sub.cells[0]?.text === '' && sub.cells.some((c) => c.text !== '') && top.cells[0]?.text !== '') {
    for (const cell of sub.cells) {
      if (cell.text !== '' || cell.colspan !== 1) continue;
      const above = top.cells.find((t) => t.col === cell.col && t.colspan === 1 && t.text !== '');
      if (!above) continue;
      above.rowspan = 2;
      cell.covered = true;
    }
  }
  return { rows, columns: width };
}

export const readDoc: Reader = async (input) => {
  const { file, bytes } = input;
  // A .docx package named .doc is the dispatcher's to route (word.ts); here it is not ours.
  if (isZip(bytes)) throw new InputError('corrupt', file, 'a .docx package, not a Word 97-2003 document');
  if (!isOle(bytes)) {
    if (bytes.subarray(0, 5).toString('latin1') === '{\\rtf') throw new InputError('unsupported', file, 'RTF document named .doc');
    throw new InputError('corrupt', file, 'not a Word 97-2003 document');
  }
  let ole;
  try {
    ole = await openOle(bytes);
  } catch (e) {
    throw new InputError('corrupt', file, `broken OLE file (${e instanceof Error ? e.message : String(e)})`);
  }
  if (await oleIsEncrypted(ole)) throw new InputError('encrypted', file, 'password-protected Word document');
  const wordDocument = await ole.readStream('WordDocument');
  if (!wordDocument) throw new InputError('corrupt', file, 'OLE file without a WordDocument stream');

  let body: string;
  try {
    const doc = await new WordExtractor().extract(bytes);
    // filterUnicode:false keeps the document's own quotes/dashes (and every other raw character).
    // word-extractor 1.0.4 maps Word's optional hyphen (0x1F) through a table with no entry for it
    // and so prints the string "undefined". Legacy TCVN3 text stores "ư" in exactly that slot
    // (0xAD, soft hyphen), so put the character back for the text-repair step to decode.
    body = doc.getBody({ filterUnicode: false }).replaceAll('undefined', '\u00ad');
  } catch (e) {
    throw new InputError('corrupt', file, `Word document cannot be parsed (${e instanceof Error ? e.message : String(e)})`);
  }

  const messages = [];
  let fonts: string[] = [];
  try {
    const tableStream = await ole.readStream((wordDocument.readUInt16LE(0x0a) & 0x0200) !== 0 ? '1Table' : '0Table');
    if (tableStream) fonts = docFontNames(wordDocument, tableStream);
  } catch {
    messages.push(warning('doc.fonts', 'font table could not be read'));
  }

  const blocks: Block[] = [];
  let tableIndex = 0;
  for (const piece of splitBody(body)) {
    const block = blocks.length;
    if (piece.kind === 'table') {
      const grid = buildTable(piece.rows);
      blocks.push({ kind: 'table', index: tableIndex, columns: grid.columns, rows: grid.rows, prov: { file, block, table: tableIndex } });
      tableIndex++;
      continue;
    }
    const text = clean(piece.text);
    if (!text) continue;
    const level = headingLevel(text);
    if (level) blocks.push({ kind: 'heading', level, text, prov: { file, block } });
    else blocks.push({ kind: 'paragraph', text, ...(LIST_MARK.test(text) ? { listItem: true } : {}), prov: { file, block } });
  }
  if (blocks.length === 0) messages.push(warning('doc.empty', 'the Word document has no text'));

  const model: DocumentModel = {
    source: { file, sha256: input.sha256, format: input.format, size: bytes.length, pages: null },
    blocks,
    fonts: [...new Set(fonts)],
    pageInfo: [],
  };
  return result(model, messages);
};
