import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findDamagedWords, showsGlyphLoss } from '../src/text/unreadable.js';

const SEED = readFileSync(new URL('../fixtures/tien-dong-2023-q3.txt', import.meta.url), 'utf8');

describe('findDamagedWords', () => {
  it('finds the seed damage "01 ch a qua ào tạo" with exact spans', () => {
    const text = 'Cao đẳng 1/10 = 10% và 01 ch a qua ào tạo = 10%.';
    const first = findDamagedWords(text);
    expect(first.map((d) => [d.text, d.reason])).toEqual([['ch a', 'fragment']]);
    expect(showsGlyphLoss(first)).toBe(true);
    const all = findDamagedWords(text, { assumeGlyphLoss: true });
    expect(all.map((d) => d.text)).toEqual(['ch a', 'ào']);
    for (const d of all) expect(text.slice(...d.span)).toBe(d.text);
  });

  it('finds other kinds of lost letters', () => {
    expect(findDamagedWords('ng ời dân').map((d) => d.text)).toEqual(['ng ời']);
    expect(findDamagedWords('tr ờng học').map((d) => d.text)).toEqual(['tr ờng']);
    expect(findDamagedWords('nh ng việc').map((d) => d.text)).toEqual(['nh ng']);
    expect(findDamagedWords('CH A QUA ĐÀO TẠO').map((d) => d.text)).toEqual(['CH A']);
    expect(findDamagedWords('cán bộ ờng').map((d) => d.reason)).toEqual(['invalid_syllable']);
  });

  it('reads words the same with or without astral characters in the text (decomposed marks too)', () => {
    const plain = 'cán bộ ờng, ng ời dân; Cu\u0309a ch a';
    const astral = '😀 ' + plain + ' 𝐀';
    const spans = (t: string, shift: number) => findDamagedWords(t, { assumeGlyphLoss: true }).map((d) => [d.span[0] - shift, d.span[1] - shift, d.text, d.reason]);
    expect(spans(plain, 0)).toEqual([
      [7, 10, 'ờng', 'invalid_syllable'],
      [12, 17, 'ng ời', 'fragment'],
      [28, 32, 'ch a', 'fragment'],
    ]);
    expect(spans(astral, 3)).toEqual(spans(plain, 0));
  });

  it('does not flag acronyms, list markers, units or common vowel-initial words', () => {
    for (const s of [
      'UBND xã, TTHC, CCHC, VBQPPL, HĐND, TTĐT, NĐ-CP, TCVN ISO 9001:2015',
      'c) Thực hiện cơ chế một cửa; a) UBND xã; đ) Khác',
      'dài 5 m và rộng 3 m',
      'ủy ban ở xã, ý kiến, ứng dụng, an toàn, áp dụng, ông ấy, ít nhất, ưu tiên, yêu cầu, phản ánh',
    ]) {
      expect(findDamagedWords(s, { assumeGlyphLoss: true }), s).toEqual([]);
    }
  });

  it('only reports the đ-loss pattern when asked (the document shows damage elsewhere)', () => {
    expect(findDamagedWords('qua ào tạo')).toEqual([]);
    expect(findDamagedWords('qua ào tạo', { assumeGlyphLoss: true }).map((d) => d.reason)).toEqual(['missing_d']);
  });

  it('reports exactly the one damaged place in the seed report', () => {
    const found = SEED.split('\n').flatMap((l) => findDamagedWords(l, { assumeGlyphLoss: true }).map((d) => d.text));
    expect(found).toEqual(['ch a', 'ào']);
  });
});
