// Page clean-up before OCR: skew measured on pages turned by a known angle, the page turned back,
// specks and streaks removed while diacritics and decimal commas stay.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { cleanPage, components, despeckle, inkMask, measureSkew, otsuThreshold, rotateGray, scaleGray, textHeight } from '../src/ocr/clean.js';
import { parsePgm, type GrayImage } from '../src/ocr/pgm.js';
import { codeRegions, mergeCodes, stackRegions } from '../src/ocr/reread.js';
import { findRulings } from '../src/ocr/rulings.js';
import type { OcrWord } from '../src/ocr/tsv.js';
import { mulberry32 } from '../scripts/corpus/prng.js';

/** A small deterministic PRNG (the corpus generator's mulberry32). */
const rng = mulberry32;

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * A text page at 150 dpi drawn straight into a page turned by `deg` (lines run down to the right
 * for a positive angle): each shape is sampled in page coordinates and placed where the rotation
 * about the centre sends it, independently of the code under test.
 */
function turnedPage(deg: number, seed = 1): { img: GrayImage; rects: Rect[] } {
  const width = 1240;
  const height = 1754;
  const rand = rng(seed);
  const rects: Rect[] = [];
  for (let y = 150; y < 1000; y += 36) {
    let x = 150;
    while (x < 1050) {
      const w = 20 + Math.floor(rand() * 70);
      // A word: letters 14 px high, an ascender here and there.
      for (let lx = x; lx < x + w - 6; lx += 9) rects.push({ x: lx, y: y + (rand() < 0.2 ? -5 : 0), w: 6, h: rand() < 0.2 ? 19 : 14 });
      x += w + 10 + Math.floor(rand() * 6);
    }
  }
  // A ruled table under the text.
  for (let r = 0; r <= 8; r++) rects.push({ x: 150, y: 1100 + r * 60, w: 940, h: 2 });
  for (const cx of [150, 250, 700, 850, 1090]) rects.push({ x: cx, y: 1100, w: 2, h: 482 });
  const pixels = new Uint8Array(width * height).fill(255);
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (const r of rects) {
    for (let y = r.y; y < r.y + r.h; y += 0.5) {
      for (let x = r.x; x < r.x + r.w; x += 0.5) {
        const qx = Math.round(cx + cos * (x - cx) - sin * (y - cy));
        const qy = Math.round(cy + sin * (x - cx) + cos * (y - cy));
        if (qx >= 0 && qx < width && qy >= 0 && qy < height) pixels[qy * width + qx] = 0;
      }
    }
  }
  return { img: { width, height, pixels }, rects };
}

function skewOf(img: GrayImage, dpi: number): number {
  const mask = inkMask(img, otsuThreshold(img));
  return measureSkew(mask, img.width, img.height, { reduction: Math.max(1, Math.round(dpi / 150)) }).angle;
}

describe('skew (Postl: variance of row-sum differences over sheared pages)', () => {
  for (const deg of [-2.8, -1.3, -0.45, 0, 0.2, 0.73, 1.9, 2.5]) {
    it(`measures a page turned by ${deg}° within 0.1°`, () => {
      const { img } = turnedPage(deg, Math.round(deg * 100) + 7);
      expect(Math.abs(skewOf(img, 150) - deg)).toBeLessThanOrEqual(0.1);
    });
  }

  it('turns the page back: the table rules are straight again and where they were drawn', () => {
    const deg = 1.6;
    const { img } = turnedPage(deg, 3);
    const straight = rotateGray(img, skewOf(img, 150));
    expect(Math.abs(skewOf(straight, 150))).toBeLessThanOrEqual(0.1);
    // The rule drawn at y = 1100..1101, x = 150..1090: dark at both ends of the same rows.
    const w = straight.width;
    const darkNear = (x: number, y: number) => [-1, 0, 1, 2].some((d) => straight.pixels[(y + d) * w + x]! < 128);
    expect(darkNear(170, 1100)).toBe(true);
    expect(darkNear(1070, 1100)).toBe(true);
  });

  it('leaves a straight page alone', () => {
    const { img } = turnedPage(0, 11);
    const c = cleanPage(img, { dpi: 150 });
    expect(c.rotated).toBe(false);
    expect(Buffer.compare(c.image.pixels, img.pixels)).toBe(0);
  });

  it('rotates a gray page and binarises it on request', () => {
    const { img } = turnedPage(-0.9, 5);
    const gray = { ...img, pixels: img.pixels.map((v) => (v === 0 ? 60 : 200)) };
    const c = cleanPage(gray, { dpi: 150, binarise: true });
    expect(c.rotated).toBe(true);
    expect(Math.abs(c.skew + 0.9)).toBeLessThanOrEqual(0.1);
    expect(new Set(c.image.pixels)).toEqual(new Set([0, 255]));
    expect(c.threshold).toBeGreaterThan(60);
    expect(c.threshold).toBeLessThanOrEqual(200);
  });
});

