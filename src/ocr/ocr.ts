// The OCR edge: PDF bytes and page numbers in, OCRed pages out. Each page is rendered with
// pdftoppm, its table rules found and erased, then read by Tesseract; pages run side by side up to
// `concurrency`, everything temporary lives in one directory that is always removed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '../../schemas/document.js';
import { info, result, warning, type Result } from '../result.js';
import { ProcessError } from './exec.js';
import type { OcrPage } from './page.js';
import { encodePgm } from './pgm.js';
import { renderPage } from './render.js';
import { binariseInPlace, cleanPage, despeckle, scaleGray } from './clean.js';
import { findRulings } from './rulings.js';
import { codeRegions, mergeCodes, mergeReread, mergeValues, stackRegions, unsureRegions, valueRegions, type Region } from './reread.js';
import { runTesseract, type TesseractOptions } from './tesseract.js';
import type { OcrWord } from './tsv.js';
import { dropRuleResidue, tidyWords } from './noise.js';

export interface OcrOptions extends Pick<TesseractOptions, 'lang' | 'psm' | 'tessdataDir'> {
  /** Render resolution; 300 dpi is what Tesseract is trained for. */
  dpi?: number;
  /** Pages OCRed at once (each Tesseract process uses one thread). */
  concurrency?: number;
  /** Per page and per program. */
  timeoutMs?: number;
  /** File name for messages/provenance. */
  file?: string;
  /** Words below this confidence get a second, cell-by-cell reading (0 turns it off). */
  rereadBelow?: number;
  /** Page clean-up before recognition (binarise, deskew, despeckle); false turns it off (default: on unless SOHOA_OCR_CLEAN=0). */
  clean?: boolean;
  /** A page with at least this many specks removed is handed to Tesseract binarised (default 20). */
  binariseFromSpecks?: number;
  /** Largest skew corrected, degrees either way. */
  maxSkewDeg?: number;
  /** Called after each page, e.g. for a progress bar. */
  onPage?: (page: OcrPage) => void;
}

