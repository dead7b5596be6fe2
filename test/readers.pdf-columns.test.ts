// The PDF's header and signature blocks: their two columns share text lines, which the line builder
// joins ("UBND HUYỆN TỨ KỲ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"); the layout gives them apart, as the
// two-column table a .docx has there. Synthetic pages, positions as LibreOffice lays out an A4
// report (3 cm left margin, 13 pt header type).
import { describe, expect, it } from 'vitest';
import type { Block, DocumentModel, TableBlock } from '../schemas/document.js';
import { extractMetadata } from '../src/extract/metadata.js';
import type { PdfItem, PdfPage } from '../src/readers/pdf-layout.js';
import { buildLines } from '../src/readers/pdf-layout.js';
import { findColumnZones, splitAtGap } from '../src/readers/pdf-columns.js';
import { layoutPdf } from '../src/readers/pdf.js';

const SIZE = 13;
const LEFT_AXIS = 178;
const RIGHT_AXIS = 412;
const SIG_AXIS = 436;

function item(text: string, x: number, y: number, size = SIZE, width = text.length * size * 0.5): PdfItem {
  return { text, x, y, width, size, bold: false, italic: false };
}
/** An item centred on `axis`. */
const centred = (text: string, axis: number, y: number, size = SIZE, width = text.length * size * 0.5) => item(text, axis - width / 2, y, size, width);
/** A full body line from the left margin (85) to the right one (552). */
const body = (text: string, y: number) => item(text, 85, y, 14, 467);

const BODY = [
  'Thực hiện Công văn số 934/UBND-NV ngày 09/10/2022 của UBND huyện Tứ Kỳ về việc báo cáo công tác',
  'cải cách hành chính định kỳ, UBND xã An Phú báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính',
  'năm 2022 trên địa bàn xã với các nội dung như sau: công tác chỉ đạo, điều hành cải cách hành chính',
  'được triển khai đồng bộ; kết quả thực hiện các nhiệm vụ cải cách hành chính được nêu dưới đây.',
];

function page(n: number, items: PdfItem[]): PdfPage {
  return { page: n, width: 595, height: 842, items, hRules: [], vRules: [] };
}

// The motto in bold capitals is wide: the title "BÁO CÁO" below, centred on the page, lies within
// the right column's extent.
const MOTTO_WIDTH = 271;
const HEADER: PdfItem[] = [
  centred('UBND HUYỆN TỨ KỲ', LEFT_AXIS, 70),
  centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', RIGHT_AXIS, 70, SIZE, MOTTO_WIDTH),
  centred('UBND XÃ AN PHÚ', LEFT_AXIS, 87.5),
  centred('Độc lập - Tự do - Hạnh phúc', RIGHT_AXIS, 87.5),
  centred('Số: 45/BC-UBND', LEFT_AXIS, 104.5),
  centred('An Phú, ngày 07 tháng 12 năm 2022', RIGHT_AXIS, 104.5),
];
const TITLE: PdfItem[] = [centred('BÁO CÁO', 318.5, 138, 14), centred('Công tác cải cách hành chính năm 2022', 318.5, 157, 14)];
const bodyAt = (y0: number) => BODY.map((t, i) => body(t, y0 + i * 18.5));

const asDoc = (blocks: Block[]): DocumentModel => ({
  source: { file: 'x.pdf', sha256: 'a'.repeat(64), format: 'pdf', size: 1, pages: 2 },
  blocks,
  fonts: [],
  pageInfo: [],
});
const tablesOf = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.kind === 'table');

