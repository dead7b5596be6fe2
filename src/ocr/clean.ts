// Page clean-up before recognition, as OCRmyPDF and scanning software do it, in plain TypeScript
// on the gray bitmap pdftoppm renders:
//  1. binarise: Otsu's global threshold (a JPEG or gray scan becomes black ink on white);
//  2. measure the skew with Postl's method (Leptonica's, which OCRmyPDF uses): for each candidate
//     angle the ink is sheared so that a line of that slope falls on one row, and the angle whose
//     row sums differ most from row to row (text lines and ruling lines straightest) wins;
//  3. rotate the gray page back by that angle (bilinear), then binarise it again;
//  4. remove speckles: small connected components far from any other ink. Vietnamese diacritics
//     (the dot of "ị", a tilde, a hook) and decimal commas are as small as a speck but sit right
//     next to their letter or digit, so only isolated ones go, with sizes relative to the text.
// Everything downstream (ruling lines, Tesseract's word boxes, the page size) is then in the
// corrected page's coordinates, so cells are found from the straightened grid.
import type { GrayImage } from './pgm.js';

/** Otsu's threshold: the gray level that best splits the histogram into two classes. */
export function otsuThreshold(img: GrayImage): number {
  const hist = new Float64Array(256);
  const px = img.pixels;
  for (let i = 0; i < px.length; i++) hist[px[i]!] = hist[px[i]!]! + 1;
  const total = px.length;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * hist[v]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let bestT = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  // Pixels <= bestT are the dark class; callers test `< threshold`.
  return bestT + 1;
}

/** Black (0) where the pixel is darker than `threshold`, else white (255), in place. */
export function binariseInPlace(img: GrayImage, threshold: number): void {
  const px = img.pixels;
  for (let i = 0; i < px.length; i++) px[i] = px[i]! < threshold ? 0 : 255;
}

/** 1 where the pixel is ink (darker than `threshold`), else 0. */
export function inkMask(img: GrayImage, threshold: number): Uint8Array {
  const out = new Uint8Array(img.pixels.length);
  for (let i = 0; i < out.length; i++) out[i] = img.pixels[i]! < threshold ? 1 : 0;
  return out;
}

interface InkCells {
  xs: Int32Array;
  ys: Int32Array;
  counts: Float64Array;
  rows: number;
}

/** The ink counted in `r`×`r` cells: the sweep runs on a reduced page, as Leptonica's does. */
function reduceInk(mask: Uint8Array, width: number, height: number, r: number): InkCells {
  const rw = Math.ceil(width / r);
  const rh = Math.ceil(height / r);
  const grid = new Uint16Array(rw * rh);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const gr = Math.floor(y / r) * rw;
    for (let x = 0; x < width; x++) if (mask[row + x]) { const g = gr + Math.floor(x / r); grid[g] = grid[g]! + 1; }
  }
  let n = 0;
  for (let i = 0; i < grid.length; i++) if (grid[i]) n++;
  const xs = new Int32Array(n);
  const ys = new Int32Array(n);
  const counts = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < grid.length; i++) {
    if (!grid[i]) continue;
    xs[k] = i % rw;
    ys[k] = Math.floor(i / rw);
    counts[k] = grid[i]!;
    k++;
  }
  return { xs, ys, counts, rows: rh };
}

/**
 * Postl's score for one angle: shear the ink so that lines of slope tan(angle) become rows, sum
 * each row, and add up the squared differences of neighbouring row sums.
 */
function postlScore(cells: InkCells, deg: number, sums: Float64Array, margin: number): number {
  const slope = Math.tan((deg * Math.PI) / 180);
  sums.fill(0);
  const { xs, ys, counts } = cells;
  for (let i = 0; i < xs.length; i++) {
    const row = Math.round(ys[i]! - xs[i]! * slope) + margin;
    sums[row]! += counts[i]!;
  }
  let score = 0;
  for (let r = 1; r < sums.length; r++) {
    const d = sums[r]! - sums[r - 1]!;
    score += d * d;
  }
  return score;
}

export interface SkewOptions {
  /** Largest skew looked for, in degrees either way. */
  maxDeg?: number;
  /** Reduction of the page for the sweep (cells of r×r pixels). */
  reduction?: number;
}

export interface SkewMeasure {
  /** Degrees; positive when text lines run down to the right (y grows with x). */
  angle: number;
  /** How much sharper the best angle is than the page taken as straight (1 = no better). */
  confidence: number;
}

