// Scanned reports: pages without a usable text layer are OCRed (local Tesseract, Vietnamese model)
// and go through the same extraction; pages with a good text layer never are.
import { readFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/pipeline.js';

const SEED = 'fixtures/tien-dong-2023-q3';
const expected = JSON.parse(readFileSync(`${SEED}.expected.json`, 'utf8')) as {
  indicators: { form: number; code: string; value: number | null; raw: string }[];
};
const haveTesseract = existsSync('/usr/bin/tesseract') && existsSync('/usr/share/tesseract-ocr/5/tessdata/vie.traineddata');

describe('page-by-page choice between text layer and OCR', () => {
  it('never OCRs a PDF whose text layer is good', async () => {
    const { value } = await extractFile(`${SEED}.pdf`);
    expect(value.pageInfo).toHaveLength(16);
    expect(value.pageInfo.every((p) => p.method === 'text')).toBe(true);
    expect(value.indicators.some((i) => i.provenance.confidence !== undefined)).toBe(false);
  });
});

describe.skipIf(!haveTesseract && !process.env.SOHOA_REQUIRE_SERVICES)('scanned seed report (image-only PDF at 200 dpi)', () => {
  it('extracts at least 97% of the seed values exactly, with the metadata right, and flags what it misses', { timeout: 600_000 }, async () => {
    const { value } = await extractFile('fixtures/scanned/tien-dong-2023-q3.scanned.pdf');
    expect(value.pageInfo.filter((p) => p.method === 'ocr').length).toBe(16);
    expect(value.report).toMatchObject({
      unitKind: 'xã',
      unitName: 'Tiên Động',
      district: 'Tứ Kỳ',
      date: '2023-09-08',
      period: { kind: 'quarter', number: 3, year: 2023 },
    });
    const got = new Map(value.indicators.map((i) => [`${i.form}:${i.code}`, i]));
    const wrong = expected.indicators.filter((e) => {
      const i = got.get(`${e.form}:${e.code}`);
      return !i || i.value !== e.value || i.raw !== e.raw;
    });
    expect(1 - wrong.length / expected.indicators.length).toBeGreaterThanOrEqual(0.97);
    // Every miss is flagged for a reviewer, never silently wrong.
    const flagged = new Set(value.conflicts.filter((c) => c.rule === 'low_confidence').flatMap((c) => c.refs));
    for (const e of wrong) {
      const i = got.get(`${e.form}:${e.code}`);
      if (i && i.valueKind !== 'blank') expect(flagged.has(`form${e.form}:${e.code}`)).toBe(true);
    }
    const valued = value.indicators.filter((i) => i.valueKind !== 'blank');
    expect(valued.filter((i) => i.provenance.confidence !== undefined).length / valued.length).toBeGreaterThan(0.95);
  });
});
