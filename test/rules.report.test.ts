import { describe, expect, it } from 'vitest';
import { ConflictSchema, type Conflict, type ReportRecord } from '../schemas/record.js';
import { runReportRules } from '../src/rules/engine.js';
import { citationRef } from '../src/rules/conflict.js';
import type { TextSpan } from '../src/rules/types.js';
import { citation, fact, ind, record, rows, SEED_FILE } from './rules.builder.js';

function only(rec: ReportRecord, rule: string, texts: TextSpan[] = []): Conflict[] {
  const all = runReportRules(rec, { texts });
  for (const c of all) expect(ConflictSchema.safeParse(c).success).toBe(true);
  return all.filter((c) => c.rule === rule);
}

const text = (t: string, block = 50): TextSpan => ({ text: t, provenance: { file: SEED_FILE, block } });

describe('rate_mismatch', () => {
  it('flags form 1 item 2 = 100% against 2.2/2.1 = 20/26 and suggests 76,92', () => {
    const rec = record({
      indicators: rows([
        [1, '2', 'Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)', '100'],
        [1, '2.1', 'Số nhiệm vụ đề ra trong kế hoạch', '26'],
        [1, '2.2', 'Số nhiệm vụ đã hoàn thành', '20'],
      ]),
    });
    const [c, ...rest] = only(rec, 'rate_mismatch');
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ severity: 'error', refs: ['form1:2', 'form1:2.2', 'form1:2.1'], values: [100, 20, 26] });
    expect(c!.suggestion).toMatchObject({ ref: 'form1:2', value: 76.92 });
    expect(c!.message).toContain('20/26');
  });
  it('accepts a rate printed to its precision: 99,6 for 258/259, 99 (truncated), 76,9', () => {
    for (const printed of ['99,6', '99']) {
      const rec = record({
        indicators: rows([
          [3, '3.3', 'Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn', printed],
          [3, '3.3.1', 'Tổng số hồ sơ TTHC đã giải quyết xong', '259'],
          [3, '3.3.2', 'Số hồ sơ TTHC giải quyết đúng hạn', '258'],
        ]),
      });
      expect(only(rec, 'rate_mismatch')).toEqual([]);
    }
    const rec = record({
      indicators: rows([
        [1, '2', 'Tỷ lệ hoàn thành Kế hoạch CCHC năm', '76,9'],
        [1, '2.1', 'Số nhiệm vụ đề ra trong kế hoạch', '26'],
        [1, '2.2', 'Số nhiệm vụ đã hoàn thành', '20'],
      ]),
    });
    expect(only(rec, 'rate_mismatch')).toEqual([]);
  });
  it('rejects 99,5 for 258/259 (99,61)', () => {
    const rec = record({
      indicators: rows([
        [3, '3.3', 'Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn', '99,5'],
        [3, '3.3.1', 'Tổng số hồ sơ TTHC đã giải quyết xong', '259'],
        [3, '3.3.2', 'Số hồ sơ TTHC giải quyết đúng hạn', '258'],
      ]),
    });
    expect(only(rec, 'rate_mismatch')).toHaveLength(1);
  });
});

describe('rate_zero_denominator / rate_blank_computable', () => {
  const pakn = (rate: string) =>
    record({
      indicators: rows([
        [3, '3.4', 'Tỷ lệ giải quyết phản ánh, kiến nghị (PAKN) về quy định TTHC', rate],
        [3, '3.4.1', 'Tổng số PAKN đã tiếp nhận (trực tiếp hoặc do cơ quan có thẩm quyền chuyển đến)', '0'],
        [3, '3.4.2', 'Số PAKN đã giải quyết xong', '0'],
      ]),
    });
  it('flags 100% of zero received', () => {
    expect(only(pakn('100'), 'rate_zero_denominator')).toMatchObject([{ severity: 'warning', refs: ['form3:3.4', 'form3:3.4.1'] }]);
  });
  it('accepts 0 or blank over zero', () => {
    expect(only(pakn('0'), 'rate_zero_denominator')).toEqual([]);
    expect(only(pakn(''), 'rate_zero_denominator')).toEqual([]);
    expect(only(pakn(''), 'rate_blank_computable')).toEqual([]);
  });
  it('suggests a blank rate from its parts', () => {
    const rec = (rate: string) =>
      record({
        indicators: rows([
          [6, '1', 'Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công', rate],
          [6, '1.1', 'Kế hoạch được giao', '1.000'],
          [6, '1.2', 'Đã thực hiện', '250'],
        ]),
      });
    expect(only(rec(''), 'rate_blank_computable')).toMatchObject([{ severity: 'info', suggestion: { ref: 'form6:1', value: 25 } }]);
    expect(only(rec('25'), 'rate_blank_computable')).toEqual([]);
  });
});

