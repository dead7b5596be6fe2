import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractCitations } from '../src/extract/citations.js';
import { parseTextReport } from '../src/readers/text.js';
import { CitationSchema } from '../schemas/record.js';
import { docFromLines } from './extract.doc-helper.js';

const META = { unitKind: 'xã' as const, unitName: 'Tiên Động', district: 'Tứ Kỳ', province: null };
const cite = (lines: string[]) => extractCitations(docFromLines(lines), { meta: META });

describe('extractCitations: numbers, dates, issuers, subjects', () => {
  it('reads the opening Công văn with its date in words, issuer and subject', () => {
    const s = 'Thực hiện Công văn số 281/UBND-NV ngày 07 tháng 3 năm 2022 của UBND huyện Tứ Kỳ về việc triển khai thực hiện chế độ báo cáo cải cách hành chính định kỳ.';
    const [c] = cite([s]).value;
    expect(c).toMatchObject({
      docType: 'Công văn',
      number: '281/UBND-NV',
      issuer: 'UBND huyện Tứ Kỳ',
      date: '2022-03-07',
      year: 2022,
      subject: 'triển khai thực hiện chế độ báo cáo cải cách hành chính định kỳ',
      identity: '281/UBND-NV|2022|UBND huyện Tứ Kỳ',
    });
    expect(s.slice(...c!.provenance.span!)).toMatch(/^Công văn số 281\/UBND-NV .* định kỳ$/);
    expect(() => CitationSchema.parse(c)).not.toThrow();
  });

  it('normalises badly typed numbers from list items and keeps the raw number', () => {
    const { value } = cite([
      '- Kế hoạch số: 12-KH-UBND, ngày 28/02/2023 về kiểm soát thủ tục hành chính năm 2023.',
      '- Kế hoạch số: 04/ KH-UBND ngày 16/02/2023 về tăng cường kỷ cương, kỷ luật hành chính; nâng cao đạo đức công vụ năm 2023.',
      '- Kế hoạch số 08/KH - UBND ngày 22/02/2023 về triển khai thực hiện Đề án “Tăng cường năng lực tiếp cận pháp luật của người dân”.',
      'Quyết định 1291/QĐUBND ngày 5/4/2023 về công bố thủ tục hành chính.',
    ]);
    expect(value.map((c) => [c.number, c.rawNumber, c.date])).toEqual([
      ['12/KH-UBND', '12-KH-UBND', '2023-02-28'],
      ['04/KH-UBND', '04/ KH-UBND', '2023-02-16'],
      ['08/KH-UBND', '08/KH - UBND', '2023-02-22'],
      ['1291/QĐ-UBND', '1291/QĐUBND', '2023-04-05'],
    ]);
    // A ';' inside a listed plan's subject does not cut it.
    expect(value[1]!.subject).toBe('tăng cường kỷ cương, kỷ luật hành chính; nâng cao đạo đức công vụ năm 2023');
    expect(value[0]!.issuer).toBeNull();
  });

  it('takes a date and an issuer stated before the citation in the same clause', () => {
    const [c] = cite(['Ngày 28/2/2023 UBND xã đã ban hành Kế hoạch số 12/KH-UBND Kiểm soát thủ tục hành chính năm 2023.']).value;
    expect(c).toMatchObject({ date: '2023-02-28', issuer: 'UBND xã Tiên Động', subject: 'Kiểm soát thủ tục hành chính năm 2023' });
    expect(c!.raw.startsWith('Ngày 28/2/2023')).toBe(true);
  });

  it('splits a sentence that lists two plans, and keeps a plan without a date', () => {
    const { value } = cite([
      'UBND xã ban hành Kế hoạch số 20/KH-UBND ngày 10/3/2023 về tuyên truyền cải cách hành chính năm 2023; Kế hoạch 19/KH-UBND ngày 10/3/2023 về ứng dụng công nghệ thông tin năm 2023.',
      '- Kế hoạch số: 14/KH-UBND thi đua khen thưởng gắn với CCHC năm 2023.',
    ]);
    expect(value.map((c) => [c.number, c.subject])).toEqual([
      ['20/KH-UBND', 'tuyên truyền cải cách hành chính năm 2023'],
      ['19/KH-UBND', 'ứng dụng công nghệ thông tin năm 2023'],
      ['14/KH-UBND', 'thi đua khen thưởng gắn với CCHC năm 2023'],
    ]);
    expect(value[0]!.issuer).toBe('UBND xã Tiên Động');
    expect(value[2]).toMatchObject({ date: null, year: null });
  });

  it('reads national documents: year from the number, issuer stated or implied by the code', () => {
    const { value } = cite([
      'Căn cứ Thông tư số 144/2017/TT-BTC ngày 29 tháng 12 năm 2017 của Bộ Tài chính hướng dẫn thực hiện Nghị định số 151/2017/NĐ-CP ngày 26 tháng 12',
      'cung cấp đầy đủ thông tin theo quy định tại Nghị định 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ về cung cấp thông tin trên Cổng thông tin điện tử.',
    ]);
    expect(value.map((c) => [c.docType, c.number, c.issuer, c.date, c.year])).toEqual([
      ['Thông tư', '144/2017/TT-BTC', 'Bộ Tài chính', '2017-12-29', 2017],
      ['Nghị định', '151/2017/NĐ-CP', 'Chính phủ', null, 2017],
      ['Nghị định', '43/2011/NĐ-CP', 'Chính phủ', '2011-06-13', 2011],
    ]);
    expect(value[0]!.subject).toContain('hướng dẫn thực hiện Nghị định số 151/2017/NĐ-CP');
  });

  it('keeps Party document numbers and other types', () => {
    const { value } = cite(['Thực hiện Công văn số 225-CV/ĐU ngày 03/4/2023 của Đảng ủy xã về việc lãnh đạo công tác CCHC; Chỉ thị số 05-CT/TW của Bộ Chính trị.']);
    expect(value.map((c) => [c.docType, c.number, c.issuer])).toEqual([
      ['Công văn', '225-CV/ĐU', 'Đảng ủy xã'],
      ['Chỉ thị', '05-CT/TW', 'Bộ Chính trị'],
    ]);
  });

  it('keeps every mention of a plan cited twice with different dates', () => {
    const { value } = cite([
      '- Kế hoạch số: 05/KH-UBND ngày 20/02/2023 về đào tạo bồi dưỡng cán bộ, công chức năm 2023.',
      'UBND xã đã ban hành Kế hoạch số 05/KH-UBND ngày 20/02/2022 về đào tạo bồi dưỡng cán bộ, công chức năm 2023.',
      'Kế hoạch số 5/KH-UBND ngày 20/02/2022 về đào tạo bồi dưỡng.',
    ]);
    expect(value.map((c) => c.date)).toEqual(['2023-02-20', '2022-02-20', '2022-02-20']);
    expect(value.map((c) => c.identity)).toEqual(['5/KH-UBND|2023|', '5/KH-UBND|2022|UBND xã Tiên Động', '5/KH-UBND|2022|UBND xã Tiên Động']);
    // The third mention states no issuer: its identity borrows the one stated for the same act.
    expect(value[2]!.issuer).toBeNull();
  });

  it('ignores text after the appendix heading and words that are not citations', () => {
    const { value } = cite(['Tiếp tục thực hiện tốt các nhiệm vụ trong Kế hoạch cải cách hành chính của UBND xã năm 2023.', '# PHỤ LỤC', 'Kế hoạch số 99/KH-UBND']);
    expect(value).toEqual([]);
  });
});

describe('extractCitations on the whole seed', () => {
  it('finds the seed citations with their repeated plans', () => {
    const text = readFileSync(new URL('../fixtures/tien-dong-2023-q3.txt', import.meta.url), 'utf8');
    const { blocks } = parseTextReport(text, 'seed.txt');
    const { value } = extractCitations({ ...docFromLines([]), blocks });
    const numbers = value.map((c) => c.number);
    expect(numbers).toEqual(expect.arrayContaining(['281/UBND-NV', '52/KH-UBND', '12/KH-UBND', '144/2017/TT-BTC', '151/2017/NĐ-CP', '43/2011/NĐ-CP']));
    expect(value.filter((c) => c.number === '05/KH-UBND').map((c) => c.date)).toEqual(['2023-02-20', '2022-02-20']);
    expect(value.filter((c) => c.number === '12/KH-UBND')).toHaveLength(2);
    for (const c of value) expect(() => CitationSchema.parse(c)).not.toThrow();
  });
});
