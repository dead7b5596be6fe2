// Column roles from what the cells hold: header wordings are hints, the body decides; a value
// column that cannot be found gives unlocated values and a partial record, never blanks.
import { describe, expect, it } from 'vitest';
import { codeGaps, extractAppendix } from '../src/extract/appendix.js';
import { findColumns, unitLikeness, valueLikeness } from '../src/extract/column-roles.js';
import { buildRecord } from '../src/pipeline.js';
import { docFromText } from './extract.doc-helper.js';
import type { DocumentModel, TableBlock } from '../schemas/document.js';


const FORM1_ROWS = [
  '<b>1.</b>\t<b>Số văn bản chỉ đạo CCHC đã ban hành</b>\tVăn bản\t8\t',
  '<b>2.</b>\t<b>Tỷ lệ hoàn thành Kế hoạch CCHC năm</b>\t%\t76,92\tLũy kế',
  '2.1.\tSố nhiệm vụ đề ra trong kế hoạch\tNhiệm vụ\t26\t',
  '2.2.\tSố nhiệm vụ đã hoàn thành\tNhiệm vụ\t20\t',
  '<b>3.</b>\t<b>Kiểm tra CCHC</b>\t\t\t',
  '3.1.\tSố tổ chức đã kiểm tra\tTổ chức\t\t',
  '<b>5.</b>\t<b>Khảo sát sự hài lòng của người dân, tổ chức</b>\tCó = 1; Không = 0\t1\t',
];

function form1(header: string[], rows = FORM1_ROWS): DocumentModel {
  return docFromText(['**Biểu mẫu 1**', '**Công tác chỉ đạo điều hành CCHC**', '', ...header, ...rows].join('\n'));
}

function table(doc: DocumentModel): TableBlock {
  const t = doc.blocks.find((b): b is TableBlock => b.kind === 'table');
  if (!t) throw new Error('no table');
  return t;
}

const values = (doc: DocumentModel) => extractAppendix(doc).value.map((i) => [i.code, i.unit, i.raw, i.valueKind]);

const EXPECTED = [
  ['1', 'Văn bản', '8', 'number'],
  ['2', '%', '76,92', 'number'],
  ['2.1', 'Nhiệm vụ', '26', 'number'],
  ['2.2', 'Nhiệm vụ', '20', 'number'],
  ['3', null, '', 'blank'],
  ['3.1', 'Tổ chức', '', 'blank'],
  ['5', 'Có = 1; Không = 0', '1', 'number'],
];

