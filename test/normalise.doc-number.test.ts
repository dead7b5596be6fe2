import { describe, expect, it } from 'vitest';
import { docNumberKey, issuerFromSuffix, normaliseDocNumber } from '../src/normalise/doc-number.js';

const num = (raw: string) => normaliseDocNumber(raw)?.number ?? null;

describe('normaliseDocNumber', () => {
  it('keeps well-formed numbers', () => {
    expect(num('52/KH-UBND')).toBe('52/KH-UBND');
    expect(num('281/UBND-NV')).toBe('281/UBND-NV');
  });
  it('restores the slash of a number typed with dashes', () => {
    const n = normaliseDocNumber('12-KH-UBND')!;
    expect(n.number).toBe('12/KH-UBND');
    expect(n.flags).toContain('dash_to_slash');
  });
  it('removes spaces around separators but keeps the printed digits', () => {
    expect(num('04/ KH-UBND')).toBe('04/KH-UBND');
    expect(num('08/KH - UBND')).toBe('08/KH-UBND');
    const n = normaliseDocNumber('04/ KH-UBND')!;
    expect(n.serial).toBe('04');
    expect(docNumberKey(n)).toBe('4/KH-UBND');
  });
  it('reads the year inside national numbers', () => {
    expect(normaliseDocNumber('144/2017/TT-BTC')).toMatchObject({ number: '144/2017/TT-BTC', year: 2017, suffix: 'TT-BTC' });
    expect(normaliseDocNumber('151/2017/NĐ-CP')).toMatchObject({ year: 2017 });
  });
  it('puts back a hyphen a PDF lost, only between known codes', () => {
    expect(num('1291/QĐUBND')).toBe('1291/QĐ-UBND');
    expect(num('15/2020/NĐCP')).toBe('15/2020/NĐ-CP');
    expect(num('7/XYZABC')).toBe('7/XYZABC');
  });
  it('keeps Party numbers as printed', () => {
    expect(num('225-CV/ĐU')).toBe('225-CV/ĐU');
    expect(num('12 - NQ/HU')).toBe('12-NQ/HU');
  });
  it('rejects what is not a document number', () => {
    expect(normaliseDocNumber('/BC-UBND')).toBeNull();
    expect(normaliseDocNumber('258/259')).toBeNull();
  });
});

describe('issuerFromSuffix', () => {
  it('names national issuers and refuses to guess local ones', () => {
    expect(issuerFromSuffix('TT-BTC')).toBe('Bộ Tài chính');
    expect(issuerFromSuffix('NĐ-CP')).toBe('Chính phủ');
    expect(issuerFromSuffix('QĐ-TTg')).toBe('Thủ tướng Chính phủ');
    expect(issuerFromSuffix('KH-UBND')).toBeNull();
    expect(issuerFromSuffix('CV/ĐU')).toBeNull();
  });
});