/** Resolution at which row codes are read again. */
const CODE_DPI = 200;

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order in the output. */
async function mapLimit<T, U>(items: T[], limit: number, fn: (item: T) => Promise<U>): Promise<U[]> {
  const out = new Array<U>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

function chunkByHeight(regions: Region[], maxHeight: number): Region[][] {
  const chunks: Region[][] = [];
  let height = 0;
  for (const r of regions) {
    const h = r.y1 - r.y0 + 1;
    if (chunks.length === 0 || height + h > maxHeight) {
      chunks.push([]);
      height = 0;
    }
    chunks[chunks.length - 1]!.push(r);
    height += h;
  }
  return chunks;
}

async function ocrOne(pdfPath: string, dir: string, page: number, opts: OcrOptions): Promise<OcrPage> {
  const dpi = opts.dpi ?? (Number(process.env.SOHOA_OCR_DPI) || 300);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  let t = performance.now();
  const img = await renderPage(pdfPath, page, dir, { dpi, timeoutMs });
  const render = performance.now() - t;
  // Clean-up: a gray or JPEG scan becomes black on white, a turned page is turned back (every
  // coordinate below, rules and word boxes, is in the straightened page), then the ruling lines
  // are found and erased and the specks left in the open are removed.
  t = performance.now();
  // SOHOA_OCR_CLEAN=0 turns the clean-up off where no option reaches (eval, bench: before/after).
  const cleaning = opts.clean ?? process.env.SOHOA_OCR_CLEAN !== '0';
  const straight = cleaning ? cleanPage(img, { dpi, maxSkewDeg: opts.maxSkewDeg ?? 3 }) : undefined;
  const cleanMs = performance.now() - t;
  t = performance.now();
  const rulings = findRulings(straight?.image ?? img, { dpi, ...(straight && process.env.SOHOA_OCR_RULE_OTSU !== '0' ? { threshold: straight.threshold } : {}) });
  const rulingsMs = performance.now() - t;
  t = performance.now();
  const specks = cleaning ? despeckle(rulings.cleaned, { dpi }, straight!.threshold) : 0;
  // Tesseract gets black on white when the page was turned back or was noisy: its own thresholding
  // of a resampled, speckled or JPEG page misreads more (devset scans: binary 108 and 116 of 123
  // values right, gray 63 and 104). A straight clean page keeps its gray edges, which Tesseract
  // reads better (the clean fixture: gray 123, binary 120). SOHOA_OCR_BINARISE=1/0 forces either.
  const forced = process.env.SOHOA_OCR_BINARISE;
  const binarise = straight !== undefined && (forced === '1' || (forced !== '0' && (straight.rotated || specks >= (opts.binariseFromSpecks ?? 20))));
  if (binarise) binariseInPlace(rulings.cleaned, straight.threshold);
  const despeckleMs = performance.now() - t;
  const cleanedPath = join(dir, `page-${page}.clean.pgm`);
  await writeFile(cleanedPath, encodePgm(rulings.cleaned));
  const tessOptions = {
    lang: opts.lang ?? 'vie',
    psm: opts.psm ?? 6,
    dpi,
    timeoutMs,
    ...(opts.tessdataDir ? { tessdataDir: opts.tessdataDir } : {}),
  };
  const tess = await runTesseract(cleanedPath, tessOptions);
  let words = tess.words;
  let ocrMs = tess.ms;
  let rereadMs = 0;
  let codesMs = 0;
  const rereadBelow = opts.rereadBelow ?? 80;
  const regions = rereadBelow > 0 ? unsureRegions(rulings.cleaned, words, rulings.horizontal, rulings.vertical, rereadBelow) : [];
  // Strips are read in chunks: a badly scanned page can have hundreds of unsure words, and
  // Tesseract/Leptonica refuse images beyond ~32k pixels in height.
  for (const chunk of chunkByHeight(regions, 20_000)) {
    const strip = stackRegions(rulings.cleaned, chunk, Math.round(dpi / 5));
    const stripPath = join(dir, `page-${page}.reread.pgm`);
    await writeFile(stripPath, encodePgm(strip.image));
    const again = await runTesseract(stripPath, tessOptions);
    await rm(stripPath, { force: true });
    words = mergeReread(words, chunk, strip, again.words).words;
    rereadMs += again.ms;
  }
  // Row codes once more, digits and dots only: a misread code ("S." for "5.") merges two rows or
  // loses one, so the STT cells that do not read as a code are read again as one.
  const codes = process.env.SOHOA_OCR_CODES === '0' ? [] : codeRegions(rulings.cleaned, words, rulings.horizontal, rulings.vertical, dpi * 0.9);
  for (const chunk of chunkByHeight(codes, 20_000)) {
    const strip = stackRegions(rulings.cleaned, chunk, Math.round(dpi / 5));
    const stripPath = join(dir, `page-${page}.codes.pgm`);
    // Read at 200 dpi: Tesseract misreads large lone digits ("5." at 300 dpi came back "9." or
    // "2."; at 200 dpi, "5.").
    const f = Math.min(1, CODE_DPI / dpi);
    await writeFile(stripPath, encodePgm(f < 1 ? scaleGray(strip.image, f) : strip.image));
    const again = await runTesseract(stripPath, { ...tessOptions, dpi: Math.round(dpi * f), vars: { tessedit_char_whitelist: '0123456789.' } });
    await rm(stripPath, { force: true });
    const back = again.words.map((w) => ({ ...w, left: w.left / f, top: w.top / f, width: w.width / f, height: w.height / f }));
    words = mergeCodes(words, chunk, strip, back).words;
    codesMs += again.ms;
  }
  // Values with letters in them ("o1" for "51") once more, digits only, in one strip; at 200 dpi,
  // then what is still not a number at 150: Tesseract's reading of short numbers swings with
  // the scale (a clean "51" of a 1-bit scan: "o1" at 300 and 200 dpi, "51" at 80 % at 150).
  const values = process.env.SOHOA_OCR_CODES === '0' ? [] : valueRegions(rulings.cleaned, words, rulings.horizontal, rulings.vertical);
  const valueDpis = [CODE_DPI, 150];
  for (const toDpi of valueDpis) {
    for (const chunk of chunkByHeight(values, 20_000)) {
      const strip = stackRegions(rulings.cleaned, chunk, Math.round(dpi / 5));
      const stripPath = join(dir, `page-${page}.values.pgm`);
      const f = Math.min(1, toDpi / dpi);
      await writeFile(stripPath, encodePgm(f < 1 ? scaleGray(strip.image, f) : strip.image));
      const again = await runTesseract(stripPath, { ...tessOptions, dpi: Math.round(dpi * f), vars: { tessedit_char_whitelist: '0123456789.,%/' } });
      await rm(stripPath, { force: true });
      const back = again.words.map((w) => ({ ...w, left: w.left / f, top: w.top / f, width: w.width / f, height: w.height / f }));
      words = mergeValues(words, chunk, strip, back, 80, toDpi === valueDpis[valueDpis.length - 1]).words;
      codesMs += again.ms;
    }
  }
  words = dropRuleResidue(tidyWords(words), rulings.vertical);
  // The bitmaps are large (A4 at 300 dpi is ~9 MB): drop them as soon as the page is read.
  await rm(join(dir, `page-${page}.pgm`), { force: true });
  await rm(cleanedPath, { force: true });
  const confs = words.map((w) => w.conf);
  return {
    page,
    width: (img.width * 72) / dpi,
    height: (img.height * 72) / dpi,
    dpi,
    words,
    lines: tess.lines,
    horizontal: rulings.horizontal,
    vertical: rulings.vertical,
    ...(straight ? { skew: straight.skew, rotated: straight.rotated, specks, binarised: binarise, ...(straight.flattened ? { flattened: true } : {}) } : {}),
    meanConfidence: confs.length > 0 ? Math.round((confs.reduce((a, b) => a + b, 0) / confs.length) * 10) / 10 : null,
    ms: { render: Math.round(render), clean: Math.round(cleanMs + despeckleMs), rulings: Math.round(rulingsMs), ocr: Math.round(ocrMs + rereadMs + codesMs), reread: Math.round(rereadMs), codes: Math.round(codesMs) },
  };
}

/**
 * OCRs the given pages (1-based) of a PDF. A page that fails (timeout, a program missing) is left
 * out with an `ocr_failed` warning; the others are returned in the order asked.
 */
export async function ocrPdfPages(bytes: Uint8Array, pages: number[], opts: OcrOptions = {}): Promise<Result<OcrPage[]>> {
  const messages: Message[] = [];
  if (pages.length === 0) return result([], messages);
  const file = opts.file ?? 'document.pdf';
  const dir = await mkdtemp(join(tmpdir(), 'sohoa-ocr-'));
  try {
    const pdfPath = join(dir, 'input.pdf');
    await writeFile(pdfPath, bytes);
    const concurrency = opts.concurrency ?? availableParallelism();
    const done = await mapLimit(pages, concurrency, async (page) => {
      try {
        const p = await ocrOne(pdfPath, dir, page, opts);
        opts.onPage?.(p);
        return p;
      } catch (e) {
        const why = e instanceof ProcessError || e instanceof Error ? e.message : String(e);
        messages.push(warning('ocr_failed', `page ${page} could not be OCRed: ${why}`, { file, page }));
        return undefined;
      }
    });
    const ok = done.filter((p): p is OcrPage => p !== undefined);
    for (const p of ok) {
      messages.push(info('ocr_page', `page ${p.page} OCRed: ${p.words.length} words, mean confidence ${p.meanConfidence ?? '-'}`, { file, page: p.page }));
      if (p.meanConfidence !== null && p.meanConfidence < 60) {
        messages.push(warning('ocr_low_confidence', `page ${p.page}: OCR mean confidence ${p.meanConfidence} is low; check its values by hand`, { file, page: p.page }));
      }
    }
    return result(ok, messages);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
