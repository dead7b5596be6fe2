// Table ruling lines found in a page bitmap. They serve twice: erased, they stop Tesseract from
// reading borders as "|", "_" or merging cells into nonsense; kept as coordinates, they give the
// PDF layout module the same hRules/vRules a text-layer PDF gives it, so the same table rebuilder
// cuts OCR words into the same rows and columns.
import type { GrayImage } from './pgm.js';

export interface PixelRule {
  /** Horizontal: y centre, x0..x1. Vertical: x centre, y0..y1 (stored in the same fields). */
  at: number;
  from: number;
  to: number;
  thickness: number;
}

export interface Rulings {
  horizontal: PixelRule[];
  vertical: PixelRule[];
  /** The image with the rules painted white. */
  cleaned: GrayImage;
}

export interface RulingOptions {
  /** Resolution, to turn physical lengths into pixels. */
  dpi: number;
  /** Pixels darker than this are ink (0-255). */
  threshold?: number;
  /** Shortest rule, in inches (a cell border is at least this long; glyph strokes are shorter). */
  minLengthIn?: number;
  /** Thickest rule, in inches (thicker dark areas are pictures or stamps, not borders). */
  maxThicknessIn?: number;
}

interface Piece {
  line: number;
  from: number;
  to: number;
}

interface Segment {
  pieces: Piece[];
  first: number;
  last: number;
  from: number;
  to: number;
}

/**
 * Dark runs along one axis. `get(line, pos)` reads the pixel; a run survives a one-pixel gap
 * (scan noise, anti-aliasing) and must be at least `minPiece` long.
 */
function runs(lines: number, length: number, dark: (line: number, pos: number) => boolean, minPiece: number): Piece[] {
  const out: Piece[] = [];
  for (let l = 0; l < lines; l++) {
    let start = -1;
    let gap = 0;
    for (let p = 0; p <= length; p++) {
      const d = p < length && dark(l, p);
      if (d) {
        if (start < 0) start = p;
        gap = 0;
      } else if (start >= 0) {
        gap++;
        if (gap > 1 || p === length) {
          const end = p - gap + 1;
          if (end - start >= minPiece) out.push({ line: l, from: start, to: end });
          start = -1;
          gap = 0;
        }
      }
    }
  }
  return out;
}

/**
 * Joins pieces on neighbouring lines into segments: a thick rule spans several pixel rows, and a
 * slightly skewed rule steps from one row to the next.
 */
function segments(pieces: Piece[]): Segment[] {
  const open: Segment[] = [];
  const done: Segment[] = [];
  let currentLine = -1;
  for (const p of pieces) {
    if (p.line !== currentLine) {
      for (let i = open.length - 1; i >= 0; i--) {
        if (open[i]!.last < p.line - 1) done.push(...open.splice(i, 1));
      }
      currentLine = p.line;
    }
    const s = open.find((o) => o.last >= p.line - 1 && p.from <= o.to + 2 && p.to >= o.from - 2);
    if (s) {
      s.pieces.push(p);
      s.last = p.line;
      s.from = Math.min(s.from, p.from);
      s.to = Math.max(s.to, p.to);
    } else {
      open.push({ pieces: [p], first: p.line, last: p.line, from: p.from, to: p.to });
    }
  }
  return [...done, ...open];
}

/**
 * Joins segments that continue one another along the same line: a scanned rule, turned back by
 * deskewing, wobbles by a pixel and breaks into pieces that each step off the line before, and a
 * 1-bit scan can drop a few pixels of it. Pieces whose centres lie within `across` of each other
 * and whose ends are at most `gap` apart become one rule.
 */
function joinCollinear(segs: Segment[], across: number, gap: number): Segment[] {
  const sorted = [...segs].sort((a, b) => a.from - b.from);
  const out: Segment[] = [];
  const mid = (s: Segment) => (s.first + s.last) / 2;
  for (const s of sorted) {
    const m = mid(s);
    const g = out.find((o) => Math.abs(mid(o) - m) <= across && s.from <= o.to + gap && s.to >= o.from - gap);
    if (g) {
      g.pieces.push(...s.pieces);
      g.first = Math.min(g.first, s.first);
      g.last = Math.max(g.last, s.last);
      g.from = Math.min(g.from, s.from);
      g.to = Math.max(g.to, s.to);
    } else {
      out.push({ ...s, pieces: [...s.pieces] });
    }
  }
  return out;
}

export function findRulings(img: GrayImage, options: RulingOptions): Rulings {
  const { width: w, height: h, pixels } = img;
  const threshold = options.threshold ?? 140;
  const minLen = Math.round((options.minLengthIn ?? 0.3) * options.dpi);
  const maxThick = Math.max(2, Math.round((options.maxThicknessIn ?? 0.035) * options.dpi));
  // Pieces may be short (a skewed rule steps every few dozen pixels); whole segments must be long.
  const minPiece = Math.max(8, Math.round(options.dpi / 12));
  const hPieces = runs(h, w, (y, x) => pixels[y * w + x]! < threshold, minPiece);
  const vPieces = runs(w, h, (x, y) => pixels[y * w + x]! < threshold, minPiece);

  const keep = (segs: Segment[]) => segs.filter((s) => s.to - s.from >= minLen && s.last - s.first + 1 <= maxThick + Math.ceil((s.to - s.from) / 40));
  const across = Math.max(2, Math.round(options.dpi / 100));
  const gap = Math.max(3, Math.round(options.dpi / 25));
  const hLong = keep(joinCollinear(segments(hPieces), across, gap));
  const vLong = keep(joinCollinear(segments(vPieces), across, gap));
  // A short mark that meets no rule across it is not a cell border but the strokes of large bold
  // letters run together by a 1-bit scan (the top of "TỊCH" in a signature's title, 0.3 in):
  // erased, the word came back "1CH" and the signer was lost. Short borders always meet one.
  const shortLen = Math.round(0.6 * options.dpi);
  const tol = 3 * across;
  const meets = (s: Segment, others: Segment[]) =>
    others.some((o) => {
      const at = (o.first + o.last) / 2;
      const line = (s.first + s.last) / 2;
      return at >= s.from - tol && at <= s.to + tol && line >= o.from - tol && line <= o.to + tol;
    });
  const hSegs = hLong.filter((s) => s.to - s.from >= shortLen || meets(s, vLong));
  const vSegs = vLong.filter((s) => s.to - s.from >= shortLen || meets(s, hLong));

  const cleaned = new Uint8Array(pixels);
  const paint = (x: number, y: number) => {
    if (x >= 0 && x < w && y >= 0 && y < h) cleaned[y * w + x] = 255;
  };
  // Erase one pixel beyond each piece across the rule: the grey anti-aliased edge would
  // otherwise stay behind as a faint line Tesseract still reads as "_" or "|".
  for (const s of hSegs) for (const p of s.pieces) for (let x = p.from - 1; x <= p.to; x++) for (let d = -1; d <= 1; d++) paint(x, p.line + d);
  for (const s of vSegs) for (const p of s.pieces) for (let y = p.from - 1; y <= p.to; y++) for (let d = -1; d <= 1; d++) paint(p.line + d, y);

  const toRule = (s: Segment): PixelRule => ({ at: (s.first + s.last) / 2, from: s.from, to: s.to, thickness: s.last - s.first + 1 });
  return { horizontal: hSegs.map(toRule), vertical: vSegs.map(toRule), cleaned: { width: w, height: h, pixels: cleaned } };
}
