import { describe, expect, it } from 'vitest';
import { formatVietnameseNumber, parseVietnameseNumber } from '../src/normalise/number.js';

describe('parseVietnameseNumber', () => {
  it.each([
    ['1.000', 1000],
    ['4.852.000.000', 4852000000],
    ['69.000.000', 69000000],
    ['99,6', 99.6],
    ['55,55', 55.55],
    ['01', 1],
    ['04', 4],
    ['0', 0],
    ['259', 259],
    ['1.234,5', 1234.5],
  ])('%s → %d', (raw, value) => {
    const n = parseVietnameseNumber(raw);
    expect(n.kind).toBe('number');
    expect(n.value).toBe(value);
  });

  it('keeps the printed precision for rate tolerance', () => {
    expect(parseVietnameseNumber('99,6').decimals).toBe(1);
    expect(parseVietnameseNumber('55,55%').decimals).toBe(2);
    expect(parseVietnameseNumber('100').decimals).toBe(0);
  });

  it('reads percentages', () => {
    const n = parseVietnameseNumber('55,55%');
    expect(n).toMatchObject({ kind: 'number', value: 55.55, percent: true });
    expect(parseVietnameseNumber('20 %')).toMatchObject({ value: 20, percent: true });
  });

  it('treats blank as not reported, never zero', () => {
    for (const raw of ['', '   ', '\u00a0']) {
      const n = parseVietnameseNumber(raw);
      expect(n.kind).toBe('blank');
      expect(n.value).toBeNull();
    }
    expect(parseVietnameseNumber('-')).toMatchObject({ kind: 'blank', value: null, flags: ['dash_for_blank'] });
  });

  it('keeps a ratio as numerator and denominator with no value', () => {
    expect(parseVietnameseNumber('8/8')).toEqual({ kind: 'ratio', value: null, numerator: 8, denominator: 8, flags: [] });
    expect(parseVietnameseNumber('258 / 259')).toMatchObject({ kind: 'ratio', numerator: 258, denominator: 259 });
    // OCR's fraction slash: a part of a whole is a ratio, "75⁄1" is a decimal comma misread, not 75 of 1.
    expect(parseVietnameseNumber('3⁄3')).toMatchObject({ kind: 'ratio', numerator: 3, denominator: 3 });
    expect(parseVietnameseNumber('75⁄1')).toMatchObject({ kind: 'text', value: null });
  });

  it('flags text in a numeric cell', () => {
    for (const raw of ['Có', 'Hoàn thành', 'Có = 1', 'x']) {
      const n = parseVietnameseNumber(raw);
      expect(n.kind).toBe('text');
      expect(n.value).toBeNull();
      expect(n.flags).toContain('text_in_numeric_cell');
    }
  });

  it('reads an English decimal point that cannot be a thousands group, and says so', () => {
    expect(parseVietnameseNumber('10.5')).toMatchObject({ value: 10.5, flags: ['dot_decimal'] });
    expect(parseVietnameseNumber('99.60')).toMatchObject({ value: 99.6, decimals: 2 });
  });

  it('marks 1.000 in prose as ambiguous but reads it as a thousand', () => {
    const n = parseVietnameseNumber('1.000', { context: 'prose' });
    expect(n.value).toBe(1000);
    expect(n.flags).toContain('ambiguous_separator');
  });

  it('reads negative numbers', () => {
    expect(parseVietnameseNumber('-5').value).toBe(-5);
  });
});

describe('formatVietnameseNumber', () => {
  it('prints the Vietnamese way', () => {
    expect(formatVietnameseNumber(4852000000)).toBe('4.852.000.000');
    expect(formatVietnameseNumber(99.6)).toBe('99,6');
    expect(formatVietnameseNumber(76.923, 1)).toBe('76,9');
  });
});
