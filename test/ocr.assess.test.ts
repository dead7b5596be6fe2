import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessPageText, describeAssessment } from '../src/ocr/assess.js';
describe('assessPageText', () => {
  // The seed as text, without the <b>/<i> tags of its text form (a PDF text layer has none).
  const seed = readFileSync(new URL('../fixtures/tien-dong-2023-q3.txt', import.meta.url), 'utf8').replace(/<\/?[bi]>/g, '');

  it('finds every page-sized chunk of the real report usable (its one "ch a qua ào tạo" included)', () => {
    const paragraphs = seed.split(/\n\s*\n/);
    const chunks: string[] = [];
    for (let i = 0; i < paragraphs.length; i += 12) chunks.push(paragraphs.slice(i, i + 12).join('\n'));
    const broken = chunks.find((c) => c.includes('ch a qua ào tạo'));
    expect(broken).toBeDefined();
    for (const c of chunks.filter((x) => x.replace(/[^\p{L}]/gu, '').length >= 200)) {
      const a = assessPageText(c);
      expect(a.usable, `${describeAssessment(a)}\n${c.slice(0, 200)}`).toBe(true);
    }
  });

  it('sends a page with no text layer to OCR', () => {
    const a = assessPageText('  12  \n');
    expect(a.usable).toBe(false);
    expect(a.reasons).toContain('no_text');
  });

  it('sends glyph-dropped text to OCR', () => {
    const a = assessPageText('Qn lý cơng tác ci cách hành chính ca y ban nhân dân xã; cán bộ ch a qua ào tạo, Qn lý nhà nưc v cơng vic và cơng chc ti xã');
    expect(a.usable).toBe(false);
    expect(a.reasons).toEqual(expect.arrayContaining(['few_vietnamese_syllables', 'lost_glyphs']));
  });

  it('sends mojibake (UTF-8 read as Latin-1) and TCVN3 bytes to OCR', () => {
    const utf8AsLatin1 = Buffer.from('Báo cáo công tác cải cách hành chính quý III năm 2023 của UBND xã Tiên Động', 'utf8').toString('latin1');
    expect(assessPageText(utf8AsLatin1).usable).toBe(false);
    const tcvn3 = 'B¸o c¸o c«ng t¸c c¶i c¸ch hµnh chÝnh quý III n¨m 2023 cña UBND x· Tiªn §éng thùc hiÖn c«ng v¨n sè 281';
    const a = assessPageText(tcvn3);
    expect(a.usable).toBe(false);
    expect(a.score).toBeLessThan(0.5);
  });

  it('sends replacement characters to OCR', () => {
    const a = assessPageText('Báo cáo \uFFFD\uFFFD\uFFFD \uFFFD\uFFFD cải cách \uFFFD\uFFFD\uFFFD\uFFFD hành chính quý \uFFFD\uFFFD\uFFFD năm \uFFFD\uFFFD\uFFFD của xã Tiên Động');
    expect(a.reasons).toContain('replacement_chars');
    expect(a.usable).toBe(false);
  });

  it('does not count abbreviations and numbers against a page', () => {
    const a = assessPageText('UBND xã Tiên Động giải quyết 259 hồ sơ TTHC, đạt 99,6%; CCHC và VBQPPL theo Kế hoạch số 52/KH-UBND ngày 30/12/2022.');
    expect(a.usable).toBe(true);
    expect(a.stats.invalid).toBe(0);
  });

  it('keeps a signature page with its recipient list: "b/c", "v/v", "VP", "CT" are abbreviations, not lost glyphs', () => {
    const page = [
      'Trên đây là báo cáo công tác cải cách hành chính Quý II/2024 của UBND xã Hà Kỳ./.',
      'Nơi nhận: TM. ỦY BAN NHÂN DÂN',
      '- UBND huyện Tứ Kỳ (b/c); CHỦ TỊCH',
      '- Phòng Nội vụ huyện (v/v tổng hợp);',
      '- Đảng ủy, HĐND xã;',
      '- Chủ tịch, các PCT UBND xã;',
      '- Lưu: VP, CT.',
      'Dương Xuân Định',
    ].join('\n');
    const a = assessPageText(page);
    expect(a.usable, describeAssessment(a)).toBe(true);
    expect(a.stats.fragments).toBe(0);
  });
});
