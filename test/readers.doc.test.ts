import { describe, expect, it } from 'vitest';
import { DocumentModelSchema, type DocumentModel } from '../schemas/document.js';
import { buildTable, headingLevel, readDoc, splitBody } from '../src/readers/doc.js';
import { readDocx } from '../src/readers/docx.js';
import { readWord } from '../src/readers/word.js';
import type { ReaderInput } from '../src/readers/types.js';
import { fixtureInput, rejection, tables, texts } from './readers.helpers.js';

const fixture = (name: string, format: 'doc' | 'docx' = 'doc'): ReaderInput => fixtureInput(name, format);

describe('readDoc on the seed report (Word 97-2003)', async () => {
  const { value: model, messages } = await readDoc(fixture('tien-dong-2023-q3.doc'));

  it('produces a valid document model', () => {
    expect(() => DocumentModelSchema.parse(model)).not.toThrow();
    expect(messages.filter((m) => m.type !== 'info')).toEqual([]);
    expect(model.source.format).toBe('doc');
  });

  it('finds the seven appendix forms, header spans resolved as in the .docx', () => {
    const ts = tables(model);
    expect(ts).toHaveLength(7);
    for (const t of ts) {
      expect(t.columns).toBe(5);
      expect(t.rows[0]!.cells.map((c) => [c.text.split(' (')[0], c.col, c.colspan, c.rowspan])).toEqual([
        ['STT', 0, 1, 2],
        ['Chỉ tiêu thống kê', 1, 1, 2],
        ['Kết quả thống kê', 2, 2, 1],
        ['Ghi chú', 4, 1, 2],
      ]);
      expect(t.rows[1]!.cells.map((c) => [c.col, c.covered ?? false, c.text])).toEqual([
        [0, true, ''],
        [1, true, ''],
        [2, false, 'Đơn vị tính'],
        [3, false, 'Số lượng/ Tỷ lệ'],
        [4, true, ''],
      ]);
    }
  });

  it('reads known rows: Biểu mẫu 6 row 1.1 and the joined 6.5.1 of Biểu mẫu 7', () => {
    const ts = tables(model);
    expect(texts(ts[5]!, '1.1.')).toEqual(['1.1.', 'Kế hoạch được giao', 'Triệu đồng', '1.000', '']);
    expect(texts(ts[6]!, '6.5.1.')).toEqual(['6.5.1.', 'Tổng số TTHC đủ điều kiện cung cấp trực tuyển mức độ 4', 'Thủ tục', '04', '']);
  });

  it('gives every table cell the same grid column and text as the .docx reader', async () => {
    const docx = (await readDocx(fixture('tien-dong-2023-q3.docx', 'docx'))).value;
    const grid = (m: DocumentModel) => tables(m).map((t) => t.rows.map((r) => r.cells.map((c) => [c.col, c.text, c.covered ?? false])));
    expect(grid(model)).toEqual(grid(docx));
  });

  it('recognises the title, appendix and roman-numeral sections as headings', () => {
    const headings = model.blocks.filter((b) => b.kind === 'heading').map((b) => [b.kind === 'heading' && b.level, 'text' in b && b.text]);
    expect(headings).toEqual([
      [1, 'BÁO CÁO'],
      [2, 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH'],
      [2, 'II. KẾT QUẢ THỰC HIỆN'],
      [2, 'III. ĐÁNH GIÁ CHUNG'],
      [2, 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM QUÝ IV/2023'],
      [1, 'PHỤ LỤC'],
    ]);
  });

  it('keeps paragraphs in order with list items marked and raw punctuation kept', () => {
    const paras = model.blocks.filter((b) => b.kind === 'paragraph');
    expect(paras[0]).toMatchObject({ text: 'Số: /BC-UBND' });
    const item = paras.find((b) => b.kind === 'paragraph' && b.text.includes('51/KH-UBND'));
    expect(item).toMatchObject({ listItem: true });
    // word-extractor's default filter would turn “ ” into ASCII quotes; the reader keeps them.
    expect(item?.kind === 'paragraph' && item.text).toContain('“Tiếp tục đẩy mạnh');
    expect(model.blocks.map((b) => b.prov.block)).toEqual(model.blocks.map((_, i) => i));
  });

  it('lists the fonts from the Word font table', () => {
    expect(model.fonts).toContain('Times New Roman');
  });
});

describe('rebuilding .doc tables from text', () => {
  it('joins a cell holding several paragraphs back into its row', () => {
    const body = 'Trước bảng\nSTT\tChỉ tiêu\tSố lượng\t\n1.\tDòng một\ndòng hai\t5\t\n2.\tKhác\t7\t\nSau bảng\n';
    const pieces = splitBody(body);
    expect(pieces.map((p) => p.kind)).toEqual(['para', 'table', 'para']);
    const t = pieces[1]!;
    expect(t.kind === 'table' && t.rows).toEqual([
      ['STT', 'Chỉ tiêu', 'Số lượng'],
      ['1.', 'Dòng một\ndòng hai', '5'],
      ['2.', 'Khác', '7'],
    ]);
  });

  it('does not swallow a paragraph after a table into the next table', () => {
    const body = 'a\tb\t\nc\td\t\n\nBiểu mẫu 2\nx\ty\t\n';
    expect(splitBody(body).map((p) => p.kind)).toEqual(['table', 'para', 'table']);
  });

  it('gives the span of a short header row to the cell over the filled sub-header cells', () => {
    const { rows, columns } = buildTable([
      ['STT', 'Chỉ tiêu', 'Kết quả', 'Ghi chú'],
      ['', '', 'Đơn vị tính', 'Số lượng', ''],
      ['1.', 'Tổng số', 'Hồ sơ', '259', ''],
    ]);
    expect(columns).toBe(5);
    expect(rows[0]!.cells.map((c) => `${c.text}@${c.col}x${c.colspan}r${c.rowspan}`)).toEqual(['STT@0x1r2', 'Chỉ tiêu@1x1r2', 'Kết quả@2x2r1', 'Ghi chú@4x1r2']);
    expect(rows[2]!.cells.map((c) => c.covered ?? false)).toEqual([false, false, false, false, false]);
  });

  it('recognises headings by wording only', () => {
    expect(headingLevel('BÁO CÁO')).toBe(1);
    expect(headingLevel('PHỤ LỤC')).toBe(1);
    expect(headingLevel('III. ĐÁNH GIÁ CHUNG')).toBe(2);
    expect(headingLevel('IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ I/2024')).toBe(2);
    expect(headingLevel('1. Tiếp tục đẩy mạnh công tác tuyên truyền')).toBeNull();
    expect(headingLevel('Ví dụ: II. không phải đầu dòng')).toBeNull();
    expect(headingLevel('Báo cáo số 12 gửi UBND huyện')).toBeNull();
  });
});

describe('readDoc on bad input', () => {
  it('a text file named .doc is corrupt', async () => {
    expect((await rejection(readDoc(fixture('bad/not-ole.doc')))).reason).toBe('corrupt');
  });
  it('a Word file with the encrypted flag is encrypted', async () => {
    expect((await rejection(readDoc(fixture('bad/encrypted-flag.doc')))).reason).toBe('encrypted');
  });
  it('zero bytes is corrupt, not a crash', async () => {
    expect((await rejection(readDoc(fixture('bad/empty.pdf')))).reason).toBe('corrupt');
  });
  it('an RTF file named .doc is unsupported', async () => {
    const bytes = Buffer.from('{\\rtf1\\ansi Báo cáo}');
    const e = await rejection(readDoc({ file: 'x.doc', bytes, sha256: '0'.repeat(64), format: 'doc' }));
    expect(e.reason).toBe('unsupported');
  });
  it('a .docx named .doc is read as .docx, with a note', async () => {
    const r = await readWord(fixture('tien-dong-2023-q3.docx'));
    expect(r.messages.map((m) => m.code)).toContain('doc.is_docx');
    expect(tables(r.value)).toHaveLength(7);
  });
});
