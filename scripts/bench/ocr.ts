// OCR throughput: pages per second of the scanned-page path (render with pdftoppm → clean-up →
// ruling lines → Tesseract `vie` → second readings of unsure cells and of row codes), on an
// image-only PDF, with as many pages in flight as cores. Run twice on the same pages in the same
// process, without and with the page clean-up (binarise, deskew, despeckle), so the cost of the
// clean-up is measured on the same machine under the same load; each stage's median per page says
// where a page's time goes.
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { ocrPdfPages } from '../../src/ocr/index.js';

export interface OcrPass {
  /** Whether the page clean-up ran. */
  clean: boolean;
  pages: number;
  wallMs: number;
  pagesPerSecond: number;
  /** Median per-page time of each step, ms (one core): render, clean, rulings, ocr (all Tesseract), reread and codes (row codes and value cells again; parts of ocr). */
  stepMs: Record<string, number>;
  meanConfidence: number | null;
  /** Pages turned back by the clean-up. */
  deskewed: number;
}

export interface OcrRun {
  file: string;
  pages: number;
  /** Without clean-up, then with it. */
  passes: OcrPass[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)]!;
};

async function pass(bytes: Uint8Array, file: string, pages: number[], clean: boolean): Promise<OcrPass> {
  const t0 = performance.now();
  const { value } = await ocrPdfPages(bytes, pages, { file, concurrency: availableParallelism(), clean });
  const wallMs = performance.now() - t0;
  const steps = new Map<string, number[]>();
  for (const p of value) for (const [k, v] of Object.entries(p.ms)) if (v !== undefined) steps.set(k, [...(steps.get(k) ?? []), v]);
  const confidences = value.map((p) => p.meanConfidence).filter((c): c is number => typeof c === 'number');
  return {
    clean,
    pages: value.length,
    wallMs,
    pagesPerSecond: value.length / (wallMs / 1000),
    stepMs: Object.fromEntries([...steps].map(([k, v]) => [k, Math.round(median(v))])),
    meanConfidence: confidences.length ? Math.round((confidences.reduce((a, b) => a + b, 0) / confidences.length) * 10) / 10 : null,
    deskewed: value.filter((p) => p.rotated).length,
  };
}

export async function runOcr(file: string, pageCount: number): Promise<OcrRun> {
  const bytes = await readFile(file);
  const pages = Array.from({ length: pageCount }, (_, i) => i + 1);
  const passes = [await pass(bytes, file, pages, false), await pass(bytes, file, pages, true)];
  return { file, pages: pageCount, passes };
}

const STEPS = ['render', 'clean', 'rulings', 'ocr', 'reread', 'codes'] as const;

export function markdownOcr(r: OcrRun): string {
  return [
    `**OCR** (scanned pages, Tesseract \`vie\`, ${availableParallelism()} pages at a time) on \`${r.file}\`, ${r.pages} pages, without and with the page clean-up in the same run. Median ms per page and step (one core); \`ocr\` is all Tesseract time, of which \`reread\` (unsure cells again) and \`codes\` (row codes and number-like value cells again, digits only).`,
    '',
    `| clean-up | pages | wall s | pages/s | ${STEPS.join(' | ')} | deskewed | mean word confidence |`,
    `| --- | ---: | ---: | ---: | ${STEPS.map(() => '---:').join(' | ')} | ---: | ---: |`,
    ...r.passes.map(
      (p) =>
        `| ${p.clean ? 'on' : 'off'} | ${p.pages} | ${(p.wallMs / 1000).toFixed(1)} | ${p.pagesPerSecond.toFixed(2)} | ${STEPS.map((s) => p.stepMs[s] ?? '–').join(' | ')} | ${p.deskewed} | ${p.meanConfidence ?? '–'} |`,
    ),
    '',
  ].join('\n');
}