/**
 * Measures the skew of a binarised page (mask: 1 = ink). A coarse sweep in steps of 0.1° is
 * refined in steps of 0.01° around the best angle, then the peak is interpolated.
 */
export function measureSkew(mask: Uint8Array, width: number, height: number, options: SkewOptions = {}): SkewMeasure {
  const maxDeg = options.maxDeg ?? 3;
  const r = Math.max(1, options.reduction ?? 2);
  const cells = reduceInk(mask, width, height, r);
  if (cells.xs.length === 0) return { angle: 0, confidence: 1 };
  const rw = Math.ceil(width / r);
  const margin = Math.ceil(rw * Math.tan(((maxDeg + 0.5) * Math.PI) / 180)) + 2;
  const sums = new Float64Array(cells.rows + 2 * margin);
  const score = (deg: number) => postlScore(cells, deg, sums, margin);
  let best = 0;
  let bestScore = -1;
  const coarse = 0.1;
  for (let i = -Math.round(maxDeg / coarse); i <= Math.round(maxDeg / coarse); i++) {
    const s = score(i * coarse);
    if (s > bestScore) {
      bestScore = s;
      best = i * coarse;
    }
  }
  const fine = 0.01;
  const around = best;
  const fineScores: number[] = [];
  for (let i = -15; i <= 15; i++) {
    const a = around + i * fine;
    const s = score(a);
    fineScores.push(s);
    if (s > bestScore) {
      bestScore = s;
      best = a;
    }
  }
  // Parabola through the best fine angle and its neighbours.
  const bi = Math.round((best - around) / fine) + 15;
  let angle = best;
  if (bi > 0 && bi < fineScores.length - 1) {
    const [a, b, c] = [fineScores[bi - 1]!, fineScores[bi]!, fineScores[bi + 1]!];
    const denom = a - 2 * b + c;
    if (denom < 0) angle = best + (fine * (a - c)) / (2 * denom);
  }
  const zero = score(0);
  return { angle: Math.round(angle * 1000) / 1000, confidence: zero > 0 ? bestScore / zero : 1 };
}

/**
 * Rotates a gray page about its centre so that content skewed by `deg` (as measured above)
 * becomes straight; same size, uncovered corners white, bilinear interpolation.
 */
export function rotateGray(img: GrayImage, deg: number): GrayImage {
  const { width: w, height: h, pixels: src } = img;
  const out = new Uint8Array(w * h);
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    // Source of (x, y): c + R(deg)·((x, y) − c).
    let sx = cx - cx * cos - dy * sin;
    let sy = cy - cx * sin + dy * cos;
    const row = y * w;
    for (let x = 0; x < w; x++, sx += cos, sy += sin) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[row + x] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top = src[i]! + (src[i + 1]! - src[i]!) * fx;
      const bottom = src[i + w]! + (src[i + w + 1]! - src[i + w]!) * fx;
      out[row + x] = Math.round(top + (bottom - top) * fy);
    }
  }
  return { width: w, height: h, pixels: out };
}

/** The page scaled by `factor` (< 1: each output pixel averages the input area it covers). */
export function scaleGray(img: GrayImage, factor: number): GrayImage {
  const w = Math.max(1, Math.round(img.width * factor));
  const h = Math.max(1, Math.round(img.height * factor));
  const out = new Uint8Array(w * h);
  const inv = 1 / factor;
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor(y * inv);
    const y1 = Math.min(img.height, Math.max(y0 + 1, Math.floor((y + 1) * inv)));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x * inv);
      const x1 = Math.min(img.width, Math.max(x0 + 1, Math.floor((x + 1) * inv)));
      let sum = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += img.pixels[yy * img.width + xx]!;
      out[y * w + x] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return { width: w, height: h, pixels: out };
}

export interface Component {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
}

/** 8-connected components of the ink; `labels` holds each pixel's component index + 1. */
export function components(mask: Uint8Array, width: number, height: number): { list: Component[]; labels: Int32Array } {
  const labels = new Int32Array(mask.length);
  const list: Component[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const id = list.length + 1;
    const c: Component = { x0: width, y0: height, x1: -1, y1: -1, area: 0 };
    labels[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % width;
      const y = (p - x) / width;
      c.area++;
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      if (y < c.y0) c.y0 = y;
      if (y > c.y1) c.y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (mask[q] && !labels[q]) {
            labels[q] = id;
            stack.push(q);
          }
        }
      }
    }
    list.push(c);
  }
  return { list, labels };
}

