import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMetadata, parsePeriod, parseSigner } from '../src/extract/metadata.js';
import { parseTextReport } from '../src/readers/text.js';
import { ReportMetaSchema } from '../schemas/record.js';
import { docFromLines } from './extract.doc-helper.js';

// The seed's front and back matter, line by line as the text reader gives them.
const SEED_LINES = [
  'Số: /BC-UBND',
  'Tiên Động, ngày 08 tháng 9 năm 2023',
  'BÁO CÁO',
  'Công tác cải cách hành chính Quý III năm 2023',
  'Thực hiện Công văn số 281/UBND-NV ngày 07 tháng 3 năm 2022 của UBND huyện Tứ Kỳ về việc triển khai thực hiện chế độ báo cáo cải cách hành chính định kỳ. UBND xã Tiên Động báo cáo kết quả triển khai, thực hiện nhiệm vụ cải cách hành chính Quý III năm 2023, như sau:',
  'Trên đây là báo cáo công tác cải cách hành chính Quý III/2023 của UBND xã Tiên Động./.',
  'Nơi nhận:',
  '- Ban Thường vụ Đảng ủy,',
  '- Thường trực HĐND xã;',
  '- Chủ tịch, Phó Chủ tịch UBND xã;',
  '- Lưu: VP.',
  'TM. ỦY BAN NHÂN DÂN',
  'PHÓ CHỦ TỊCH',
  'Nguyễn Văn Thương',
  '# PHỤ LỤC',
  'UBND xã Hòa Bình báo cáo số liệu', // after the appendix heading: not read
];

describe('extractMetadata on the seed layout', () => {
  const { value, messages } = extractMetadata(docFromLines(SEED_LINES));

  it('finds the unit, its district, and no province when none is stated', () => {
    expect(value).toMatchObject({ unitKind: 'xã', unitName: 'Tiên Động', district: 'Tứ Kỳ', province: null });
  });
  it('keeps a blank report number as null and says so', () => {
    expect(value.number).toBeNull();
    expect(messages.find((m) => m.code === 'report.number_blank')?.message).toContain('/BC-UBND');
    expect(value.provenance.number).toMatchObject({ block: 0 });
  });
  it('reads place, date, title and period', () => {
    expect(value.place).toBe('Tiên Động');
    expect(value.date).toBe('2023-09-08');
    expect(value.title).toBe('Công tác cải cách hành chính Quý III năm 2023');
    expect(value.period).toEqual({ kind: 'quarter', number: 3, year: 2023, raw: 'Quý III năm 2023' });
    expect(value.provenance.date).toMatchObject({ block: 1, span: [11, 35] });
  });
  it('reads the signer and the recipients', () => {
    expect(value.signer).toEqual({ name: 'Nguyễn Văn Thương', title: 'Phó Chủ tịch', onBehalfOf: 'Ủy ban nhân dân' });
    expect(value.recipients).toEqual(['Ban Thường vụ Đảng ủy', 'Thường trực HĐND xã', 'Chủ tịch, Phó Chủ tịch UBND xã', 'Lưu: VP']);
    expect(value.provenance.signer).toMatchObject({ block: 13 });
  });
  it('validates against the schema', () => {
    expect(() => ReportMetaSchema.parse(value)).not.toThrow();
  });
});