describe('sum_mismatch', () => {
  const tthc = (total: string) =>
    record({
      indicators: rows([
        [3, '1.4', 'Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương', total],
        [3, '1.4.1', 'Số TTHC cấp tỉnh (Bao gồm cả TTHC của cơ quan ngành dọc)', '20'],
        [3, '1.4.2', 'Số TTHC cấp huyện (Bao gồm cả TTHC của cơ quan ngành dọc)', '30'],
        [3, '1.4.3', 'Số TTHC cấp xã (Bao gồm cả TTHC của cơ quan ngành dọc)', '90'],
      ]),
    });
  it('flags a total that is not the sum of its exhaustive parts and suggests the sum', () => {
    expect(only(tthc('150'), 'sum_mismatch')).toMatchObject([
      { severity: 'error', values: [150, 20, 30, 90], suggestion: { ref: 'form3:1.4', value: 140 } },
    ]);
  });
  it('accepts the exact sum', () => {
    expect(only(tthc('140'), 'sum_mismatch')).toEqual([]);
  });
  it('flags non-exhaustive parts adding up to more than the total', () => {
    const tasks = (total: string) =>
      record({
        indicators: rows([
          [1, '4.1', 'Tổng số nhiệm vụ được giao', total],
          [1, '4.2', 'Số nhiệm vụ đã hoàn thành đúng hạn', '4'],
          [1, '4.3', 'Số nhiệm vụ đã hoàn thành nhưng quá hạn', '3'],
          [1, '4.4', 'Số nhiệm vụ quá hạn nhưng chưa hoàn thành', ''],
        ]),
      });
    expect(only(tasks('5'), 'sum_mismatch')).toHaveLength(1);
    // Tasks not yet due are in no part: 10 ≥ 4 + 3 holds.
    expect(only(tasks('10'), 'sum_mismatch')).toEqual([]);
  });
  it('checks a commune\'s total exactly when only the other levels\' rows are blank', () => {
    const commune = (total: string, unitKind = 'xã') =>
      record({
        report: { unitKind },
        indicators: rows([
          [3, '1.4', 'Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương', total],
          [3, '1.4.1', 'Số TTHC cấp tỉnh (Bao gồm cả TTHC của cơ quan ngành dọc)', ''],
          [3, '1.4.2', 'Số TTHC cấp huyện (Bao gồm cả TTHC của cơ quan ngành dọc)', ''],
          [3, '1.4.3', 'Số TTHC cấp xã (Bao gồm cả TTHC của cơ quan ngành dọc)', '167'],
        ]),
      });
    expect(only(commune('170'), 'sum_mismatch')).toMatchObject([{ refs: ['form3:1.4', 'form3:1.4.3'], values: [170, 167], suggestion: { value: 167 } }]);
    expect(only(commune('167'), 'sum_mismatch')).toEqual([]);
    // A district's commune row alone does not make its total.
    expect(only(commune('170', 'huyện'), 'sum_mismatch')).toEqual([]);
    // The seed's 1.4 = 164 < 1.4.3 = 176 is subitem_exceeds_total's finding, not a second one here.
    expect(only(commune('164'), 'sum_mismatch')).toEqual([]);
    expect(only(commune('164'), 'subitem_exceeds_total')).toHaveLength(1);
  });
  it('flags approved positions (Biểu mẫu 5 row 1.1) that are not those placed rightly plus wrongly', () => {
    const posts = (total: string) =>
      record({
        indicators: rows([
          [5, '1.1', 'Số cán bộ, công chức đã được phê duyệt vị trí việc làm theo quy định', total],
          [5, '1.2', 'Số cán bộ, công chức đã được bố trí theo đúng vị trí việc làm theo quy định', '19'],
          [5, '1.3', 'Số cán bộ, công chức không được bố trí theo đúng vị trí việc làm theo quy định', '0'],
        ]),
      });
    expect(only(posts('19'), 'sum_mismatch')).toEqual([]);
    expect(only(posts('24'), 'sum_mismatch')).toMatchObject([{ refs: ['form5:1.1', 'form5:1.2', 'form5:1.3'], values: [24, 19, 0] }]);
  });
  it('reads a one-stop group row printed with a number as the sum of its three rows', () => {
    const oneStop = (group: string) =>
      record({
        indicators: rows([
          [3, '2', 'Thực hiện cơ chế một cửa, một cửa liên thông', group],
          [3, '2.1', 'Số TTHC liên thông cùng cấp', '17'],
          [3, '2.2', 'Số TTHC liên thông giữa các cấp chính quyền', '0'],
          [3, '2.3', 'Số TTHC đã thực hiện tiếp nhận và giải quyết hồ sơ không phụ thuộc vào địa giới hành chính.', '3'],
        ]),
      });
    expect(only(oneStop('20'), 'sum_mismatch')).toEqual([]);
    expect(only(oneStop('26'), 'sum_mismatch')).toMatchObject([{ values: [26, 17, 0, 3], suggestion: { value: 20 } }]);
    expect(only(oneStop(''), 'sum_mismatch')).toEqual([]);
  });
});

