// Which PDF pages go to OCR: fast, no Tesseract (the OCR step is injected and must not be called).
import { describe, expect, it, vi } from 'vitest';
import { decidePages, ocrWeakPages, type OcrPage } from '../src/ocr/index.js';
import type { PdfItem, PdfPage } from '../src/readers/pdf-layout.js';
import { result } from '../src/result.js';

const item = (text: string, y: number): PdfItem => ({ text, x: 72, y, width: text.length * 6, size: 13, bold: false, italic: false });

const page = (n: number, lines: string[], images?: number): PdfPage => ({
  page: n,
  width: 595,
  height: 842,
  items: lines.map((l, i) => item(l, 80 + i * 20)),
  hRules: [],
  vRules: [],
  ...(images === undefined ? {} : { images }),
});

const FULL = [
  'Thực hiện Kế hoạch số 12/KH-UBND ngày 28 tháng 02 năm 2023 của Ủy ban nhân dân xã Tiên Động',
  'về công tác cải cách hành chính, Ủy ban nhân dân xã báo cáo kết quả thực hiện như sau:',
];

describe('which pages are OCRed', () => {
  it('keeps a short page of sound text that paints no image (the signature block run over)', () => {
    const [d] = decidePages([page(10, ['tỉnh.'], 0)]);
    expect(d!.assessment.reasons).toEqual(['no_text']);
    expect(d!.ocr).toBe(false);
  });

  it('still OCRs a short page that paints an image: a scan whose text layer is only a page number', () => {
    expect(decidePages([page(3, ['Trang 3'], 1)])[0]!.ocr).toBe(true);
  });

  it('still OCRs a short page when the reader could not say whether it paints images', () => {
    expect(decidePages([page(3, ['tỉnh.'])])[0]!.ocr).toBe(true);
  });

  it('still OCRs a page with no text at all, images or not (text drawn as outlines)', () => {
    expect(decidePages([page(4, [], 0), page(5, [], 1)]).map((d) => d.ocr)).toEqual([true, true]);
  });

  it('still OCRs a short page whose words are not sound Vietnamese', () => {
    expect(decidePages([page(6, ['TØnh ñy'], 0)])[0]!.ocr).toBe(true);
  });

  it('leaves a full page of good text alone', () => {
    expect(decidePages([page(1, FULL, 0)])[0]!.ocr).toBe(false);
  });

  it('records why a kept short page was not OCRed, and never calls OCR for it', async () => {
    const ocr = vi.fn(async () => result<OcrPage[]>([]));
    const r = await ocrWeakPages([page(1, FULL, 0), page(2, ['tỉnh.'], 0)], new Uint8Array(), { ocr });
    expect(ocr).not.toHaveBeenCalled();
    expect(r.value.pageInfo[0]).toEqual({ page: 1, method: 'text' });
    expect(r.value.pageInfo[1]).toMatchObject({ page: 2, method: 'text', note: expect.stringMatching(/no_text.*paints no image/) });
  });
});
