// What a real scanner and the paper do to a clean page, as pure functions on the gray bitmap
// pdftoppm renders (no image library: the same GrayImage the OCR module reads):
//  - the sheet lies a little turned on the glass (rotation, bilinear);
//  - its edge curls off the glass (the rows near one edge bend) or falls into shadow;
//  - dust and toner leave speckles and short streaks;
//  - the paper is not white and the sensor is noisy;
//  - a 1-bit scanner thresholds the gray page at a fixed level; a gray one saves a lossy JPEG
//    (the JPEG step is the edge's: cjpeg, see scans.ts).
import { rotateGray } from '../../src/ocr/clean.js';
import type { GrayImage } from '../../src/ocr/pgm.js';
import type { Rng } from '../corpus/prng.js';

export interface Degradation {
  /** Short name, used as the eval's family ("scan:<name>"). */
  name: string;
  /** Scanner resolution. */
  dpi: number;
  /** Degrees the sheet lies turned (positive: lines run down to the right). */
  rotateDeg: number;
  /** 'bw': 1-bit, thresholded by the scanner; 'gray': 8-bit, saved as JPEG at `jpegQuality`. */
  mode: 'bw' | 'gray';
  jpegQuality?: number;
  /** Speckles and short streaks per page. */
  specks?: number;
  streaks?: number;
  /** The right edge curled off the glass (rows bend) or its margin in shadow. */
  edge?: 'curve' | 'shadow';
}

/**
 * The set the generator renders, small enough to OCR in minutes: each kind of scanner output at
 * the resolutions and turns the issue names (−2.5°..+2.5°, 150–300 dpi, 1-bit and gray, JPEG
 * 30–70, specks, a curled or shadowed edge). The ±2.5° ones are reported but outside the ≥97 % bar.
 */
export const DEGRADATIONS: Degradation[] = [
  { name: 'bw200-specks-rot+0.8', dpi: 200, rotateDeg: 0.8, mode: 'bw', specks: 600, streaks: 40 },
  { name: 'gray200-q40-rot-0.7', dpi: 200, rotateDeg: -0.7, mode: 'gray', jpegQuality: 40 },
  { name: 'bw300-rot-2.0', dpi: 300, rotateDeg: -2, mode: 'bw', specks: 200 },
  { name: 'gray150-q30-rot+1.5', dpi: 150, rotateDeg: 1.5, mode: 'gray', jpegQuality: 30 },
  { name: 'gray300-q70-rot+2.0-shadow', dpi: 300, rotateDeg: 2, mode: 'gray', jpegQuality: 70, edge: 'shadow' },
  { name: 'bw150-rot+1.2-curve', dpi: 150, rotateDeg: 1.2, mode: 'bw', specks: 300, edge: 'curve' },
  { name: 'gray200-q50-rot-2.5-specks', dpi: 200, rotateDeg: -2.5, mode: 'gray', jpegQuality: 50, specks: 400, streaks: 20 },
  { name: 'bw200-rot+2.5', dpi: 200, rotateDeg: 2.5, mode: 'bw' },
];

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/**
 * Turns a straight page by `deg` (the content then runs down to the right for deg > 0, as
 * clean.ts measures skew): the inverse of the deskew rotation.
 */
export function turn(img: GrayImage, deg: number): GrayImage {
  return deg === 0 ? img : rotateGray(img, -deg);
}

/**
 * The right edge curled off the glass: rows within the last `share` of the width bend down by up
 * to `maxShift` pixels (quadratically, as a page curving away from the glass), and darken a little.
 */