describe('subitem_exceeds_total', () => {
  it('flags form 3 1.4 = 164 against 1.4.3 = 176 and suggests 176', () => {
    const rec = record({
      indicators: rows([
        [3, '1.4', 'Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương', '164'],
        [3, '1.4.1', 'Số TTHC cấp tỉnh (Bao gồm cả TTHC của cơ quan ngành dọc)', ''],
        [3, '1.4.2', 'Số TTHC cấp huyện (Bao gồm cả TTHC của cơ quan ngành dọc)', ''],
        [3, '1.4.3', 'Số TTHC cấp xã (Bao gồm cả TTHC của cơ quan ngành dọc)', '176'],
      ]),
    });
    expect(only(rec, 'subitem_exceeds_total')).toMatchObject([
      { severity: 'error', refs: ['form3:1.4', 'form3:1.4.3'], values: [164, 176], suggestion: { ref: 'form3:1.4', value: 176 } },
    ]);
    expect(only(rec, 'sum_mismatch')).toEqual([]);
  });
  it('warns (not errors) for staff present above the quota, and passes below it', () => {
    const staff = (present: string) =>
      record({
        indicators: rows([
          [4, '2.1', 'Tổng số biên chế được giao trong năm', '20'],
          [4, '2.2', 'Tổng số biên chế có mặt tại thời điểm báo cáo', present],
        ]),
      });
    expect(only(staff('21'), 'subitem_exceeds_total')).toMatchObject([{ severity: 'warning' }]);
    expect(only(staff('19'), 'subitem_exceeds_total')).toEqual([]);
  });
  it('flags online dossiers above dossiers received', () => {
    const rec = record({
      indicators: rows([
        [7, '6.7.1', 'Tổng số hồ sơ TTHC đã tiếp nhận (cả trực tiếp và trực tuyến)', '250'],
        [7, '6.7.2', 'Số hồ sơ TTHC đã tiếp nhận trực tuyến', '259'],
      ]),
    });
    expect(only(rec, 'subitem_exceeds_total')).toMatchObject([{ severity: 'error', refs: ['form7:6.7.1', 'form7:6.7.2'] }]);
  });
});

describe('provided_exceeds_eligible', () => {
  const online = (provided: string) =>
    record({
      indicators: rows([
        [7, '6.5.1', 'Tổng số TTHC đủ điều kiện cung cấp trực tuyển mức độ 4', '04'],
        [7, '6.5.2', 'Số TTHC đang cung cấp trực tuyến mức độ 4', provided],
      ]),
    });
  it('flags 6.5.2 = 05 over 6.5.1 = 04', () => {
    expect(only(online('05'), 'provided_exceeds_eligible')).toMatchObject([
      { severity: 'error', refs: ['form7:6.5.1', 'form7:6.5.2'], values: [4, 5] },
    ]);
  });
  it('accepts provided = eligible', () => {
    expect(only(online('04'), 'provided_exceeds_eligible')).toEqual([]);
  });
});

describe('percent_out_of_range', () => {
  const online = (rate: string) =>
    record({
      indicators: rows([
        [7, '6.7', 'Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến mức độ 3 và 4', rate],
        [7, '6.7.1', 'Tổng số hồ sơ TTHC đã tiếp nhận (cả trực tiếp và trực tuyến)', '259'],
        [7, '6.7.2', 'Số hồ sơ TTHC đã tiếp nhận trực tuyến', '259'],
      ]),
    });
  it('flags 259 in a % row, says it looks like a count, suggests 100, and leaves rate_mismatch out', () => {
    const [c] = only(online('259'), 'percent_out_of_range');
    expect(c).toMatchObject({ severity: 'error', values: [259], suggestion: { ref: 'form7:6.7', value: 100 } });
    expect(c!.message).toContain('số lượng');
    expect(only(online('259'), 'rate_mismatch')).toEqual([]);
  });
  it('flags a negative percent and accepts 100', () => {
    const neg = record({ indicators: rows([[7, '3', 'Tỷ lệ báo cáo định kỳ được gửi, nhận qua Hệ thống thông tin báo cáo quốc gia', '-5']]) });
    expect(only(neg, 'percent_out_of_range')).toHaveLength(1);
    expect(only(online('100'), 'percent_out_of_range')).toEqual([]);
  });
});