/** Paints specks (n×n squares) and short thin streaks where no ink is within `clear` pixels. */
function addNoise(img: GrayImage, seed: number, clear: number): { specks: Rect[] } {
  const rand = rng(seed);
  const { width: w, height: h, pixels } = img;
  const inkNear = (r: Rect) => {
    for (let y = Math.max(0, r.y - clear); y < Math.min(h, r.y + r.h + clear); y++) for (let x = Math.max(0, r.x - clear); x < Math.min(w, r.x + r.w + clear); x++) if (pixels[y * w + x]! < 128) return true;
    return false;
  };
  const specks: Rect[] = [];
  let tries = 0;
  while (specks.length < 60 && tries++ < 5000) {
    const streak = specks.length % 6 === 5;
    const size = 1 + Math.floor(rand() * 3);
    const r: Rect = streak ? { x: Math.floor(rand() * (w - 60)), y: Math.floor(rand() * (h - 4)), w: 20 + Math.floor(rand() * 20), h: 2 } : { x: Math.floor(rand() * (w - 4)), y: Math.floor(rand() * (h - 4)), w: size, h: size };
    if (inkNear(r) || specks.some((s) => Math.abs(s.x - r.x) < 60 && Math.abs(s.y - r.y) < 60)) continue;
    specks.push(r);
  }
  for (const r of specks) for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) pixels[y * w + x] = 0;
  return { specks };
}

describe('despeckle (isolated small components, sized against the text)', () => {
  it('removes isolated specks and streaks and keeps dots and commas next to letters', () => {
    const { img } = turnedPage(0, 21);
    const { width: w, pixels } = img;
    // Letter-sized blobs with a dot above (as "i", "ị"'s dot below), a comma after a digit.
    const marks: Rect[] = [];
    for (let i = 0; i < 12; i++) {
      const x = 200 + i * 60;
      const y = 1700;
      for (let yy = y - 14; yy < y; yy++) for (let xx = x; xx < x + 7; xx++) pixels[yy * w + xx] = 0;
      marks.push({ x: x + 1, y: y - 20, w: 4, h: 4 }, { x: x + 1, y: y + 3, w: 4, h: 4 }, { x: x + 9, y: y - 3, w: 3, h: 6 });
    }
    for (const m of marks) for (let y = m.y; y < m.y + m.h; y++) for (let x = m.x; x < m.x + m.w; x++) pixels[y * w + x] = 0;
    const before = new Uint8Array(pixels);
    const { specks } = addNoise(img, 9, 40);
    const removed = despeckle(img, { dpi: 150 });
    expect(removed).toBe(specks.length);
    for (const r of specks) for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) expect(pixels[y * w + x]).toBe(255);
    // Every pixel of text, rules, dots and commas is still there.
    expect(Buffer.compare(pixels, before)).toBe(0);
  });

  it('keeps a lone upright stroke as tall as a letter: a "1" whose serifs a coarse 1-bit scan lost', () => {
    const { img } = turnedPage(0, 21);
    const { width: w, pixels } = img;
    const { list } = components(inkMask(img, 128), w, img.height);
    const th = textHeight(list, 150)!;
    // A clear cell, then the stroke in it.
    for (let y = 1300; y < 1300 + 6 * th; y++) for (let x = 1000; x < 1000 + 6 * th; x++) pixels[y * w + x] = 255;
    const x0 = 1000 + 3 * th;
    const y0 = 1300 + 2 * th;
    for (let y = y0; y < y0 + th; y++) for (let x = x0; x < x0 + 2; x++) pixels[y * w + x] = 0;
    despeckle(img, { dpi: 150 });
    expect(pixels[(y0 + Math.floor(th / 2)) * w + x0]).toBe(0);
  });
});

