import { describe, expect, it } from 'vitest';
import { findDates, isoDate, parseVietnameseDate } from '../src/normalise/date.js';

describe('parseVietnameseDate', () => {
  it('reads the header date in words', () => {
    expect(parseVietnameseDate('Tiên Động, ngày 08 tháng 9 năm 2023')).toBe('2023-09-08');
  });
  it('reads numeric dates with /, - and . separators', () => {
    expect(parseVietnameseDate('ngày 08/9/2023')).toBe('2023-09-08');
    expect(parseVietnameseDate('ngày 28/2/2023')).toBe('2023-02-28');
    expect(parseVietnameseDate('20-02-2023')).toBe('2023-02-20');
    expect(parseVietnameseDate('20.02.2023')).toBe('2023-02-20');
  });
  it('tolerates missing diacritics and odd spacing', () => {
    expect(parseVietnameseDate('ngay 7 thang 3 nam 2022')).toBe('2022-03-07');
    expect(parseVietnameseDate('ngày  30  tháng 12 năm 2022')).toBe('2022-12-30');
    expect(parseVietnameseDate('ngày 08 tháng 9 năm 2023'.normalize('NFD'))).toBe('2023-09-08');
  });
  it('rejects impossible days instead of rolling them over', () => {
    expect(parseVietnameseDate('31/02/2023')).toBeNull();
    expect(isoDate(2024, 2, 29)).toBe('2024-02-29');
    expect(isoDate(2023, 2, 29)).toBeNull();
  });
});

describe('findDates', () => {
  it('finds every date of a sentence with offsets into the sentence', () => {
    const s = 'Kế hoạch số: 05/KH-UBND ngày 20/02/2023 về đào tạo; Kế hoạch 19/KH-UBND ngày 10/3/2023';
    const found = findDates(s);
    expect(found.map((d) => d.iso)).toEqual(['2023-02-20', '2023-03-10']);
    expect(s.slice(found[0]!.start, found[0]!.end)).toBe('20/02/2023');
  });
  it('does not read a document number or a ratio as a date', () => {
    expect(findDates('Thông tư số 144/2017/TT-BTC')).toEqual([]);
    expect(findDates('258/259 hồ sơ')).toEqual([]);
  });
  it('reports a blank day (drafts) and a date cut by a page break without guessing', () => {
    const blank = findDates('Tiên Động, ngày     tháng 9 năm 2023');
    expect(blank).toHaveLength(1);
    expect(blank[0]).toMatchObject({ iso: null, problem: 'blank_day', month: 9, year: 2023 });
    const cut = findDates('Nghị định số 151/2017/NĐ-CP ngày 26 tháng 12');
    expect(cut[0]).toMatchObject({ iso: null, problem: 'no_year', day: 26, month: 12 });
    expect(findDates('ngày 21/7 tổ chức hội nghị')[0]).toMatchObject({ iso: null, problem: 'no_year' });
  });
});
