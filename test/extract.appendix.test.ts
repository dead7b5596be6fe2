import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractAppendix } from '../src/extract/appendix.js';
import { isRowCode, parseRowCode } from '../src/text/row-code.js';
import { docFromText } from './extract.doc-helper.js';


const HEADER = [
  'STT\tChỉ tiêu thống kê <i>(sử dụng cho kỳ báo cáo hàng quý, 6 tháng, năm)</i>\tKết quả thống kê\t\tGhi chú',
  '\t\tĐơn vị tính\tSố lượng/ Tỷ lệ\t',
].join('\n');

describe('parseRowCode', () => {
  it.each([
    ['1.', '1'],
    ['2.1.', '2.1'],
    ['3.3.1.', '3.3.1'],
    ['1.4', '1.4'],
    ['<b>1.</b>', null],
    ['', null],
    ['Chỉ tiêu', null],
  ])('%s → %s', (raw, code) => expect(parseRowCode(raw)).toBe(code));
  it('agrees with the layout: a sub-item "a)" opens a row but is no indicator code', () => {
    expect(isRowCode('a)')).toBe(true);
    expect(parseRowCode('a)')).toBeNull();
    expect(parseRowCode(' 2. 1. ')).toBe('2.1');
    expect(parseRowCode('II.')).toBe('II');
    for (const t of ['1.000', '2023', '99,6']) expect([parseRowCode(t), isRowCode(t)]).toEqual([null, false]);
  });
});

describe('extractAppendix on the text form', () => {
  it('reads header columns, group rows, blanks and Vietnamese numbers', () => {
    const doc = docFromText(
      [
        '**Biểu mẫu 6**  ',
        '**Cải cách tài chính công**',
        '',
        HEADER,
        '<b>1.</b>\t<b>Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công</b>\t%\t\t',
        '1.1.\tKế hoạch được giao\tTriệu đồng\t1.000\t',
        '1.2.\tĐã thực hiện\tTriệu đồng\t0\t',
      ].join('\n'),
    );
    const { value } = extractAppendix(doc);
    expect(value.map((i) => [i.form, i.code, i.unit, i.raw, i.value, i.valueKind, i.group])).toEqual([
      [6, '1', '%', '', null, 'blank', true],
      [6, '1.1', 'Triệu đồng', '1.000', 1000, 'number', false],
      [6, '1.2', 'Triệu đồng', '0', 0, 'number', false],
    ]);
    expect(value[0]!.formTitle).toBe('Cải cách tài chính công');
    expect(value[0]!.flags).toContain('not_reported');
  });

  it('joins a row continued on the next page (no code of its own) to its row', () => {
    const doc = docFromText(
      [
        '**Biểu mẫu 7**',
        'Chính quyền số',
        HEADER,
        '6.5.1.\t<i>Tổng số TTHC đủ điều kiện cung cấp trực</i>\t<i>Thủ tục</i>\t<i>04</i>\t',
        '',
        '\t<i>tuyến mức độ 4</i>\t\t\t',
        '6.5.2.\t<i>Số TTHC đang cung cấp trực tuyến mức độ 4</i>\t<i>Thủ tục</i>\t<i>05</i>\t',
      ].join('\n'),
    );
    const { value, messages } = extractAppendix(doc);
    expect(value.map((i) => i.code)).toEqual(['6.5.1', '6.5.2']);
    expect(value[0]!.label).toBe('Tổng số TTHC đủ điều kiện cung cấp trực tuyến mức độ 4');
    expect(value[0]!.value).toBe(4);
    expect(messages.some((m) => m.code === 'row_continued')).toBe(true);
  });

  it('keeps ratios and text values without inventing numbers', () => {
    const doc = docFromText(['Biểu mẫu 1: Chỉ đạo điều hành', HEADER, '1.\tSố văn bản chỉ đạo CCHC đã ban hành\tVăn bản\t8/8\t', '2.\tKhảo sát\tCó = 1; Không = 0\tCó\t'].join('\n'));
    const { value } = extractAppendix(doc);
    expect(value[0]).toMatchObject({ code: '1', value: null, valueKind: 'ratio', ratio: { numerator: 8, denominator: 8 } });
    expect(value[1]).toMatchObject({ code: '2', value: null, valueKind: 'text', unit: 'Có = 1; Không = 0' });
    expect(value[1]!.flags).toContain('text_in_numeric_cell');
    expect(value[0]!.formTitle).toBe('Chỉ đạo điều hành');
  });

  it('extracts every row of the seed exactly as the hand-checked expected list', () => {
    const text = readFileSync(new URL('../fixtures/tien-dong-2023-q3.txt', import.meta.url), 'utf8');
    const expected = JSON.parse(readFileSync(new URL('../fixtures/tien-dong-2023-q3.expected.json', import.meta.url), 'utf8'));
    const { value } = extractAppendix(docFromText(text));
    expect(value.map((i) => ({ form: i.form, code: i.code, unit: i.unit, raw: i.raw, value: i.value, valueKind: i.valueKind }))).toEqual(
      expected.indicators.map((i: Record<string, unknown>) => ({ form: i.form, code: i.code, unit: i.unit, raw: i.raw, value: i.value, valueKind: i.valueKind })),
    );
    expect(new Set(value.map((i) => i.form))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
  });
});