describe('extractMetadata on other layouts', () => {
  it('reads a .docx-style header table: phường, filled number, numeric date, 6-month period', () => {
    const doc = docFromLines([
      [
        ['UBND QUẬN HẢI CHÂU', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
        ['UBND PHƯỜNG THẠCH THANG', 'Độc lập - Tự do - Hạnh phúc'],
        ['Số: 125/BC-UBND', 'Thạch Thang, ngày 15/6/2024'],
      ],
      'BÁO CÁO',
      'Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024',
      'Căn cứ Kế hoạch số 10/KH-UBND ngày 05/01/2024 của UBND phường Thạch Thang về cải cách hành chính năm 2024, UBND phường báo cáo kết quả như sau: nội dung dài để tách phần đầu của báo cáo khỏi phần thân của văn bản này.',
      [['Nơi nhận: - UBND quận Hải Châu; - Lưu: VT.', 'KT. CHỦ TỊCH PHÓ CHỦ TỊCH (Đã ký) Trần Thị Mai']],
    ]);
    const { value } = extractMetadata(doc);
    expect(value).toMatchObject({
      unitKind: 'phường',
      unitName: 'Thạch Thang',
      district: 'Hải Châu',
      province: null,
      number: '125/BC-UBND',
      place: 'Thạch Thang',
      date: '2024-06-15',
      title: 'Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024',
      period: { kind: 'half', number: 1, year: 2024 },
    });
    expect(value.signer).toEqual({ name: 'Trần Thị Mai', title: 'Phó Chủ tịch', onBehalfOf: 'Chủ tịch' });
    expect(value.recipients).toEqual(['UBND quận Hải Châu', 'Lưu: VT']);
    expect(value.provenance.number).toMatchObject({ table: 0, row: 2, cell: 0 });
  });

  it('reads a thị trấn with its province and a one-line title, and warns on a blank day', () => {
    const doc = docFromLines([
      'ỦY BAN NHÂN DÂN THỊ TRẤN NAM SÁCH',
      'Số: 07/BC-UBND',
      'Nam Sách, ngày    tháng 7 năm 2024',
      'BÁO CÁO công tác cải cách hành chính quý 2/2024',
      'Thực hiện Kế hoạch của UBND huyện Nam Sách, tỉnh Hải Dương, UBND thị trấn Nam Sách báo cáo kết quả cải cách hành chính quý II năm 2024 của đơn vị trên địa bàn thị trấn Nam Sách với các nội dung như sau đây.',
    ]);
    const { value, messages } = extractMetadata(doc);
    expect(value).toMatchObject({ unitKind: 'thị trấn', unitName: 'Nam Sách', district: 'Nam Sách', province: 'Hải Dương', number: '07/BC-UBND' });
    expect(value.title).toBe('Công tác cải cách hành chính quý 2/2024');
    expect(value.period).toMatchObject({ kind: 'quarter', number: 2, year: 2024 });
    expect(value.date).toBeNull();
    expect(messages.some((m) => m.code === 'report.date_incomplete')).toBe(true);
  });

  it('warns when nothing names the unit or period', () => {
    const { value, messages } = extractMetadata(docFromLines(['Một đoạn văn không có thông tin gì.']));
    expect(value.unitName).toBeNull();
    expect(value.period).toBeNull();
    expect(messages.map((m) => m.code)).toEqual(expect.arrayContaining(['report.unit_missing', 'report.period_missing']));
  });
});

describe('parsePeriod', () => {
  it.each([
    ['Quý III năm 2023', { kind: 'quarter', number: 3, year: 2023 }],
    ['quý 3/2023', { kind: 'quarter', number: 3, year: 2023 }],
    ['QUÝ IV NĂM 2022', { kind: 'quarter', number: 4, year: 2022 }],
    ['6 tháng đầu năm 2023', { kind: 'half', number: 1, year: 2023 }],
    ['06 tháng cuối năm 2024', { kind: 'half', number: 2, year: 2024 }],
    ['6 tháng cuối năm', { kind: 'half', number: 2, year: null }],
    ['9 tháng năm 2023', { kind: 'nine_months', number: null, year: 2023 }],
    ['tháng 5 năm 2023', { kind: 'month', number: 5, year: 2023 }],
    ['công tác CCHC năm 2023', { kind: 'year', number: null, year: 2023 }],
  ])('%s', (text, expected) => {
    expect(parsePeriod(text)).toMatchObject(expected);
  });
  it('returns null without a period', () => {
    expect(parsePeriod('Công tác cải cách hành chính')).toBeNull();
  });
});

describe('parseSigner', () => {
  it('reads separate lines and a single joined cell alike', () => {
    const expected = { name: 'Nguyễn Văn Thương', title: 'Phó Chủ tịch', onBehalfOf: 'Ủy ban nhân dân' };
    expect(parseSigner(['TM. ỦY BAN NHÂN DÂN', 'PHÓ CHỦ TỊCH', 'Nguyễn Văn Thương'])).toEqual(expected);
    expect(parseSigner(['TM. ỦY BAN NHÂN DÂN PHÓ CHỦ TỊCH Nguyễn Văn Thương'])).toEqual(expected);
  });
  it('title-cases an all-caps name and reads "TM. … KT. CHỦ TỊCH"', () => {
    expect(parseSigner(['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '(Đã ký)', 'LÊ VĂN AN'])).toEqual({
      name: 'Lê Văn An',
      title: 'Phó Chủ tịch',
      onBehalfOf: 'Ủy ban nhân dân',
    });
  });
});

describe('extractMetadata on the whole seed file', () => {
  it('agrees with the line-by-line layout', () => {
    const text = readFileSync(new URL('../fixtures/tien-dong-2023-q3.txt', import.meta.url), 'utf8');
    const { blocks } = parseTextReport(text, 'seed.txt');
    const { value } = extractMetadata({ ...docFromLines([]), blocks });
    expect(value).toMatchObject({
      unitKind: 'xã',
      unitName: 'Tiên Động',
      district: 'Tứ Kỳ',
      number: null,
      date: '2023-09-08',
      period: { kind: 'quarter', number: 3, year: 2023 },
      signer: { name: 'Nguyễn Văn Thương', title: 'Phó Chủ tịch', onBehalfOf: 'Ủy ban nhân dân' },
    });
    expect(value.recipients).toHaveLength(5);
  });
});

describe('findUnitMentions', () => {
  it('reads units in prose and in all-caps headers, and nothing in look-alike words', async () => {
    const { findUnitMentions } = await import('../src/normalise/names.js');
    const pick = (t: string) => findUnitMentions(t).map((m) => [m.kind, m.name, m.ubnd]);
    expect(pick('UBND xã Tiên Động báo cáo; trên địa bàn xã Tiên Động năm 2023')).toEqual([
      ['xã', 'Tiên Động', true],
      ['xã', 'Tiên Động', false],
    ]);
    expect(pick('ỦY BAN NHÂN DÂN HUYỆN TỨ KỲ')).toEqual([['huyện', 'Tứ Kỳ', true]]);
    expect(pick('UBND phường 3, thị xã Chí Linh')).toEqual([
      ['phường', '3', true],
      ['thị xã', 'Chí Linh', false],
    ]);
    expect(pick('hoạt động cơ quan Nhà nước, quản Lý')).toEqual([]);
  });
});

describe('parsePeriod and dates', () => {
  it('does not take the year of a cited date for the period', () => {
    expect(parsePeriod('Căn cứ Kế hoạch số 52/KH-UBND, ngày 30 tháng 12 năm 2022 về cải cách hành chính')).toBeNull();
    expect(parsePeriod('Kế hoạch ngày 30 tháng 12 năm 2022 về CCHC năm 2023')).toMatchObject({ kind: 'year', year: 2023 });
  });
});

describe('a title wrapped by the PDF layout', () => {
  it('reads the period from the joined title lines, year included', () => {
    const { value } = extractMetadata(
      docFromLines([
        'Số: 92/BC-UBND',
        'Mỹ An Hưng A, ngày 19 tháng 9 năm 2022',
        'BÁO CÁO',
        'Kết quả thực hiện công tác cải cách hành chính 9 tháng đầu',
        'năm 2022',
        'Thực hiện Công văn số 1132/UBND-NV ngày 20 tháng 9 năm 2021 của UBND huyện Lấp Vò về việc triển khai thực hiện chế độ báo cáo. UBND xã Mỹ An Hưng A báo cáo như sau:',
      ]),
    );
    expect(value.period).toEqual({ kind: 'nine_months', number: null, year: 2022, raw: '9 tháng đầu năm 2022' });
    expect(value.title).toBe('Kết quả thực hiện công tác cải cách hành chính 9 tháng đầu năm 2022');
  });
});