describe('column roles from content', () => {
  it.each([
    ['the seed’s two-level head', ['STT\tChỉ tiêu thống kê\tKết quả thống kê\t\tGhi chú', '\t\tĐơn vị tính\tSố lượng/ Tỷ lệ\t']],
    ['"Số liệu thống kê" over "Đơn vị tính" and a wrapped value head', ['STT\tNội dung chỉ tiêu\tSố liệu thống kê\t\tGhi chú', '\t\tĐơn vị tính\tSố lượng/Tỷ lệ\t']],
    ['a flat head with "Kết quả"', ['STT\tChỉ tiêu thống kê\tĐơn vị tính\tKết quả\tGhi chú']],
    ['"TT", "Tên chỉ tiêu", "ĐVT", "Số liệu"', ['TT\tTên chỉ tiêu\tĐVT\tSố liệu\tGhi chú']],
    ['"Số TT" and heads nobody uses', ['Số TT\tNội dung\tTính bằng\tThực hiện trong kỳ\tDiễn giải']],
    ['no head at all', []],
  ])('reads %s', (_name, header) => {
    expect(values(form1(header))).toEqual(EXPECTED);
  });

  it('finds a form without a unit column, and without a note column', () => {
    const rows = FORM1_ROWS.map((r) => r.split('\t')).map(([c, l, , v, n]) => [c, l, v, n].join('\t'));
    const noUnit = form1(['STT\tNội dung chỉ tiêu\tKết quả\tGhi chú'], rows);
    expect(findColumns(table(noUnit))?.columns).toEqual({ code: 0, label: 1, unit: null, value: 2, note: 3 });
    expect(extractAppendix(noUnit).value.map((i) => i.raw)).toEqual(['8', '76,92', '26', '20', '', '', '1']);
    const noNote = form1(['STT\tChỉ tiêu\tĐơn vị tính\tSố lượng/Tỷ lệ'], FORM1_ROWS.map((r) => r.split('\t').slice(0, 4).join('\t')));
    expect(findColumns(table(noNote))?.columns).toEqual({ code: 0, label: 1, unit: 2, value: 3, note: null });
  });

  it('trusts the cells over a head that names the wrong column', () => {
    // The heads of unit and value swapped by a careless template: the numbers still are the values.
    const doc = form1(['STT\tChỉ tiêu thống kê\tSố lượng\tĐơn vị tính\tGhi chú']);
    expect(values(doc)).toEqual(EXPECTED);
  });

  it('is no form without rising row codes', () => {
    const doc = docFromText(['UBND HUYỆN TỨ KỲ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'UBND XÃ AN PHÚ\tĐộc lập - Tự do - Hạnh phúc', 'Số: 45/BC-UBND\tAn Phú, ngày 07 tháng 12 năm 2022'].join('\n'));
    const t = doc.blocks.find((b): b is TableBlock => b.kind === 'table');
    if (t) expect(findColumns(t)).toBeNull();
  });

  it('scores cells by what they are', () => {
    expect(unitLikeness('Văn bản')).toBe(1);
    expect(unitLikeness('Có = 1; Không = 0')).toBe(1);
    expect(unitLikeness('%')).toBe(1);
    expect(unitLikeness('1.000')).toBe(0);
    expect(unitLikeness('Số nhiệm vụ đề ra trong kế hoạch năm 2023')).toBe(0);
    expect(valueLikeness('1.000')).toBe(1);
    expect(valueLikeness('99,6')).toBe(1);
    expect(valueLikeness('8/8')).toBe(1);
    expect(valueLikeness('Nhiệm vụ')).toBe(0);
  });
});

describe('values that were not located are never blank', () => {
  it('a number printed in the unit cell beside an empty value cell is unlocated, flagged, and makes the record partial', () => {
    const rows = [...FORM1_ROWS.slice(0, 3), '2.2.\tSố nhiệm vụ đã hoàn thành\tNhiệm vụ 20\t\t', ...FORM1_ROWS.slice(4)];
    const doc = form1(['STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố lượng/Tỷ lệ\tGhi chú'], rows);
    const r = extractAppendix(doc);
    const row = r.value.find((i) => i.code === '2.2')!;
    expect([row.valueKind, row.value, row.flags]).toEqual(['unlocated', null, ['value_unlocated']]);
    expect(r.value.find((i) => i.code === '3.1')!.valueKind).toBe('blank');
    expect(r.messages.map((m) => m.code)).toContain('value_not_located');
    const record = buildRecord(doc).value;
    expect(record.status).toBe('partial');
    expect(record.conflicts.filter((c) => c.rule === 'value_not_located').map((c) => c.refs)).toEqual([['form1:2.2']]);
  });

  it('a form whose values cannot be told apart from its other columns gives no blank at all', () => {
    // Values glued to the units in one column: no column of values exists.
    const rows = FORM1_ROWS.map((r) => r.split('\t')).map(([c, l, u, v]) => [c, l, [u, v].filter(Boolean).join(' ')].join('\t'));
    const doc = form1(['STT\tChỉ tiêu thống kê\tĐơn vị tính và số liệu'], rows);
    const r = extractAppendix(doc);
    expect(r.value).toHaveLength(7);
    expect(r.value.every((i) => i.valueKind === 'unlocated' && i.flags.includes('value_unlocated'))).toBe(true);
    expect(r.messages.map((m) => m.code)).toContain('value_column_not_found');
    const record = buildRecord(doc).value;
    expect(record.status).toBe('partial');
    expect(record.indicators.some((i) => i.valueKind === 'blank')).toBe(false);
  });

  it('a form whose heading is printed but whose rows could not be read makes the record partial', () => {
    const doc = docFromText(
      [
        '**Biểu mẫu 1**', '**Công tác chỉ đạo điều hành CCHC**', '', 'STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố lượng/Tỷ lệ\tGhi chú', ...FORM1_ROWS, '',
        '**Biểu mẫu 2**', '**Cải cách thể chế**', '', 'STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố lượng/Tỷ lệ\tGhi chú', '',
        '1. Tổng số Văn bản quy phạm pháp luật (VBQPPL) do địa phương ban hành',
        '1.1. Số VBQPPL do cấp huyện ban hành Văn bản 2',
      ].join('\n'),
    );
    const r = extractAppendix(doc);
    expect(new Set(r.value.map((i) => i.form))).toEqual(new Set([1]));
    expect(r.messages.filter((m) => m.code === 'form_not_read').map((m) => m.message)).toEqual(['Biểu mẫu 2 is printed but none of its rows could be read']);
    const record = buildRecord(doc).value;
    expect(record.status).toBe('partial');
    expect(record.warnings.find((w) => w.code === 'record_partial')?.message).toContain('the rows of a printed form not read');
  });

  it('a hole in a form’s row codes is a row the reader lost: warned, and the record is partial', () => {
    expect(codeGaps(['1', '2', '2.1', '2.2', '3', '3.1', '3.3', '5', '5.1', '6'])).toEqual(['3.2', '4']);
    expect(codeGaps(['1', '1.1', '1.2', '2', '2.1', '2.2', '2.2.1', '2.2.2', '3', '3.1'])).toEqual([]);
    const doc = form1(['STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố lượng/Tỷ lệ\tGhi chú'], FORM1_ROWS.filter((r) => !r.startsWith('2.2.')).concat('2.3.\tSố nhiệm vụ đã hoàn thành đúng hạn\tNhiệm vụ\t15\t'));
    expect(extractAppendix(doc).messages.find((m) => m.code === 'row_code_gap')?.message).toMatch(/no row 4, 2\.2 /);
    expect(buildRecord(doc).value.status).toBe('partial');
  });

  it('a value in a row whose code could not be read is given to no row: warned, record partial', () => {
    const rows = [...FORM1_ROWS.slice(0, 4), 'S,\tSố vấn đề phát hiện qua kiểm tra\tVấn đề\t21,4\t', ...FORM1_ROWS.slice(4)];
    const doc = form1(['STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố lượng/Tỷ lệ\tGhi chú'], rows);
    const r = extractAppendix(doc);
    expect(r.value.find((i) => i.code === '2.2')!.raw).toBe('20');
    expect(r.value.some((i) => i.raw === '21,4')).toBe(false);
    expect(r.messages.find((m) => m.code === 'value_without_code')?.message).toContain('"21,4" after row 2.2');
    expect(buildRecord(doc).value.status).toBe('partial');
  });

  it('a row code read twice in one form flags both rows; a heading OCR printed "Biểu:mẫu 1" is still the form', () => {
    const rows = [...FORM1_ROWS.slice(0, 4), '2.2.\tSố nhiệm vụ đã hoàn thành đúng hạn\tNhiệm vụ\t15\t', ...FORM1_ROWS.slice(4)];
    const doc = docFromText(['**Biểu:mẫu 1**', '**Công tác chỉ đạo điều hành CCHC**', '', 'STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố lượng/Tỷ lệ\tGhi chú', ...rows].join('\n'));
    const r = extractAppendix(doc);
    expect(r.value[0]!.form).toBe(1);
    expect(r.value.filter((i) => i.flags.includes('code_repeated')).map((i) => [i.code, i.raw])).toEqual([
      ['2.2', '20'],
      ['2.2', '15'],
    ]);
    expect(r.messages.map((m) => m.code)).toContain('row_code_repeated');
    expect(buildRecord(doc).value.status).toBe('partial');
  });

  it('a form table a thousand columns wide (damaged spans) gets the same roles as without the empty columns, at once', () => {
    // Campaign seed 16: trying every assignment of roles was cubic in the width; a .docx whose
    // table claimed ~1,000 columns kept sohoa extract busy for minutes.
    const narrow = table(form1(['STT\tChỉ tiêu thống kê\tĐơn vị tính\tKết quả\tGhi chú']));
    const extra = 1000;
    const wide: TableBlock = {
      ...narrow,
      columns: narrow.columns + extra,
      rows: narrow.rows.map((r) => ({
        ...r,
        cells: [...r.cells, ...Array.from({ length: extra }, (_, i) => ({ text: '', col: narrow.columns + i, colspan: 1, rowspan: 1 }))],
      })),
    };
    const t0 = Date.now();
    const roles = findColumns(wide);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(roles).toEqual(findColumns(narrow));
    expect(roles?.columns).toEqual({ code: 0, label: 1, unit: 2, value: 3, note: 4 });
  });
});