const FONT = ['/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'].find((f) => existsSync(f));
const havePdftoppm = existsSync('/usr/bin/pdftoppm');

/** Vietnamese text with its small marks, rendered by pdfkit and pdftoppm at 300 dpi. */
async function renderedText(): Promise<GrayImage> {
  const doc = new PDFDocument({ size: 'A4', margin: 60 });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font(FONT!).fontSize(12);
  const lines = [
    'Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5 %; trễ hạn 1,25 %.',
    'Số lượng phiếu khảo sát: 1.234; ý kiến hài lòng: 97,8 %.',
    'Kịp thời, sâu rộng; nhiệm vụ được giao; lị, bị, ị, ạ, ộ, ữ, ẫ, ặ, ợ.',
    'Ủy ban nhân dân xã đã ban hành 12 văn bản; tỉ lệ 0,5 %.',
  ];
  for (let i = 0; i < 6; i++) for (const l of lines) doc.text(l, { lineGap: 6 });
  doc.end();
  await done;
  const dir = mkdtempSync(join(tmpdir(), 'sohoa-clean-'));
  try {
    writeFileSync(join(dir, 'p.pdf'), Buffer.concat(chunks));
    execFileSync('pdftoppm', ['-r', '300', '-gray', '-f', '1', '-l', '1', '-singlefile', join(dir, 'p.pdf'), join(dir, 'p')]);
    return parsePgm(readFileSync(join(dir, 'p.pgm')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!FONT || !havePdftoppm)('clean-up on real Vietnamese glyphs (pdftoppm, 300 dpi)', () => {
  it('keeps every diacritic and decimal comma, removes the specks', async () => {
    const img = await renderedText();
    const threshold = otsuThreshold(img);
    const before = components(inkMask(img, threshold), img.width, img.height).list;
    expect(textHeight(before, 300)).toBeGreaterThan(10);
    const ink = inkMask(img, threshold);
    const { specks } = addNoise(img, 4, 45);
    expect(specks.length).toBeGreaterThan(40);
    const removed = despeckle(img, { dpi: 300 }, threshold);
    expect(removed).toBe(specks.length);
    const after = inkMask(img, threshold);
    let lost = 0;
    for (let i = 0; i < ink.length; i++) if (ink[i] && !after[i]) lost++;
    expect(lost).toBe(0);
  });

  it('measures the text page turned by a known angle within 0.1°', async () => {
    const img = await renderedText();
    for (const deg of [-2.2, 0.6, 1.45]) {
      // rotateGray(img, d) straightens a page skewed by d: by −deg it skews a straight one by deg.
      const turned = rotateGray(img, -deg);
      expect(Math.abs(skewOf(turned, 300) - deg)).toBeLessThanOrEqual(0.1);
    }
  });
});

describe('ruling lines of a deskewed scan', () => {
  it('joins a rule broken into pieces that step by a pixel, and erases all of it', () => {
    const width = 1400;
    const height = 400;
    const pixels = new Uint8Array(width * height).fill(255);
    // A horizontal rule 3 px thick from x = 100 to 1300, in 60 px pieces, each a pixel lower or
    // higher than the one before, with 4 px gaps; a vertical one the same way.
    for (let i = 0; i < 20; i++) {
      const x0 = 100 + i * 60;
      const dy = i % 2;
      for (let x = x0; x < x0 + 56; x++) for (let t = 0; t < 3; t++) pixels[(200 + dy + t) * width + x] = 0;
    }
    for (let i = 0; i < 5; i++) {
      const y0 = 50 + i * 60;
      const dx = i % 2;
      for (let y = y0; y < y0 + 56; y++) for (let t = 0; t < 3; t++) pixels[y * width + 700 + dx + t] = 0;
    }
    const r = findRulings({ width, height, pixels }, { dpi: 300 });
    expect(r.horizontal).toHaveLength(1);
    expect(r.horizontal[0]).toMatchObject({ from: 100 });
    expect(r.horizontal[0]!.to).toBeGreaterThanOrEqual(1295);
    expect(Math.abs(r.horizontal[0]!.at - 201.5)).toBeLessThanOrEqual(1);
    expect(r.vertical).toHaveLength(1);
    expect(r.vertical[0]!.to - r.vertical[0]!.from).toBeGreaterThanOrEqual(290);
    expect(r.cleaned.pixels.every((v) => v === 255)).toBe(true);
  });
});

describe('the page note', () => {
  it('says how much a page was turned back and how many specks went', async () => {
    const { describeCleanUp } = await import('../src/ocr/hook.js');
    const page = { page: 1, width: 595, height: 842, dpi: 300, words: [], lines: [], horizontal: [], vertical: [], meanConfidence: 90, ms: { render: 0, rulings: 0, ocr: 0 } };
    expect(describeCleanUp({ ...page, skew: -0.566, rotated: true, specks: 896 })).toBe('deskewed -0.57°, 896 specks removed; ');
    expect(describeCleanUp({ ...page, skew: 0.02, rotated: false, specks: 0 })).toBe('');
  });
});

describe('row codes read again with a digits-and-dots whitelist', () => {
  const rule = (at: number, from: number, to: number) => ({ at, from, to, thickness: 3 });
  const horizontal = [rule(100, 100, 1000), rule(200, 100, 1000), rule(300, 100, 1000)];
  const vertical = [rule(100, 100, 300), rule(300, 100, 300), rule(1000, 100, 300)];
  const img: GrayImage = { width: 1100, height: 400, pixels: new Uint8Array(1100 * 400).fill(255) };
  const w = (text: string, left: number, top: number, conf: number): OcrWord => ({ text, conf, left, top, width: 40, height: 30, block: 1, par: 1, line: 1, word: 1 });

  it('picks the STT cells whose text is a misread code, not good codes, headers or other columns', () => {
    const words = [w('S.', 150, 130, 60), w('STT', 150, 30, 50), w('1.2.', 150, 230, 96), w('Š.', 500, 230, 40)];
    const regions = codeRegions(img, words, horizontal, vertical, 270);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.x0).toBeGreaterThan(100);
    expect(regions[0]!.x1).toBeLessThan(300);
    expect(regions[0]!.y0).toBeGreaterThan(100);
    expect(regions[0]!.y1).toBeLessThan(200);
  });

  it('takes the new reading only when it is a well-formed, confident code', () => {
    const words = [w('S.', 150, 130, 60), w('2,', 150, 230, 50)];
    const regions = codeRegions(img, words, horizontal, vertical, 270);
    expect(regions).toHaveLength(2);
    const strip = stackRegions(img, regions, 40);
    const at = (i: number, text: string, conf: number): OcrWord => ({ ...w(text, 60, strip.offsets[i]!.y + 20, conf) });
    const merged = mergeCodes(words, regions, strip, [at(0, '5.', 92), at(1, '9.', 38)]);
    // "9." at 38 is not taken; "2," is mended to "2." as it stands.
    expect(merged.replaced).toBe(2);
    expect(merged.words.map((x) => x.text).sort()).toEqual(['2.', '5.']);
    expect(merged.words.find((x) => x.text === '2.')!.conf).toBe(50);
    expect(merged.words.find((x) => x.text === '5.')).toMatchObject({ left: 150, top: 130 });
  });
});

describe('scaleGray', () => {
  it('averages the area each output pixel covers', () => {
    const img: GrayImage = { width: 6, height: 3, pixels: new Uint8Array([0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255]) };
    const half = scaleGray(img, 0.5);
    expect([half.width, half.height]).toEqual([3, 2]);
    expect(Array.from(half.pixels.subarray(0, 3))).toEqual([0, 128, 255]);
    const third = scaleGray({ width: 3, height: 3, pixels: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 255]) }, 2 / 3);
    expect([third.width, third.height]).toEqual([2, 2]);
  });
});
