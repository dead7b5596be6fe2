// Parses the seed's text rendering (markdown-ish narrative + TAB-separated appendix tables with
// inline <b>/<i>) into a neutral block list, so one parse can be written out as .docx (and, via
// LibreOffice, as .pdf/.doc) in any font/encoding. Pure: string in, blocks out.

export interface SeedRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** A line break *before* this run (markdown "two trailing spaces"). */
  breakBefore?: boolean;
}

export interface SeedCell {
  runs: SeedRun[];
  colSpan?: number;
  rowSpan?: number;
}

export interface SeedRow {
  cells: SeedCell[];
  header?: boolean;
}

export type SeedBlock =
  | { kind: 'heading'; level: number; runs: SeedRun[] }
  | { kind: 'paragraph'; runs: SeedRun[]; pageBreakBefore?: boolean }
  | { kind: 'table'; columns: number; rows: SeedRow[]; style?: SeedTableStyle };

/**
 * How a table is drawn, when not as the seed's appendix forms are (the layout fuzzer's tables and the
 * borderless two-column header and signature blocks). Every field optional: absent, the seed's way.
 */
export interface SeedTableStyle {
  /** Column widths in twips (default: the seed's form widths, or equal columns). */
  widths?: number[];
  /** 'grid': every line ruled (default); 'none': no lines (header blocks, unruled forms); 'rows': horizontal lines only. */
  borders?: 'grid' | 'none' | 'rows';
  /** Header rows repeated at the top of each continuation page. */
  repeatHeader?: boolean;
  /** Data rows may not be cut by a page break either. */
  cantSplit?: boolean;
  /** Alignment of each column's data cells (default: the label column left, the rest centred). */
  align?: ('left' | 'center')[];
  /** Table text size in points (default: the document's table size). */
  sizePt?: number;
}

const MARK = /(\*\*\*|\*\*|\*|<\/?b>|<\/?i>)/;

/** Splits inline markdown/HTML emphasis into runs; emphasis state carries across line breaks. */
export function parseInline(text: string): SeedRun[] {
  const runs: SeedRun[] = [];
  let bold = false;
  let italic = false;
  let pendingBreak = false;
  const lines = text.split('\n');
  lines.forEach((line, li) => {
    if (li > 0) pendingBreak = true;
    for (const part of line.split(MARK)) {
      if (part === '***') {
        bold = !bold;
        italic = !italic;
      } else if (part === '**') bold = !bold;
      else if (part === '*') italic = !italic;
      else if (part === '<b>') bold = true;
      else if (part === '</b>') bold = false;
      else if (part === '<i>') italic = true;
      else if (part === '</i>') italic = false;
      else if (part !== '') {
        const run: SeedRun = { text: part };
        if (bold) run.bold = true;
        if (italic) run.italic = true;
        if (pendingBreak) run.breakBefore = true;
        pendingBreak = false;
        runs.push(run);
      }
    }
  });
  return runs;
}

const isTableLine = (line: string) => line.includes('\t');
const plain = (cell: string) => cell.replace(/<\/?[bi]>|\*/g, '').trim();

/**
 * Two-level header: row 1 `STT | Chỉ tiêu | Kết quả thống kê | (empty) | Ghi chú`, row 2
 * `(empty) | (empty) | Đơn vị tính | Số lượng | (empty)`. A top cell followed by empty top cells
 * whose bottom cells are filled spans those columns; a top cell with an empty bottom spans both rows.
 */
