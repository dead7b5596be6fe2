import { describe, expect, it } from 'vitest';
import { fold, toneKey } from '../src/text/fold.js';
import {
  composeLetter,
  isVietnameseSyllable,
  isWellSpeltSyllable,
  letterParts,
  normaliseToneMarks,
  parseSyllable,
  scoreVietnamese,
  stripTone,
  VOWELS,
} from '../src/text/tone-marks.js';

describe('parseSyllable', () => {
  it('accepts real syllables across initials and rimes', () => {
    for (const w of ['người', 'được', 'nghiêng', 'quốc', 'giữa', 'gì', 'gìn', 'khuỷu', 'chuyện', 'thuở', 'thuế', 'hoặc', 'Ủy', 'yên', 'TRƯỜNG', 'Đảng', 'xoong', 'huỳnh', 'ăn', 'ở'])
      expect(isVietnameseSyllable(w), w).toBe(true);
  });

  it('rejects fragments, impossible rimes, misplaced tones and stop finals with the wrong tone', () => {
    // ờng: no nucleus; iện: vowel-initial iê is written yê; xaõ: tone on the off-glide;
    // hoàc: -c takes only sắc/nặng; ch: no vowel; Zalo: z is not Vietnamese.
    for (const w of ['ờng', 'iện', 'xaõ', 'hoàc', 'ch', 'Zalo', 'céngg', 'c¸c'])
      expect(isVietnameseSyllable(w), w).toBe(false);
  });

  // What broken PDF text layers produce: "Qn", "cơng" (ơ never takes -ng), "ka"/"ngê" (k before a,
  // ng before ê: misspelt), "cá̀" (two tones), "chiê" (iê needs a final), English words.
  it.each(['quản', 'nghiêng', 'Tiên', 'Động', 'khuyến', 'giải', 'gì', 'người', 'được', 'thương', 'xuân', 'oanh', 'huỵch', 'Kỳ', 'yêu', 'chính'])('well spelt: %s', (w) =>
    expect(isWellSpeltSyllable(w)).toBe(true),
  );
  it.each(['Qn', 'cơng', 'ch', 'ka', 'ngê', 'cá̀', 'chiê', 'tion', 'virus'])('not well spelt: %s', (w) => expect(isWellSpeltSyllable(w)).toBe(false));
  it('strips tone but keeps vowel quality', () => expect(stripTone('Đường')).toBe('đương'));

  it('reports initial, rime, tone and tone position', () => {
    expect(parseSyllable('hoà')).toMatchObject({ initial: 'h', rime: 'oa', tone: 2, tonePos: 2 });
    expect(parseSyllable('hòa')).toMatchObject({ initial: 'h', rime: 'oa', tone: 2, tonePos: 1 });
    expect(parseSyllable('quý')).toMatchObject({ initial: 'qu', rime: 'y', tone: 1 });
  });
});

describe('letters', () => {
  it('splits and recomposes every toned vowel in both cases', () => {
    for (const v of VOWELS)
      for (const tone of [0, 1, 2, 3, 4, 5] as const)
        for (const upper of [false, true]) {
          const ch = composeLetter(v, tone, upper);
          expect([...ch]).toHaveLength(1);
          expect(letterParts(ch)).toEqual({ base: v, tone, upper });
        }
  });
});

describe('normaliseToneMarks', () => {
  it("'new' (default) puts the tone on the first vowel of open oa/oe/uy", () => {
    expect(normaliseToneMarks('hoà thuý khoẻ')).toBe('hòa thúy khỏe');
    expect(normaliseToneMarks('Uỷ ban nhân dân, HOÀ giải, Thuỵ')).toBe('Ủy ban nhân dân, HÒA giải, Thụy');
  });

  it("'old' puts it on the second", () => {
    expect(normaliseToneMarks('hòa thúy khỏe Ủy', 'old')).toBe('hoà thuý khoẻ Uỷ');
  });

  it('leaves rimes with one correct placement alone', () => {
    const s = 'hoàn thành quý quả của người thuế hoặc khuỷu tay giữa';
    expect(normaliseToneMarks(s)).toBe(s);
    expect(normaliseToneMarks(s, 'old')).toBe(s);
  });

  it('normalises decomposed (NFD) input to NFC', () => {
    expect(normaliseToneMarks('hoà'.normalize('NFD'))).toBe('hòa');
  });
});

describe('matching keys', () => {
  it('fold and toneKey ignore tone placement', () => {
    expect(fold('Uỷ ban hoà giải')).toBe(fold('Ủy ban hòa giải'));
    expect(toneKey('Uỷ ban  hoà giải ')).toBe(toneKey('ỦY BAN HÒA GIẢI'));
    // toneKey keeps the diacritics fold drops.
    expect(toneKey('hòa')).not.toBe(toneKey('hóa'));
    expect(fold('hòa')).toBe(fold('hóa'));
  });
});

describe('scoreVietnamese', () => {
  it('counts syllables, garbage and neutral ASCII tokens', () => {
    expect(scoreVietnamese('Công tác cải cách UBND 2023')).toEqual({ valid: 4, invalid: 0, neutral: 2 });
    expect(scoreVietnamese('C«ng t¸c c¶i c¸ch').invalid).toBe(4);
  });
});
