import { describe, expect, it } from 'vitest';
import { clean, fold, foldSameLength } from '../src/text/fold.js';

// The definitions the fast table-driven versions must reproduce exactly.
function foldReference(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function foldSameLengthReference(text: string): string {
  let out = '';
  for (const ch of text.split('')) {
    if (/\s/.test(ch) || ch === '*' || ch === '#') out += ' ';
    else {
      const f = foldReference(ch);
      out += f.length === 1 ? f : '?';
    }
  }
  return out;
}

const REAL = [
  'BÁO CÁO Kết quả công tác cải cách hành chính quý III năm 2023',
  'Ủy ban nhân dân xã Tiến Đông, huyện Tứ Kỳ',
  'Tổng số hồ sơ TTHC đã giải quyết xong: 1.250 hồ sơ (đạt 99,6%)',
  '  Uỷ ban\u00a0nhân\tdân   ',
  'Hoà Bình / Hòa Bình — “Phụ lục I” …',
  'Thành phố Hồ Chí Minh',
  '',
  '   ',
  'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH',
  // Decomposed (NFD) input, as some PDFs deliver it.
  'Tie\u0302\u0301n \u0110o\u0302ng',
];

// Units that stress the table: context-dependent case (Σ), case expansion (İ), marks outside
// U+0300–036F, astral characters, compatibility forms, odd whitespace.
const POOL = [
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ',
  ...'ÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ',
  'Σ', 'σ', 'ς', 'Α', 'İ', 'ı', 'ẞ', 'ß', 'ﬁ', 'Å', 'Ω', 'K', '한', 'ㄱ',
  '\u0301', '\u0323', '\u0345', '\u0308', '\u1dc0', '\u05b0', '\u20d7', '\u093c',
  '😀', '\ud83d', '\ude00', '\u0000', '\u00ad',
  ' ', '\t', '\n', '\u00a0', '\u2000', '\u2003', '\u3000', '\ufeff', '\u2028',
  '*', '#', '.', ',', '%', '(', ')', '0', '1', '9', '-', '–', '“', '”',
];

function randomStrings(count: number, seed: number): string[] {
  let x = seed;
  const rnd = () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
  return Array.from({ length: count }, () => {
    const len = Math.floor(rnd() * 90);
    let s = '';
    for (let i = 0; i < len; i++) s += POOL[Math.floor(rnd() * POOL.length)]!;
    return s;
  });
}

describe('fold', () => {
  it('gives the reference result on Vietnamese report text', () => {
    for (const s of REAL) expect(fold(s)).toBe(foldReference(s));
    expect(fold('Ủy ban nhân dân xã Tiến Đông')).toBe('uy ban nhan dan xa tien dong');
    expect(fold('  Uỷ ban\u00a0nhân\tdân   ')).toBe('uy ban nhan dan');
  });

  it('gives the reference result on random mixes of tricky units (Σ, İ, marks, astral)', () => {
    for (const s of randomStrings(4000, 7)) expect(fold(s), JSON.stringify(s)).toBe(foldReference(s));
  });

  it('folds a final sigma in context, like the whole-string definition', () => {
    expect(fold('ΟΔΟΣ')).toBe(foldReference('ΟΔΟΣ'));
    expect(fold('ΟΔΟΣ')).toBe('οδος');
  });

  it('returns the same key from its cache as when first computed', () => {
    const first = fold('Chủ tịch UBND xã');
    expect(fold('Chủ tịch UBND xã')).toBe(first);
    expect(fold('Chủ tịch UBND xã')).toBe('chu tich ubnd xa');
  });

  it('handles long texts (past the short-string cache)', () => {
    const long = REAL.join(' ').repeat(40);
    expect(fold(long)).toBe(foldReference(long));
  });
});

describe('foldSameLength', () => {
  it('keeps the length and gives the reference result', () => {
    for (const s of [...REAL, ...randomStrings(2000, 11)]) {
      const f = foldSameLength(s);
      expect(f.length).toBe(s.length);
      expect(f, JSON.stringify(s)).toBe(foldSameLengthReference(s));
    }
  });

  it('maps Markdown marks and whitespace to spaces', () => {
    expect(foldSameLength('**Điều 1.** Đạt')).toBe('  dieu 1.   dat');
  });

  it('works past the chunk size used to build the string', () => {
    const long = 'Tiến Đông — hồ sơ đúng hạn. '.repeat(1000);
    expect(foldSameLength(long)).toBe(foldSameLengthReference(long));
  });
});

describe('clean', () => {
  const cleanReference = (text: string) => text.normalize('NFC').replace(/[\s\u00a0]+/g, ' ').trim();
  it('is NFC with whitespace collapsed', () => {
    expect(clean('  Tie\u0302\u0301n\u00a0 Đông ')).toBe('Tiến Đông');
    for (const s of [...REAL, 'a', ' a', 'a ', 'a  b', 'a b', 'a\tb', 'a\u00a0b', '\u3000', 'x \u2028y']) expect(clean(s), JSON.stringify(s)).toBe(cleanReference(s));
  });
  it('matches the definition on random strings, already collapsed or not', () => {
    for (const s of randomStrings(4000, 11)) {
      expect(clean(s), JSON.stringify(s)).toBe(cleanReference(s));
      const collapsed = cleanReference(s);
      expect(clean(collapsed), JSON.stringify(collapsed)).toBe(collapsed);
    }
  });
});
