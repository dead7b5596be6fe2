// Turns the appendix forms ("Biểu mẫu 1..7") of any document model into indicator records.
// Format-independent: columns are found by what their cells hold (column-roles.ts), rows by their printed codes, and rows
// continued on a new line or page (no code of their own) are joined to the row before them.
import type { Block, DocumentModel, TableBlock, TableCell, TableRow } from '../../schemas/document.js';
import type { Indicator } from '../../schemas/record.js';
import type { Message } from '../../schemas/document.js';
import { parseVietnameseNumber } from '../normalise/number.js';
import { result, warning, type Result } from '../result.js';
import { clean, fold } from '../text/fold.js';
import { FORM_WORDS } from '../text/form-heading.js';
import { isSttHead, parseRowCode } from '../text/row-code.js';
import { findColumns, unitLikeness, type Columns } from './column-roles.js';

export { findColumns, type Columns } from './column-roles.js';

// "Biểu mẫu 3", "Biểu mẫu số 3:", and as OCR may print it, "Biểu:mẫu 3", "Biến mẫu 3".
const FORM_HEADING = new RegExp(`^${FORM_WORDS}[\\s:.,;]*(?:so[\\s:.]*)?(\\d{1,2})\\b\\s*[:.\\-–]?\\s*(.*)$`);

/** Finds "Biểu mẫu N" (and its title, on the same or the next line) among the blocks before a table. */
function formOfTable(blocks: Block[], tableAt: number): { form: number; title: string } | null {
  for (let b = tableAt - 1; b >= 0 && b >= tableAt - 6; b--) {
    const block = blocks[b]!;
    // A table before this one ends the search, unless it is only a header (a form whose header
    // sat at a page's foot and whose rows start on the next page).
    if (block.kind === 'table' && hasCodedRow(block)) return null;
    if (block.kind === 'table') continue;
    // A heading may hold "Biểu mẫu 1" and its title on two lines of one block.
    const lines = block.text.split(/\n/);
    for (let l = 0; l < lines.length; l++) {
      const folded = fold(lines[l]!);
      const m = FORM_HEADING.exec(folded);
      if (!m) continue;
      const form = Number(m[1]);
      // The title is the rest of the line, else the next line/blocks up to the table.
      const original = clean(lines[l]!);
      const restStart = original.length - m[2]!.length;
      let title = clean(original.slice(restStart));
      if (!title) {
        const after = [...lines.slice(l + 1), ...blocks.slice(b + 1, tableAt).map((x) => (x.kind === 'table' ? '' : x.text))];
        title = clean(after.filter((t) => t.trim() !== '').join(' '));
      }
      return { form, title };
    }
  }
  return null;
}

function cellAt(row: TableRow, col: number | null): TableCell | undefined {
  if (col === null) return undefined;
  return row.cells.find((c) => c.col === col) ?? row.cells[col];
}

function textAt(row: TableRow, col: number | null): string {
  const cell = cellAt(row, col);
  return cell && !cell.covered ? cell.text : '';
}

interface PendingRow {
  code: string;
  label: string;
  unit: string;
  value: string;
  note: string;
  bold: boolean;
  rowIndex: number;
  pages: number[];
  /** OCR: the value cell's lowest word confidence and its box. */
  confidence?: number;
  bbox?: [number, number, number, number];
  /** The page `bbox` is on (a row continued across a page break may have its value on the next). */
  boxPage?: number;
}

/** A group row is printed bold; its label may go on in italics ("<b>Title</b> <i>explanation</i>"). */
function startsBold(cell: TableCell | undefined): boolean {
  if (!cell) return false;
  if (cell.bold) return true;
  const first = cell.runs?.find((r) => r.text.trim() !== '');
  return Boolean(first?.bold);
}

const hasCodedRow = (t: TableBlock) => t.rows.some((r) => r.cells.slice(0, 3).some((c) => parseRowCode(c.text) !== null));

/** A header printed again inside the body (at a page top): its row-number head, or a header row's words. */
function isHeaderRepeat(row: TableRow, columns: Columns, header: TableRow[]): boolean {
  if (isSttHead(textAt(row, columns.code))) return true;
  const label = fold(textAt(row, columns.label));
  return label !== '' && header.some((h) => fold(textAt(h, columns.label)) === label);
}

/**
 * A value cell left empty while the unit cell holds a number ("Văn bản 4"): the value was printed
 * but landed in the wrong cell, so it was not located — not blank.
 */
function valueMisplaced(unit: string, value: string): boolean {
  return value === '' && /\d/.test(unit) && unitLikeness(unit) < 1;
}

function joinText(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return clean(`${a} ${b}`);
}

