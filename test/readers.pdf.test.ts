import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import PDFDocument from 'pdfkit';
import { DocumentModelSchema, type TableBlock } from '../schemas/document.js';
import { InputError } from '../src/errors.js';
import { readPdf } from '../src/readers/pdf.js';
import { buildLines, findPageNoise, joinItems, type PdfItem, type PdfPage } from '../src/readers/pdf-layout.js';
import { headingPattern, splitParagraphs, toBlock } from '../src/readers/pdf-paragraphs.js';
import { loadPdfjs, isBoldFont, isItalicFont, baseFontName } from '../src/readers/pdf-pdfjs.js';
import {
  TableBuilder,
  bandsFromGaps,
  bandsFromRules,
  columnsFromHeader,
  findHeaders,
  headsCodeColumn,
  stackedText,
  type Columns,
} from '../src/readers/pdf-table.js';
import { layoutPdf } from '../src/readers/pdf.js';
import { isRowCode } from '../src/text/row-code.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = (p: string) => `${root}fixtures/${p}`;

/** A synthetic text item; width from an average glyph of half the font size. */
function item(text: string, x: number, y: number, o: { size?: number; bold?: boolean; italic?: boolean; width?: number } = {}): PdfItem {
  const size = o.size ?? 12;
  return { text, x, y, width: o.width ?? text.length * size * 0.5, size, bold: !!o.bold, italic: !!o.italic };
}

const COLS: Columns = { left: 50, right: 545, bounds: [90, 330, 400, 470] };

function readInput(path: string) {
  const bytes = readFileSync(path);
  return { file: path, bytes, sha256: '0'.repeat(64), format: 'pdf' as const };
}

describe('pdf layout (pure)', () => {
  it('groups items on one baseline into a line and spaces separate words', () => {
    const items = [item('Kế hoạch', 60, 100), item('số 20/KH-UBND', 112, 100.4), item('ngày 10/3/2023', 60, 115)];
    const lines = buildLines(items, 1);
    expect(lines.map((l) => l.text)).toEqual(['Kế hoạch số 20/KH-UBND', 'ngày 10/3/2023']);
    // Adjacent items with no gap are one word.
    expect(joinItems([item('Tiên', 10, 0, { width: 20 }), item(' Động', 30, 0)])).toBe('Tiên Động');
    expect(joinItems([item('99', 10, 0, { width: 12 }), item(',6', 22, 0)])).toBe('99,6');
  });

  it('drops page numbers and running headers, keeps body text', () => {
    const pages = [1, 2, 3, 4].map((n) => {
      const items = [
        item(String(n + 1), 290, 30),
        item('UBND xã Tiên Động - Báo cáo CCHC', 150, 45),
        item(`Nội dung trang ${n} của báo cáo`, 60, 300),
      ];
      return { page: n, height: 842, lines: buildLines(items, n) };
    });
    const drop = findPageNoise(pages);
    pages.forEach((p, i) => {
      const kept = p.lines.filter((_, li) => !drop[i]!.has(li)).map((l) => l.text);
      expect(kept).toEqual([`Nội dung trang ${i + 1} của báo cáo`]);
    });
  });

  it('keeps a lone number that is not a page number', () => {
    const pages = [{ page: 1, height: 842, lines: buildLines([item('Số liệu', 60, 400), item('2023', 60, 800)], 1) }, { page: 2, height: 842, lines: buildLines([item('Tiếp', 60, 400)], 2) }];
    expect(findPageNoise(pages)[0]!.size).toBe(0);
  });
});

