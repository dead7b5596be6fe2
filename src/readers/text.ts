// Reader for reports as plain text or Markdown in the form PDF-to-text converters give them
// (the seed's own form): '#' headings, '**bold**'/'*italic*' emphasis, list items, and
// appendix tables as TAB-separated lines whose cells may carry inline <b>/<i>.
import type { Block, DocumentModel, Run, TableCell, TableRow } from '../../schemas/document.js';
import { result, warning } from '../result.js';
import type { Message } from '../../schemas/document.js';
import type { Reader, ReaderInput } from './types.js';
import { clean, fold } from '../text/fold.js';

interface InlineState {
  bold: boolean;
  italic: boolean;
}

/** Splits one line of Markdown-ish text into runs, carrying open emphasis across lines. */
export function parseInline(line: string, state: InlineState): Run[] {
  const runs: Run[] = [];
  let buf = '';
  let i = 0;
  while (i < line.length) {
    // Only '<' (a tag) and '*' (emphasis) can change anything: copy the text up to the next one.
    const special = nextMark(line, i);
    if (special > i) {
      buf += line.slice(i, special);
      i = special;
      continue;
    }
    const rest = line.slice(i);
    const tag = /^<\/?(b|i|strong|em)>/i.exec(rest);
    if (tag) {
      pushRun(runs, buf, state);
      buf = '';
      const closing = tag[0][1] === '/';
      const name = tag[1]!.toLowerCase();
      if (name === 'b' || name === 'strong') state.bold = !closing;
      else state.italic = !closing;
      i += tag[0].length;
      continue;
    }
    const stars = /^\*{1,3}/.exec(rest);
    // '*' only counts as emphasis when it opens before a non-space or closes after one,
    // so "ATM ...." or "a * b" stay text.
    if (stars) {
      const n = stars[0].length;
      const prev = line[i - 1] ?? ' ';
      const next = line[i + n] ?? ' ';
      const opens = !/\s/.test(next);
      const closes = !/\s/.test(prev);
      if (opens || closes) {
        pushRun(runs, buf, state);
        buf = '';
        if (n >= 2) state.bold = !state.bold;
        if (n === 1 || n === 3) state.italic = !state.italic;
        i += n;
        continue;
      }
    }
    buf += line[i];
    i++;
  }
  pushRun(runs, buf, state);
  return runs;
}

/** Ends the run of text `buf` (if any) with the emphasis in force. */
function pushRun(runs: Run[], buf: string, state: InlineState): void {
  if (buf) runs.push({ text: buf, ...(state.bold ? { bold: true } : {}), ...(state.italic ? { italic: true } : {}) });
}

/** Index of the next '<' or '*' at or after `from`, or the line's length. */
function nextMark(line: string, from: number): number {
  for (let j = from; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === 0x3c || c === 0x2a) return j;
  }
  return line.length;
}

function runsText(runs: Run[]): string {
  return clean(runs.map((r) => r.text).join(''));
}

function allRuns(runs: Run[], prop: 'bold' | 'italic'): boolean {
  const visible = runs.filter((r) => r.text.trim() !== '');
  return visible.length > 0 && visible.every((r) => r[prop]);
}

function isTableLine(line: string): boolean {
  return line.includes('\t');
}

/**
 * Resolves the two-level header of the appendix forms in text form: a header cell followed by an
 * empty one, above two filled cells, spans both columns ("Kết quả thống kê"); a header cell above
 * an empty cell of a second header row spans both rows ("STT", "Chỉ tiêu", "Ghi chú").
 */
function resolveHeaderSpans(rows: TableRow[]): void {
  const [first, second] = rows;
  if (!first || !second) return;
  const secondIsHeader = second.cells[0]?.text === '' && second.cells.some((c) => c.text !== '') && !/^\d/.test(second.cells[0]?.text ?? '');
  if (!secondIsHeader || !/stt/.test(fold(first.cells[0]?.text ?? ''))) return;
  for (let c = 0; c < first.cells.length; c++) {
    const cell = first.cells[c]!;
    if (cell.text === '' || cell.covered) continue;
    const right = first.cells[c + 1];
    if (right && right.text === '' && second.cells[c]?.text && second.cells[c + 1]?.text) {
      cell.colspan = 2;
      right.covered = true;
    }
    const below = second.cells[c];
    if (below && below.text === '' && cell.colspan === 1) {
      cell.rowspan = 2;
      below.covered = true;
    }
  }
}

export function parseTextReport(text: string, file: string): { blocks: Block[]; messages: Message[] } {
  const lines = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  const messages: Message[] = [];
  let tableIndex = 0;
  const state: InlineState = { bold: false, italic: false };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      // Markdown emphasis never spans a blank line.
      state.bold = false;
      state.italic = false;
      i++;
      continue;
    }
    const blockIndex = blocks.length;
    if (isTableLine(line)) {
      // A table runs over TAB lines; blank lines inside it are page breaks of the original, so a
      // table continues when the next non-blank line is again a TAB line.
      const rows: TableRow[] = [];
      let width = 0;
      while (i < lines.length) {
        const l = lines[i]!;
        if (l.trim() === '') {
          let j = i + 1;
          while (j < lines.length && lines[j]!.trim() === '') j++;
          if (j < lines.length && isTableLine(lines[j]!)) {
            i = j;
            continue;
          }
          break;
        }
        if (!isTableLine(l)) break;
        const cells: TableCell[] = l.split('\t').map((raw, col) => {
          const runs = parseInline(raw, { bold: false, italic: false });
          const cell: TableCell = { text: runsText(runs), col, colspan: 1, rowspan: 1 };
          if (allRuns(runs, 'bold')) cell.bold = true;
          if (allRuns(runs, 'italic')) cell.italic = true;
          if (runs.length > 1) cell.runs = runs;
          return cell;
        });
        width = Math.max(width, cells.length);
        rows.push({ cells });
        i++;
      }
      for (const row of rows) {
        while (row.cells.length < width) row.cells.push({ text: '', col: row.cells.length, colspan: 1, rowspan: 1 });
      }
      resolveHeaderSpans(rows);
      blocks.push({ kind: 'table', index: tableIndex, columns: width, rows, prov: { file, block: blockIndex, table: tableIndex } });
      tableIndex++;
      state.bold = false;
      state.italic = false;
      continue;
    }

    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const list = /^\s*([-+•]|\d+\.)\s+/.exec(line);
    const runs = parseInline(heading ? heading[2]! : line, state);
    const textValue = runsText(runs);
    i++;
    if (textValue === '') continue;
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: textValue, runs, prov: { file, block: blockIndex } });
    } else {
      blocks.push({
        kind: 'paragraph',
        text: textValue,
        runs,
        ...(list ? { listItem: true } : {}),
        prov: { file, block: blockIndex },
      });
    }
  }
  if (!blocks.some((b) => b.kind === 'table')) {
    messages.push(warning('no_tables', `${file}: no appendix tables found in the text`));
  }
  return { blocks, messages };
}

function decodeText(bytes: Buffer): string {
  // Reports saved as text are UTF-8 or UTF-16 (Notepad "Unicode"); legacy 8-bit encodings are
  // left to the text-repair step, which recognises TCVN3/VNI byte patterns.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8');
}

export const readText: Reader = async (input: ReaderInput) => {
  const { blocks, messages } = parseTextReport(decodeText(input.bytes), input.file);
  const doc: DocumentModel = {
    source: { file: input.file, sha256: input.sha256, format: input.format, size: input.bytes.length, pages: null },
    blocks,
    fonts: [],
    pageInfo: [],
  };
  return result(doc, messages);
};
