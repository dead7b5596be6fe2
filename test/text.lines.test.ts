import { describe, expect, it } from 'vitest';
import { isContinuation, joinBrokenLines } from '../src/text/lines.js';

describe('joinBrokenLines', () => {
  it('joins a sentence cut by layout, across a blank line (seed: "một\\n\\ncửa liên thông")', () => {
    const lines = [
      '- Các thủ tục hành chính theo cơ chế một cửa, một',
      '',
      'cửa liên thông. Kết quả giải quyết các thủ tục hành chính:',
      '- Số hồ sơ tiếp nhận 259',
    ];
    expect(joinBrokenLines(lines)).toEqual([
      '- Các thủ tục hành chính theo cơ chế một cửa, một cửa liên thông. Kết quả giải quyết các thủ tục hành chính:',
      '- Số hồ sơ tiếp nhận 259',
    ]);
  });

  it('joins a date cut after the month ("26 tháng 12" / "năm 2017")', () => {
    expect(joinBrokenLines(['ngày 26 tháng 12', 'năm 2017 của Chính phủ'])).toEqual(['ngày 26 tháng 12 năm 2017 của Chính phủ']);
  });

  it('keeps sentence ends, capitalised starts, list items, enumerators and table rows apart', () => {
    const lines = [
      'UBND xã ban hành kế hoạch.',
      'cấp huyện chỉ đạo', // after a full stop: a new sentence even if lower case
      'Kế hoạch số 20/KH-UBND',
      '- Tổng số TTHC được công khai:176',
      'b) Việc công khai thủ tục hành chính',
      'c) Thực hiện cơ chế một cửa',
      '3.1.\tSố tổ chức đã kiểm tra',
      'tổ chức\t0',
      'Về biên chế:',
      'biên chế được giao: 20',
    ];
    expect(joinBrokenLines(lines)).toEqual(lines);
  });

  it('keeps blank lines that do not sit inside a joined sentence', () => {
    expect(joinBrokenLines(['Một.', '', 'Hai', '', ''])).toEqual(['Một.', '', 'Hai', '', '']);
  });
});

describe('isContinuation', () => {
  it('needs an open end and a lower-case start', () => {
    expect(isContinuation('đồng thời cụ thể', 'hóa văn bản')).toBe(true);
    expect(isContinuation('năm 2023;', 'tăng cường')).toBe(false);
    expect(isContinuation('năm 2023', 'Tăng cường')).toBe(false);
    expect(isContinuation('“Một cửa”', 'ứng dụng')).toBe(true);
    expect(isContinuation('như sau:”', 'một')).toBe(false);
  });
});
