// The official header block and the signature block as the readers give them: a two-column table
// whose cells hold a column's lines joined by spaces (.docx, PDF), lines one after another, or the
// two columns' lines run together (.doc). Issue 14, item 1.
import { describe, expect, it } from 'vitest';
import { extractMetadata } from '../src/extract/metadata.js';
import { readHeaderBlock } from '../src/extract/header-block.js';
import { linesOf } from '../src/extract/meta-lines.js';
import { ReportMetaSchema } from '../schemas/record.js';
import { docFromLines, type DocLine } from './extract.doc-helper.js';

const BODY =
  'Thực hiện Công văn số 934/UBND-NV ngày 09/10/2022 của UBND huyện Tứ Kỳ về việc báo cáo công tác cải cách hành chính định kỳ, Ủy ban nhân dân xã báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính như sau:';
const TITLE = ['BÁO CÁO', 'Công tác cải cách hành chính năm 2022'];
const CLOSING = 'Trên đây là báo cáo công tác cải cách hành chính năm 2022./.';

const meta = (lines: DocLine[]) => extractMetadata(docFromLines(lines));
const block = (lines: DocLine[]) => {
  const order = { n: 0 };
  return readHeaderBlock(docFromLines(lines).blocks.flatMap((b, i) => linesOf(b, i, order)));
};

describe('the header block as a .docx two-column table (cells = columns, lines joined)', () => {
  const doc: DocLine[] = [
    [['UBND HUYỆN TỨ KỲ UBND XÃ AN PHÚ Số: 45/BC-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc An Phú, ngày 07 tháng 12 năm 2022']],
    ...TITLE,
    BODY,
    CLOSING,
    [['Nơi nhận: - UBND huyện Tứ Kỳ (b/c); - Lưu: VP.', 'TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thị Lan']],
  ];

  it('reads issuing bodies, number, motto and dateline by column', () => {
    const b = block(doc.slice(0, 1));
    expect(b.bodies.map((x) => [x.kind, x.name])).toEqual([
      ['huyện', 'Tứ Kỳ'],
      ['xã', 'An Phú'],
    ]);
    expect(b.number).toMatchObject({ printed: '45/BC-UBND', number: '45/BC-UBND', blank: false });
    expect(b.motto).toMatchObject({ table: 0, cell: 1 });
    expect(b.dateline).toMatchObject({ place: 'An Phú', date: { iso: '2022-12-07' } });
    // The spans point into the right cell's text.
    const right = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc An Phú, ngày 07 tháng 12 năm 2022';
    const [s, e] = b.dateline!.prov.span!;
    expect(right.slice(s, e)).toBe('ngày 07 tháng 12 năm 2022');
    const [ps, pe] = b.dateline!.placeProv!.span!;
    expect(right.slice(ps, pe)).toBe('An Phú');
  });

  it('gives the record: unit from the block, the date, the signer with KT.', () => {
    const { value } = meta(doc);
    expect(value).toMatchObject({
      unitKind: 'xã',
      unitName: 'An Phú',
      district: 'Tứ Kỳ',
      number: '45/BC-UBND',
      place: 'An Phú',
      date: '2022-12-07',
      title: 'Công tác cải cách hành chính năm 2022',
      signer: { name: 'Nguyễn Thị Lan', title: 'Phó Chủ tịch', onBehalfOf: 'Ủy ban nhân dân' },
      recipients: ['UBND huyện Tứ Kỳ (b/c)', 'Lưu: VP'],
    });
    expect(value.dateMonth).toBeUndefined();
    expect(() => ReportMetaSchema.parse(value)).not.toThrow();
  });
});

describe('blank number and blank day', () => {
  it('"Số:      /BC-UBND" is a blank number; "ngày      tháng 9 năm 2023" a date of month precision', () => {
    const { value, messages } = meta([
      [['UBND HUYỆN GIA LỘC UBND XÃ HOÀNG DIỆU Số:      /BC-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Hoàng Diệu, ngày      tháng 9 năm 2023']],
      ...TITLE,
      BODY,
    ]);
    expect(value.number).toBeNull();
    expect(messages.find((m) => m.code === 'report.number_blank')).toMatchObject({ type: 'info' });
    expect(messages.some((m) => m.code === 'report.number_unreadable')).toBe(false);
    expect(value.date).toBeNull();
    expect(value.dateMonth).toBe('2023-09');
    expect(value.place).toBe('Hoàng Diệu');
    expect(messages.find((m) => m.code === 'report.date_incomplete')).toMatchObject({ type: 'info' });
    expect(value).toMatchObject({ unitName: 'Hoàng Diệu', district: 'Gia Lộc' });
    expect(() => ReportMetaSchema.parse(value)).not.toThrow();
  });

  it('an impossible date stays a warning', () => {
    const { value, messages } = meta(['Số: 12/BC-UBND', 'An Phú, ngày 31 tháng 2 năm 2023', ...TITLE, BODY]);
    expect(value.date).toBeNull();
    expect(value.dateMonth).toBeUndefined();
    expect(messages.find((m) => m.code === 'report.date_incomplete')).toMatchObject({ type: 'warning' });
  });
});

