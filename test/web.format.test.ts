// Pure parts of the review page: correction input, evidence highlighting, queue filters, sessions.
import { describe, expect, it } from 'vitest';
import { parsePeriodCode, periodCode, periodLabel } from '../src/export/period.js';
import { parseCorrectionValue } from '../src/web/correction-input.js';
import { parseDecision } from '../src/web/decisions.js';
import { fmtValue, highlight, refLabel, RULE_LABEL, valueNeedles } from '../src/web/format.js';
import { RULES } from '../src/rules/registry.js';
import { parseQueueQuery, queueQueryString, suggestionDiff, withinDiff } from '../src/web/queue-filter.js';
import { decodeSession, encodeSession, safeNext, SESSION_MAX_AGE_S } from '../src/web/session.js';

describe('parseCorrectionValue', () => {
  it.each([
    ['76,92', 76.92],
    ['1.000', 1000],
    ['4.852.000.000', 4852000000],
    ['01', 1],
    ['99,6%', 99.6],
    [' 26 ', 26],
    ['trống', null],
    ['-', null],
  ])('%s → %s', (raw, value) => {
    expect(parseCorrectionValue(raw, 'form1:2')).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'Chưa nhập giá trị'],
    ['hai mươi', 'không phải là số'],
    ['8/8', 'tỷ số'],
    ['-3', 'số âm'],
  ])('refuses %j in Vietnamese', (raw, message) => {
    const r = parseCorrectionValue(raw, 'fact:hoso.tiep_nhan');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('reads report dates as dd/mm/yyyy and refuses impossible ones', () => {
    expect(parseCorrectionValue('8/9/2023', 'report:date')).toEqual({ ok: true, value: '2023-09-08' });
    expect(parseCorrectionValue('31/02/2023', 'report:date').ok).toBe(false);
    expect(parseCorrectionValue('Tiên Động', 'report:unitName')).toEqual({ ok: true, value: 'Tiên Động' });
    expect(parseCorrectionValue('2023,5', 'report:period.year').ok).toBe(false);
    expect(parseCorrectionValue('5', 'citation:05/KH-UBND').ok).toBe(false);
  });
});

describe('highlight', () => {
  it('marks whole numbers only and escapes the rest', () => {
    const html = highlight('Số hồ sơ thực hiện dịch vụ công mức độ 3,4 là 258/259 hồ sơ <b>', valueNeedles(259).concat(valueNeedles(258)));
    expect(html).toBe('Số hồ sơ thực hiện dịch vụ công mức độ 3,4 là <mark>258</mark>/<mark>259</mark> hồ sơ &lt;b&gt;');
    expect(highlight('tổng 2.590 và 25', valueNeedles(25))).toBe('tổng 2.590 và <mark>25</mark>');
    expect(highlight('đạt 99,6% kế hoạch', valueNeedles(99.6))).toBe('đạt <mark>99,6</mark>% kế hoạch');
    expect(highlight('quá hạn 01 hồ sơ', valueNeedles(1))).toBe('quá hạn <mark>01</mark> hồ sơ');
    expect(highlight('tiết kiệm 69.000.000 đồng', valueNeedles(69_000_000))).toBe('tiết kiệm <mark>69.000.000</mark> đồng');
  });

  it('finds ISO dates as printed', () => {
    expect(highlight('Kế hoạch số 05/KH-UBND ngày 20/02/2022 về đào tạo', valueNeedles('2022-02-20'))).toContain('<mark>20/02/2022</mark>');
  });
});

describe('labels', () => {
  it('names every rule of the registry in Vietnamese', () => {
    expect(RULES.map((r) => r.id).filter((id) => !RULE_LABEL[id])).toEqual([]);
  });

  it('names fields and values the Vietnamese way', () => {
    expect(refLabel('form1:2.1')).toBe('Biểu mẫu 1 dòng 2.1');
    expect(refLabel('report:date')).toBe('Ngày báo cáo');
    expect(fmtValue(76.923)).toBe('76,923');
    expect(fmtValue(1000)).toBe('1.000');
    expect(fmtValue(null)).toBe('(trống)');
    expect(fmtValue('2023-09-08')).toBe('08/09/2023');
  });

  it('parses and prints period codes', () => {
    expect(parsePeriodCode('2023-Q3')).toEqual({ periodYear: 2023, periodKind: 'quarter', periodNumber: 3 });
    expect(parsePeriodCode('2024h1')).toEqual({ periodYear: 2024, periodKind: 'half', periodNumber: 1 });
    expect(parsePeriodCode('2023')).toEqual({ periodYear: 2023 });
    expect(parsePeriodCode('Q3')).toBeNull();
    expect(periodCode({ periodKind: 'quarter', periodNumber: 3, periodYear: 2023 })).toBe('2023-Q3');
    expect(periodLabel({ periodKind: 'quarter', periodNumber: 3, periodYear: 2023 })).toBe('Quý III/2023');
    expect(periodLabel({ periodKind: 'half', periodNumber: 2, periodYear: 2022 })).toBe('6 tháng cuối năm 2022');
  });
});

describe('queue filters and bulk selection', () => {
  const rate = (printed: number, suggested: number) => ({
    refs: ['form3:3.3', 'form3:3.3.2', 'form3:3.3.1'],
    values: [printed, 258, 259],
    suggestion: { ref: 'form3:3.3', value: suggested, why: '' },
  });

  it('measures the distance from the suggestion and keeps those strictly under the limit', () => {
    expect(suggestionDiff(rate(99.6, 99.61))).toBeCloseTo(0.01);
    expect(suggestionDiff({ refs: ['form1:5.1'], values: [null], suggestion: { ref: 'form1:5.1', value: 259, why: '' } })).toBeNull();
    const items = [rate(99.6, 99.61), rate(100, 76.92), rate(99, 99.1)];
    expect(withinDiff(items, 0.1)).toEqual([items[0]]);
    expect(withinDiff(items, null)).toEqual(items);
  });

  it('parses the query (Vietnamese decimals, period codes) and writes it back', () => {
    const p = parseQueueQuery({ rule: 'rate_mismatch', maxDiff: '0,1', period: '2023-Q3', severity: 'bogus' });
    expect(p.maxDiff).toBe(0.1);
    expect(p.filter).toEqual({ rule: 'rate_mismatch', periodYear: 2023, periodKind: 'quarter', periodNumber: 3, status: 'open' });
    expect(queueQueryString(p.query)).toBe('?period=2023-Q3&rule=rate_mismatch&severity=bogus&status=open&maxDiff=0%2C1');
    expect(parseQueueQuery({ period: 'quý 3' }).problems[0]).toContain('không hợp lệ');
    expect(parseQueueQuery({ status: '' }).filter.status).toBeUndefined();
  });

  it('reads the action buttons', () => {
    expect(parseDecision('confirm:2', {})).toEqual({ kind: 'confirm', side: 2 });
    expect(parseDecision('correct', { ref: 'form1:2', value: '76,92' })).toEqual({ kind: 'correct', ref: 'form1:2', raw: '76,92' });
    expect(parseDecision('delete', {})).toBeNull();
  });
});

describe('sessions', () => {
  it('expire and refuse junk', () => {
    const now = 1_700_000_000;
    expect(decodeSession(encodeSession({ uid: 3, iat: now }), now + 60)).toEqual({ uid: 3, iat: now });
    expect(decodeSession(encodeSession({ uid: 3, iat: now }), now + SESSION_MAX_AGE_S + 1)).toBeNull();
    expect(decodeSession('3.abc', now)).toBeNull();
  });

  it('only follows local paths after sign-in', () => {
    expect(safeNext('/queue?rule=rate_mismatch')).toBe('/queue?rule=rate_mismatch');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
  });
});