/**
 * The typical height of a letter on the page, in pixels: the median height of components that
 * are letter-sized for print between 6 and 30 points at this resolution. Undefined for a page
 * without text.
 */
export function textHeight(list: Component[], dpi: number): number | undefined {
  const lo = (6 / 72) * dpi * 0.35;
  const hi = (30 / 72) * dpi;
  const hs = list
    .filter((c) => c.area >= 4)
    .map((c) => c.y1 - c.y0 + 1)
    .filter((h) => h >= lo && h <= hi)
    .sort((a, b) => a - b);
  return hs.length >= 20 ? hs[Math.floor(hs.length / 2)]! : undefined;
}

export interface DespeckleOptions {
  dpi: number;
  /** A speck is at most this share of the text height across (a diacritic dot is ~0.2). */
  maxSpeck?: number;
  /** A streak (thin mark) is at most this share of the text height thick. */
  maxStreakThickness?: number;
  /** ... and at most this long, in inches: longer marks are ruling lines. */
  maxStreakLengthIn?: number;
  /** It is removed only when no other ink lies within this share of the text height. */
  isolation?: number;
}

/**
 * Finds speckles and short streaks to remove: components that are small (or thin and short)
 * relative to the text and have no other ink near them. Returns the indexes into `list`.
 */
export function findSpecks(list: Component[], labels: Int32Array, width: number, height: number, options: DespeckleOptions): Set<number> {
  const th = textHeight(list, options.dpi) ?? (12 / 72) * options.dpi * 0.5;
  const maxSpeck = Math.max(2, (options.maxSpeck ?? 0.22) * th);
  const maxThick = Math.max(2, (options.maxStreakThickness ?? 0.15) * th);
  const maxLen = (options.maxStreakLengthIn ?? 0.3) * options.dpi;
  const radius = Math.max(3, Math.round((options.isolation ?? 0.6) * th));
  const small = (c: Component) => c.x1 - c.x0 + 1 <= maxSpeck && c.y1 - c.y0 + 1 <= maxSpeck;
  // An upright stroke as tall as a letter is a "1", "l" or "I" whose serifs a coarse 1-bit scan
  // lost (a lone "1" in a value cell is as isolated as a streak): never a streak.
  const letterStroke = (w: number, h: number) => w <= maxThick && h >= 0.6 * th && h <= 1.6 * th;
  const candidate = list.map((c) => {
    const w = c.x1 - c.x0 + 1;
    const h = c.y1 - c.y0 + 1;
    return small(c) || (Math.min(w, h) <= maxThick && Math.max(w, h) < maxLen && !letterStroke(w, h));
  });
  // Ink that makes a mark "near text": any component but the faintest specks (specks cluster on a
  // bad scan, and one must not keep another). Looked up pixel by pixel, not by box: a table grid is
  // one component whose box covers the whole table.
  const counts = list.map((c) => !(c.area <= 2 || (small(c) && c.area * 4 < maxSpeck * maxSpeck)));
  const specks = new Set<number>();
  list.forEach((c, i) => {
    if (!candidate[i]) return;
    const x0 = Math.max(0, c.x0 - radius);
    const y0 = Math.max(0, c.y0 - radius);
    const x1 = Math.min(width - 1, c.x1 + radius);
    const y1 = Math.min(height - 1, c.y1 + radius);
    for (let y = y0; y <= y1; y++) {
      const row = y * width;
      for (let x = x0; x <= x1; x++) {
        const l = labels[row + x]!;
        if (l && l !== i + 1 && counts[l - 1]) return;
      }
    }
    specks.add(i);
  });
  return specks;
}

/** Removes specks from a black-on-white page in place; returns how many went. */
export function despeckle(img: GrayImage, options: DespeckleOptions, threshold = 128): number {
  const { width: w, height: h, pixels } = img;
  const mask = inkMask(img, threshold);
  const { list, labels } = components(mask, w, h);
  const found = findSpecks(list, labels, w, h, options);
  if (found.size > 0) for (let i = 0; i < pixels.length; i++) if (labels[i] && found.has(labels[i]! - 1)) pixels[i] = 255;
  return found.size;
}

export interface CleanOptions {
  dpi: number;
  /** Largest skew corrected, in degrees either way (0 turns deskewing off). */
  maxSkewDeg?: number;
  /** Skews smaller than this are left alone (a rotation softens the page for nothing). */
  minSkewDeg?: number;
  /** Hand back black on white (true) or the straightened gray page (false, the default). */
  binarise?: boolean;
}

