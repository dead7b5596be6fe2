import { describe, expect, it } from 'vitest';
import { annotateOcrCells } from '../src/ocr/confidence.js';
import { ocrItems, toPdfPage, type OcrPage } from '../src/ocr/page.js';
import { encodePgm, parsePgm, type GrayImage } from '../src/ocr/pgm.js';
import { cellAround, mergeReread, stackRegions, unsureRegions } from '../src/ocr/reread.js';
import { findRulings } from '../src/ocr/rulings.js';
import { parseTesseractTsv, type OcrWord } from '../src/ocr/tsv.js';
import type { Block } from '../schemas/document.js';

const TSV = [
  'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
  '1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t',
  '4\t1\t1\t1\t1\t0\t300\t400\t900\t50\t-1\t',
  '5\t1\t1\t1\t1\t1\t300\t400\t90\t50\t96.5\tSố',
  '5\t1\t1\t1\t1\t2\t410\t400\t120\t50\t95.1\tnhiệm',
  '5\t1\t1\t1\t1\t3\t550\t405\t60\t45\t91\tvụ',
  '5\t1\t1\t1\t1\t4\t1900\t400\t40\t50\t42.25\t0',
  '5\t1\t1\t1\t1\t5\t2000\t400\t40\t50\t95\t ',
].join('\n');

function word(text: string, left: number, top: number, conf = 95, line = 1): OcrWord {
  return { text, conf, left, top, width: text.length * 20, height: 40, block: 1, par: 1, line, word: 1 };
}

/** A white page with a 2×2 ruled grid (300 dpi units). */
function gridImage(): GrayImage {
  const width = 1200;
  const height = 800;
  const pixels = new Uint8Array(width * height).fill(255);
  for (const y of [100, 300, 500]) for (let x = 100; x <= 1100; x++) for (let t = 0; t < 3; t++) pixels[(y + t) * width + x] = 0;
  for (const x of [100, 600, 1100]) for (let y = 100; y <= 502; y++) for (let t = 0; t < 3; t++) pixels[y * width + x + t] = 0;
  // A glyph-like blob that must survive: 30 px tall, 20 px wide.
  for (let y = 180; y < 210; y++) for (let x = 300; x < 320; x++) pixels[y * width + x] = 0;
  return { width, height, pixels };
}

describe('parseTesseractTsv', () => {
  it('keeps words with text and their confidence, and line boxes', () => {
    const { words, lines } = parseTesseractTsv(TSV);
    expect(words.map((w) => w.text)).toEqual(['Số', 'nhiệm', 'vụ', '0']);
    expect(words[3]).toMatchObject({ conf: 42.25, left: 1900, top: 400, width: 40, height: 50, line: 1 });
    expect(lines).toHaveLength(1);
  });
});

describe('PGM', () => {
  it('round-trips and rejects other formats', () => {
    const img = gridImage();
    const back = parsePgm(encodePgm(img));
    expect(back.width).toBe(1200);
    expect(back.pixels[100 * 1200 + 500]).toBe(0);
    expect(() => parsePgm(Buffer.from('P6\n1 1\n255\n\0\0\0'))).toThrow(/P5/);
  });
});

describe('findRulings', () => {
  it('finds the grid, erases it and keeps glyph strokes', () => {
    const r = findRulings(gridImage(), { dpi: 300 });
    expect(r.horizontal.map((h) => Math.round(h.at))).toEqual([101, 301, 501]);
    expect(r.vertical.map((v) => Math.round(v.at)).sort((a, b) => a - b)).toEqual([101, 601, 1101]);
    expect(r.cleaned.pixels[301 * 1200 + 800]).toBe(255);
    expect(r.cleaned.pixels[190 * 1200 + 310]).toBe(0);
  });
});