describe('pdf paragraphs (pure)', () => {
  const right = 540;
  const full = (text: string, y: number, x = 60, page = 1) => ({ ...buildLines([item(text, x, y, { width: right - x })], page)[0]! });
  const short = (text: string, y: number, x = 60, page = 1, bold = false) => buildLines([item(text, x, y, { bold })], page)[0]!;

  it('joins layout-wrapped lines and splits at indents, list markers and short lines', () => {
    const lines = [
      full('Thực hiện Công văn số 281/UBND-NV ngày 07 tháng 3 năm 2022 của UBND', 100, 96),
      full('huyện Tứ Kỳ về việc triển khai thực hiện chế độ báo cáo cải cách hành chính', 115),
      short('định kỳ, như sau:', 130),
      full('Căn cứ Kế hoạch số 52/KH-UBND, ngày 30 tháng 12 năm 2022 về cải cách', 145, 96),
      short('hành chính nhà nước.', 160),
      short('- Kế hoạch số: 51/KH-UBND ngày 30/12/2022.', 175),
      short('- Kế hoạch số: 52/KH-UBND ngày 30/12/2022.', 190),
    ];
    const paras = splitParagraphs(lines).map((p) => toBlock(p));
    expect(paras.map((p) => p.text)).toEqual([
      'Thực hiện Công văn số 281/UBND-NV ngày 07 tháng 3 năm 2022 của UBND huyện Tứ Kỳ về việc triển khai thực hiện chế độ báo cáo cải cách hành chính định kỳ, như sau:',
      'Căn cứ Kế hoạch số 52/KH-UBND, ngày 30 tháng 12 năm 2022 về cải cách hành chính nhà nước.',
      '- Kế hoạch số: 51/KH-UBND ngày 30/12/2022.',
      '- Kế hoạch số: 52/KH-UBND ngày 30/12/2022.',
    ]);
    expect(paras[2]!.listItem).toBe(true);
  });

  it('continues a paragraph across a page break and records both pages', () => {
    const lines = [
      full('Căn cứ Thông tư số 144/2017/TT-BTC ngày 29 tháng 12 năm 2017 của Bộ', 780, 96, 7),
      short('Tài chính hướng dẫn thực hiện.', 60, 60, 8),
    ];
    const paras = splitParagraphs(lines);
    expect(paras).toHaveLength(1);
    expect(toBlock(paras[0]!).pages).toEqual([7, 8]);
  });

  it('keeps an OCRed sentence whole when its next line, of digits and "%", came out a smaller size', () => {
    // OCR guesses a line's size from its word boxes: "21,4% tổng số…" has fewer tall glyphs.
    const ocr = (text: string, y: number, size: number, width?: number) =>
      buildLines([{ ...item(text, 60, y, { size, ...(width ? { width } : {}) }), confidence: 95, bbox: [60, y - size, 60 + (width ?? 100), y], page: 1 } as PdfItem], 1)[0]!;
    const lines = [ocr('Số hồ sơ tiếp nhận trực tuyến: 270 hồ sơ, chiếm', 100, 14.5, right - 60), ocr('21,4% tổng số hồ sơ tiếp nhận.', 118, 12.6)];
    expect(splitParagraphs(lines)).toHaveLength(1);
    // In a text layer, a change of 2 pt is a change of type.
    const text = [full('Số hồ sơ tiếp nhận trực tuyến: 270 hồ sơ, chiếm', 100), { ...short('21,4% tổng số hồ sơ tiếp nhận.', 118), size: 10 }];
    expect(splitParagraphs(text)).toHaveLength(2);
  });

  it('detects headings by pattern and by bold font', () => {
    expect(headingPattern('II. KẾT QUẢ THỰC HIỆN')).toBe(1);
    expect(headingPattern('PHỤ LỤC')).toBe(1);
    expect(headingPattern('BÁO CÁO')).toBe(1);
    expect(headingPattern('Biểu mẫu 3')).toBe(2);
    expect(headingPattern('Kế hoạch số 20/KH-UBND')).toBeUndefined();
    const bold = toBlock([short('1. Cải cách thể chế', 100, 60, 1, true)]);
    expect(bold).toMatchObject({ kind: 'heading', level: 2, text: '1. Cải cách thể chế' });
    expect(toBlock([short('Cải cách thể chế', 100)]).kind).toBe('paragraph');
    // "Biểu mẫu N" and its title line are two blocks even without a gap.
    const split = splitParagraphs([short('Biểu mẫu 3', 100, 250, 1, true), short('Cải cách thủ tục hành chính', 115, 200, 1, true)]);
    expect(split).toHaveLength(2);
  });
});