describe('value_kind_mismatch', () => {
  it('flags "8/8" in a count row and suggests the numerator', () => {
    const rec = record({ indicators: rows([[1, '1', 'Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)', '8/8']]) });
    expect(only(rec, 'value_kind_mismatch')).toMatchObject([{ severity: 'warning', suggestion: { ref: 'form1:1', value: 8 } }]);
  });
  it('flags text, a percent and a fraction in count rows', () => {
    const rec = record({
      indicators: rows([
        [3, '1.2', 'Số TTHC công bố mới', 'Không có'],
        [3, '1.3', 'Số TTHC bãi bỏ, thay thế', '55,55%'],
        [4, '2.3', 'Số hợp đồng lao động làm việc tại UBND cấp xã', '2,5'],
      ]),
    });
    expect(only(rec, 'value_kind_mismatch').map((c) => c.refs[0])).toEqual(['form3:1.2', 'form3:1.3', 'form4:2.3']);
  });
  it('flags a code outside the set (error) and a word where a code belongs (suggests the code)', () => {
    const rec = record({
      indicators: rows([
        [7, '4', 'Triển khai xây dựng nền tảng chia sẻ, tích hợp dùng chung (LGSP)', '3'],
        [1, '5', 'Khảo sát sự hài lòng của người dân, tổ chức', 'Có'],
      ]),
    });
    const cs = only(rec, 'value_kind_mismatch');
    expect(cs.find((c) => c.refs[0] === 'form7:4')).toMatchObject({ severity: 'error' });
    expect(cs.find((c) => c.refs[0] === 'form1:5')).toMatchObject({ severity: 'warning', suggestion: { value: 1 } });
  });
  it('flags a ratio in a percent row with the computed percent', () => {
    const rec = record({ indicators: rows([[7, '3', 'Tỷ lệ báo cáo định kỳ được gửi, nhận qua Hệ thống thông tin báo cáo quốc gia', '5/9']]) });
    expect(only(rec, 'value_kind_mismatch')).toMatchObject([{ suggestion: { value: 55.56 } }]);
  });
  it('accepts values of the right kind', () => {
    const rec = record({
      indicators: rows([
        [7, '1', 'Cập nhật Kiến trúc chính quyền điện tử phiên bản mới nhất', '1'],
        [7, '4', 'Triển khai xây dựng nền tảng chia sẻ, tích hợp dùng chung (LGSP)', '2'],
        [3, '2.1', 'Số TTHC liên thông cùng cấp', '17'],
        [6, '1.1', 'Kế hoạch được giao', '1.000'],
        [3, '3.3', 'Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn', '99,6'],
      ]),
    });
    expect(only(rec, 'value_kind_mismatch')).toEqual([]);
  });
});

