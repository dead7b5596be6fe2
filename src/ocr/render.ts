// Renders one PDF page to a grayscale bitmap with poppler's pdftoppm (installed with
// poppler-utils): gray PGM is what both the ruling finder and Tesseract read directly.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from './exec.js';
import { parsePgm, type GrayImage } from './pgm.js';

export interface RenderOptions {
  dpi?: number;
  timeoutMs?: number;
}

/** Renders page `page` (1-based) of the PDF at `pdfPath` into `dir`, returns the bitmap. */
export async function renderPage(pdfPath: string, page: number, dir: string, options: RenderOptions = {}): Promise<GrayImage> {
  const dpi = options.dpi ?? 300;
  const prefix = join(dir, `page-${page}`);
  await runProcess('pdftoppm', ['-r', String(dpi), '-gray', '-f', String(page), '-l', String(page), '-singlefile', pdfPath, prefix], {
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  return parsePgm(await readFile(`${prefix}.pgm`));
}
