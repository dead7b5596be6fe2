import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenBackground, inkMask, measureSkew, otsuThreshold } from '../src/ocr/clean.js';
import { parsePgm, type GrayImage } from '../src/ocr/pgm.js';
import { createRng } from '../scripts/corpus/prng.js';
import { addSpecks, curlEdge, DEGRADATIONS, degradePage, shadowEdge, turn } from '../scripts/scans/degrade.js';
import { bwImage, grayImage, imagePdf } from '../scripts/scans/pdf.js';

/** A white page with ruled lines of "text": dark bars 8 px high, as a form's rows at 150 dpi. */
function page(): GrayImage {
  const width = 600;
  const height = 800;
  const pixels = new Uint8Array(width * height).fill(255);
  for (let y = 100; y < 700; y += 40) for (let t = 0; t < 8; t++) for (let x = 80; x < 520; x++) if ((x >> 3) % 3 !== 0) pixels[(y + t) * width + x] = 0;
  return { width, height, pixels };
}

describe('the scanner simulation', () => {
  it('turns a page by the angle the deskew then measures', () => {
    for (const deg of [-2, 1.2]) {
      const turned = turn(page(), deg);
      const skew = measureSkew(inkMask(turned, 128), turned.width, turned.height, { maxDeg: 3, reduction: 1 });
      expect(Math.abs(skew.angle - deg)).toBeLessThan(0.1);
    }
  });

  it('darkens a shadowed edge, bends a curled one, drops specks where asked', () => {
    const shadow = shadowEdge(page());
    expect(shadow.pixels[400 * 600 + 2]).toBeLessThan(150);
    expect(shadow.pixels[400 * 600 + 590]).toBe(255);
    const curled = curlEdge(page(), 0.2, 0.05, 150);
    // A bar at the far right sits lower than at the left.
    const firstInk = (x: number) => { for (let y = 90; y < 200; y++) if (curled.pixels[y * 600 + x]! < 128) return y; return -1; };
    expect(firstInk(515)).toBeGreaterThan(firstInk(100));
    const speckled = { ...page(), pixels: new Uint8Array(page().pixels) };
    addSpecks(speckled, createRng('t'), 50, 5, 150);
    const dark = (img: GrayImage) => img.pixels.filter((v) => v < 128).length;
    expect(dark(speckled)).toBeGreaterThan(dark(page()));
  });

  it('gives 1-bit pages in black and white only, and the same page for the same seed', () => {
    const bw = DEGRADATIONS.find((d) => d.mode === 'bw')!;
    const a = degradePage(page(), bw, createRng('s'));
    expect(new Set(a.pixels)).toEqual(new Set([0, 255]));
    expect(degradePage(page(), bw, createRng('s')).pixels).toEqual(a.pixels);
  });

  it('covers the issue’s range: ±2.5°, 150–300 dpi, 1-bit and gray, JPEG 30–70, specks, a curled and a shadowed edge', () => {
    const degs = DEGRADATIONS.map((d) => d.rotateDeg);
    expect(Math.min(...degs)).toBe(-2.5);
    expect(Math.max(...degs)).toBe(2.5);
    expect(new Set(DEGRADATIONS.map((d) => d.dpi))).toEqual(new Set([150, 200, 300]));
    const q = DEGRADATIONS.flatMap((d) => (d.jpegQuality ? [d.jpegQuality] : []));
    expect(Math.min(...q)).toBe(30);
    expect(Math.max(...q)).toBe(70);
    expect(new Set(DEGRADATIONS.map((d) => d.mode))).toEqual(new Set(['bw', 'gray']));
    expect(new Set(DEGRADATIONS.flatMap((d) => (d.edge ? [d.edge] : [])))).toEqual(new Set(['curve', 'shadow']));
  });
});

describe('the clean-up against a shadowed edge', () => {
  it('evens out the paper so one threshold finds the text in the shadow and no black band, and leaves even paper alone', () => {
    expect(flattenBackground(page(), 150)).toBeUndefined();
    const shadowed = shadowEdge(page(), 0.2, 0.3);
    const dark = (img: GrayImage, x0: number, x1: number) => {
      const t = otsuThreshold(img);
      let n = 0;
      for (let y = 0; y < img.height; y++) for (let x = x0; x < x1; x++) if (img.pixels[y * img.width + x]! < t) n++;
      return n;
    };
    // Left of the text (x < 80) is paper: a global threshold turns the shadow there into ink.
    expect(dark(shadowed, 0, 60)).toBeGreaterThan(10_000);
    const flat = flattenBackground(shadowed, 150)!;
    expect(flat).toBeDefined();
    expect(dark(flat, 0, 60)).toBe(0);
    // The bars in the shadow are still ink.
    expect(dark(flat, 80, 120)).toBeGreaterThan(dark(page(), 80, 120) * 0.9);
  });
});

describe('the image-only PDF', () => {
  it('renders back to its pages, at the size and resolution written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scans-pdf-'));
    try {
      const bw = page();
      const pdf = imagePdf([bwImage(bw, 150), grayImage(turn(bw, 1), 150)]);
      writeFileSync(join(dir, 'x.pdf'), pdf);
      execFileSync('pdftoppm', ['-r', '150', '-gray', join(dir, 'x.pdf'), join(dir, 'p')]);
      const back = parsePgm(readFileSync(join(dir, 'p-1.pgm')));
      expect([back.width, back.height]).toEqual([600, 800]);
      // The 1-bit page comes back as written (poppler smooths the edges of a 1-bit image a little).
      expect(back.pixels.filter((v, i) => (v < 128) !== (bw.pixels[i]! < 128)).length).toBeLessThan(bw.pixels.length * 0.02);
      expect(parsePgm(readFileSync(join(dir, 'p-2.pgm'))).width).toBe(600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
