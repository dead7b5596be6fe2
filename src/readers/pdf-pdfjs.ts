// The I/O edge of the PDF reader: loads pdf.js (the copy pdf-parse itself depends on) once per
// process, opens a document, and turns each page into positioned text items and ruling lines.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import { captureNativeBuiltins, restoreNativeBuiltins } from './native-builtins.js';
import type { HRule, PdfItem, PdfPage, VRule } from './pdf-layout.js';
import { textItemsFromOps, type OpsCodes, type OpsFont } from './pdf-ops.js';
import { InThreadPort } from './pdf-port.js';

// Just the slice of pdf.js we use, typed structurally so we do not import types from a package
// that is only pdf-parse's dependency.
type Matrix = number[];
interface PageLike {
  getViewport(p: { scale: number }): { width: number; height: number; transform: Matrix };
  /** The page's view rectangle [x0, y0, x1, y1] in PDF user space. */
  view: number[];
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
  commonObjs: { has(id: string): boolean; get(id: string): unknown };
  cleanup(): boolean;
}
interface DocLike {
  numPages: number;
  getPage(n: number): Promise<PageLike>;
  destroy(): Promise<void>;
}
export interface PdfjsLike {
  getDocument(params: Record<string, unknown>): { promise: Promise<DocLike>; destroy(): Promise<void> };
  PDFWorker: new (params?: Record<string, unknown>) => PdfWorkerLike;
  OPS: Record<string, number>;
  normalizeUnicode(s: string): string;
  VerbosityLevel: { ERRORS: number };
}

interface PdfWorkerLike {
  destroyed: boolean;
  /** Settles once the (fake, in-thread) worker module is loaded and set up. */
  promise: Promise<unknown>;
  destroy(): void;
}

/** pdf.js's worker side (pdf.worker.mjs), which we run in this thread. */
interface WorkerSideLike {
  WorkerMessageHandler: { initializeFromPort(port: InThreadPort): void };
}

export interface Pdfjs {
  lib: PdfjsLike;
  workerSide: WorkerSideLike;
  worker: PdfWorkerLike;
  standardFontDataUrl: string;
  cMapUrl: string;
}

let loading: Promise<Pdfjs> | undefined;

/**
 * Loads pdf.js once per process: a fresh import and worker set-up cost well over a hundred
 * milliseconds, which would dominate runs over thousands of small reports. Resolving it from
 * pdf-parse's own location guarantees we share pdf-parse's copy rather than a second one.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    const req = createRequire(createRequire(import.meta.url).resolve('pdf-parse'));
    const entry = req.resolve('pdfjs-dist/legacy/build/pdf.mjs');
    const workerEntry = req.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
    const root = req.resolve('pdfjs-dist/package.json').replace(/package\.json$/, '');
    // Both pdf.mjs and the worker module replace native built-ins (see native-builtins.ts): put
    // the natives back once both have run, so the rest of the process keeps full speed.
    const natives = captureNativeBuiltins();
    try {
      const lib = (await import(pathToFileURL(entry).href)) as unknown as PdfjsLike;
      const workerSide = (await import(pathToFileURL(workerEntry).href)) as unknown as WorkerSideLike;
      const worker = startWorker(lib, workerSide);
      await worker.promise;
      return { lib, workerSide, worker, standardFontDataUrl: `${root}standard_fonts/`, cMapUrl: `${root}cmaps/` };
    } finally {
      restoreNativeBuiltins(natives);
    }
  })();
  const p = loading;
  // A failed load must not poison the process for good.
  p.catch(() => {
    if (loading === p) loading = undefined;
  });
  return p;
}

/**
 * pdf.js's worker side, run in this thread on our InThreadPort (see pdf-port.ts) rather than on
 * the "fake worker" pdf.js sets up by itself in Node, whose port copies every message with
 * structuredClone. Given a port, PDFWorker talks through it as it would to a real worker.
 */
function startWorker(lib: PdfjsLike, workerSide: WorkerSideLike): PdfWorkerLike {
  const port = new InThreadPort();
  workerSide.WorkerMessageHandler.initializeFromPort(port);
  return new lib.PDFWorker({ port, verbosity: lib.VerbosityLevel.ERRORS });
}

async function sharedWorker(): Promise<Pdfjs> {
  const pdfjs = await loadPdfjs();
  if (pdfjs.worker.destroyed) pdfjs.worker = startWorker(pdfjs.lib, pdfjs.workerSide);
  return pdfjs;
}

