// Slow: runs pdftoppm and Tesseract (seconds per page). One scanned document, pages in parallel.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { extractAppendix } from '../src/extract/appendix.js';
import { ocrPagesToBlocks, ocrPdfPages, ocrWeakPages, decidePages, type OcrPage } from '../src/ocr/index.js';
import { layoutPdf } from '../src/readers/pdf.js';
import { readPdfPages } from '../src/readers/pdf-pdfjs.js';
import { result } from '../src/result.js';
import type { DocumentModel, TableBlock } from '../schemas/document.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

interface Expected {
  form: number;
  code: string;
  raw: string;
  value: number | null;
  valueKind: string;
}

describe('the OCR hook in the PDF reader', () => {
  it('never OCRs a PDF whose text layer is good', async () => {
    const bytes = fixture('tien-dong-2023-q3.pdf');
    const pages = await readPdfPages(bytes, 'seed.pdf');
    const ocr = vi.fn(async () => result<OcrPage[]>([]));
    const r = await ocrWeakPages(pages, bytes, { ocr });
    expect(ocr).not.toHaveBeenCalled();
    expect(r.value.pageInfo.every((p) => p.method === 'text')).toBe(true);
    expect(r.value.pages).toEqual(pages);
  });

  it('OCRs the page whose text layer is mojibake and keeps the good page as text', async () => {
    const bytes = fixture('scanned/tien-dong-2023-q3.broken-text.pdf');
    const pages = await readPdfPages(bytes, 'broken.pdf');
    expect(decidePages(pages).map((d) => d.ocr)).toEqual([false, true]);
    const r = await ocrWeakPages(pages, bytes, { file: 'broken.pdf' });
    expect(r.value.pageInfo.map((p) => p.method)).toEqual(['text', 'ocr']);
    expect(r.value.pageInfo[1]!.note).toMatch(/unusable/);
    expect(r.value.ocr[0]!.words.length).toBeGreaterThan(100);
    // The OCRed page goes through the reader's own layout: Biểu mẫu 3 comes out as a table.
    const laid = layoutPdf(r.value.pages, 'broken.pdf');
    const table = laid.blocks.find((b): b is TableBlock => b.kind === 'table' && b.rows.some((row) => row.cells[0]?.text === '1.4.3.'));
    expect(table).toBeDefined();
    const row = table!.rows.find((x) => x.cells[0]?.text === '1.4.3.')!;
    expect(row.cells[3]!.text).toBe('176');
  }, 120_000);
});

describe('OCR of the scanned seed', () => {
  it('gives at least 97% of the appendix values exactly, and flags what it gets wrong', async () => {
    const bytes = fixture('scanned/tien-dong-2023-q3.scanned.pdf');
    const started = performance.now();
    // The appendix pages (10-16): the whole document would only add narrative pages.
    const pagesWanted = [10, 11, 12, 13, 14, 15, 16];
    const ocr = await ocrPdfPages(bytes, pagesWanted, { concurrency: 2, file: 'scanned.pdf' });
    const seconds = (performance.now() - started) / 1000;
    expect(ocr.messages.filter((m) => m.code === 'ocr_failed')).toEqual([]);
    expect(ocr.value.map((p) => p.page)).toEqual(pagesWanted);
    console.info(`OCR: ${pagesWanted.length} pages in ${seconds.toFixed(1)} s (${(pagesWanted.length / seconds).toFixed(2)} pages/s)`);

    const { blocks } = ocrPagesToBlocks(ocr.value, 'scanned.pdf');
    const doc: DocumentModel = {
      source: { file: 'scanned.pdf', sha256: '0'.repeat(64), format: 'pdf', size: bytes.length, pages: 16 },
      blocks,
      fonts: [],
      pageInfo: pagesWanted.map((page) => ({ page, method: 'ocr' as const })),
    };
    const { value: indicators } = extractAppendix(doc);
    const expected = (JSON.parse(fixture('tien-dong-2023-q3.expected.json').toString('utf8')) as { indicators: Expected[] }).indicators;
    const got = new Map(indicators.map((i) => [`${i.form}/${i.code}`, i]));
    const wrong: string[] = [];
    let exact = 0;
    for (const e of expected) {
      const g = got.get(`${e.form}/${e.code}`);
      if (g && g.raw === e.raw && g.value === e.value && g.valueKind === e.valueKind) {
        exact++;
        continue;
      }
      wrong.push(`${e.form}/${e.code}`);
      if (!g) continue;
      // A wrong value must be visible: read with low confidence, or not a clean number.
      const table = blocks[g.provenance.block] as TableBlock;
      const cell = table.rows[g.provenance.row!]!.cells[g.provenance.cell!]!;
      const flagged = (cell.confidence ?? 100) < 80 || g.valueKind === 'text' || g.flags.length > 0;
      expect(flagged, `${e.form}/${e.code}: "${g.raw}" instead of "${e.raw}" with confidence ${cell.confidence}`).toBe(true);
    }
    expect(exact / expected.length, `wrong: ${wrong.join(', ')}`).toBeGreaterThanOrEqual(0.97);

    // Every value read from OCR carries its confidence and where it is on the page.
    const valueCells = indicators
      .filter((i) => i.raw !== '')
      .map((i) => (blocks[i.provenance.block] as TableBlock).rows[i.provenance.row!]!.cells[i.provenance.cell!]!);
    expect(valueCells.length).toBeGreaterThan(60);
    const annotated = valueCells.filter((c) => c.confidence !== undefined && c.bbox && c.page);
    expect(annotated.length / valueCells.length).toBeGreaterThanOrEqual(0.95);
  }, 300_000);
});