describe('fact_vs_table / table_blank_narrative_states', () => {
  const ONLINE = 'Số hồ sơ thực hiện dịch vụ công mức độ 3,4 là 258/259 hồ sơ phát sinh bằng 99,6%.';
  it('flags 6.7.2 = 259 against the narrative\'s 258 online dossiers', () => {
    const rec = record({
      indicators: rows([[7, '6.7.2', 'Số hồ sơ TTHC đã tiếp nhận trực tuyến', '259']]),
      facts: [fact('hoso.truc_tuyen', 258, 'Số hồ sơ thực hiện dịch vụ công mức độ 3,4 là 258/259 hồ sơ', ONLINE)],
    });
    expect(only(rec, 'fact_vs_table')).toMatchObject([
      { severity: 'error', refs: ['form7:6.7.2', 'fact:hoso.truc_tuyen'], values: [259, 258] },
    ]);
  });
  it('compares on-time dossiers with early + on-time from the narrative', () => {
    const facts = [fact('hoso.truoc_han', 258, 'trả trước hạn 258 hồ sơ'), fact('hoso.dung_han', 0, 'đúng hạn 0 hồ sơ')];
    const rec = (v: string) => record({ indicators: rows([[3, '3.3', 'Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn', ''], [3, '3.3.2', 'Số hồ sơ TTHC giải quyết đúng hạn', v]]), facts });
    expect(only(rec('258'), 'fact_vs_table')).toEqual([]);
    expect(only(rec('257'), 'fact_vs_table')).toMatchObject([{ refs: ['form3:3.3.2', 'fact:hoso.truoc_han', 'fact:hoso.dung_han'], values: [257, 258] }]);
  });
  it('compares percents at printed precision', () => {
    const rec = (v: string) =>
      record({
        indicators: rows([[7, '6.7', 'Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến mức độ 3 và 4', v]]),
        facts: [fact('hoso.truc_tuyen_ty_le', 99.6, 'bằng 99,6%', ONLINE)],
      });
    expect(only(rec('99,6'), 'fact_vs_table')).toEqual([]);
    expect(only(rec('100'), 'fact_vs_table')).toEqual([]);
    expect(only(rec('259'), 'fact_vs_table')).toHaveLength(1);
  });
  it('does not compare a district report\'s narrative with commune rows', () => {
    const rec = record({
      report: { unitKind: 'huyện', unitName: 'Tứ Kỳ' },
      indicators: rows([[3, '3.3', 'Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn', ''], [3, '3.3.1', 'Tổng số hồ sơ TTHC đã giải quyết xong', '259']]),
      facts: [fact('hoso.giai_quyet', 5000, 'giải quyết 5.000 hồ sơ')],
    });
    expect(only(rec, 'fact_vs_table')).toEqual([]);
  });
  it('suggests the narrative\'s value for a blank row, and stays quiet once it is filled', () => {
    const facts = [fact('khao_sat.so_nguoi', 259, 'có 259 người dân được lấy ý kiến')];
    const rec = (v: string) => record({ indicators: rows([[1, '5', 'Khảo sát sự hài lòng của người dân, tổ chức', ''], [1, '5.1', 'Số lượng phiếu khảo sát', v]]), facts });
    expect(only(rec(''), 'table_blank_narrative_states')).toMatchObject([
      { severity: 'warning', values: [null, 259], suggestion: { ref: 'form1:5.1', value: 259 } },
    ]);
    expect(only(rec('259'), 'table_blank_narrative_states')).toEqual([]);
    expect(only(rec('259'), 'fact_vs_table')).toEqual([]);
  });
  it('does not ask a blank group row to carry the value its sub-rows hold; compares their sum instead', () => {
    const KY_LUAT = 'Trong quý III năm 2023 có 02 cán bộ, công chức bị xử lý kỷ luật.';
    const rec = (leaders: string, staff: string) =>
      record({
        indicators: rows([
          [5, '3', 'Số lượng cán bộ, công chức bị kỷ luật (cả về Đảng và chính quyền).', ''],
          [5, '3.1', 'Số lãnh đạo cấp xã bị kỷ luật', leaders],
          [5, '3.2', 'Số công chức cấp xã bị kỷ luật', staff],
        ]),
        facts: [fact('ky_luat.so_nguoi', 2, '02 cán bộ, công chức bị xử lý kỷ luật', KY_LUAT)],
      });
    expect(only(rec('1', '1'), 'table_blank_narrative_states')).toEqual([]);
    expect(only(rec('1', '1'), 'fact_vs_table')).toEqual([]);
    expect(only(rec('0', '1'), 'fact_vs_table')).toMatchObject([
      { refs: ['form5:3', 'form5:3.1', 'form5:3.2', 'fact:ky_luat.so_nguoi'], values: [1, 2] },
    ]);
    // Sub-rows blank too: the narrative's value is missing from the table.
    expect(only(rec('', ''), 'table_blank_narrative_states')).toMatchObject([{ refs: ['form5:3', 'fact:ky_luat.so_nguoi'], values: [null, 2] }]);
  });
  it('links staff present to "hiện có … cán bộ, công chức" when the narrative gives no "biên chế có mặt"', () => {
    const facts = [fact('nhan_su.tong', 19, '19 cán bộ, công chức', 'Hiện tại, xã có 19 cán bộ, công chức (trong đó: có 10 cán bộ, 9 công chức) cụ thể:')];
    const rec = (v: string, more: typeof facts = []) => record({ indicators: rows([[4, '2.2', 'Tổng số biên chế có mặt tại thời điểm báo cáo', v]]), facts: [...facts, ...more] });
    expect(only(rec(''), 'table_blank_narrative_states')).toMatchObject([{ refs: ['form4:2.2', 'fact:nhan_su.tong'], values: [null, 19] }]);
    expect(only(rec('17'), 'fact_vs_table')).toMatchObject([{ refs: ['form4:2.2', 'fact:nhan_su.tong'], values: [17, 19] }]);
    // "Biên chế có mặt" is the row's own wording and wins when stated.
    expect(only(rec('18', [fact('bien_che.co_mat', 18, 'Biên chế có mặt: 18 biên chế')]), 'fact_vs_table')).toEqual([]);
  });
});

describe('fact_sum_mismatch', () => {
  const vertical = 'Số TTHC thuộc các cơ quan ngành dọc: 34 thủ tục (11 thủ tục lĩnh vực Quân sự, 25 thủ tục lĩnh vực Công an)';
  it('flags parts that do not add up to the whole they cover', () => {
    const rec = record({
      facts: [fact('tthc.cong_khai.nganh_doc', 34, vertical), fact('tthc.cong_khai.quan_su', 11, vertical), fact('tthc.cong_khai.cong_an', 25, vertical)],
    });
    expect(only(rec, 'fact_sum_mismatch')).toMatchObject([
      { severity: 'warning', refs: ['fact:tthc.cong_khai.nganh_doc', 'fact:tthc.cong_khai.quan_su', 'fact:tthc.cong_khai.cong_an'], values: [34, 11, 25] },
    ]);
  });
  it('accepts parts that add up, and says nothing while a part is not stated', () => {
    const s = 'giải quyết 259 hồ sơ, trong đó trả trước hạn 258 hồ sơ, đúng hạn 0 hồ sơ, quá hạn 01 hồ sơ';
    const sum = record({ facts: [fact('hoso.giai_quyet', 259, s), fact('hoso.truoc_han', 258, s), fact('hoso.dung_han', 0, s), fact('hoso.qua_han', 1, s)] });
    expect(only(sum, 'fact_sum_mismatch')).toEqual([]);
    const partial = record({ facts: [fact('hoso.giai_quyet', 259, s), fact('hoso.truoc_han', 250, s), fact('hoso.qua_han', 1, s)] });
    expect(only(partial, 'fact_sum_mismatch')).toEqual([]);
  });
});

