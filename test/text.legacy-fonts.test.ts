import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  charToByte,
  decodeTcvn3,
  decodeVni,
  detectEncoding,
  encodeTcvn3,
  encodeVni,
  fontEncoding,
  isCapitalsFont,
  mayBeLegacy,
} from '../src/text/legacy-fonts.js';
import { composeLetter, VOWELS } from '../src/text/tone-marks.js';

const SEED = readFileSync(new URL('../fixtures/tien-dong-2023-q3.txt', import.meta.url), 'utf8');

// The 134 Vietnamese letters outside ASCII: 12 vowels × 5 tones (60) + ă â ê ô ơ ư đ (7), in both cases.
const LOWER = [
  ...VOWELS.flatMap((v) => ([1, 2, 3, 4, 5] as const).map((t) => composeLetter(v, t))),
  'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ',
];
const UPPER = LOWER.map((c) => c.toUpperCase());

describe('letter inventory', () => {
  it('has 134 distinct single-code-point letters', () => {
    expect(new Set([...LOWER, ...UPPER]).size).toBe(134);
    for (const c of [...LOWER, ...UPPER]) expect([...c]).toHaveLength(1);
  });
});

describe('TCVN3', () => {
  it('decodes well-known TCVN3 text', () => {
    expect(decodeTcvn3('Céng hßa x· héi chñ nghÜa ViÖt Nam')).toBe('Cộng hòa xã hội chủ nghĩa Việt Nam');
    expect(decodeTcvn3('§éc lËp - Tù do - H¹nh phóc')).toBe('Độc lập - Tự do - Hạnh phúc');
    // 0xAD (ư) arrives as U+00AD, the soft hyphen.
    expect(decodeTcvn3('Tr\u00adêng häc, ng\u00adêi d©n')).toBe('Trường học, người dân');
  });

  it('encodes to the Windows-1252 characters Word stores', () => {
    expect(encodeTcvn3('Cộng hòa xã hội chủ nghĩa Việt Nam')).toBe('Céng hßa x· héi chñ nghÜa ViÖt Nam');
    expect(encodeTcvn3('người')).toBe('ng\u00adêi');
  });

  it('round-trips every lowercase letter and the seven capitals it has', () => {
    for (const c of [...LOWER, 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ']) expect(decodeTcvn3(encodeTcvn3(c)), c).toBe(c);
    expect(new Set(LOWER.map(encodeTcvn3)).size).toBe(LOWER.length);
  });

  it('round-trips every capital through an H font (.VnTimeH draws capitals in the lowercase slots)', () => {
    for (const c of UPPER) expect(decodeTcvn3(encodeTcvn3(c), { upper: true }), c).toBe(c);
    expect(decodeTcvn3(encodeTcvn3('BÁO CÁO CÔNG TÁC'.toLowerCase()), { upper: true })).toBe('BÁO CÁO CÔNG TÁC');
  });

  it('restores toned capitals typed in the lowercase slots of a plain font, from context', () => {
    for (const c of UPPER) expect(decodeTcvn3(encodeTcvn3(`TH${c}NG`)), c).toBe(`TH${c}NG`);
    const cases = [
      'TM. ỦY BAN NHÂN DÂN',
      'BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO ĐỊNH KỲ XÃ TIỀN ĐỘNG',
      'Số: /BC-UBND', // a title-case word next to an acronym stays title case
      'Số VBQPPL do cấp xã ban hành',
      'UBND huyện Tứ Kỳ.',
      'Đà Nẵng',
    ];
    for (const s of cases) expect(decodeTcvn3(encodeTcvn3(s)), s).toBe(s);
  });

  it('round-trips the whole seed report', () => {
    expect(decodeTcvn3(encodeTcvn3(SEED))).toBe(SEED);
  });

  it('writes characters whose byte is a TCVN3 letter as "?"', () => {
    expect(encodeTcvn3('5 µm · ©')).toBe('5 ?m ? ?');
  });
});

describe('VNI', () => {
  it('decodes well-known VNI text', () => {
    expect(decodeVni('Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam')).toBe('Cộng hòa xã hội chủ nghĩa Việt Nam');
    expect(decodeVni('Ñoäc laäp - Töï do - Haïnh phuùc')).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(decodeVni('NGÖÔØI DAÂN, ngöôøi daân')).toBe('NGƯỜI DÂN, người dân');
  });

  it('follows the base letter for case when the mark case disagrees', () => {
    expect(decodeVni('CAùC')).toBe('CÁC');
    expect(decodeVni('caÙc')).toBe('các');
  });

  it('round-trips all 134 letters, alone and in words', () => {
    for (const c of [...LOWER, ...UPPER]) {
      expect(decodeVni(encodeVni(c)), c).toBe(c);
      expect(decodeVni(encodeVni(`x${c}n`)), c).toBe(`x${c}n`);
    }
    expect(new Set([...LOWER, ...UPPER].map(encodeVni)).size).toBe(134);
  });

  it('round-trips the whole seed report', () => {
    expect(decodeVni(encodeVni(SEED))).toBe(SEED);
  });
});

describe('bytes as stored', () => {
  it('reads C1 controls and Word private-use characters as the same bytes', () => {
    expect(charToByte('\u00b8')).toBe(0xb8);
    expect(charToByte('\uf0b8')).toBe(0xb8);
    expect(charToByte('\u0093')).toBe(0x93);
    expect(charToByte('“')).toBe(0x93);
    expect(charToByte('ư')).toBe(-1);
    expect(decodeTcvn3('c\uf0b8c')).toBe('các');
    // PDF extraction turns MICRO SIGN (TCVN3 "à") into Greek mu.
    expect(decodeTcvn3('ngμy h\u00b5nh')).toBe('ngày hành');
  });
});

describe('fonts', () => {
  it('maps font names to encodings', () => {
    expect(fontEncoding('.VnTime')).toBe('tcvn3');
    expect(fontEncoding('.VnArialH')).toBe('tcvn3');
    expect(fontEncoding('VNI-Times')).toBe('vni');
    expect(fontEncoding('VNI-Helve')).toBe('vni');
    expect(fontEncoding('Times New Roman')).toBeUndefined();
    expect(fontEncoding(undefined)).toBeUndefined();
    expect(isCapitalsFont('.VnTimeH')).toBe(true);
    expect(isCapitalsFont('.VnTime')).toBe(false);
    expect(isCapitalsFont('VNI-Helve')).toBe(false);
  });
});

describe('detectEncoding', () => {
  const line = 'Công tác cải cách hành chính Quý III năm 2023 của UBND xã';
  it('recognises TCVN3 and VNI from character patterns', () => {
    expect(detectEncoding(encodeTcvn3(line)).encoding).toBe('tcvn3');
    expect(detectEncoding(encodeVni(line)).encoding).toBe('vni');
  });

  it('leaves Unicode and plain ASCII alone', () => {
    expect(detectEncoding(line).encoding).toBeUndefined();
    expect(detectEncoding('UBND TTHC 2023').encoding).toBeUndefined();
    // Latin-1-only Vietnamese words are valid as they are.
    expect(detectEncoding('Hà Nội là thủ đô').encoding).toBeUndefined();
    expect(detectEncoding('Cà Mau').encoding).toBeUndefined();
  });

  it('gives no encoding and equal scores to every text mayBeLegacy rules out (repair skips scoring those)', () => {
    const lines = SEED.split('\n');
    const samples = [...lines, ...lines.map(encodeTcvn3), ...lines.map(encodeVni), 'BÁO CÁO', 'Céng', 'UBND 2023', '×', ''];
    let ruledOut = 0;
    let legacy = 0;
    for (const s of samples) {
      for (const prior of [undefined, 'tcvn3', 'vni'] as const) {
        const g = detectEncoding(s, prior);
        if (g.encoding) legacy++;
        if (mayBeLegacy(s)) continue;
        ruledOut++;
        expect(g.encoding, `${s} (${prior})`).toBeUndefined();
        expect([g.scores.tcvn3, g.scores.vni], s).toEqual([g.scores.raw, g.scores.raw]);
      }
    }
    expect(ruledOut).toBeGreaterThan(100);
    expect(legacy).toBeGreaterThan(100);
  });

  it('detects every seed line that changes under encoding, and no Unicode seed line', () => {
    for (const l of SEED.split('\n')) {
      expect(detectEncoding(l).encoding, l).toBeUndefined();
      const t = encodeTcvn3(l);
      if (t !== l && /[^\x00-\x7f]/.test(t) && /\p{L}{2}/u.test(l)) expect(detectEncoding(t, 'tcvn3').encoding, l).toBe('tcvn3');
    }
  });
});
