// An OCRed page and its translation into the PDF layout module's page (positioned items and
// ruling lines in PDF points, top-down), so OCR output goes through the very same layout and
// table rebuilding as a text-layer page.
import type { HRule, PdfItem, PdfPage, VRule } from '../readers/pdf-layout.js';
import type { PixelRule } from './rulings.js';
import type { OcrLineBox, OcrWord } from './tsv.js';

export interface OcrPage {
  /** 1-based page number in the PDF. */
  page: number;
  /** Page size in PDF points. */
  width: number;
  height: number;
  dpi: number;
  /** Word boxes in image pixels. */
  words: OcrWord[];
  lines: OcrLineBox[];
  /** Ruling lines found in the bitmap, in image pixels. */
  horizontal: PixelRule[];
  vertical: PixelRule[];
  /** Skew measured before recognition (degrees; positive: lines ran down to the right). */
  skew?: number;
  /** Whether the page was turned back by `skew` (then every box here is in the turned page). */
  rotated?: boolean;
  /** Whether uneven paper (a shadowed edge) was evened out before recognition. */
  flattened?: boolean;
  /** Specks removed before recognition. */
  specks?: number;
  /** Whether Tesseract read the page binarised (black on white) rather than gray. */
  binarised?: boolean;
  /** Mean word confidence (0-100), null when no word was read. */
  meanConfidence: number | null;
  /**
   * Wall time per stage, for benchmarks: render, clean-up (binarise, deskew, despeckle), ruling
   * lines, and Tesseract: `ocr` in all, of which `reread` (unsure cells) and `codes` (row codes).
   */
  ms: { render: number; clean?: number; rulings: number; ocr: number; reread?: number; codes?: number };
}

/** A PDF layout item that came from OCR: its word confidence and pixel-exact box travel with it. */
export interface OcrItem extends PdfItem {
  confidence: number;
  /** [x0, y0, x1, y1] in PDF points, top-down. */
  bbox: [number, number, number, number];
  page: number;
}

export function isOcrItem(item: PdfItem): item is OcrItem {
  return typeof (item as Partial<OcrItem>).confidence === 'number' && Array.isArray((item as Partial<OcrItem>).bbox);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)]!;
}

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * Word boxes → layout items. Tesseract gives boxes, not baselines: a line's baseline is the
 * median bottom of its words (descenders of "g", "y", "q" stick out below it and are pulled
 * back), and its font size is estimated from the median box height (Vietnamese stacked
 * diacritics and descenders: a line box is ~0.87 em, hence the 1.15).
 *
 * Neighbouring words of a line are joined into one item, like the runs a text layer holds
 * ("Chỉ tiêu thống kê"), because the layout module matches header phrases on items; a ruling
 * line between two words' middles or a gap wider than about a space and a half keeps them apart (cells).
 */
export function ocrItems(ocr: OcrPage): OcrItem[] {
  const k = 72 / ocr.dpi;
  const byLine = new Map<string, OcrWord[]>();
  for (const w of ocr.words) {
    const key = `${w.block}/${w.par}/${w.line}`;
    const list = byLine.get(key) ?? [];
    list.push(w);
    byLine.set(key, list);
  }
  // Between the words' middles, not only their gap: a code whose box a speck or the rule's
  // residue stretched over the rule ("3.2.2." in the STT cell) still stays out of the label.
  const ruleBetween = (a: OcrWord, b: OcrWord) =>
    ocr.vertical.some((r) => r.at > a.left + a.width / 2 && r.at < b.left + b.width / 2 && r.from < b.top + b.height && r.to > b.top);
  const items: OcrItem[] = [];
  for (const words of byLine.values()) {
    const h = median(words.map((w) => w.height));
    const baseline = median(words.map((w) => w.top + w.height));
    const sorted = [...words].sort((a, b) => a.left - b.left);
    const runs: OcrWord[][] = [];
    for (const w of sorted) {
      const run = runs[runs.length - 1];
      const prev = run?.[run.length - 1];
      const sameLine = prev && Math.abs(prev.top + prev.height - (w.top + w.height)) <= h * 0.5;
      if (run && prev && sameLine && w.left - (prev.left + prev.width) <= h * 0.9 && !ruleBetween(prev, w)) run.push(w);
      else runs.push([w]);
    }
    for (const run of runs) {
      const left = run[0]!.left;
      const right = Math.max(...run.map((w) => w.left + w.width));
      const top = Math.min(...run.map((w) => w.top));
      const bottom = Math.max(...run.map((w) => w.top + w.height));
      const ownBottom = median(run.map((w) => w.top + w.height));
      // A run far off the line's baseline (Tesseract joined two table cells whose text sits at
      // different heights) keeps its own.
      const y = Math.abs(ownBottom - baseline) <= h * 0.35 ? baseline : ownBottom;
      items.push({
        text: run.map((w) => w.text).join(' '),
        x: round(left * k),
        y: round(y * k),
        width: round((right - left) * k),
        size: round(Math.max(4, h * k * 1.15)),
        bold: false,
        italic: false,
        confidence: Math.min(...run.map((w) => w.conf)),
        bbox: [round(left * k), round(top * k), round(right * k), round(bottom * k)],
        page: ocr.page,
      });
    }
  }
  return items;
}

export function ocrRules(ocr: OcrPage): { hRules: HRule[]; vRules: VRule[] } {
  const k = 72 / ocr.dpi;
  return {
    hRules: ocr.horizontal.map((r) => ({ y: round(r.at * k), x0: round(r.from * k), x1: round(r.to * k) })),
    vRules: ocr.vertical.map((r) => ({ x: round(r.at * k), y0: round(r.from * k), y1: round(r.to * k) })),
  };
}

/** The OCRed page as the PDF layout module's page. */
export function toPdfPage(ocr: OcrPage): PdfPage {
  return { page: ocr.page, width: ocr.width, height: ocr.height, items: ocrItems(ocr), ...ocrRules(ocr) };
}