export function curlEdge(img: GrayImage, share = 0.18, maxShiftIn = 0.06, dpi = 200): GrayImage {
  const { width: w, height: h, pixels } = img;
  const out = new Uint8Array(pixels);
  const start = Math.round(w * (1 - share));
  const maxShift = maxShiftIn * dpi;
  for (let x = start; x < w; x++) {
    const t = (x - start) / (w - start);
    const shift = maxShift * t * t;
    const s0 = Math.floor(shift);
    const f = shift - s0;
    const dim = 1 - 0.25 * t * t;
    for (let y = 0; y < h; y++) {
      const y0 = y - s0;
      const a = y0 >= 0 && y0 < h ? pixels[y0 * w + x]! : 255;
      const b = y0 - 1 >= 0 && y0 - 1 < h ? pixels[(y0 - 1) * w + x]! : 255;
      out[y * w + x] = clamp((a * (1 - f) + b * f) * dim);
    }
  }
  return { width: w, height: h, pixels: out };
}

/** A shadow along the left edge (the book's gutter, the lid not closed): dark at the edge, fading over `share` of the width. */
export function shadowEdge(img: GrayImage, share = 0.1, darkest = 0.45): GrayImage {
  const { width: w, height: h, pixels } = img;
  const out = new Uint8Array(pixels);
  const span = Math.max(1, Math.round(w * share));
  for (let x = 0; x < span; x++) {
    const t = x / span;
    const k = darkest + (1 - darkest) * t * t;
    for (let y = 0; y < h; y++) out[y * w + x] = clamp(pixels[y * w + x]! * k);
  }
  return { width: w, height: h, pixels: out };
}

/** Dust: `specks` round dots (1–2.5 px across at 200 dpi) and `streaks` thin short lines, dropped at random. */
export function addSpecks(img: GrayImage, rng: Rng, specks: number, streaks: number, dpi: number): void {
  const { width: w, height: h, pixels } = img;
  const k = dpi / 200;
  const dot = (cx: number, cy: number, r: number) => {
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++)
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++)
        if (x >= 0 && y >= 0 && x < w && y < h && (x - cx) ** 2 + (y - cy) ** 2 <= r * r) pixels[y * w + x] = Math.min(pixels[y * w + x]!, 20);
  };
  for (let i = 0; i < specks; i++) dot(rng.next() * w, rng.next() * h, (0.5 + rng.next() * 0.8) * k);
  for (let i = 0; i < streaks; i++) {
    const len = (8 + rng.next() * 30) * k;
    const a = rng.next() * Math.PI;
    const x0 = rng.next() * w;
    const y0 = rng.next() * h;
    for (let s = 0; s < len; s++) dot(x0 + Math.cos(a) * s, y0 + Math.sin(a) * s, 0.7 * k);
  }
}

/** Paper tone and sensor noise: white becomes ~235 ± a few levels, black ~25. */
export function paperAndNoise(img: GrayImage, rng: Rng, amplitude = 10): void {
  const px = img.pixels;
  for (let i = 0; i < px.length; i++) px[i] = clamp(25 + (px[i]! * 210) / 255 + (rng.next() + rng.next() - 1) * amplitude);
}

/** A 1-bit scanner's output: black where darker than `level`, as 0/255 gray. */
export function threshold(img: GrayImage, level = 128): GrayImage {
  return { ...img, pixels: img.pixels.map((v) => (v < level ? 0 : 255)) };
}

/**
 * One page through the scanner. `img` is the page rendered straight at `d.dpi`; the result is
 * what gets stored (1-bit pages as 0/255, gray pages before their JPEG step).
 */
export function degradePage(img: GrayImage, d: Degradation, rng: Rng): GrayImage {
  let page = d.edge === 'curve' ? curlEdge(img, 0.18, 0.06, d.dpi) : img;
  page = turn(page, d.rotateDeg);
  if (d.edge === 'shadow') page = shadowEdge(page);
  page = { ...page, pixels: new Uint8Array(page.pixels) };
  // A 1-bit scanner thresholds a noisier signal: its edges come out ragged.
  paperAndNoise(page, rng, d.mode === 'bw' ? 20 : 10);
  addSpecks(page, rng, d.specks ?? 0, d.streaks ?? 0, d.dpi);
  return d.mode === 'bw' ? threshold(page) : page;
}