/** Extracts the indicator rows of one form table. */
export function extractFormTable(
  table: TableBlock,
  form: { form: number; title: string },
  file: string,
): Result<Indicator[]> {
  const found = findColumns(table);
  const messages: Message[] = [];
  if (!found) {
    return result([], [warning('form_columns_not_found', `Biểu mẫu ${form.form}: header columns not recognised`, { block: table.prov.block, table: table.index })]);
  }
  const { columns, headerRows } = found;
  const pending: PendingRow[] = [];
  for (let r = headerRows; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const codeText = textAt(row, columns.code);
    const code = parseRowCode(codeText);
    const label = textAt(row, columns.label);
    const unit = textAt(row, columns.unit);
    const value = textAt(row, columns.value);
    const note = textAt(row, columns.note);
    const pages = row.pages ?? (row.page ? [row.page] : []);
    if (!code && !label && !unit && !value && !note) continue;
    if (isHeaderRepeat(row, columns, table.rows.slice(0, headerRows))) continue;
    if (!code) {
      const prev = pending[pending.length - 1];
      if (codeText.trim() !== '') {
        messages.push(warning('row_code_unreadable', `Biểu mẫu ${form.form}: row code "${codeText}" not understood`, { block: table.prov.block, table: table.index, row: r }));
      }
      if (!prev) {
        messages.push(warning('row_without_code', `Biểu mẫu ${form.form}: a row without a code before any coded row was skipped`, { block: table.prov.block, table: table.index, row: r }));
        continue;
      }
      // A value in a row of its own whose code is unreadable, or beside the row above's own value,
      // belongs to a row we cannot name: it is never given to the row above.
      if (value && (codeText.trim() !== '' || prev.value)) {
        messages.push(
          warning('value_without_code', `Biểu mẫu ${form.form}: the value "${value}" after row ${prev.code} is in a row whose code ${codeText.trim() ? `"${codeText}" could not be read` : 'is missing'}; it is given to no row`, {
            block: table.prov.block,
            table: table.index,
            row: r,
          }),
        );
        continue;
      }
      // A wrapped or page-broken row: its text continues the row above.
      prev.label = joinText(prev.label, label);
      prev.unit = joinText(prev.unit, unit);
      if (!prev.value && value) {
        prev.value = value;
        const valueCell = cellAt(row, columns.value);
        if (valueCell?.confidence !== undefined) prev.confidence = valueCell.confidence;
        if (valueCell?.bbox) {
          prev.bbox = valueCell.bbox;
          if (valueCell.page) prev.boxPage = valueCell.page;
        }
      }
      prev.note = joinText(prev.note, note);
      for (const p of pages) if (!prev.pages.includes(p)) prev.pages.push(p);
      messages.push({ type: 'info', code: 'row_continued', message: `Biểu mẫu ${form.form}: row ${prev.code} continues on a following line`, prov: { block: table.prov.block, table: table.index, row: r } });
      continue;
    }
    const codeCell = cellAt(row, columns.code);
    const labelCell = cellAt(row, columns.label);
    const valueCell = cellAt(row, columns.value);
    pending.push({
      ...(valueCell?.confidence !== undefined ? { confidence: valueCell.confidence } : {}),
      ...(valueCell?.bbox ? { bbox: valueCell.bbox, ...(valueCell.page ? { boxPage: valueCell.page } : {}) } : {}),
      code,
      label,
      unit,
      value,
      note,
      bold: startsBold(codeCell) || startsBold(labelCell),
      rowIndex: r,
      pages: [...pages],
    });
  }

  if (columns.value === null) {
    messages.push(
      warning('value_column_not_found', `Biểu mẫu ${form.form}: no column of values could be told apart (${pending.length} rows): their values were not located, not left blank`, {
        block: table.prov.block,
        table: table.index,
      }),
    );
  }
  const misplaced = pending.filter((p) => columns.value !== null && valueMisplaced(p.unit, p.value));
  if (misplaced.length > 0) {
    messages.push(
      warning('value_not_located', `Biểu mẫu ${form.form}: value cell empty but a number printed beside it, rows ${misplaced.map((p) => p.code).join(', ')}`, {
        block: table.prov.block,
        table: table.index,
      }),
    );
  }
  // A code read twice in one form (OCR's "2.5." read as "2.3."): neither row can be trusted.
  const counts = new Map<string, number>();
  for (const p of pending) counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n > 1).map(([c]) => c);
  if (repeated.length > 0) {
    messages.push(warning('row_code_repeated', `Biểu mẫu ${form.form}: row ${repeated.join(', ')} printed more than once`, { block: table.prov.block, table: table.index }));
  }
  const gaps = codeGaps(pending.map((p) => p.code));
  if (gaps.length > 0) {
    messages.push(
      warning('row_code_gap', `Biểu mẫu ${form.form}: no row ${gaps.join(', ')} between the rows read: printed rows may not have been read`, {
        block: table.prov.block,
        table: table.index,
      }),
    );
  }
  const indicators: Indicator[] = pending.map((p) => {
    const unlocated = columns.value === null || misplaced.includes(p);
    const n = unlocated ? { kind: 'unlocated' as const, value: null, flags: ['value_unlocated'] } : parseVietnameseNumber(p.value);
    const indicator: Indicator = {
      form: form.form,
      formTitle: form.title,
      code: p.code,
      key: null,
      label: p.label,
      unit: p.unit || null,
      raw: p.value,
      value: n.value,
      valueKind: n.kind,
      flags: [...(n.kind === 'blank' ? ['not_reported', ...n.flags] : n.flags), ...(repeated.includes(p.code) ? ['code_repeated'] : [])],
      note: p.note || null,
      group: p.bold,
      provenance: {
        file,
        block: table.prov.block,
        table: table.index,
        row: p.rowIndex,
        ...(columns.value !== null ? { cell: columns.value } : {}),
        ...(p.pages[0] !== undefined ? { page: p.pages[0] } : {}),
        ...(p.pages.length > 1 ? { pages: p.pages } : {}),
        ...(p.confidence !== undefined ? { confidence: p.confidence } : {}),
        ...(p.bbox ? { bbox: p.bbox, ...(p.boxPage !== undefined && p.boxPage !== p.pages[0] ? { boxPage: p.boxPage } : {}) } : {}),
      },
    };
    if ('numerator' in n && n.kind === 'ratio') indicator.ratio = { numerator: n.numerator!, denominator: n.denominator! };
    if ('decimals' in n && n.decimals !== undefined) indicator.decimals = n.decimals;
    return indicator;
  });
  return result(indicators, messages);
}

