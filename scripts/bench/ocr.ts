// OCR throughput: pages per second of the scanned-page path (render with pdftoppm → Tesseract `vie`
// → second pass on unsure cells), on an image-only PDF, with as many pages in flight as cores.
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { ocrPdfPages } from '../../src/ocr/index.js';

export interface OcrRun {
  file: string;
  pages: number;
  wallMs: number;
  pagesPerSecond: number;
  /** Median per-page time of each step, ms (one core). */
  stepMs: Record<string, number>;
  meanConfidence: number | null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)]!;
};

export async function runOcr(file: string, pageCount: number): Promise<OcrRun> {
  const bytes = await readFile(file);
  const pages = Array.from({ length: pageCount }, (_, i) => i + 1);
  const t0 = performance.now();
  const { value } = await ocrPdfPages(bytes, pages, { file, concurrency: availableParallelism() });
  const wallMs = performance.now() - t0;
  const steps = new Map<string, number[]>();
  for (const p of value) for (const [k, v] of Object.entries(p.ms)) steps.set(k, [...(steps.get(k) ?? []), v]);
  const confidences = value.map((p) => p.meanConfidence).filter((c): c is number => typeof c === 'number');
  return {
    file,
    pages: value.length,
    wallMs,
    pagesPerSecond: value.length / (wallMs / 1000),
    stepMs: Object.fromEntries([...steps].map(([k, v]) => [k, Math.round(median(v))])),
    meanConfidence: confidences.length ? Math.round((confidences.reduce((a, b) => a + b, 0) / confidences.length) * 10) / 10 : null,
  };
}

export function markdownOcr(r: OcrRun): string {
  const steps = Object.entries(r.stepMs)
    .map(([k, v]) => `${k} ${v} ms`)
    .join(', ');
  return [
    `**OCR** (scanned pages, Tesseract \`vie\`, ${availableParallelism()} pages at a time) on \`${r.file}\``,
    '',
    '| pages | wall s | pages/s | median per page | mean word confidence |',
    '| ---: | ---: | ---: | --- | ---: |',
    `| ${r.pages} | ${(r.wallMs / 1000).toFixed(1)} | ${r.pagesPerSecond.toFixed(2)} | ${steps || '–'} | ${r.meanConfidence ?? '–'} |`,
    '',
  ].join('\n');
}