describe('pdf table reconstruction (pure)', () => {
  it('reads row codes', () => {
    for (const c of ['1.', '2.1.', '3.3.1.', '1.4', '12']) expect(isRowCode(c)).toBe(true);
    for (const c of ['1.000', '99,6', 'Thủ tục', '%', '2023']) expect(isRowCode(c)).toBe(false);
  });

  it('finds the header and its columns, following words wrapped inside narrow cells', () => {
    const header = [
      item('STT', 55, 110, { bold: true }),
      item('Chỉ tiêu thống kê', 120, 104, { bold: true }),
      item('Kết quả thống kê', 335, 98, { bold: true }),
      item('Đơn vị', 335, 118, { bold: true }),
      item('tính', 345, 132, { bold: true }),
      item('Số', 420, 118, { bold: true }),
      item('lượng/', 410, 132, { bold: true }),
      item('Tỷ lệ', 412, 146, { bold: true }),
      item('Ghi', 480, 110, { bold: true }),
      item('chú', 480, 124, { bold: true }),
    ];
    expect(stackedText(header[5]!, header)).toBe('Số lượng/ Tỷ lệ');
    const [h] = findHeaders(header);
    expect(h?.donVi?.text).toBe('Đơn vị');
    expect(h?.soLuong?.text).toBe('Số');
    expect(h?.ghiChu?.text).toBe('Ghi');
    const cols = columnsFromHeader(h!, header, [], 595);
    // Each header word falls inside its own column.
    const col = (x: number) => cols.bounds.filter((b) => x >= b).length;
    expect([55, 120, 335, 415, 480].map(col)).toEqual([0, 1, 2, 3, 4]);
    // With ruling lines, the rules are the boundaries.
    const ruled = columnsFromHeader(h!, header, [50, 90, 330, 400, 470, 545].map((x) => ({ x, y0: 90, y1: 160 })), 595);
    expect(ruled.bounds).toEqual([90, 330, 400, 470]);
    expect([ruled.left, ruled.right]).toEqual([50, 545]);
  });

  it('finds a form whose STT head OCR garbled ("S1") by the column of rising codes under it, not by a column of small values', () => {
    const header = [
      item('S1', 55, 110),
      item('Chỉ tiêu thống kê', 120, 104),
      item('Đơn vị tính', 335, 110),
      item('Số', 420, 104),
      item('lượng', 410, 116),
      item('Ghi chú', 480, 110),
    ];
    const body = [
      ['1.', 'Thống kê TTHC', '', '1'],
      ['1.1.', 'Số TTHC công bố mới', 'Thủ tục', '1'],
      ['1.2.', 'Số TTHC bãi bỏ', 'Thủ tục', '0'],
      ['2.', 'Thực hiện cơ chế một cửa', 'Thủ tục', '1'],
    ].flatMap(([code, label, unit, value], r) => [item(code!, 55, 140 + r * 20), item(label!, 95, 140 + r * 20), ...(unit ? [item(unit, 335, 140 + r * 20)] : []), item(value!, 420, 140 + r * 20)]);
    const items = [...header, ...body];
    expect(headsCodeColumn(header[0]!, items)).toBe(true);
    // "Số" heads "1", "1", "0", "1": values, not rising codes.
    expect(headsCodeColumn(header[3]!, items)).toBe(false);
    const found = findHeaders(items);
    expect(found.map((h) => [h.stt.text, h.chiTieu.text])).toEqual([['S1', 'Chỉ tiêu thống kê']]);
    // Without codes under it, "S1" opens nothing.
    expect(findHeaders(header)).toEqual([]);
  });

  it('splits unruled rows with vertically centred cells at their codes', () => {
    // Row 1.1: a three-line label with code, unit and value centred on the middle line.
    const items = [
      item('1.1.', 55, 200),
      item('Số TTHC đã được', 95, 186),
      item('phê duyệt phương', 95, 200),
      item('án đơn giản hóa', 95, 214),
      item('Thủ tục', 335, 200),
      item('0', 405, 200),
      // Row 1.2 directly below, no extra gap.
      item('1.2.', 55, 242),
      item('Số TTHC công bố', 95, 228),
      item('mới trong kỳ', 95, 242),
      item('các cấp', 95, 256),
      item('Thủ tục', 335, 242),
      item('164', 405, 242),
    ];
    const bands = bandsFromGaps(items, COLS);
    expect(bands).toHaveLength(2);
    const b = new TableBuilder(findHeadersFor(), [], 595, 3);
    b.addBands(bands, 3, false);
    const rows = b.finish().rows;
    expect(rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['1.1.', 'Số TTHC đã được phê duyệt phương án đơn giản hóa', 'Thủ tục', '0', ''],
      ['1.2.', 'Số TTHC công bố mới trong kỳ các cấp', 'Thủ tục', '164', ''],
    ]);
  });

  it('joins a row cut by a page break, skips a repeated header, and keeps the two-level header', () => {
    const header = headerItems(100);
    const b = new TableBuilder(findHeaders(header)[0]!, [], 595, 15);
    const page15 = [
      ...header,
      item('6.5.1.', 55, 200, { italic: true }),
      item('Tổng số TTHC đủ điều kiện cung cấp trực', 95, 200, { italic: true, width: 230 }),
      item('Thủ tục', 335, 200, { italic: true }),
      item('04', 405, 200, { italic: true }),
    ];
    b.addBands(bandsFromRules(page15, [90, 160, 215]), 15, false);
    const page16 = [
      ...headerItems(40),
      item('tuyển mức độ 4', 95, 120, { italic: true }),
      item('6.5.2.', 55, 150, { italic: true }),
      item('Số TTHC đang cung cấp trực tuyến mức độ 4', 95, 150, { italic: true, width: 230 }),
      item('Thủ tục', 335, 150, { italic: true }),
      item('05', 405, 150, { italic: true }),
    ];
    b.addBands(bandsFromRules(page16, [30, 100, 130, 165]), 16, true);
    const t = b.finish();
    expect(t.headerRows).toBe(2);
    expect(t.rows[0]!.cells.map((c) => [c.text, c.colspan, c.rowspan, !!c.covered])).toEqual([
      ['STT', 1, 2, false],
      ['Chỉ tiêu thống kê', 1, 2, false],
      ['Kết quả thống kê', 2, 1, false],
      ['', 1, 1, true],
      ['Ghi chú', 1, 2, false],
    ]);
    expect(t.rows[1]!.cells.map((c) => c.text)).toEqual(['', '', 'Đơn vị tính', 'Số lượng/Tỷ lệ', '']);
    const body = t.rows.slice(2);
    expect(body).toHaveLength(2);
    expect(body[0]!.cells.map((c) => c.text)).toEqual(['6.5.1.', 'Tổng số TTHC đủ điều kiện cung cấp trực tuyển mức độ 4', 'Thủ tục', '04', '']);
    expect(body[0]!.pages).toEqual([15, 16]);
    expect(body[0]!.cells[1]!.italic).toBe(true);
    expect(body[1]!.pages).toEqual([16]);
  });

  it('keeps a code-less row with its own values as a separate row and warns', () => {
    const b = new TableBuilder(findHeadersFor(), [], 595, 1);
    const items = [item('1.', 55, 100), item('Kế hoạch được giao', 95, 100), item('Triệu đồng', 335, 100), item('1.000', 405, 100), item('Đã thực hiện', 95, 130), item('Triệu đồng', 335, 130), item('0', 405, 130)];
    b.addBands(bandsFromRules(items, [90, 115, 145]), 1, false);
    const t = b.finish();
    expect(t.rows.map((r) => r.cells[3]!.text)).toEqual(['1.000', '0']);
    expect(t.warnings.map((w) => w.code)).toContain('pdf_row_without_code');
  });

  it('keeps a row whose code a scan spoiled ("1.1..") apart when it holds a value, so the row above does not take it', () => {
    const b = new TableBuilder(findHeadersFor(), [], 595, 1);
    const items = [item('1.', 55, 100), item('Sắp xếp, kiện toàn tổ chức bộ máy', 95, 100), item('1.1..', 55, 130), item('Tỷ lệ các tổ chức đã sắp xếp', 95, 130), item('%', 335, 130), item('100', 405, 130)];
    b.addBands(bandsFromRules(items, [90, 115, 145]), 1, false);
    const t = b.finish();
    expect(t.rows.map((r) => [r.cells[0]!.text, r.cells[3]!.text])).toEqual([['1.', ''], ['1.1..', '100']]);
    expect(t.warnings.map((w) => w.code)).toContain('pdf_row_without_code');
  });
});