/**
 * Codes missing between two rows of one level ("2.4" then "2.6": no "2.5"; "3" then "5": no "4"):
 * rows of a form are numbered without holes, so a hole is a row the reader lost. Pure.
 */
export function codeGaps(codes: string[]): string[] {
  const out: string[] = [];
  const last = new Map<string, number>();
  for (const code of codes) {
    const parts = code.split('.').map(Number);
    if (parts.some((n) => !Number.isInteger(n))) continue;
    const parent = parts.slice(0, -1).join('.');
    const n = parts[parts.length - 1]!;
    // Only between siblings: a first child need not be numbered 1 (the seed's form 7 goes from
    // "6." to "6.4." — its 6.1–6.3 are other forms' rows).
    const prev = last.get(parent);
    if (prev !== undefined && n > prev + 1 && n - prev <= 5) {
      for (let k = prev + 1; k < n; k++) out.push(parent ? `${parent}.${k}` : String(k));
    }
    last.set(parent, n);
    // A new parent starts its children afresh.
    for (const key of [...last.keys()]) if (key.startsWith(`${code}.`) || key === code) last.delete(key);
  }
  return out;
}

/** Every form of the appendix, in document order. Tables that are not forms are left alone. */
export function extractAppendix(doc: DocumentModel): Result<Indicator[]> {
  const indicators: Indicator[] = [];
  const messages: Message[] = [];
  const seenForms = new Set<number>();
  doc.blocks.forEach((block, at) => {
    if (block.kind !== 'table') return;
    if (!findColumns(block)) return;
    let form = formOfTable(doc.blocks, at);
    if (!form) {
      // A form table continued after a page break in some readers: attach it to the form before.
      const last = indicators[indicators.length - 1];
      if (!last) {
        messages.push(warning('form_heading_missing', 'a statistics table without a "Biểu mẫu" heading was skipped', { block: at }));
        return;
      }
      form = { form: last.form, title: last.formTitle };
    } else if (seenForms.has(form.form)) {
      messages.push(warning('form_repeated', `Biểu mẫu ${form.form} appears twice`, { block: at }));
    }
    seenForms.add(form.form);
    const r = extractFormTable(block, form, doc.source.file);
    indicators.push(...r.value);
    messages.push(...r.messages);
  });
  if (indicators.length === 0) messages.push(warning('no_appendix', 'no appendix form (Biểu mẫu) found'));
  else {
    // A form whose heading is printed but whose rows were not read is a gap the record must show:
    // the rows are not blank, they are unread.
    const read = new Set(indicators.map((i) => i.form));
    for (const h of formHeadings(doc.blocks)) {
      if (read.has(h.form)) continue;
      read.add(h.form);
      messages.push(warning('form_not_read', `Biểu mẫu ${h.form} is printed but none of its rows could be read`, { block: h.block }));
    }
  }
  return result(indicators, messages);
}

/** Headings "Biểu mẫu N" of the document (short blocks that open with the words). */
function formHeadings(blocks: Block[]): { form: number; block: number }[] {
  const out: { form: number; block: number }[] = [];
  blocks.forEach((b, i) => {
    if (b.kind === 'table' || b.text.length > 160) return;
    const m = FORM_HEADING.exec(fold(b.text.split(/\n/)[0]!));
    if (m) out.push({ form: Number(m[1]), block: i });
  });
  return out;
}
