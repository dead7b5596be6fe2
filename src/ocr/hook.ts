// The PDF reader's OCR step: assess each page's text layer, OCR the pages that have none or an
// unusable one, and hand back pages in the layout module's shape plus the per-page record of
// which path was taken (DocumentModel.pageInfo).
import type { DocumentModel, Message } from '../../schemas/document.js';
import { buildLines, type PdfPage } from '../readers/pdf-layout.js';
import { result, type Result } from '../result.js';
import { assessPageText, describeAssessment, type AssessOptions, type PageTextAssessment } from './assess.js';
import { ocrPdfPages, type OcrOptions } from './ocr.js';
import { toPdfPage, type OcrPage } from './page.js';

export type PageInfo = DocumentModel['pageInfo'][number];

export interface PageDecision {
  page: number;
  ocr: boolean;
  assessment: PageTextAssessment;
}

/** The text of a page's text layer, line by line, as the layout module reads it. */
export function pageText(page: PdfPage): string {
  return buildLines(page.items, page.page)
    .map((l) => l.text)
    .join('\n');
}

/**
 * Pure: which pages need OCR — those whose text layer is unusable, except a page whose only fault
 * is being short ("tỉnh." of a signature block run over onto the last page) when every word is
 * sound and the page paints no image: there is nothing behind the text for OCR to read. A scan
 * whose text layer is only a page number paints its scan, so it is still OCRed; a page whose
 * images are unknown is OCRed as before.
 */
export function decidePages(pages: PdfPage[], options: AssessOptions = {}): PageDecision[] {
  return pages.map((p) => {
    const assessment = assessPageText(pageText(p), options);
    const { reasons, stats } = assessment;
    const shortButSound = reasons.length === 1 && reasons[0] === 'no_text' && stats.letters > 0 && stats.invalid === 0 && p.images === 0;
    return { page: p.page, ocr: !assessment.usable && !shortButSound, assessment };
  });
}

export interface OcrWeakPagesResult {
  /** The input pages with OCRed ones swapped in (same order, same page numbers). */
  pages: PdfPage[];
  pageInfo: PageInfo[];
  /** Raw OCR output, for timing and debugging. */
  ocr: OcrPage[];
}

/** What the clean-up did to a page before recognition, for its note ("" when nothing). */
export function describeCleanUp(o: OcrPage): string {
  const parts: string[] = [];
  if (o.flattened) parts.push('uneven paper evened out');
  if (o.rotated && o.skew !== undefined) parts.push(`deskewed ${o.skew > 0 ? '+' : ''}${o.skew.toFixed(2)}°`);
  if (o.specks) parts.push(`${o.specks} specks removed`);
  return parts.length > 0 ? `${parts.join(', ')}; ` : '';
}

/**
 * Replaces pages whose text layer is missing or unusable by their OCR. A page whose OCR fails
 * keeps its text layer and says so in its note.
 */
export async function ocrWeakPages(
  pages: PdfPage[],
  bytes: Uint8Array,
  options: OcrOptions & { assess?: AssessOptions; ocr?: typeof ocrPdfPages } = {},
): Promise<Result<OcrWeakPagesResult>> {
  const decisions = decidePages(pages, options.assess);
  const wanted = decisions.filter((d) => d.ocr).map((d) => d.page);
  const run = options.ocr ?? ocrPdfPages;
  const messages: Message[] = [];
  const ocred = wanted.length > 0 ? await run(bytes, wanted, options) : result<OcrPage[]>([]);
  messages.push(...ocred.messages);
  const byPage = new Map(ocred.value.map((o) => [o.page, o]));
  const pageInfo: PageInfo[] = decisions.map((d) => {
    const o = byPage.get(d.page);
    if (o)
      return {
        page: d.page,
        method: 'ocr',
        note: `${describeAssessment(d.assessment)}; ${describeCleanUp(o)}OCR mean confidence ${o.meanConfidence ?? '-'}`,
        ...(o.rotated && o.skew !== undefined ? { deskew: { deg: o.skew, cx: o.width / 2, cy: o.height / 2 } } : {}),
      };
    if (d.ocr) return { page: d.page, method: 'text', note: `${describeAssessment(d.assessment)}; OCR failed, text layer kept` };
    if (!d.assessment.usable) return { page: d.page, method: 'text', note: `${describeAssessment(d.assessment)}; kept: the page paints no image for OCR to read` };
    return { page: d.page, method: 'text' };
  });
  const out = pages.map((p) => {
    const o = byPage.get(p.page);
    return o ? toPdfPage(o) : p;
  });
  return result({ pages: out, pageInfo, ocr: ocred.value }, messages);
}