function headerItems(y: number): PdfItem[] {
  return [
    item('STT', 55, y + 10),
    item('Chỉ tiêu thống kê', 120, y + 10),
    item('Kết quả thống kê', 340, y),
    item('Đơn vị tính', 335, y + 20),
    item('Số lượng/Tỷ lệ', 405, y + 20, { width: 60 }),
    item('Ghi chú', 480, y + 10),
  ];
}

function findHeadersFor() {
  return findHeaders(headerItems(20))[0]!;
}

describe('layoutPdf on synthetic pages', () => {
  it('carries a table over a page break when only a stray glyph (a speck OCR read as "Ầ") stands below it', () => {
    const p1: PdfPage = {
      page: 1,
      width: 595,
      height: 842,
      items: [item('Biểu mẫu 6', 250, 40, { bold: true }), ...headerItems(60), item('1.', 55, 120), item('Kế hoạch được giao', 95, 120), item('Triệu đồng', 335, 120), item('1.000', 405, 120), item('Ầ', 300, 800)],
      hRules: [],
      vRules: [],
    };
    const p2: PdfPage = {
      page: 2,
      width: 595,
      height: 842,
      items: [item('1.1.', 55, 60), item('Đã thực hiện', 95, 60), item('Triệu đồng', 335, 60), item('900', 405, 60)],
      hRules: [],
      vRules: [],
    };
    const tables = layoutPdf([p1, p2], 'x.pdf').blocks.filter((b): b is TableBlock => b.kind === 'table');
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rows.map((r) => r.cells[0]!.text).filter((c) => /^\d/.test(c))).toEqual(['1.', '1.1.']);
  });

  it('reads a table whose header stands at the bottom of one page and rows continue on the next', () => {
    const p1: PdfPage = {
      page: 1,
      width: 595,
      height: 842,
      items: [item('Biểu mẫu 6', 250, 640, { bold: true }), item('Cải cách tài chính công', 200, 655, { bold: true }), ...headerItems(700)],
      hRules: [],
      vRules: [],
    };
    const p2: PdfPage = {
      page: 2,
      width: 595,
      height: 842,
      items: [item('1.1.', 55, 60), item('Kế hoạch được giao', 95, 60), item('Triệu đồng', 335, 60), item('1.000', 405, 60), item('1.2.', 55, 80), item('Đã thực hiện', 95, 80), item('Triệu đồng', 335, 80)],
      hRules: [],
      vRules: [],
    };
    const { blocks } = layoutPdf([p1, p2], 'x.pdf');
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'heading', 'table']);
    const t = blocks[2] as TableBlock;
    expect(t.rows.slice(2).map((r) => r.cells.map((c) => c.text))).toEqual([
      ['1.1.', 'Kế hoạch được giao', 'Triệu đồng', '1.000', ''],
      ['1.2.', 'Đã thực hiện', 'Triệu đồng', '', ''],
    ]);
    expect(t.rows[2]!.page).toBe(2);
  });
});

