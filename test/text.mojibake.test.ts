import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeMojibake, reinterpretUtf8, repairEth, repairMojibake } from '../src/text/mojibake.js';

const SEED = readFileSync(new URL('../fixtures/tien-dong-2023-q3.txt', import.meta.url), 'utf8');
/** What a program that reads UTF-8 bytes as Windows-1252 shows (WHATWG keeps undefined bytes as C1). */
const as1252 = (s: string) => new TextDecoder('windows-1252').decode(Buffer.from(s, 'utf8'));

describe('repairMojibake', () => {
  it('repairs the classic example, including à whose no-break space became a space', () => {
    expect(repairMojibake('Cáº£i cÃ¡ch hÃ nh chÃ­nh')).toBe('Cải cách hành chính');
  });

  it('repairs đ/Đ, ư/ơ and the three-byte letters', () => {
    for (const s of ['Đảng ủy xã đã được', 'ĐẠO, ĐIỀU HÀNH', 'người dân, cơ quan', 'PHƯƠNG HƯỚNG']) {
      expect(repairMojibake(as1252(s)), s).toBe(s);
      expect(repairMojibake(as1252(s).replace(/\u00a0/g, ' ')), s).toBe(s);
    }
  });

  it('repairs every line of the seed report, with and without no-break spaces kept', () => {
    const lines = SEED.split('\n');
    const moji = as1252(SEED).split('\n');
    const spaced = as1252(SEED).replace(/\u00a0/g, ' ').split('\n');
    lines.forEach((l, i) => {
      expect(repairMojibake(moji[i]!) ?? moji[i], l).toBe(l);
      expect(repairMojibake(spaced[i]!) ?? spaced[i], l).toBe(l);
    });
  });

  it('never touches correct Vietnamese', () => {
    for (const l of SEED.split('\n')) expect(repairMojibake(l), l).toBeNull();
    expect(repairMojibake('XÃ TIÊN ĐỘNG, XÃ TIỀN')).toBeNull();
    expect(repairMojibake('NGÃ BA, Ngã tư')).toBeNull();
  });

  it('keeps parts it cannot decode as they were', () => {
    const r = reinterpretUtf8('abc Ã');
    expect(r).toEqual({ text: 'abc Ã', changed: 0 });
    expect(looksLikeMojibake('CÃ¡c')).toBe(true);
    expect(looksLikeMojibake('Các')).toBe(false);
  });
});

describe('repairEth', () => {
  it('turns ð/Ð into đ/Đ in Vietnamese words only', () => {
    expect(repairEth('Ðảng ủy xã ðã ðạt 100%')).toBe('Đảng ủy xã đã đạt 100%');
    expect(repairEth('Guðmundsson, Ðórr')).toBe('Guðmundsson, Ðórr');
    expect(repairEth('Không có gì')).toBe('Không có gì');
  });
});
