// The Tesseract CLI from Debian, local only (the `vie` model in /usr/share/tesseract-ocr), one
// thread per process: the worker pool runs pages side by side, and OpenMP threads inside each
// process would only fight over the same cores.
import { runProcess } from './exec.js';
import { parseTesseractTsv, type ParsedTsv } from './tsv.js';

export interface TesseractOptions {
  /** Tesseract language(s), e.g. "vie" or "vie+eng". */
  lang?: string;
  /** Page segmentation mode: 6 = one uniform block (tables), 4 = one column, 11 = sparse text. */
  psm?: number;
  /** Resolution of the image, told to Tesseract so it need not guess from the header. */
  dpi?: number;
  timeoutMs?: number;
  /** Where the traineddata files are (defaults to Tesseract's own). */
  tessdataDir?: string;
  /** Tesseract variables (`-c name=value`), e.g. a character whitelist. */
  vars?: Record<string, string>;
}

/** Runs Tesseract on an image file and returns its word boxes. */
export async function runTesseract(image: string, options: TesseractOptions = {}): Promise<ParsedTsv & { ms: number }> {
  const args = [image, 'stdout', '-l', options.lang ?? 'vie', '--psm', String(options.psm ?? 6)];
  if (options.dpi) args.push('--dpi', String(options.dpi));
  if (options.tessdataDir) args.push('--tessdata-dir', options.tessdataDir);
  for (const [k, v] of Object.entries(options.vars ?? {})) args.push('-c', `${k}=${v}`);
  args.push('tsv');
  const out = await runProcess('tesseract', args, {
    timeoutMs: options.timeoutMs ?? 120_000,
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
  });
  return { ...parseTesseractTsv(out.stdout.toString('utf8')), ms: out.ms };
}