function headerRows(top: string[], bottom: string[]): SeedRow[] {
  const row1: SeedCell[] = [];
  const row2: SeedCell[] = [];
  for (let c = 0; c < top.length; c++) {
    const t = top[c] ?? '';
    if (plain(t) === '') {
      // An empty top cell not absorbed by a colspan on its left: a plain two-row cell.
      row1.push({ runs: [], rowSpan: plain(bottom[c] ?? '') ? 1 : 2 });
      if (plain(bottom[c] ?? '')) row2.push({ runs: parseInline(bottom[c] ?? '') });
      continue;
    }
    let span = 1;
    while (c + span < top.length && plain(top[c + span] ?? '') === '' && plain(bottom[c + span] ?? '') !== '') span++;
    if (span > 1) {
      row1.push({ runs: parseInline(t), colSpan: span });
      for (let k = c; k < c + span; k++) row2.push({ runs: parseInline(bottom[k] ?? '') });
      c += span - 1;
    } else if (plain(bottom[c] ?? '') === '') {
      row1.push({ runs: parseInline(t), rowSpan: 2 });
    } else {
      row1.push({ runs: parseInline(t) });
      row2.push({ runs: parseInline(bottom[c] ?? '') });
    }
  }
  return [
    { cells: row1, header: true },
    { cells: row2, header: true },
  ];
}

function joinRuns(a: SeedRun[], b: SeedRun[]): SeedRun[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const first = b[0]!;
  return [...a, { ...first, text: ' ' + first.text.trimStart() }, ...b.slice(1)];
}

/**
 * Builds a table from its TAB lines. `breaks[i]` is true when a blank line (a page break of the
 * original PDF) came before line i: a row there with an empty STT is the tail of the previous
 * row's text, cut by the page, so it is merged back into that row.
 */
function parseTable(lines: string[], breaks: boolean[]): SeedBlock {
  const cellsOf = (l: string) => l.split('\t');
  const columns = Math.max(...lines.map((l) => cellsOf(l).length));
  const pad = (cells: string[]) => [...cells, ...Array<string>(columns - cells.length).fill('')];
  const rows: SeedRow[] = [];
  let start = 0;
  const first = pad(cellsOf(lines[0] ?? ''));
  const second = lines[1] !== undefined ? pad(cellsOf(lines[1])) : undefined;
  if (second && plain(second[0] ?? '') === '' && plain(second[1] ?? '') === '' && plain(first[0] ?? '') !== '') {
    rows.push(...headerRows(first, second));
    start = 2;
  }
  for (let i = start; i < lines.length; i++) {
    const cells = pad(cellsOf(lines[i] ?? ''));
    const prev = rows[rows.length - 1];
    if (breaks[i] && plain(cells[0] ?? '') === '' && prev && !prev.header) {
      prev.cells = prev.cells.map((cell, c) => ({ ...cell, runs: joinRuns(cell.runs, parseInline(cells[c] ?? '')) }));
      continue;
    }
    rows.push({ cells: cells.map((c) => ({ runs: parseInline(c.trim()) })) });
  }
  return { kind: 'table', columns, rows };
}

/** Parses the whole seed text into blocks. */
export function parseSeed(text: string): SeedBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: SeedBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (isTableLine(line)) {
      const tableLines: string[] = [];
      const breaks: boolean[] = [];
      let sawBlank = false;
      while (i < lines.length) {
        const l = lines[i] ?? '';
        if (l.trim() === '') {
          // A blank line ends the table unless more TAB lines follow it (a page break inside the table).
          let j = i;
          while (j < lines.length && (lines[j] ?? '').trim() === '') j++;
          if (j < lines.length && isTableLine(lines[j] ?? '')) {
            sawBlank = true;
            i = j;
            continue;
          }
          break;
        }
        if (!isTableLine(l)) break;
        tableLines.push(l);
        breaks.push(sawBlank);
        sawBlank = false;
        i++;
      }
      blocks.push(parseTable(tableLines, breaks));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length, runs: parseInline(heading[2]!.trim()) });
      i++;
      continue;
    }
    // A paragraph: lines ending in two spaces continue it after a line break.
    let para = line;
    while (/ {2}$/.test(para.split('\n').pop() ?? '') && i + 1 < lines.length && (lines[i + 1] ?? '').trim() !== '') {
      i++;
      para = para.replace(/ +$/, '') + '\n' + (lines[i] ?? '');
    }
    blocks.push({ kind: 'paragraph', runs: parseInline(para.replace(/ +$/, '')) });
    i++;
  }
  return blocks;
}

/** Plain text of runs (for checks and tests). */
export function runsText(runs: SeedRun[]): string {
  return runs.map((r) => (r.breakBefore ? '\n' : '') + r.text).join('');
}
