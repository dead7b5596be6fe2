// The PDF reader builds its text items from the operator list (src/readers/pdf-ops.ts) instead of
// asking pdf.js for its text content as well. These tests hold that replay to pdf.js's own
// getTextContent(), item by item, on real PDFs of different makers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import PDFDocument from 'pdfkit';
import { documentParams, loadPdfjs } from '../src/readers/pdf-pdfjs.js';
import { textItemsFromOps, type OpsCodes, type OpsTextItem } from '../src/readers/pdf-ops.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Page {
  view: number[];
  getTextContent(): Promise<{ items: { str?: string; transform: number[]; width: number; height: number; fontName: string }[] }>;
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[] }>;
  commonObjs: { has(id: string): boolean; get(id: string): unknown };
  cleanup(): void;
}

/** Both ways of reading every page: pdf.js's text content, and the replay of the operator list. */
async function bothWays(bytes: Uint8Array): Promise<{ expected: OpsTextItem[]; actual: OpsTextItem[] }[]> {
  const pdfjs = await loadPdfjs();
  const lib = pdfjs.lib as unknown as { getDocument(p: unknown): { promise: Promise<{ numPages: number; getPage(n: number): Promise<Page>; destroy(): Promise<void> }> }; OPS: OpsCodes; normalizeUnicode(s: string): string };
  const doc = await lib.getDocument(documentParams(pdfjs, bytes)).promise;
  const pages = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const ops = await page.getOperatorList();
      const fontOf = (id: string) => (page.commonObjs.has(id) ? (page.commonObjs.get(id) as object) : undefined);
      pages.push({
        // pdf.js's empty end-of-line markers carry no text; the replay does not produce them.
        expected: content.items.filter((i) => i.str !== '' && i.str !== undefined).map(({ str, transform, width, height, fontName }) => ({ str: str!, transform, width, height, fontName })),
        actual: textItemsFromOps(ops, lib.OPS, fontOf, page.view, lib.normalizeUnicode),
      });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

const round = (items: OpsTextItem[]) =>
  items.map((i) => ({ ...i, transform: i.transform.map((v) => Math.round(v * 1000) / 1000), width: Math.round(i.width * 1000) / 1000, height: Math.round(i.height * 1000) / 1000 }));

async function expectSameAsTextContent(bytes: Uint8Array): Promise<number> {
  let count = 0;
  for (const [n, page] of (await bothWays(bytes)).entries()) {
    expect(round(page.actual), `page ${n + 1}`).toEqual(round(page.expected));
    count += page.expected.length;
  }
  return count;
}

function pdfkitBytes(draw: (pdf: PDFKit.PDFDocument) => void): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const pdf = new PDFDocument({ size: 'A4', compress: false });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    draw(pdf);
    pdf.end();
  });
}

describe('text items from the operator list', () => {
  it('match pdf.js text content on the seed report as LibreOffice prints it (16 pages, tables, bold)', async () => {
    const n = await expectSameAsTextContent(readFileSync(`${root}fixtures/tien-dong-2023-q3.pdf`));
    expect(n).toBeGreaterThan(1000);
  });

  it('match on a PDF whose text layer is garbage (the OCR fixture)', async () => {
    await expectSameAsTextContent(readFileSync(`${root}fixtures/scanned/tien-dong-2023-q3.broken-text.pdf`));
  });

  it('match with character and word spacing, horizontal scaling, kerning, rise, rotation and graphics transforms', async () => {
    const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
    const bytes = await pdfkitBytes((pdf) => {
      pdf.font(font).fontSize(12);
      pdf.text('Số hồ sơ tiếp nhận: 259 hồ sơ; quá hạn 01 hồ sơ.', 60, 60);
      pdf.text('Tỷ lệ giải quyết đúng hạn đạt 99,6%', 60, 90, { characterSpacing: 1.5 });
      pdf.text('Giãn cách từ: Ủy ban nhân dân xã Tiên Động', 60, 120, { wordSpacing: 9 });
      pdf.text('Co giãn chữ theo chiều ngang', 60, 150, { horizontalScaling: 70 } as PDFKit.Mixins.TextOptions);
      pdf.text('Căn đều hai lề: một đoạn văn dài được dàn trải đều trên cả dòng cho đến lề phải của trang giấy.', 60, 180, { width: 300, align: 'justify' });
      pdf.fontSize(9).text('chỉ số', 60, 260, { baseline: 'top' });
      pdf.save().translate(300, 400).scale(1.5).text('Phóng to trong ma trận đồ hoạ', 0, 0).restore();
      pdf.save().rotate(90, { origin: [100, 500] }).text('Dấu xoay dọc lề', 100, 500).restore();
      pdf.fontSize(10).text('STT', 60, 600).text('Chỉ tiêu thống kê', 120, 600).text('1.000', 420, 600);
    });
    expect(await expectSameAsTextContent(bytes)).toBeGreaterThan(10);
  });

  it('starts a new item across a wide gap and inserts a space across a narrow one (pure)', () => {
    const OPS = { save: 10, restore: 11, transform: 12, paintFormXObjectBegin: 74, paintFormXObjectEnd: 75, beginText: 31, setFont: 37, setGState: 9, setTextRise: 39, setHScale: 35, setLeading: 36, moveText: 40, setLeadingMoveText: 41, nextLine: 43, setTextMatrix: 42, setCharSpacing: 33, setWordSpacing: 34, showText: 44, showSpacedText: 45, nextLineShowText: 46, nextLineSetSpacingShowText: 47 };
    const g = (unicode: string) => ({ unicode, width: 500, originalCharCode: unicode.charCodeAt(0) });
    const ops = {
      fnArray: [OPS.beginText, OPS.setFont, OPS.moveText, OPS.showText, OPS.moveText, OPS.showText],
      argsArray: [null, ['f1', 10], [100, 700], [[g('1'), g('2'), -300, g('3')]], [0, -20], [[g('S'), -2000, g('T')]]],
    };
    const items = textItemsFromOps(ops, OPS, () => ({ fontMatrix: [0.001, 0, 0, 0.001, 0, 0] }), [0, 0, 600, 800]);
    // "12" then a 3-unit gap (0.3 em: a space in flow) then "3"; next line "S", a 2 em gap → a
    // whitespace item and a new item "T".
    expect(items.map((i) => i.str)).toEqual(['12 3', 'S', ' ', 'T']);
    expect(items[0]!.transform).toEqual([10, 0, 0, 10, 100, 700]);
    expect(items[0]!.width).toBeCloseTo(18, 6);
    expect(items[3]!.transform[4]).toBeCloseTo(100 + 5 + 20, 6);

    // Word spacing (Tw) widens the space glyph past 0.6 em: two items with a whitespace item
    // between; without it the space stays inside one item.
    const space = { unicode: ' ', width: 250, originalCharCode: 0x20 };
    const line = (tw: number) => ({
      fnArray: [OPS.beginText, OPS.setFont, OPS.setWordSpacing, OPS.moveText, OPS.showText],
      argsArray: [null, ['f1', 10], [tw], [100, 700], [[g('a'), space, g('b')]]],
    });
    const font = () => ({ fontMatrix: [0.001, 0, 0, 0.001, 0, 0] });
    expect(textItemsFromOps(line(10), OPS, font, [0, 0, 600, 800]).map((i) => i.str)).toEqual(['a', ' ', 'b']);
    expect(textItemsFromOps(line(0), OPS, font, [0, 0, 600, 800]).map((i) => i.str)).toEqual(['a b']);
  });
});