describe('fact_self_contradiction', () => {
  it('flags the same fact stated with two values', () => {
    const rec = record({
      facts: [
        fact('thiet_bi.may_scan', 2, 'Gồm 06 máy tính, 03 máy in, 02 máy scan'),
        fact('thiet_bi.may_scan', 1, 'có một máy scan phục vụ cho việc scan các văn bản để số hóa'),
      ],
    });
    expect(only(rec, 'fact_self_contradiction')).toMatchObject([{ severity: 'warning', refs: ['fact:thiet_bi.may_scan'], values: [2, 1] }]);
  });
  it('accepts the same value stated twice, and ignores ambiguous facts', () => {
    const rec = record({
      facts: [
        fact('bien_che.giao', 20, 'Tổng số biên chế được giao trong năm 20'),
        fact('bien_che.giao', 20, 'Biên chế được giao: 20 biên chế'),
        fact('bien_che.giao', 19, 'hiện có 19', undefined, { ambiguous: true }),
      ],
    });
    expect(only(rec, 'fact_self_contradiction')).toEqual([]);
  });
  it('does not treat mentions of different groups of one parts-fact as rival values', () => {
    const rec = record({
      facts: [
        fact('dao_tao.so_nguoi', 36, 'Trong Quý III đã cử 36 đồng chí là cán bộ Hội Phụ nữ'),
        fact('dao_tao.so_nguoi', 1, 'và 01 đồng chí tham gia học lớp sơ cấp lý luận'),
        fact('dao_tao.so_nguoi', 7, 'Cử 7 cán bộ, công chức tham gia lớp tập huấn CCHC'),
      ],
    });
    expect(only(rec, 'fact_self_contradiction')).toEqual([]);
  });
});

describe('fact_denied_in_text', () => {
  const saving = fact('tai_chinh.tiet_kiem', 69000000, 'Số kinh phí tiết kiệm theo dự toán: 69.000.000 đồng');
  it('flags a saving stated and elsewhere said impossible', () => {
    const rec = record({ facts: [saving] });
    const cs = only(rec, 'fact_denied_in_text', [text('- Định mức khoán hiện nay còn thấp; nên không thực hiện được tiết kiệm chi.')]);
    expect(cs).toMatchObject([{ severity: 'warning', values: [69000000, 0] }]);
    expect(cs[0]!.evidence[1]!.text).toBe('nên không thực hiện được tiết kiệm chi');
  });
  it('accepts a denial that agrees (0 disciplined) and unrelated negations', () => {
    const rec = record({ facts: [saving, fact('ky_luat.so_nguoi', 0, 'không có cán bộ, công chức vi phạm phải xử lý kỷ luật')] });
    const texts = [
      text('Quý III năm 2023 xã không có cán bộ, công chức vi phạm phải xử lý kỷ luật.'),
      text('do công dân không mang thẻ, không sử dụng thẻ ATM ....nên không thực hiện được việc nộp phí, lệ phí điện tử.'),
    ];
    expect(only(rec, 'fact_denied_in_text', texts)).toEqual([]);
  });
});

