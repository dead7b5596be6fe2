import { describe, expect, it } from 'vitest';
import { ConflictSchema, type Conflict, type Period, type ReportRecord } from '../schemas/record.js';
import { runCrossReportRules } from '../src/rules/engine.js';
import { fact, period, record, rows } from './rules.builder.js';

const sha = (n: number) => n.toString(16).padStart(64, '0');
let n = 0;

/** A Tiên Động report of one period with the given [form, code, label, raw] rows. */
function report(p: Period, list: [number, string, string, string][], over: Partial<Parameters<typeof record>[0]> = {}): ReportRecord {
  n++;
  return record({ indicators: rows(list), report: { period: p }, sha: sha(n), file: `tien-dong-${p.raw.replace(/\s+/g, '-')}-${n}.docx`, ...over });
}

function only(rec: ReportRecord, others: ReportRecord[], rule: string): Conflict[] {
  const all = runCrossReportRules(rec, others);
  for (const c of all) expect(ConflictSchema.safeParse(c).success).toBe(true);
  return all.filter((c) => c.rule === rule);
}

const DONE = 'Số nhiệm vụ đã hoàn thành';
const PLAN = 'Số nhiệm vụ đề ra trong kế hoạch';
const q = (k: number, y = 2023) => period('quarter', k, y, `Quý ${['I', 'II', 'III', 'IV'][k - 1]} năm ${y}`);

describe('cumulative_decreased', () => {
  it('flags tasks completed (lũy kế) falling from Q2 to Q3', () => {
    const q2 = report(q(2), [[1, '2.1', PLAN, '26'], [1, '2.2', DONE, '20']]);
    const q3 = report(q(3), [[1, '2.1', PLAN, '26'], [1, '2.2', DONE, '15']]);
    const cs = only(q3, [q2], 'cumulative_decreased');
    expect(cs).toMatchObject([{ severity: 'warning', values: [20, 15], refs: ['period:2023-Q2:form1:2.2', 'period:2023-Q3:form1:2.2'] }]);
    // Seen from the earlier report, the later one is compared too.
    expect(only(q2, [q3], 'cumulative_decreased').map((c) => c.fingerprint)).toEqual(cs.map((c) => c.fingerprint));
  });
  it('accepts growth, a new year starting over, and stocks that fall', () => {
    const q2 = report(q(2), [[1, '2.2', DONE, '20'], [4, '2.2', 'Tổng số biên chế có mặt tại thời điểm báo cáo', '20']]);
    const q3 = report(q(3), [[1, '2.2', DONE, '22'], [4, '2.2', 'Tổng số biên chế có mặt tại thời điểm báo cáo', '19']]);
    expect(only(q3, [q2], 'cumulative_decreased')).toEqual([]);
    const q4last = report(q(4, 2022), [[1, '2.2', DONE, '30']]);
    const q1 = report(q(1), [[1, '2.2', DONE, '5']]);
    expect(only(q1, [q4last], 'cumulative_decreased')).toEqual([]);
  });
  it('compares all-time running totals across years', () => {
    const label = 'Số lượng Đơn vị đã chuyển đổi thành công ty cổ phần (lũy kế đến thời điểm báo cáo)';
    const y2022 = report(period('year', null, 2022, 'năm 2022'), [[6, '2', 'Thực hiện tự chủ tài chính của cơ quan, đơn vị tại địa phương (lũy kế đến thời điểm báo cáo)', ''], [6, '2.6', label, '3']]);
    const q1 = report(q(1), [[6, '2', 'Thực hiện tự chủ tài chính của cơ quan, đơn vị tại địa phương (lũy kế đến thời điểm báo cáo)', ''], [6, '2.6', label, '2']]);
    expect(only(q1, [y2022], 'cumulative_decreased')).toHaveLength(1);
  });
});

describe('period_not_sum_of_quarters', () => {
  const SOLVED: [number, string, string][] = [
    [3, '3.3', 'Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn'],
    [3, '3.3.1', 'Tổng số hồ sơ TTHC đã giải quyết xong'],
  ];
  const solved = (p: Period, v: string, staff = '20') =>
    report(p, [[...SOLVED[0]!, ''], [...SOLVED[1]!, v], [4, '2.1', 'Tổng số biên chế được giao trong năm', staff]]);
  const quarters = () => [solved(q(1), '100'), solved(q(2), '120'), solved(q(3), '259'), solved(q(4), '130')];
  const year = period('year', null, 2023, 'năm 2023');

  it('flags a yearly dossier count that is not the sum of the four quarters, with the sum suggested', () => {
    const y = solved(year, '600');
    const cs = only(y, quarters(), 'period_not_sum_of_quarters');
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({ severity: 'warning', values: [600, 100, 120, 259, 130], suggestion: { ref: 'period:2023-Y:form3:3.3.1', value: 609 } });
  });
  it('finds it from a quarter too, and for a half-year', () => {
    const qs = quarters();
    expect(only(qs[2]!, [solved(year, '600'), qs[0]!, qs[1]!, qs[3]!], 'period_not_sum_of_quarters')).toHaveLength(1);
    expect(only(solved(period('half', 1, 2023, '6 tháng đầu năm 2023'), '200'), qs, 'period_not_sum_of_quarters')).toHaveLength(1);
  });
  it('accepts the right sum, ignores stocks (staff quota 20 every quarter) and incomplete years', () => {
    expect(only(solved(year, '609'), quarters(), 'period_not_sum_of_quarters')).toEqual([]);
    expect(only(solved(year, '609'), quarters().slice(0, 3), 'period_not_sum_of_quarters')).toEqual([]);
  });
});