describe('the header block as a .doc gives it: lines, the two columns run together', () => {
  it('cuts the motto out of "Số: …" lines and keeps the commune under its district', () => {
    const { value } = meta([
      'UBND HUYỆN NINH GIANG',
      'UBND XÃ ỨNG HÒE',
      'Số: 100/BC-UBND CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      [['ứng Hòe, ngày 05 tháng 9 năm 2021']],
      'BÁO CÁO',
      'Công tác cải cách hành chính Quý III năm 2021',
      // The district is named more often than the commune, whose name a legacy-font repair left in
      // lower case: the block, not a count of mentions, says who reports.
      'Thực hiện Công văn số 934/UBND-NV ngày 09/10/2020 của UBND huyện Ninh Giang, tỉnh Hải Dương, UBND xã ứng Hòe báo cáo kết quả công tác cải cách hành chính trên địa bàn huyện Ninh Giang như sau:',
      'Trên đây là báo cáo của UBND xã ứng Hòe gửi UBND huyện Ninh Giang./.',
      'Nơi nhận:',
      '- UBND huyện Ninh Giang;',
      '- Lưu: VP. TM. ỦY BAN NHÂN DÂN',
      'PHÓ CHỦ TỊCH',
      [['Trần Hồng Hương']],
    ]);
    expect(value).toMatchObject({
      unitKind: 'xã',
      unitName: 'Ứng Hòe',
      district: 'Ninh Giang',
      province: 'Hải Dương',
      number: '100/BC-UBND',
      date: '2021-09-05',
      signer: { name: 'Trần Hồng Hương', title: 'Phó Chủ tịch', onBehalfOf: 'Ủy ban nhân dân' },
    });
    expect(value.recipients).toEqual(['UBND huyện Ninh Giang', 'Lưu: VP']);
  });

  it('joins a body name wrapped over two lines and reads capitals a repair left in lower case', () => {
    expect(block(['UBND HUYỆN TỨ KỲ', 'ỦY BAN NHÂN DÂN XÃ AN', 'THANH', 'Số: 45/BC-UBND']).bodies.map((b) => b.name)).toEqual(['Tứ Kỳ', 'An Thanh']);
    expect(block(['UBND HUYỆN TỨ KỲ ủY BAN NHâN DâN Xã NGUYêN GIÁP']).bodies.map((b) => b.name)).toEqual(['Tứ Kỳ', 'Nguyên Giáp']);
  });
});