describe('citation_date_conflict / citation_subject_conflict', () => {
  const c05a = citation('Kế hoạch', '05/KH-UBND', '2023-02-20', 'đào tạo bồi dưỡng cán bộ, công chức năm 2023', 'Kế hoạch số: 05/KH-UBND ngày 20/02/2023 về đào tạo bồi dưỡng cán bộ, công chức năm 2023.');
  const c05b = citation('Kế hoạch', '05/KH-UBND', '2022-02-20', 'đào tạo bồi dưỡng cán bộ, công chức năm 2023', 'Kế hoạch số 05/KH-UBND ngày 20/02/2022 về đào tạo bồi dưỡng cán bộ, công chức năm 2023.');
  it('flags 05/KH-UBND dated 20/02/2023 and 20/02/2022 and suggests the date that fits the plan year', () => {
    const cs = only(record({ citations: [c05a, c05b] }), 'citation_date_conflict');
    expect(cs).toMatchObject([{ severity: 'error', refs: ['citation:05/KH-UBND'], values: ['2022-02-20', '2023-02-20'] }]);
    expect(cs[0]!.suggestion).toMatchObject({ value: '2023-02-20' });
    expect(cs[0]!.message).toContain('20/02/2022');
  });
  it('treats "12-KH-UBND" and "12/KH-UBND" as one act with one date', () => {
    const a = citation('Kế hoạch', '12-KH-UBND', '2023-02-28', 'kiểm soát thủ tục hành chính, triển khai cơ chế một cửa, một cửa liên thông năm 2023', 'Kế hoạch số: 12-KH-UBND, ngày 28/02/2023 ...');
    const b = citation('Kế hoạch', '12/KH-UBND', '2023-02-28', 'Kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính năm 2023', 'Ngày 28/2/2023 ... Kế hoạch số 12/KH-UBND ...');
    const rec = record({ citations: [a, b] });
    expect(only(rec, 'citation_date_conflict')).toEqual([]);
    expect(only(rec, 'citation_subject_conflict')).toEqual([]);
    const c = { ...b, date: '2023-03-28' };
    expect(only(record({ citations: [a, c] }), 'citation_date_conflict')).toHaveLength(1);
  });
  it('names a party-style number ("12-NQ/ĐU") in its refs as the citation itself does', () => {
    const a = citation('Nghị quyết', '12-NQ/ĐU', '2023-01-10', 'lãnh đạo công tác cải cách hành chính năm 2023', 'Nghị quyết số 12-NQ/ĐU ngày 10/01/2023');
    const b = { ...a, date: '2023-01-12', raw: 'Nghị quyết số 12-NQ/ĐU ngày 12/01/2023' };
    const cs = only(record({ citations: [a, b] }), 'citation_date_conflict');
    expect(cs.map((c) => c.refs[0])).toEqual([citationRef(a)]);
  });
  it('leaves two different acts sharing a number in different years alone', () => {
    const a = citation('Kế hoạch', '01/KH-UBND', '2022-01-05', 'phòng, chống dịch bệnh Covid-19 năm 2022', 'Kế hoạch số 01/KH-UBND ngày 05/01/2022 về phòng, chống dịch bệnh Covid-19 năm 2022');
    const b = citation('Kế hoạch', '01/KH-UBND', '2023-01-06', 'tuyên truyền cải cách hành chính năm 2023', 'Kế hoạch số 01/KH-UBND ngày 06/01/2023 về tuyên truyền cải cách hành chính năm 2023');
    expect(only(record({ citations: [a, b] }), 'citation_date_conflict')).toEqual([]);
  });
  it('flags one number and date with two clearly different subjects', () => {
    const a = citation('Kế hoạch', '20/KH-UBND', '2023-03-10', 'tuyên truyền cải cách hành chính năm 2023', 'Kế hoạch số 20/KH-UBND ngày 10/3/2023 về tuyên truyền cải cách hành chính năm 2023');
    const b = citation('Kế hoạch', '20/KH-UBND', '2023-03-10', 'ứng dụng công nghệ thông tin trong hoạt động cơ quan Nhà nước', 'Kế hoạch 20/KH-UBND ngày 10/3/2023 về ứng dụng công nghệ thông tin ...');
    expect(only(record({ citations: [a, b] }), 'citation_subject_conflict')).toMatchObject([{ severity: 'warning' }]);
  });
});

describe('dates against the period', () => {
  it('flags a citation dated after the report', () => {
    const late = citation('Công văn', '150/UBND-VP', '2023-10-02', 'báo cáo CCHC', 'Công văn số 150/UBND-VP ngày 02/10/2023');
    expect(only(record({ citations: [late] }), 'citation_after_report')).toMatchObject([{ severity: 'error' }]);
    const fine = { ...late, date: '2023-09-01' };
    expect(only(record({ citations: [fine] }), 'citation_after_report')).toEqual([]);
  });
  it('flags a plan for 2023 dated in February 2022 but not one dated 30/12/2022', () => {
    const early = citation('Kế hoạch', '05/KH-UBND', '2022-02-20', 'đào tạo bồi dưỡng cán bộ, công chức năm 2023', 'Kế hoạch số 05/KH-UBND ngày 20/02/2022');
    const late2022 = citation('Kế hoạch', '52/KH-UBND', '2022-12-30', 'công tác cải cách hành chính xã Tiên Động năm 2023', 'Kế hoạch số: 52/KH-UBND ngày 30/12/2022');
    const period = citation('Kế hoạch', '51/KH-UBND', '2022-12-30', 'Tiếp tục đẩy mạnh cải cách hành chính giai đoạn 2021-2025', 'Kế hoạch số: 51/KH-UBND ngày 30/12/2022');
    const cs = only(record({ citations: [early, late2022, period] }), 'plan_dated_outside_year');
    expect(cs.map((c) => c.refs[0])).toEqual(['citation:05/KH-UBND']);
  });
  it('places the report date against its quarter', () => {
    const at = (date: string) => only(record({ report: { date } }), 'report_date_outside_period');
    expect(at('2023-09-08')).toEqual([]);
    expect(at('2023-10-10')).toEqual([]);
    expect(at('2023-06-01')).toMatchObject([{ severity: 'error' }]);
    expect(at('2023-07-15')).toMatchObject([{ severity: 'warning' }]);
    expect(at('2024-01-05')).toMatchObject([{ severity: 'warning' }]);
  });
});