describe('font names', () => {
  it('reads bold/italic from font names', () => {
    expect(baseFontName('BCDEEE+TimesNewRomanPS-BoldMT')).toBe('TimesNewRomanPS-BoldMT');
    expect(isBoldFont('TimesNewRomanPS-BoldMT')).toBe(true);
    expect(isBoldFont('TimesNewRomanPSMT')).toBe(false);
    expect(isItalicFont('TimesNewRomanPS-BoldItalicMT')).toBe(true);
    expect(isItalicFont('Arial,Italic')).toBe(true);
  });
});

interface ExpectedIndicator {
  form: number;
  code: string;
  label: string;
  unit: string | null;
  raw: string | null;
}

describe('readPdf on the committed fixture', async () => {
  const input = readInput(fixture('tien-dong-2023-q3.pdf'));
  const spies = [
    vi.spyOn(process.stdout, 'write'),
    vi.spyOn(process.stderr, 'write'),
    vi.spyOn(console, 'log'),
    vi.spyOn(console, 'warn'),
    vi.spyOn(console, 'error'),
    vi.spyOn(console, 'info'),
  ];
  const res = await readPdf(input);
  const printed = spies.reduce((n, s) => n + s.mock.calls.length, 0);
  for (const s of spies) s.mockRestore();
  const doc = res.value;
  const tables = doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
  const expected = JSON.parse(readFileSync(fixture('tien-dong-2023-q3.expected.json'), 'utf8')) as { indicators: ExpectedIndicator[] };
  const row = (form: number, code: string) => tables[form - 1]!.rows.find((r) => r.cells[0]!.text.replace(/\.$/, '') === code);

  it('is a valid document model, printed nothing, and has no warnings', () => {
    expect(DocumentModelSchema.safeParse(doc).success).toBe(true);
    expect(printed).toBe(0);
    expect(res.messages).toEqual([]);
    expect(doc.source.pages).toBeGreaterThan(1);
    expect(doc.fonts.some((f) => /bold/i.test(f))).toBe(true);
    doc.blocks.forEach((b, i) => {
      expect(b.prov.block).toBe(i);
      expect(b.prov.page).toBeGreaterThan(0);
    });
  });

  it('has the seven forms, each after its "Biểu mẫu N" heading, with the two-level header', () => {
    expect(tables).toHaveLength(7);
    tables.forEach((t, i) => {
      const before = doc.blocks.slice(0, t.prov.block).flatMap((b) => (b.kind === 'table' ? [] : [b.text]));
      const heading = [...before].reverse().find((text) => /^Biểu mẫu \d+$/.test(text));
      expect(heading).toBe(`Biểu mẫu ${i + 1}`);
      expect(t.columns).toBe(5);
      expect(t.rows[0]!.cells[0]!.text).toBe('STT');
      expect(t.rows[0]!.cells[2]).toMatchObject({ text: 'Kết quả thống kê', colspan: 2 });
      expect(t.rows[1]!.cells.slice(2, 4).map((c) => c.text)).toEqual(['Đơn vị tính', 'Số lượng/ Tỷ lệ']);
      for (const r of t.rows) expect(r.cells).toHaveLength(5);
    });
  });

  it('reads every indicator row with its code, label, unit and value', () => {
    for (const ind of expected.indicators) {
      const r = row(ind.form, ind.code);
      expect(r, `Biểu mẫu ${ind.form} row ${ind.code}`).toBeDefined();
      expect(r!.cells.slice(1, 4).map((c) => c.text)).toEqual([ind.label, ind.unit ?? '', ind.raw ?? '']);
    }
    const bodyRows = tables.reduce((n, t) => n + t.rows.length - 2, 0);
    expect(bodyRows).toBe(expected.indicators.length);
  });

  it('gets the values that matter right: decimal comma, thousands dot, blanks', () => {
    expect(row(3, '3.1')!.cells[3]!.text).toBe('99,6');
    expect(row(6, '1.1')!.cells[3]!.text).toBe('1.000');
    expect(row(1, '4.1')!.cells[3]!.text).toBe('');
    expect(row(2, '1.1')!.cells[3]!.text).toBe('');
    expect(row(1, '3')!.cells[1]!.bold).toBe(true);
    expect(row(1, '3.3.1')!.cells[1]!.italic).toBe(true);
  });

  it('joins the row cut by a page break into one row listing both pages', () => {
    const r = row(7, '6.5.1')!;
    expect(r.cells[1]!.text).toBe('Tổng số TTHC đủ điều kiện cung cấp trực tuyển mức độ 4');
    expect(r.pages).toHaveLength(2);
    expect(r.pages![1]).toBe(r.pages![0]! + 1);
    expect(r.page).toBe(r.pages![0]);
  });

  it('rebuilds the narrative: headings, joined paragraphs, list items', () => {
    const texts = doc.blocks.flatMap((b) => (b.kind === 'heading' ? [b.text] : []));
    for (const h of ['BÁO CÁO', 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', 'II. KẾT QUẢ THỰC HIỆN', 'III. ĐÁNH GIÁ CHUNG', 'PHỤ LỤC']) {
      expect(texts).toContain(h);
    }
    const para = doc.blocks.find((b) => b.kind === 'paragraph' && b.text.startsWith('Thực hiện Công văn số 281/UBND-NV'));
    expect(para && para.kind === 'paragraph' ? para.text : '').toContain('UBND xã Tiên Động báo cáo kết quả triển khai, thực hiện nhiệm vụ cải cách hành chính Quý III năm 2023, như sau:');
    const list = doc.blocks.filter((b) => b.kind === 'paragraph' && b.listItem);
    expect(list.length).toBeGreaterThan(10);
  });

  it('keeps pdf.js loaded once per process', () => {
    expect(loadPdfjs()).toBe(loadPdfjs());
  });
});

describe('readPdf on bad input', () => {
  it('maps a password-protected PDF to InputError encrypted', async () => {
    await expect(readPdf(readInput(fixture('bad/encrypted.pdf')))).rejects.toMatchObject({ name: 'InputError', reason: 'encrypted' });
  });

  it('maps non-PDF, truncated and empty files to InputError corrupt', async () => {
    for (const f of ['bad/png-renamed.pdf', 'bad/truncated.pdf', 'bad/empty.pdf']) {
      const err = await readPdf(readInput(fixture(f))).catch((e: unknown) => e);
      expect(err, f).toBeInstanceOf(InputError);
      expect((err as InputError).reason, f).toBe('corrupt');
    }
  });

  it('returns a warning, not a crash, for a PDF without a text layer', async () => {
    const bytes = await new Promise<Buffer>((resolve) => {
      const pdf = new PDFDocument({ size: 'A4' });
      const chunks: Buffer[] = [];
      pdf.on('data', (c: Buffer) => chunks.push(c));
      pdf.on('end', () => resolve(Buffer.concat(chunks)));
      pdf.rect(50, 50, 300, 200).fill('#888');
      pdf.end();
    });
    const res = await readPdf({ file: 'scan.pdf', bytes, sha256: '0'.repeat(64), format: 'pdf' });
    // The blank page is sent to OCR (which finds nothing) before the reader gives up on it.
    expect(res.messages.map((m) => m.code)).toEqual(['ocr_page', 'no_text_layer']);
    expect(res.value.blocks).toEqual([]);
    expect(res.value.source.pages).toBe(1);
  });
});