describe('district and provincial reports use the same block', () => {
  it('UBND TỈNH over UBND HUYỆN: a district report', () => {
    const { value } = meta([
      [['UBND TỈNH HẢI DƯƠNG UBND HUYỆN TỨ KỲ Số: 301/BC-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Tứ Kỳ, ngày 10 tháng 6 năm 2023']],
      ...TITLE,
      BODY,
    ]);
    expect(value).toMatchObject({ unitKind: 'huyện', unitName: 'Tứ Kỳ', district: 'Tứ Kỳ', province: 'Hải Dương', number: '301/BC-UBND', date: '2023-06-10' });
  });

  it('UBND TỈNH over SỞ: a department of the province', () => {
    const { value } = meta([
      [['UBND TỈNH HẢI DƯƠNG SỞ NỘI VỤ Số: 88/BC-SNV', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Hải Dương, ngày 02 tháng 7 năm 2023']],
      ...TITLE,
      BODY,
      [['Nơi nhận: - UBND tỉnh; - Lưu: VT.', 'KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Lê Văn Hùng']],
    ]);
    expect(value).toMatchObject({ unitKind: 'sở', unitName: 'Nội vụ', province: 'Hải Dương', number: '88/BC-SNV', place: 'Hải Dương', date: '2023-07-02' });
    expect(value.signer).toEqual({ name: 'Lê Văn Hùng', title: 'Phó Giám đốc', onBehalfOf: 'Giám đốc' });
  });

  it('UBND HUYỆN over PHÒNG: an office of the district', () => {
    const { value } = meta([
      [['UBND HUYỆN THANH MIỆN PHÒNG NỘI VỤ Số: 17/BC-PNV', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Thanh Miện, ngày 20 tháng 3 năm 2024']],
      ...TITLE,
      BODY,
    ]);
    expect(value).toMatchObject({ unitKind: 'phòng', unitName: 'Nội vụ', district: 'Thanh Miện', number: '17/BC-PNV', date: '2024-03-20' });
  });
});

describe('reports without the block keep working', () => {
  it('no block: number and dateline alone, the unit from the narrative', () => {
    const { value } = meta(['Số: 92/BC-UBND', 'Mỹ An Hưng A, ngày 19 tháng 9 năm 2022', ...TITLE, BODY.replace('Ủy ban nhân dân xã', 'UBND xã Mỹ An Hưng A')]);
    expect(value).toMatchObject({ unitName: 'Mỹ An Hưng A', district: 'Tứ Kỳ', number: '92/BC-UBND', place: 'Mỹ An Hưng A', date: '2022-09-19' });
  });

  it('the motto alone, in one column: "XÃ HỘI" in it is no commune', () => {
    const { value } = meta([
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Quang Trung, ngày 09 tháng 12 năm 2022',
      ...TITLE,
      'UBND xã Quang Trung báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính năm 2022 của huyện Kiến Xương như sau đây, với các nội dung chi tiết được trình bày trong các mục dưới đây của báo cáo này.',
    ]);
    expect(value).toMatchObject({ unitKind: 'xã', unitName: 'Quang Trung', place: 'Quang Trung', date: '2022-12-09', number: null });
  });

  it('the whole block in one column, line by line', () => {
    const { value } = meta([
      'UBND HUYỆN TỨ KỲ',
      'UBND XÃ TIÊN ĐỘNG',
      'Số: 15/BC-UBND',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Tiên Động, ngày 08 tháng 9 năm 2023',
      ...TITLE,
      BODY,
    ]);
    expect(value).toMatchObject({ unitName: 'Tiên Động', district: 'Tứ Kỳ', number: '15/BC-UBND', place: 'Tiên Động', date: '2023-09-08' });
  });

  it('a cited "công văn số 281/UBND-NV" is not the report number', () => {
    expect(block(['Thực hiện công văn số 281/UBND-NV ngày 07/3/2022']).number).toBeNull();
  });
});

describe('the signature block read from OCR-damaged text', () => {
  it('skips a speck before the name and a garbled title after KT. CHỦ TỊCH', () => {
    const sig = (right: string) => meta([...TITLE, BODY, [['Nơi nhận: - Lưu: VP.', right]]]).value.signer;
    expect(sig('TM. ỦY BAN NHÂN DÂN CHỦ TỊCH l Bùi Đức Hưởng')).toEqual({ name: 'Bùi Đức Hưởng', title: 'Chủ tịch', onBehalfOf: 'Ủy ban nhân dân' });
    expect(sig('TM. ỦY BAN NHÂN DÂN PHÓ CHỦ TỊCHl Bùi Thu Thoa')).toMatchObject({ name: 'Bùi Thu Thoa', title: 'Phó Chủ tịch' });
    expect(sig('TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHO CHỦ 1ỊCH Phạm Hồng Thoa')).toMatchObject({ name: 'Phạm Hồng Thoa', onBehalfOf: 'Ủy ban nhân dân' });
    expect(sig('TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦTỊCH Lê Văn Cường')).toMatchObject({ name: 'Lê Văn Cường', title: 'Phó Chủ tịch' });
  });
});

describe('body words are read with their tones', () => {
  it('"XÃ HỒNG PHONG" is a commune, not a "PHÒNG"', () => {
    expect(block(['UBND HUYỆN NINH GIANG UBND XÃ HỒNG PHONG', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']).bodies.map((b) => [b.kind, b.name])).toEqual([
      ['huyện', 'Ninh Giang'],
      ['xã', 'Hồng Phong'],
    ]);
    expect(block(['UBND HUYỆN NINH GIANG', 'UBND XÃ HỒNG PHONG', 'về công tác cải cách hành chính']).bodies.map((b) => b.name)).toEqual(['Ninh Giang', 'Hồng Phong']);
  });
});

describe('an agency word inside a place name', () => {
  it('"UBND XÃ YÊN SỞ" is the commune Yên Sở, not a Sở; "SỞ NỘI VỤ" under UBND TỈNH is a Sở', () => {
    const commune = block([[['UBND HUYỆN THANH TRÌ UBND XÃ YÊN SỞ Số: 12/BC-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Yên Sở, ngày 05 tháng 4 năm 2021']]]);
    expect(commune.bodies.map((x) => [x.kind, x.name])).toEqual([
      ['huyện', 'Thanh Trì'],
      ['xã', 'Yên Sở'],
    ]);
    const agency = block([[['UBND TỈNH HẢI DƯƠNG SỞ NỘI VỤ Số: 12/BC-SNV', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Hải Dương, ngày 05 tháng 4 năm 2021']]]);
    expect(agency.bodies.map((x) => [x.kind, x.name])).toEqual([
      ['tỉnh', 'Hải Dương'],
      ['sở', 'Nội vụ'],
    ]);
  });
});