describe('ocrItems', () => {
  const page = (words: OcrWord[], vertical = [] as OcrPage['vertical']): OcrPage => ({
    page: 3, width: 595.2, height: 841.92, dpi: 300, words, lines: [], horizontal: [], vertical, meanConfidence: 90, ms: { render: 0, rulings: 0, ocr: 0 },
  });

  it('joins the words of a phrase into one item in points, with the lowest confidence', () => {
    const { words } = parseTesseractTsv(TSV);
    const items = ocrItems(page(words));
    expect(items.map((i) => i.text)).toEqual(['Số nhiệm vụ', '0']);
    expect(items[0]).toMatchObject({ x: 72, page: 3, confidence: 91 });
    expect(items[0]!.y).toBeCloseTo(450 * 0.24, 1);
    expect(items[1]!.confidence).toBe(42.25);
    expect(items[1]!.bbox).toEqual([456, 96, 465.6, 108]);
  });

  it('keeps words apart across a ruling line even when close', () => {
    const words = [word('STT', 100, 400), word('Chỉ', 180, 400), word('tiêu', 250, 400)];
    const items = ocrItems(page(words, [{ at: 170, from: 300, to: 600, thickness: 3 }]));
    expect(items.map((i) => i.text)).toEqual(['STT', 'Chỉ tiêu']);
  });

  it('keeps a code out of the label when its box reaches over the rule (a speck or rule residue stretched it)', () => {
    // "3.2.2." spans 100..220, the rule is at 200: no gap lies beyond the rule, the middles do.
    const words = [{ ...word('3.2.2.', 100, 400), width: 120 }, word('Số', 212, 400), word('VBQPPL', 260, 400)];
    const items = ocrItems(page(words, [{ at: 200, from: 300, to: 600, thickness: 3 }]));
    expect(items.map((i) => i.text)).toEqual(['3.2.2.', 'Số VBQPPL']);
  });

  it('gives the layout module rules in points', () => {
    const p = toPdfPage({ ...page([]), horizontal: [{ at: 300, from: 100, to: 1100, thickness: 3 }] });
    expect(p.hRules).toEqual([{ y: 72, x0: 24, x1: 264 }]);
  });
});

describe('second reading of unsure words', () => {
  it('cuts the ruled cell around an unsure word, stacks it and swaps in a more confident reading', () => {
    const img = gridImage();
    const r = findRulings(img, { dpi: 300 });
    expect(cellAround(300, 200, r.horizontal, r.vertical)).toMatchObject({ x0: expect.any(Number), y0: expect.any(Number) });
    const words = [word('Tu', 290, 180, 30), word('Chỉ', 700, 180, 96)];
    const regions = unsureRegions(r.cleaned, words, r.horizontal, r.vertical, 80);
    expect(regions).toHaveLength(1);
    const strip = stackRegions(r.cleaned, regions, 60);
    expect(strip.image.height).toBe(regions[0]!.y1 - regions[0]!.y0 + 1 + 120);
    // What Tesseract read in the strip, in strip coordinates.
    const fresh = [{ ...word('STT', 60 + 180, 60 + 70, 93), block: 1 }];
    const merged = mergeReread(words, regions, strip, fresh);
    expect(merged.replaced).toBe(1);
    expect(merged.words.map((w) => w.text).sort()).toEqual(['Chỉ', 'STT']);
    const moved = merged.words.find((w) => w.text === 'STT')!;
    expect(moved.left).toBe(regions[0]!.x0 + 180);
    // A less confident second reading is ignored.
    expect(mergeReread(words, regions, strip, [{ ...fresh[0]!, conf: 10 }]).replaced).toBe(0);
  });
});

describe('annotateOcrCells', () => {
  it('puts the lowest word confidence and the box on each cell of an OCRed row', () => {
    const img: OcrPage = {
      page: 1, width: 595.2, height: 841.92, dpi: 300, lines: [], vertical: [], meanConfidence: 90, ms: { render: 0, rulings: 0, ocr: 0 },
      horizontal: [{ at: 380, from: 200, to: 2300, thickness: 3 }, { at: 470, from: 200, to: 2300, thickness: 3 }],
      words: [word('2.1.', 250, 400, 96), word('Số', 500, 400, 96, 2), word('nhiệm', 560, 400, 90, 2), word('vụ', 700, 400, 88, 2), word('26', 1900, 400, 61, 3)],
    };
    const page = toPdfPage(img);
    const cells = ['2.1.', 'Số nhiệm vụ', '', '26', ''].map((text, col) => ({ text, col, colspan: 1, rowspan: 1 }));
    const blocks: Block[] = [{ kind: 'table', index: 0, columns: 5, rows: [{ cells, page: 1 }], prov: { file: 'x.pdf', block: 0, table: 0 } }];
    annotateOcrCells(blocks, [page]);
    const row = (blocks[0] as Extract<Block, { kind: 'table' }>).rows[0]!;
    expect(row.cells.map((c) => c.confidence)).toEqual([96, 88, undefined, 61, undefined]);
    expect(row.cells[3]!.page).toBe(1);
    expect(row.cells[3]!.bbox![0]).toBeCloseTo(456, 1);
  });
});
