// Page boxes in provenance: the pure span-to-box geometry, and on the seed PDF every kind of value
// (appendix cell, narrative fact, citation, header-block field) lands where pdftotext -bbox puts
// the same words.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unturnBox, withBox } from '../src/extract/boxes.js';
import { spanBox, lineBoxes, itemsBox } from '../src/readers/pdf-geometry.js';
import { lineOf, type PdfItem } from '../src/readers/pdf-layout.js';
import { extractFile } from '../src/pipeline.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'tien-dong-2023-q3.pdf');

const item = (text: string, x: number, y: number, width: number, size = 12): PdfItem => ({ text, x, y, width, size, bold: false, italic: false });

describe('span boxes', () => {
  const lines = lineBoxes([lineOf([item('Số hồ sơ tiếp nhận', 100, 200, 100)], 3), lineOf([item('259 hồ sơ, giải quyết', 100, 215, 120)], 3)]);

  it('cuts a box out of one line in proportion to its characters', () => {
    expect(lines.map((l) => [l.start, l.end])).toEqual([
      [0, 18],
      [19, 40],
    ]);
    const b = spanBox(lines, [19, 22])!;
    expect(b.page).toBe(3);
    expect(b.bbox[0]).toBeCloseTo(100, 0);
    expect(b.bbox[2]).toBeCloseTo(100 + (120 * 3) / 21, 0);
    expect(b.bbox[1]).toBeCloseTo(215 - 12 * 0.8, 1);
  });

  it('unites the lines a span runs over, and scales offsets of a repaired (longer) text', () => {
    const b = spanBox(lines, [10, 25])!;
    expect(b.bbox[1]).toBeLessThan(200);
    expect(b.bbox[3]).toBeGreaterThan(215);
    const scaled = spanBox(lines, [38, 44], 44)!;
    expect(scaled.bbox[0]).toBeGreaterThan(150);
  });

  it('gives no place to an item a damaged PDF put at NaN or infinity (its line keeps the others; a line of only such items has no box)', () => {
    const broken = [item('259', Number.NaN, 200, 20), item('hồ sơ', 130, 200, 30)];
    expect(itemsBox(broken)).toEqual([130, 190.4, 160, 202.6]);
    expect(itemsBox([item('259', 100, Number.POSITIVE_INFINITY, 20)])).toBeUndefined();
    expect(lineBoxes([lineOf([item('259', 100, 200, Number.NaN)], 1)])).toEqual([]);
  });

  it('leaves a provenance without geometry as it was', () => {
    const prov = { file: 'x.docx', block: 0, span: [0, 3] as [number, number] };
    expect(withBox([{ kind: 'paragraph', text: 'abc', prov: { file: 'x.docx', block: 0 } }], prov)).toBe(prov);
    expect(itemsBox([item('  ', 0, 0, 5)])).toBeUndefined();
  });
});

describe('boxes of a straightened OCR page, back on the scan', () => {
  it('maps the corners as the deskew read them (centre fixed; for a positive turn, right of centre moves down, above it moves right)', () => {
    const t = { deg: 0.6, cx: 300, cy: 420 };
    expect(unturnBox([290, 410, 310, 430], { ...t, deg: 0 })).toEqual([290, 410, 310, 430]);
    const centre = unturnBox([299, 419, 301, 421], t);
    expect((centre[0] + centre[2]) / 2).toBeCloseTo(300, 1);
    expect((centre[1] + centre[3]) / 2).toBeCloseTo(420, 1);
    const right = unturnBox([460, 60, 480, 70], t);
    // 160 pt right of and 360 pt above the centre, turned by 0.6°: x + 360·sin, y + 160·sin.
    const sin = Math.sin((0.6 * Math.PI) / 180);
    expect(right[0]).toBeCloseTo(460 + 360 * sin, 0);
    expect(right[1]).toBeCloseTo(60 + 160 * sin, 0);
  });
});

/** Words of one page with their boxes, as poppler's pdftotext -bbox gives them. */
function pdfWords(file: string, page: number): { text: string; box: [number, number, number, number] }[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5]!,
    box: [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])],
  }));
}

const contains = (outer: number[], inner: number[], slack = 2) =>
  inner[0]! >= outer[0]! - slack && inner[1]! >= outer[1]! - slack && inner[2]! <= outer[2]! + slack && inner[3]! <= outer[3]! + slack;

describe('boxes of the seed PDF against pdftotext -bbox', () => {
  it('puts appendix cells, facts, citations and header fields where their words are printed', async () => {
    const { value: r } = await extractFile(SEED);
    expect(r.indicators.every((i) => i.provenance.bbox && i.provenance.page)).toBe(true);
    const rate = r.indicators.find((i) => i.form === 1 && i.code === '2')!;
    const words = pdfWords(SEED, rate.provenance.page!);
    const printed = words.filter((w) => w.text === rate.raw).find((w) => contains(rate.provenance.bbox!, w.box));
    expect(printed, `a "${rate.raw}" inside ${JSON.stringify(rate.provenance.bbox)}`).toBeDefined();

    const fact = r.facts.find((f) => f.raw.includes('259'))!;
    expect(fact.provenance.bbox).toBeDefined();
    const factWords = pdfWords(SEED, fact.provenance.boxPage ?? fact.provenance.page!).filter((w) => w.text === '259');
    expect(factWords.some((w) => contains(fact.provenance.bbox!, w.box, 6))).toBe(true);

    const cited = r.citations.find((c) => c.number === '52/KH-UBND')!;
    const citedWords = pdfWords(SEED, cited.provenance.page!).filter((w) => w.text.includes('52/KH'));
    expect(citedWords.some((w) => contains(cited.provenance.bbox!, w.box, 6))).toBe(true);

    const date = r.report!.provenance.date!;
    const dateWords = pdfWords(SEED, date.page!).filter((w) => w.text === '2023');
    expect(dateWords.some((w) => contains(date.bbox!, w.box, 6))).toBe(true);
  }, 60_000);
});