describe('unit_name_spelling', () => {
  const texts = [
    text('BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ XÃ TIỀN ĐỘNG', 290),
    text('UBND xã Tiên Động báo cáo kết quả triển khai, thực hiện nhiệm vụ cải cách hành chính Quý III năm 2023', 3),
    text('Trên đây là báo cáo công tác cải cách hành chính Quý III/2023 của UBND xã Tiên Động./.', 120),
  ];
  it('flags "TIỀN ĐỘNG" against "Tiên Động" and suggests the usual spelling', () => {
    const cs = only(record(), 'unit_name_spelling', texts);
    expect(cs).toMatchObject([{ severity: 'warning', refs: ['report:unitName', 'name:tiền động'], values: ['TIỀN ĐỘNG', 'Tiên Động'] }]);
    expect(cs[0]!.suggestion).toMatchObject({ value: 'Tiên Động' });
  });
  it('flags a letter slip in the capitalised name', () => {
    const cs = only(record(), 'unit_name_spelling', [...texts.slice(1), text('Kế hoạch công tác năm 2023 của xã Tiên Độnh')]);
    expect(cs.map((c) => c.values[0])).toEqual(['Tiên Độnh']);
  });
  it('accepts case-only differences and ordinary words close to the name', () => {
    expect(only(record(), 'unit_name_spelling', [...texts.slice(1), text('XÃ TIÊN ĐỘNG')])).toEqual([]);
    const rec = record({ report: { unitName: 'Tân Dân', place: 'Tân Dân' } });
    expect(only(rec, 'unit_name_spelling', [text('UBND xã Tân Dân phục vụ nhân dân; tân dân')])).toEqual([]);
  });
  it('does not read the national motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" as the commune Hòa Xá', () => {
    const rec = record({ report: { unitName: 'Hòa Xá', place: 'Hòa Xá' } });
    const header = [text('XÃ HÒA XÁ', 1), text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 2), text('UBND xã Hòa Xá báo cáo kết quả cải cách hành chính')];
    expect(only(rec, 'unit_name_spelling', header)).toEqual([]);
    expect(only(rec, 'unit_name_spelling', [...header, text('Biểu mẫu thống kê của xã Hoà Xà')])).toHaveLength(1);
  });
});

describe('low_confidence', () => {
  const scanned = (raw: string, confidence: number) =>
    ind(3, '3.3.1', 'Tổng số hồ sơ TTHC đã giải quyết xong', raw, {
      provenance: { file: 'scan.pdf', page: 12, block: 5, table: 2, row: 17, cell: 3, confidence, bbox: [400, 300, 430, 312] },
    });
  it('flags a value OCR read with low confidence, with the page to check', () => {
    const cs = only(record({ indicators: [scanned('259', 61)] }), 'low_confidence');
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({ severity: 'warning', refs: ['form3:3.3.1'], values: [259] });
    expect(cs[0]!.message).toContain('trang 12');
    expect(cs[0]!.evidence[0]).toMatchObject({ page: 12, bbox: [400, 300, 430, 312] });
  });
  it('flags digits OCR could not read as a number even when confident', () => {
    expect(only(record({ indicators: [scanned('25g', 91)] }), 'low_confidence')).toHaveLength(1);
  });
  it('trusts a confident reading, and text-layer values never carry a confidence', () => {
    expect(only(record({ indicators: [scanned('259', 93)] }), 'low_confidence')).toEqual([]);
    expect(only(record({ indicators: [ind(3, '3.3.1', 'Tổng số hồ sơ TTHC đã giải quyết xong', '259')] }), 'low_confidence')).toEqual([]);
  });
  it('flags a value on an OCRed page whose confidence is not known (its words were not found again), not one on a text page', () => {
    const lost = ind(3, '3.3.1', 'Tổng số hồ sơ TTHC đã giải quyết xong', '259', { provenance: { file: 'scan.pdf', page: 12, block: 5, table: 2, row: 17, cell: 3 } });
    const onScan = only({ ...record({ indicators: [lost] }), pageInfo: [{ page: 12, method: 'ocr' }] }, 'low_confidence');
    expect(onScan).toHaveLength(1);
    expect(onScan[0]!.message).toContain('không rõ');
    expect(only({ ...record({ indicators: [lost] }), pageInfo: [{ page: 12, method: 'text' }] }, 'low_confidence')).toEqual([]);
  });
});
