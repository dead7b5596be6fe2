// OCR of scanned or broken-text PDF pages with local Tesseract, rebuilt into the document model.
import type { Block, Message } from '../../schemas/document.js';
import { layoutPdf } from '../readers/pdf.js';
import { annotateOcrCells } from './confidence.js';
import { toPdfPage, type OcrPage } from './page.js';

export { assessPageText, describeAssessment, type PageTextAssessment, type PageTextReason, type AssessOptions } from './assess.js';
export { ocrPdfPages, type OcrOptions } from './ocr.js';
export { ocrWeakPages, decidePages, pageText, type OcrWeakPagesResult, type PageDecision, type PageInfo } from './hook.js';
export { annotateOcrCells } from './confidence.js';
export { toPdfPage, ocrItems, isOcrItem, type OcrPage, type OcrItem } from './page.js';

/**
 * OCRed pages → document blocks through the PDF reader's own layout (paragraphs, headings, the
 * five-column form tables), with word confidence on the table cells.
 */
export function ocrPagesToBlocks(pages: OcrPage[], file: string): { blocks: Block[]; messages: Message[] } {
  const pdfPages = pages.map(toPdfPage);
  const laid = layoutPdf(pdfPages, file);
  annotateOcrCells(laid.blocks, pdfPages);
  return { blocks: laid.blocks, messages: laid.messages };
}
