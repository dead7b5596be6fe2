// The core promise of the readers: the same report as .txt, .docx, .doc and .pdf gives the same
// indicators — every row of all seven forms, the page-broken one included.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/pipeline.js';

const SEED = 'fixtures/tien-dong-2023-q3';
const expected = JSON.parse(readFileSync(`${SEED}.expected.json`, 'utf8')) as {
  indicators: { form: number; code: string; unit: string | null; raw: string; value: number | null; valueKind: string; label: string }[];
};
const comparable = (rows: { form: number; code: string; unit: string | null; value: number | null; valueKind: string; raw: string }[]) =>
  rows.map(({ form, code, unit, value, valueKind, raw }) => ({ form, code, unit, value, valueKind, raw }));

describe.each(['txt', 'docx', 'doc', 'pdf'])('seed report as .%s', (ext) => {
  it('gives every expected indicator row with the normalised value', async () => {
    const { value: record } = await extractFile(`${SEED}.${ext}`);
    expect(record.status).toBe('complete');
    expect(comparable(record.indicators)).toEqual(comparable(expected.indicators));
  });

  it('keeps the labels as clean text and the split row 6.5.1 whole', async () => {
    const { value: record } = await extractFile(`${SEED}.${ext}`);
    const row = record.indicators.find((i) => i.form === 7 && i.code === '6.5.1');
    expect(row?.label).toBe('Tổng số TTHC đủ điều kiện cung cấp trực tuyển mức độ 4');
    const labels = record.indicators.map((i) => i.label);
    expect(labels).toEqual(expected.indicators.map((i) => i.label));
  });
});
