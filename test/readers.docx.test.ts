import { describe, expect, it } from 'vitest';
import { DocumentModelSchema, type Block, type TableBlock } from '../schemas/document.js';
import { readDocx, htmlToBlocks, collapseSpaces } from '../src/readers/docx.js';
import { readWord } from '../src/readers/word.js';
import { MAX_SPAN, resolveGrid } from '../src/readers/grid.js';
import type { ReaderInput } from '../src/readers/types.js';
import { parseSeed } from '../scripts/lib/seed-source.js';
import { buildSeedDocx } from '../scripts/lib/seed-docx.js';
import { fixtureInput, input as readerInput, rejection, rowBySTT, tables, texts } from './readers.helpers.js';

const input = (bytes: Buffer, file = 'x.docx'): ReaderInput => readerInput(bytes, file, 'docx');
const fixture = (name: string) => fixtureInput(name, 'docx');

describe('readDocx on the seed report', async () => {
  const { value: model, messages } = await readDocx(fixture('tien-dong-2023-q3.docx'));

  it('produces a valid document model without mammoth errors', () => {
    expect(() => DocumentModelSchema.parse(model)).not.toThrow();
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
    expect(model.source.format).toBe('docx');
    expect(model.source.pages).toBeNull();
  });

  it('finds the seven appendix forms as 5-column tables', () => {
    const ts = tables(model);
    expect(ts).toHaveLength(7);
    for (const [i, t] of ts.entries()) {
      expect(t.columns).toBe(5);
      expect(t.index).toBe(i);
      expect(t.prov.table).toBe(i);
      expect(model.blocks[t.prov.block]).toBe(t);
    }
  });

  it('resolves the two-level header: colspan over the value columns, rowspans with covered slots below', () => {
    for (const t of tables(model)) {
      const [h1, h2] = t.rows;
      expect(h1!.cells.map((c) => [c.text.split(' (')[0], c.col, c.colspan, c.rowspan])).toEqual([
        ['STT', 0, 1, 2],
        ['Chỉ tiêu thống kê', 1, 1, 2],
        ['Kết quả thống kê', 2, 2, 1],
        ['Ghi chú', 4, 1, 2],
      ]);
      expect(h2!.cells.map((c) => [c.col, c.covered ?? false, c.text])).toEqual([
        [0, true, ''],
        [1, true, ''],
        [2, false, 'Đơn vị tính'],
        [3, false, 'Số lượng/ Tỷ lệ'],
        [4, true, ''],
      ]);
    }
  });

  it('reads a known row with the number as printed (Biểu mẫu 6, 1.1)', () => {
    expect(texts(tables(model)[5]!, '1.1.')).toEqual(['1.1.', 'Kế hoạch được giao', 'Triệu đồng', '1.000', '']);
  });

  it('keeps row 6.5.1 of Biểu mẫu 7 as one row with the whole label', () => {
    const t7 = tables(model)[6]!;
    expect(texts(t7, '6.5.1.')).toEqual(['6.5.1.', 'Tổng số TTHC đủ điều kiện cung cấp trực tuyển mức độ 4', 'Thủ tục', '04', '']);
    expect(t7.rows.filter((r) => r.cells[0]?.text === '' && !r.cells[0]?.covered)).toEqual([]);
  });

  it('marks bold group rows and italic sub-rows', () => {
    const t2 = tables(model)[1]!;
    const group = rowBySTT(t2, '1.')!;
    expect(group.cells[0]!.bold).toBe(true);
    expect(group.cells[1]!.bold).toBe(true);
    const sub = rowBySTT(t2, '2.2.1.')!;
    expect(sub.cells[1]!.italic).toBe(true);
    expect(sub.cells[1]!.bold).toBeUndefined();
    // A label with a bold title and an italic note is neither all-bold nor all-italic, but its runs say which is which.
    const mixed = rowBySTT(tables(model)[0]!, '1.')!.cells[1]!;
    expect(mixed.bold).toBeUndefined();
    expect(mixed.runs?.map((r) => [r.text, r.bold ?? false, r.italic ?? false])).toEqual([
      ['Số văn bản chỉ đạo CCHC đã ban hành ', true, false],
      ['(Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)', false, true],
    ]);
  });

  it('maps Word heading styles to heading levels and keeps bold/italic runs', () => {
    const headings = model.blocks.filter((b) => b.kind === 'heading');
    expect(headings.find((h) => h.text === '2. Công tác tuyên truyền cải cách hành chính')).toMatchObject({ level: 2 });
    expect(headings.find((h) => h.text === '1. Cải cách thể chế')).toMatchObject({ level: 3 });
    expect(headings.find((h) => h.text === 'PHỤ LỤC')).toMatchObject({ level: 2 });
    const title = model.blocks.find((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph' && b.text.startsWith('BÁO CÁO'));
    expect(title?.text).toBe('BÁO CÁO Công tác cải cách hành chính Quý III năm 2023');
    expect(title?.runs?.every((r) => r.bold)).toBe(true);
  });

  it('marks dash items as list items and keeps the text as written', () => {
    const items = model.blocks.filter((b) => b.kind === 'paragraph' && b.listItem);
    expect(items.length).toBeGreaterThan(20);
    expect(items.some((b) => b.kind === 'paragraph' && b.text.startsWith('- Kế hoạch số: 51/KH-UBND ngày 30/12/2022'))).toBe(true);
    expect(items.every((b) => b.kind === 'paragraph' && /^[-+]\s/.test(b.text))).toBe(true);
  });

  it('reports the fonts used, per run and for the document', () => {
    expect(model.fonts).toContain('Times New Roman');
    const para = model.blocks.find((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph')!;
    expect(para.runs?.[0]?.font).toBe('Times New Roman');
  });
});

describe('readDocx keeps legacy-font text raw', () => {
  it('reads a TCVN3 (.VnTime) document: font names and every odd byte kept, soft hyphen included', async () => {
    // A tiny TCVN3-style encoder: enough to put the bytes the repair step must see into the file.
    const TCVN3: Record<string, string> = { ư: '\u00ad', ơ: '\u00ac', ê: '\u00d5', ô: '\u00ab', ạ: '\u00b9' };
    const encode = (s: string) => [...s].map((ch) => TCVN3[ch] ?? ch).join('');
    const blocks = parseSeed('Trường học nơi ở\n\nSTT\tChỉ tiêu\tSố lượng\n1.\t<b>Nhiệm vụ được giao</b>\t12\n');
    const bytes = await buildSeedDocx(blocks, { font: '.VnTime', encodeText: encode });
    const { value } = await readDocx(input(bytes));
    expect(value.fonts).toContain('.VnTime');
    const p = value.blocks[0]!;
    expect(p.kind).toBe('paragraph');
    expect(p.kind === 'paragraph' && p.text).toBe(encode('Trường học nơi ở'));
    expect(p.kind === 'paragraph' && p.text.includes('\u00ad')).toBe(true);
    expect(p.kind === 'paragraph' && p.runs?.[0]?.font).toBe('.VnTime');
    const t = value.blocks.find((b): b is TableBlock => b.kind === 'table')!;
    expect(t.rows[1]!.cells[1]).toMatchObject({ text: encode('Nhiệm vụ được giao'), bold: true });
  });
});

describe('readDocx on bad input', () => {
  it('a text file named .docx is corrupt', async () => {
    const e = await rejection(readDocx(fixture('bad/not-a-zip.docx')));
    expect(e.reason).toBe('corrupt');
    expect(e.line).toContain('not a Word document');
  });
  it('a cut-off .docx is corrupt', async () => {
    expect((await rejection(readDocx(fixture('bad/truncated.docx')))).reason).toBe('corrupt');
  });
  it('zero bytes is corrupt, not a crash', async () => {
    expect((await rejection(readDocx(fixture('bad/empty.docx')))).reason).toBe('corrupt');
  });
  it('a zip that is not a Word package is corrupt', async () => {
    // An .xlsx-like zip: valid archive, no word/document.xml.
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Biểu 1').addRow(['STT', 'Chỉ tiêu']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const e = await rejection(readDocx(input(xlsx)));
    expect(e.reason).toBe('corrupt');
    expect(e.detail).toContain('no word/document.xml');
  });
  it('a password-protected Word file (OLE with the encrypted flag) is encrypted', async () => {
    expect((await rejection(readDocx(fixture('bad/encrypted-flag.doc')))).reason).toBe('encrypted');
  });
  it('a legacy .doc named .docx is read as .doc, with a note', async () => {
    const r = await readWord(fixture('tien-dong-2023-q3.doc'));
    expect(r.messages.map((m) => m.code)).toContain('docx.is_doc');
    expect(tables(r.value)).toHaveLength(7);
  });
});

describe('grid and text helpers', () => {
  it('expands rowspans into covered slots, including a cell spanning rows and columns', () => {
    const { rows, columns } = resolveGrid([
      [{ text: 'A', rowspan: 3 }, { text: 'B', colspan: 2, rowspan: 2 }, { text: 'C' }],
      [{ text: 'D' }],
      [{ text: 'E' }, { text: 'F' }, { text: 'G' }],
    ]);
    expect(columns).toBe(4);
    expect(rows.map((r) => r.cells.map((c) => `${c.covered ? '~' : c.text}@${c.col}`))).toEqual([
      ['A@0', 'B@1', 'C@3'],
      ['~@0', '~@1', 'D@3'],
      ['~@0', 'E@1', 'F@2', 'G@3'],
    ]);
  });
  it('caps a span past any real table: w:gridSpan 2147483647 under a vertical merge (fuzz seed 16) resolves at once', () => {
    const t0 = Date.now();
    const { rows, columns } = resolveGrid([
      [{ text: 'A' }, { text: 'B', colspan: 2147483647, rowspan: 9 }],
      [{ text: 'C' }],
    ]);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(rows[0]!.cells[1]).toMatchObject({ col: 1, colspan: MAX_SPAN, rowspan: 2 });
    expect(rows[1]!.cells.map((c) => `${c.covered ? '~' : c.text}@${c.col}`)).toEqual(['C@0', '~@1']);
    expect(columns).toBe(1 + MAX_SPAN);
  });
  it('collapses ASCII whitespace and NBSP only', () => {
    expect(collapseSpaces('a \u00a0\t\n b\u00adc\u2003d')).toBe('a b\u00adc\u2003d');
  });
  it('walks list HTML into list items and skips empty paragraphs', () => {
    const blocks = htmlToBlocks('<p></p><ul><li>Một<ul><li>Hai</li></ul></li></ul><h3>Ba</h3>', 'f', []);
    expect(blocks.map((b) => [b.kind, b.kind === 'paragraph' ? b.listItem : b.kind === 'heading' ? b.level : 0, 'text' in b ? b.text : ''])).toEqual([
      ['paragraph', true, 'Một'],
      ['paragraph', true, 'Hai'],
      ['heading', 3, 'Ba'],
    ]);
    expect(blocks.map((b) => b.prov.block)).toEqual([0, 1, 2]);
  });
});