function errorName(e: unknown): string {
  return e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Maps pdf.js failures to the typed input errors users see. */
export function toInputError(e: unknown, file: string): InputError {
  if (e instanceof InputError) return e;
  if (errorName(e) === 'PasswordException') return new InputError('encrypted', file, errorMessage(e));
  return new InputError('corrupt', file, `${errorName(e) || 'Error'}: ${errorMessage(e)}`.slice(0, 200));
}

/** "ABCDEF+TimesNewRomanPS-BoldMT" → "TimesNewRomanPS-BoldMT". */
export function baseFontName(name: string): string {
  return name.replace(/^[A-Z]{6}\+/, '');
}

export function isBoldFont(name: string | undefined): boolean {
  return !!name && /bold|black|heavy|semibold|demibold|\bdemi|,bd|-bd\b/i.test(name);
}

export function isItalicFont(name: string | undefined): boolean {
  return !!name && /italic|oblique|,it\b|-it\b/i.test(name);
}

/** m1 × m2 for PDF affine matrices [a b c d e f]. */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
  const [a1, b1, c1, d1, e1, f1] = m1 as [number, number, number, number, number, number];
  const [a2, b2, c2, d2, e2, f2] = m2 as [number, number, number, number, number, number];
  return [a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2, a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [x * m[0]! + y * m[2]! + m[4]!, x * m[1]! + y * m[3]! + m[5]!];
}

const MIN_RULE = 8;
const THIN = 2.5;

/**
 * Collects table ruling lines from the operator list: stroked lines and thin filled rectangles
 * (Word draws borders both ways), in top-down page coordinates.
 */
function rulesOf(
  lib: PdfjsLike,
  ops: { fnArray: number[]; argsArray: unknown[][] },
  viewport: Matrix,
): { hRules: HRule[]; vRules: VRule[] } {
  const { OPS } = lib;
  const hRules: HRule[] = [];
  const vRules: VRule[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const painting = new Set([OPS.stroke, OPS.closeStroke, OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (fn === OPS.transform && args) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.constructPath && args) {
      const paint = args[0] as number;
      const mm = args[2] as ArrayLike<number> | undefined;
      if (!painting.has(paint) || !mm || mm.length < 4 || !Number.isFinite(mm[0]!)) continue;
      const m = multiply(viewport, ctm);
      const [ax, ay] = apply(m, mm[0]!, mm[1]!);
      const [bx, by] = apply(m, mm[2]!, mm[3]!);
      const x0 = Math.min(ax, bx);
      const x1 = Math.max(ax, bx);
      const y0 = Math.min(ay, by);
      const y1 = Math.max(ay, by);
      const w = x1 - x0;
      const h = y1 - y0;
      if (h <= THIN && w >= MIN_RULE) hRules.push({ y: (y0 + y1) / 2, x0, x1 });
      else if (w <= THIN && h >= MIN_RULE) vRules.push({ x: (x0 + x1) / 2, y0, y1 });
      else if (w >= MIN_RULE && h >= MIN_RULE && paint !== OPS.fill && paint !== OPS.eoFill) {
        // A stroked rectangle: a cell or table frame drawn in one go.
        hRules.push({ y: y0, x0, x1 }, { y: y1, x0, x1 });
        vRules.push({ x: x0, y0, y1 }, { x: x1, y0, y1 });
      }
    }
  }
  return { hRules, vRules };
}

/**
 * The least of a DOM document pdf.js's font loader touches when font faces are enabled and the
 * Font Loading API is absent: it creates a <style> element, appends it to <head> and inserts one
 * @font-face rule per font into its sheet. Nothing here is ever rendered, so the rules go nowhere.
 */
const HEADLESS_DOCUMENT = {
  createElement: () => ({ sheet: { cssRules: { length: 0 }, insertRule: () => 0 }, remove: () => undefined }),
  documentElement: { getElementsByTagName: () => [{ append: () => undefined }] },
};

/** Runs a pdf.js call, turning its failures (not ours) into InputError. */
async function pdfCall<T>(file: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw toInputError(e, file);
  }
}

async function readPage(lib: PdfjsLike, page: PageLike, n: number, file: string): Promise<PdfPage> {
  const vp = page.getViewport({ scale: 1 });
  // One pass over the page: the operator list yields the ruling lines, makes pdf.js resolve the
  // real font objects (for bold/italic), and holds every glyph, which pdf-ops.ts lays out into
  // the same items getTextContent() would give — without parsing the content stream twice.
  const ops = await pdfCall(file, () => page.getOperatorList());
  const fontObj = (id: string): (OpsFont & { name?: unknown }) | undefined => {
    try {
      if (!page.commonObjs.has(id)) return undefined;
      const f = page.commonObjs.get(id);
      return f && typeof f === 'object' ? (f as OpsFont & { name?: unknown }) : undefined;
    } catch {
      return undefined;
    }
  };
  const textItems = textItemsFromOps(ops, lib.OPS as unknown as OpsCodes, fontObj, page.view, lib.normalizeUnicode);
  const fontCache = new Map<string, string | undefined>();
  const fontOf = (id: string): string | undefined => {
    if (!fontCache.has(id)) {
      const name = fontObj(id)?.name;
      fontCache.set(id, typeof name === 'string' ? baseFontName(name) : undefined);
    }
    return fontCache.get(id);
  };
  const items: PdfItem[] = [];
  for (const raw of textItems) {
    if (raw.str === '') continue;
    const t = multiply(vp.transform, raw.transform);
    const size = Math.hypot(t[2]!, t[3]!) || raw.height;
    const font = fontOf(raw.fontName);
    // Only horizontal text takes part in layout; rotated stamps and margin notes do not.
    if (Math.abs(t[1]!) > 0.01 * Math.abs(t[0]!) + 1e-6) continue;
    items.push({
      text: raw.str.normalize('NFC'),
      x: t[4]!,
      y: t[5]!,
      width: raw.width,
      size,
      ...(font ? { font } : {}),
      bold: isBoldFont(font),
      italic: isItalicFont(font),
    });
  }
  const { hRules, vRules } = rulesOf(lib, ops, vp.transform);
  return { page: n, width: vp.width, height: vp.height, items, hRules, vRules, images: imagesPainted(lib, ops) };
}

/** pdf.js operators that paint an image (a scanned page is one big image). */
const IMAGE_OPS = [
  'paintImageXObject',
  'paintInlineImageXObject',
  'paintInlineImageXObjectGroup',
  'paintImageXObjectRepeat',
  'paintImageMaskXObject',
  'paintImageMaskXObjectGroup',
  'paintImageMaskXObjectRepeat',
  'paintSolidColorImageMask',
];

/** IMAGE_OPS as pdf.js's operator codes, looked up once (the library is loaded once per process). */
let imageOpCodes: Set<number> | undefined;

function imagesPainted(lib: PdfjsLike, ops: { fnArray: number[] }): number {
  const codes = (imageOpCodes ??= new Set(IMAGE_OPS.map((name) => lib.OPS[name]).filter((c): c is number => c !== undefined)));
  let n = 0;
  for (const fn of ops.fnArray) if (codes.has(fn)) n++;
  return n;
}

/** getDocument() parameters for reading (never rendering) `bytes` on the shared worker. */
export function documentParams(pdfjs: Pdfjs, bytes: Uint8Array): Record<string, unknown> {
  return {
    // pdf.js transfers/detaches the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    worker: pdfjs.worker,
    verbosity: pdfjs.lib.VerbosityLevel.ERRORS,
    standardFontDataUrl: pdfjs.standardFontDataUrl,
    cMapUrl: pdfjs.cMapUrl,
    cMapPacked: true,
    isEvalSupported: false,
    stopAtErrors: false,
    // We never render. With font faces "disabled" (pdf.js's default in Node) the worker compiles
    // every glyph it meets into an SVG path and posts each one to this thread — a sixth of the
    // reader's time. Enabled, it only posts the font once; the page-less document below takes the
    // @font-face rule pdf.js would add to a web page and drops it.
    disableFontFace: false,
    useSystemFonts: false,
    ownerDocument: HEADLESS_DOCUMENT,
  };
}

/**
 * Opens a PDF and reads every page's positioned text and rules. Throws InputError('encrypted')
 * for password-protected files and InputError('corrupt') for anything pdf.js cannot read.
 * The document is always destroyed, so nothing leaks across thousands of files.
 */
export async function readPdfPages(bytes: Uint8Array, file: string): Promise<PdfPage[]> {
  const pdfjs = await sharedWorker();
  const task = pdfjs.lib.getDocument(documentParams(pdfjs, bytes));
  let doc: DocLike | undefined;
  try {
    doc = await pdfCall(file, () => task.promise);
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const d = doc;
      const page = await pdfCall(file, () => d.getPage(n));
      try {
        pages.push(await readPage(pdfjs.lib, page, n, file));
      } finally {
        page.cleanup();
      }
    }
    return pages;
  } finally {
    if (doc) await doc.destroy().catch(() => undefined);
    else await task.destroy().catch(() => undefined);
  }
}