describe('splitAtGap', () => {
  it('cuts a line at its one wide gap, and not a justified line or a table row', () => {
    const [line] = buildLines(HEADER.slice(0, 2), 1);
    const s = splitAtGap(line!);
    expect([s?.left.text, s?.right.text]).toEqual(['UBND HUYỆN TỨ KỲ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
    expect(splitAtGap(buildLines([body(BODY[0]!, 200)], 1)[0]!)).toBeNull();
    const row = buildLines([item('1.1', 60, 300), item('Số hồ sơ tiếp nhận', 120, 300), item('Hồ sơ', 380, 300), item('259', 470, 300)], 1)[0]!;
    expect(splitAtGap(row)).toBeNull();
  });
});

describe('the header block of a PDF', () => {
  const { blocks } = layoutPdf([page(1, [...HEADER, ...TITLE, ...bodyAt(180)])], 'x.pdf');

  it('becomes a two-column table, the centred title staying out of it', () => {
    expect(blocks[0]).toMatchObject({ kind: 'table', columns: 2, prov: { page: 1, table: 0 } });
    const cells = (blocks[0] as TableBlock).rows[0]!.cells.map((c) => c.text);
    expect(cells).toEqual(['UBND HUYỆN TỨ KỲ UBND XÃ AN PHÚ Số: 45/BC-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc An Phú, ngày 07 tháng 12 năm 2022']);
    expect(blocks[1]).toMatchObject({ kind: 'heading', text: 'BÁO CÁO' });
  });

  it('gives the district, the unit and the date, not "Tứ Kỳ Cộng Hòa"', () => {
    const { value } = extractMetadata(asDoc(blocks));
    expect(value).toMatchObject({ unitName: 'An Phú', district: 'Tứ Kỳ', number: '45/BC-UBND', place: 'An Phú', date: '2022-12-07' });
  });

  it('a body name wrapped in the left column stays in it', () => {
    const wrapped = [
      centred('UBND HUYỆN TỨ KỲ', LEFT_AXIS, 70),
      centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', RIGHT_AXIS, 70, SIZE, MOTTO_WIDTH),
      centred('ỦY BAN NHÂN DÂN XÃ AN', LEFT_AXIS, 87.5),
      centred('Độc lập - Tự do - Hạnh phúc', RIGHT_AXIS, 87.5),
      centred('THANH', LEFT_AXIS, 104.5),
      centred('An Thanh, ngày 05 tháng 9 năm 2019', RIGHT_AXIS, 104.5),
      centred('Số: 45/BC-UBND', LEFT_AXIS, 121.5),
    ];
    const laid = layoutPdf([page(1, [...wrapped, ...TITLE.map((t) => ({ ...t, y: t.y + 17 })), ...bodyAt(197)])], 'x.pdf');
    expect((laid.blocks[0] as TableBlock).rows[0]!.cells[0]!.text).toBe('UBND HUYỆN TỨ KỲ ỦY BAN NHÂN DÂN XÃ AN THANH Số: 45/BC-UBND');
    expect(extractMetadata(asDoc(laid.blocks)).value).toMatchObject({ unitName: 'An Thanh', district: 'Tứ Kỳ', date: '2019-09-05' });
  });
});

describe('a header whose columns never share a baseline', () => {
  it('a narrow left column beside a motto wrapped over two lines is still read by column ("Ứng Hòa", not "Ứng Hòa Nam")', () => {
    // LibreOffice in a narrow right column: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT" / "NAM", each line
    // between two of the left column's.
    const items = [
      centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT', RIGHT_AXIS, 62, SIZE, 240),
      centred('UBND HUYỆN ỨNG HÒA', LEFT_AXIS - 40, 70),
      centred('NAM', RIGHT_AXIS, 79),
      centred('UBND XÃ PHƯƠNG TÚ', LEFT_AXIS - 40, 87),
      centred('Độc lập - Tự do - Hạnh phúc', RIGHT_AXIS, 96),
      centred('Số: /BC-UBND', LEFT_AXIS - 40, 104),
      centred('Phương Tú, ngày 16 tháng 9 năm 2024', RIGHT_AXIS, 113),
    ];
    const { blocks } = layoutPdf([page(1, [...items, ...TITLE, ...bodyAt(180)])], 'x.pdf');
    expect(blocks[0]).toMatchObject({ kind: 'table', columns: 2 });
    expect(extractMetadata(asDoc(blocks)).value).toMatchObject({ unitName: 'Phương Tú', district: 'Ứng Hòa', number: null, date: '2024-09-16' });
  });
});

describe('PDFs without the block keep their lines', () => {
  it('number and dateline in one column: paragraphs, no table', () => {
    const items = [item('Số: 45/BC-UBND', 85, 70), item('An Phú, ngày 07 tháng 12 năm 2022', 85, 87.5), ...TITLE, ...bodyAt(180)];
    const { blocks } = layoutPdf([page(1, items)], 'x.pdf');
    expect(tablesOf(blocks)).toHaveLength(0);
    expect(blocks.slice(0, 2).map((b) => (b.kind === 'table' ? '' : b.text))).toEqual(['Số: 45/BC-UBND', 'An Phú, ngày 07 tháng 12 năm 2022']);
  });

  it('two columns without a motto, number, "Nơi nhận" or signing marker are not a block', () => {
    const items = [...bodyAt(100), item('Tổng số hồ sơ tiếp nhận', 85, 200, 14), item('259 hồ sơ', 470, 200, 14), item('Số hồ sơ giải quyết đúng hạn', 85, 218.5, 14), item('259 hồ sơ', 470, 218.5, 14)];
    const pages = [page(1, items)];
    expect(findColumnZones(buildLines(items, 1))).toEqual([]);
    const { blocks } = layoutPdf(pages, 'x.pdf');
    expect(tablesOf(blocks)).toHaveLength(0);
    expect(blocks.some((b) => b.kind !== 'table' && b.text.includes('Tổng số hồ sơ tiếp nhận 259 hồ sơ'))).toBe(true);
  });
});

describe('the signature block of a PDF', () => {
  it('becomes a two-column table, over a page break, with a word OCR set apart kept in its column', () => {
    const p1 = page(1, [
      ...bodyAt(600),
      item('Trên đây là báo cáo công tác cải cách hành chính năm 2022 của UBND xã An Phú./.', 85, 690, 14, 467),
      item('Nơi nhận:', 87, 740),
      centred('TM. ỦY BAN NHÂN DÂN', SIG_AXIS, 740),
      item('- UBND huyện Tứ Kỳ (b/c);', 87, 752.6, 11),
      item('- Phòng Nội vụ huyện;', 87, 767, 11),
    ]);
    const p2 = page(2, [
      item('- Lưu: VP.', 87, 70, 11),
      centred('PHÓ CHỦ', SIG_AXIS - 20, 70),
      // OCR read the title's last word on a baseline of its own, right of the column's axis.
      item('TỊCH', SIG_AXIS + 14, 76),
      centred('Nguyễn Văn An', SIG_AXIS, 130),
      centred('PHỤ LỤC', 318.5, 200, 14),
    ]);
    const { blocks } = layoutPdf([p1, p2], 'x.pdf');
    const [sig] = tablesOf(blocks);
    expect(sig).toMatchObject({ columns: 2, prov: { page: 1, pages: [1, 2] } });
    expect(sig!.rows[0]!.cells.map((c) => c.text)).toEqual([
      'Nơi nhận: - UBND huyện Tứ Kỳ (b/c); - Phòng Nội vụ huyện; - Lưu: VP.',
      'TM. ỦY BAN NHÂN DÂN PHÓ CHỦ TỊCH Nguyễn Văn An',
    ]);
    expect(blocks[blocks.length - 1]).toMatchObject({ kind: 'heading', text: 'PHỤ LỤC' });
    const { value } = extractMetadata(asDoc(blocks));
    expect(value.signer).toEqual({ name: 'Nguyễn Văn An', title: 'Phó Chủ tịch', onBehalfOf: 'Ủy ban nhân dân' });
    expect(value.recipients).toEqual(['UBND huyện Tứ Kỳ (b/c)', 'Phòng Nội vụ huyện', 'Lưu: VP']);
  });
});