export interface CleanedPage {
  /** The straightened page: gray, or black ink on white (0 / 255) with `binarise`. */
  image: GrayImage;
  /** The skew found, in degrees (the page was rotated back by it when large enough). */
  skew: number;
  rotated: boolean;
  /** Whether uneven paper (a shadowed edge) was evened out first. */
  flattened: boolean;
  /** Otsu's threshold of the straightened page: darker is ink. */
  threshold: number;
  ms: { deskew: number; binarise: number };
}

/**
 * Straightens a page (and binarises it with `binarise`); the result has the input's size, so
 * coordinates stay in page pixels. Specks are removed later (`despeckle`), once the ruling lines
 * are erased: a speck next to a rule would otherwise count as near ink.
 */
export function cleanPage(page: GrayImage, options: CleanOptions): CleanedPage {
  const { width: w, height: h } = page;
  let t = performance.now();
  const flat = flattenBackground(page, options.dpi);
  const img = flat ?? page;
  let threshold = otsuThreshold(img);
  const mask = inkMask(img, threshold);
  let binariseMs = performance.now() - t;
  t = performance.now();
  const maxSkew = options.maxSkewDeg ?? 3;
  const skew = maxSkew > 0 ? measureSkew(mask, w, h, { maxDeg: maxSkew, reduction: Math.max(1, Math.round(options.dpi / 150)) }).angle : 0;
  const rotated = Math.abs(skew) >= (options.minSkewDeg ?? 0.05) && Math.abs(skew) < maxSkew;
  let gray = img;
  if (rotated) gray = rotateGray(img, skew);
  const deskewMs = performance.now() - t;
  t = performance.now();
  if (rotated) threshold = otsuThreshold(gray);
  let image = gray;
  if (options.binarise) {
    const pixels = new Uint8Array(w * h);
    for (let i = 0; i < pixels.length; i++) pixels[i] = gray.pixels[i]! < threshold ? 0 : 255;
    image = { width: w, height: h, pixels };
  }
  binariseMs += performance.now() - t;
  return { image, skew, rotated, threshold, flattened: flat !== undefined, ms: { deskew: Math.round(deskewMs), binarise: Math.round(binariseMs) } };
}

/**
 * Evens out a page whose paper is not one shade (a shadowed or curled edge, a lid left open):
 * one global threshold makes such an edge a black band that hides its text and breaks its rules.
 * The paper's shade is taken as the lightest pixel of each tile (a quarter inch: text strokes
 * are thinner, so every tile shows some paper) and interpolated between tile centres; each pixel
 * is divided by it. Pages whose paper is even (the darkest tile's
 * paper within 80 % of the median) are left as they are: undefined.
 */
export function flattenBackground(img: GrayImage, dpi: number): GrayImage | undefined {
  const { width: w, height: h, pixels } = img;
  const tile = Math.max(8, Math.round(dpi / 4));
  const tw = Math.ceil(w / tile);
  const th = Math.ceil(h / tile);
  const max = new Float64Array(tw * th);
  for (let y = 0; y < h; y++) {
    const ty = Math.floor(y / tile) * tw;
    for (let x = 0; x < w; x++) {
      const v = pixels[y * w + x]!;
      const k = ty + Math.floor(x / tile);
      if (v > max[k]!) max[k] = v;
    }
  }
  // The tile's own lightest pixel, not its neighbours': a shadow darkens within a tile or two.
  const bg = max.map((m) => Math.max(1, m));
  const sorted = [...bg].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const low = sorted[Math.floor(sorted.length * 0.02)]!;
  if (low >= median * 0.8) return undefined;
  const out = new Uint8Array(w * h);
  const at = (tx: number, ty: number) => bg[Math.min(th - 1, Math.max(0, ty)) * tw + Math.min(tw - 1, Math.max(0, tx))]!;
  for (let y = 0; y < h; y++) {
    const fy = (y + 0.5) / tile - 0.5;
    const ty = Math.floor(fy);
    const ay = fy - ty;
    for (let x = 0; x < w; x++) {
      const fx = (x + 0.5) / tile - 0.5;
      const tx = Math.floor(fx);
      const ax = fx - tx;
      const b = (at(tx, ty) * (1 - ax) + at(tx + 1, ty) * ax) * (1 - ay) + (at(tx, ty + 1) * (1 - ax) + at(tx + 1, ty + 1) * ax) * ay;
      const v = (pixels[y * w + x]! * median) / b;
      out[y * w + x] = v > 255 ? 255 : Math.round(v);
    }
  }
  return { width: w, height: h, pixels: out };
}
