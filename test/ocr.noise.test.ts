import { describe, expect, it } from 'vitest';
import { tidyWords, trimStuckMarks } from '../src/ocr/noise.js';
import type { OcrWord } from '../src/ocr/tsv.js';
import { isSttHead } from '../src/text/row-code.js';

const w = (text: string, conf = 95, left = 0, line = 1): OcrWord => ({ text, conf, left, top: 0, width: 40, height: 40, block: 1, par: 1, line, word: 1 });

describe('marks specks and streaks stick to codes and numbers', () => {
  it('frees codes, numbers and the STT head of them, as a 1-bit scan read them', () => {
    expect(['STT-', 'STT—', '„1.', '` 5.2.'.replace(' ', ''), '6.4.3.-', '2.5.)', "14'", '—76,3'].map(trimStuckMarks)).toEqual([
      'STT',
      'STT',
      '1.',
      '5.2.',
      '6.4.3.',
      '2.5.',
      '14',
      '76,3',
    ]);
    // A speck beside a code's dot doubles it or stands before it.
    expect(['1.1..', '.3.2.', '5.,'].map(trimStuckMarks)).toEqual(['1.1.', '3.2.', '5.']);
  });

  it('leaves every other word as read: a label keeps its brackets, a clause its comma, a sub-item its bracket', () => {
    for (const t of ['(Kết', 'năm)', 'hàng-', '259,', '1.000.', '6/8', '75%', '1)', 'a)', '2/22.', '“Một', 'cửa”']) expect(trimStuckMarks(t)).toBe(t);
  });

  it('drops words that are only a speck\'s marks ("⁄" read sure), keeps printed "%", "=", "-" and a sure full stop', () => {
    const words = [w('Số', 96), w('⁄', 92), w('`', 84), w('„', 60), w('%', 93), w('=', 93), w('-', 90), w('.', 90), w('.', 40), w('STT-', 83), w('⁄⁄', 91)];
    expect(tidyWords(words).map((x) => x.text)).toEqual(['Số', '%', '=', '-', '.', 'STT']);
  });
});

describe('the STT head as OCR misreads it', () => {
  it('takes "SIT", "S1T", "5TT" for STT; no word of a report', () => {
    for (const t of ['STT', 'SIT', 'S1T', 'STI', '5TT', 'Stt.', 'TT', 'Số TT', 'Số thứ tự']) expect(isSttHead(t), t).toBe(true);
    for (const t of ['Số', 'Tổng', 'STTT', 'ST', 'Sở', 'Ghi', 'Tỷ lệ', 'SIM']) expect(isSttHead(t), t).toBe(false);
  });
});

describe('a form heading as OCR misreads it', () => {
  it('opens a form at "Biến mẫu 2" or "Biểu rnẫu 4" and ends the table above it; "Biên bản" opens nothing', async () => {
    const { headingPattern } = await import('../src/readers/pdf-paragraphs.js');
    const { isHeadingLike } = await import('../src/readers/pdf-table.js');
    for (const t of ['Biểu mẫu 2', 'Biến mẫu 2', 'Bleu mẫu 3', 'Biểu rnẫu 4', 'Biểu mẫu số 5:']) {
      expect(headingPattern(t), t).toBe(2);
      expect(isHeadingLike(t), t).toBe(true);
    }
    for (const t of ['Biên bản 2', 'Biểu quyết 2', 'Số liệu 2']) expect(isHeadingLike(t), t).toBe(false);
  });
});

describe('a ruling line left on the page where it was bent or broken', () => {
  it('drops a bar read as "Ì" standing on a vertical rule\'s x inside the table, keeps bars elsewhere and every digit', async () => {
    const { dropRuleResidue } = await import('../src/ocr/noise.js');
    // The rule at x=1835 is found above and below y=550..650, not there (the page curled).
    const vertical = [{ at: 1835, from: 234, to: 547, thickness: 4 }, { at: 1835, from: 655, to: 2170, thickness: 4 }];
    const at = (text: string, cx: number, cy = 600): OcrWord => ({ ...w(text), left: cx - 6, top: cy - 20, width: 12, height: 40 });
    const words = [at('Ì', 1834), at('87', 1940), at('I', 1700), at('1', 1836), at('Ì', 1835, 2500)];
    expect(dropRuleResidue(words, vertical).map((x) => [x.text, x.left + 6])).toEqual([
      ['87', 1940],
      ['I', 1700],
      ['1', 1836],
      ['Ì', 1835],
    ]);
  });
});
