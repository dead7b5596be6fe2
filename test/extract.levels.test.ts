// Reports of other levels than the commune: who reports (UBND tỉnh/huyện, a Sở, a Phòng, a Văn
// phòng) and the period, when its year is written elsewhere than with it.
import { describe, expect, it } from 'vitest';
import { extractMetadata, yearFromDate } from '../src/extract/metadata.js';
import { docFromLines } from './extract.doc-helper.js';

const meta = (...lines: string[]) => extractMetadata(docFromLines(lines)).value;

describe('the reporting unit of other levels', () => {
  it('UBND tỉnh and UBND huyện', () => {
    expect(meta('ỦY BAN NHÂN DÂN', 'TỈNH KON TUM', 'Số: 12/BC-UBND', 'Kon Tum, ngày 10 tháng 4 năm 2023', 'BÁO CÁO', 'Kết quả công tác cải cách hành chính quý I năm 2023')).toMatchObject({
      unitKind: 'tỉnh',
      unitName: 'Kon Tum',
      province: 'Kon Tum',
    });
    expect(meta('ỦY BAN NHÂN DÂN', 'HUYỆN ĐẮK GLONG', 'Số: 5/BC-UBND', 'Đắk Glong, ngày 15 tháng 1 năm 2021', 'BÁO CÁO', 'Công tác cải cách hành chính năm 2020')).toMatchObject({
      unitKind: 'huyện',
      unitName: 'Đắk Glong',
      district: 'Đắk Glong',
    });
  });

  it('a Sở under its province, a Phòng and a Văn phòng under their district (acronyms kept)', () => {
    expect(meta('UBND TỈNH BẮC GIANG', 'SỞ NỘI VỤ', 'Số: 45/BC-SNV', 'Bắc Giang, ngày 10 tháng 4 năm 2023', 'BÁO CÁO', 'Tự đánh giá kết quả cải cách hành chính năm 2022')).toMatchObject({
      unitKind: 'sở',
      unitName: 'Nội vụ',
      province: 'Bắc Giang',
    });
    expect(meta('UBND HUYỆN ĐỊNH QUÁN', 'PHÒNG NỘI VỤ', 'Số: 45/BC-PNV', 'Định Quán, ngày 10 tháng 7 năm 2023', 'BÁO CÁO', 'Công tác cải cách hành chính 6 tháng đầu năm 2023')).toMatchObject({
      unitKind: 'phòng',
      unitName: 'Nội vụ',
      district: 'Định Quán',
    });
    expect(meta('UBND HUYỆN ĐỊNH QUÁN', 'VĂN PHÒNG HĐND VÀ UBND', 'Số: 45/BC-VP', 'Định Quán, ngày 30 tháng 8 năm 2021', 'BÁO CÁO', 'Kết quả công tác tháng 8/2021')).toMatchObject({
      unitKind: 'văn phòng',
      unitName: 'HĐND và UBND',
      district: 'Định Quán',
    });
  });

  it('a highland commune keeps the apostrophe of its name', () => {
    expect(meta('ỦY BAN NHÂN DÂN', 'XÃ ĐƯNG K’NỚ', 'Số: 31 /BC-UBND', 'Đưng K’Nớ, ngày 07 tháng 3 năm 2025', 'BÁO CÁO', 'Kết quả công tác cải cách hành chính Quý I năm 2025')).toMatchObject({
      unitKind: 'xã',
      unitName: 'Đưng K’nớ',
      period: { kind: 'quarter', number: 1, year: 2025 },
    });
  });
});

describe('the period with its year elsewhere', () => {
  it('"quý I" in the title, "quý I năm 2020" in the text', () => {
    const m = meta('BÁO CÁO', 'Trên 7.600 hồ sơ bị quá hạn trong quý I', 'Thống kê của UBND tỉnh cho biết, trong quý I năm 2020 (tính từ 1/12/2019 đến 29/2/2020) toàn tỉnh đã tiếp nhận 659.245 hồ sơ.');
    expect(m.period).toMatchObject({ kind: 'quarter', number: 1, year: 2020 });
  });

  it('"9 tháng đầu năm" in the title, "9 tháng đầu năm 2022" in the text', () => {
    const m = meta('BÁO CÁO', '9 tháng đầu năm, tỷ lệ giải quyết hồ sơ thủ tục hành chính đạt 96,6%', 'Trong 9 tháng đầu năm 2022, các cấp, các ngành từ tỉnh đến cơ sở đã xác định nhiệm vụ cải cách hành chính là trọng tâm.');
    expect(m.period).toMatchObject({ kind: 'nine_months', year: 2022 });
  });

  it('no year anywhere: the report date\'s, the year before for a date early in the next year', () => {
    const m = meta('ỦY BAN NHÂN DÂN', 'HUYỆN ĐẮK GLONG', 'Số: 5/BC-UBND', 'Đắk Glong, ngày 25 tháng 9 năm 2021', 'BÁO CÁO', 'Công tác cải cách hành chính 9 tháng đầu năm');
    expect(m.period).toMatchObject({ kind: 'nine_months', year: 2021 });
    expect(yearFromDate({ kind: 'quarter', number: 4, year: null, raw: 'quý IV' }, '2024-01-05')).toBe(2023);
    expect(yearFromDate({ kind: 'quarter', number: 1, year: null, raw: 'quý I' }, '2024-03-10')).toBe(2024);
    expect(yearFromDate({ kind: 'year', number: null, year: null, raw: 'năm' }, '2024-12-10')).toBe(2024);
  });
});
