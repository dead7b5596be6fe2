// The scope of every number: level or body, time and state, on real sentences of public reports
// and notices (fixtures/narratives/ and the seed), each pattern on its own.
import { describe, expect, it } from 'vitest';
import type { FactScope, Mention } from '../schemas/record.js';
import { extractFactsAndMentions } from '../src/extract/facts.js';
import { ownUnitName } from '../src/extract/facts/scope.js';
import { parsePeriod } from '../src/extract/metadata.js';
import { docFromLines } from './extract.doc-helper.js';

function mentions(...lines: string[]): Mention[] {
  return extractFactsAndMentions(docFromLines(lines)).value.mentions;
}

/** The scope of the first number of that value, as "level time state timeliness" ('-' for none). */
function scopeOf(ms: Mention[], value: number): string {
  const m = ms.find((x) => Math.abs(x.value - value) < 1e-9);
  if (!m) return 'not read';
  const s: FactScope = m.scope;
  return [s.level, s.time ?? '-', s.state ?? '-', s.timeliness ?? '-'].join(' ');
}

describe('level or body', () => {
  it('toàn tỉnh, the sở and ban ngành, cấp huyện, cấp xã in one sentence', () => {
    const ms = mentions(
      'Các sở, ban ngành cấp tỉnh tiếp nhận 23.233 hồ sơ, với 6.596 hồ sơ trực tuyến (đạt tỷ lệ 28,39%); cấp huyện tiếp nhận 6.776 hồ sơ, với 2.521 hồ sơ trực tuyến (đạt tỷ lệ 37,76%); cấp xã tiếp nhận 26.030 hồ sơ, với 3.399 hồ sơ trực tuyến (đạt tỷ lệ 13,05%).',
    );
    expect(scopeOf(ms, 23233)).toBe('tinh - - -');
    expect(scopeOf(ms, 28.39)).toBe('tinh - - -');
    expect(scopeOf(ms, 6776)).toBe('huyen - - -');
    expect(scopeOf(ms, 37.76)).toBe('huyen - - -');
    expect(scopeOf(ms, 3399)).toBe('xa - - -');
  });

  it('a level carries to the next sentences until another is named; "cấp xã, toàn tỉnh" is the communes', () => {
    const ms = mentions(
      'Thống kê của UBND tỉnh cho biết, trong quý I năm 2020 toàn tỉnh đã tiếp nhận 659.245 hồ sơ.',
      'Nếu tính riêng từng cấp, với cấp tỉnh, quý I đã tiếp nhận 54.575 hồ sơ. Trong số hồ sơ đang giải quyết gồm 2.800 hồ sơ.',
      'Với cấp xã, toàn tỉnh quý I tiếp nhận 264.610 hồ sơ.',
    );
    expect(scopeOf(ms, 659245)).toBe('all - - -');
    expect(scopeOf(ms, 54575)).toBe('tinh - - -');
    expect(scopeOf(ms, 2800)).toBe('tinh - in_progress -');
    expect(scopeOf(ms, 264610)).toBe('xa - - -');
  });

  it('the bộ phận một cửa of two levels, a provincial service centre, two levels at once', () => {
    expect(scopeOf(mentions('Kết quả giải quyết thủ tục hành chính tại Bộ phận một cửa cấp huyện, cấp xã trong tháng 8/2021 đã tiếp nhận mới 19.630 hồ sơ.'), 19630)).toBe('huyen+xa - - -');
    expect(scopeOf(mentions('Tại Trung tâm Phục vụ hành chính công tỉnh tiếp nhận mới 5.562 hồ sơ.'), 5562)).toBe('tinh - - -');
    expect(scopeOf(mentions('Tổng số hồ sơ thuộc 2 cấp huyện và xã đã được giải quyết là trên 132 ngàn hồ sơ.'), 132000)).toBe('huyen+xa - done -');
  });

  it('a named body: a district, a department; the reporting unit itself is the whole', () => {
    const ms = mentions('Các cơ quan có tần suất giao dịch nhiều là Công an tỉnh (590 hồ sơ), Sở Giao thông vận tải (156 hồ sơ).');
    expect(scopeOf(ms, 590)).toBe('unit - - -');
    expect(ms.find((m) => m.value === 156)!.scope.body).toBe('Sở Giao thông vận tải');
    expect(scopeOf(mentions('huyện Tam Dương giảm từ 10,55% xuống còn 2,27%.'), 2.27)).toBe('unit - - -');
    const own = extractFactsAndMentions(docFromLines(['UBND xã Tiên Động đã tiếp nhận 259 hồ sơ.']), { unitName: 'Tiên Động' }).value.mentions;
    expect(scopeOf(own, 259)).toBe('all - - -');
  });

  it('levels named together are one: the provincial centre and the districts\' and communes\' desks are every level', () => {
    const ms = mentions('Từ đầu năm đến nay, các cơ quan, đơn vị trên địa bàn tỉnh thực hiện việc đưa 100% các TTHC theo ngành dọc ra tiếp nhận tại Trung tâm Phục vụ hành chính công của tỉnh và bộ phận một cửa cấp huyện, cấp xã.');
    expect(scopeOf(ms, 100)).toBe('all ytd - -');
  });

  it('an abbreviation in brackets ends no clause; "Công an tỉnh 3,8 ngàn HS" is the police\'s', () => {
    expect(scopeOf(mentions('Trong tháng 3 năm 2018, có 92,1% hồ sơ thủ tục hành chính (TTHC) được giải quyết trực tuyến đúng và trước hạn.'), 92.1)).toBe('all - done early_or_on_time');
    const ms = mentions('Các cơ quan có số lượng HS tiếp nhận nhiều trong tháng là: Công an tỉnh 3,8 ngàn HS, Sở Công Thương 1,7 ngàn HS.');
    expect(ms.find((m) => m.value === 3800)!.scope).toMatchObject({ level: 'unit', body: 'Công an tỉnh' });
  });

  it('the reporting unit is the whole when the header names it, or when the text names no other unit of its kind', () => {
    const header = { unitName: 'Tiên Động', unitKind: 'xã', provenance: { unitName: { block: 1 }, title: { block: 4 } } };
    expect(ownUnitName(header, ['UBND xã Tiên Động đã tiếp nhận 259 hồ sơ; xã Tân Kỳ 200 hồ sơ.'])).toBe('Tiên Động');
    const guessed = { unitName: 'Sông Lô', unitKind: 'huyện', provenance: { unitName: { block: 3 } } };
    expect(ownUnitName(guessed, ['Huyện Lập Thạch … 0,33%; huyện Sông Lô và huyện Tam Dương …'])).toBeNull();
    const alone = { unitName: 'Đồng Thuận', unitKind: 'phường', provenance: { unitName: { block: 0 } } };
    expect(ownUnitName(alone, ['Phường Đồng Thuận: Giải quyết số hóa 100% hồ sơ', 'Chủ tịch UBND phường Đồng Thuận cho biết'])).toBe('Đồng Thuận');
  });

  it('a commune\'s "cấp xã" is the commune itself; a body named after a number is where, not whose', () => {
    const doc = docFromLines(['- Cấp xã:142', 'Số hồ sơ tiếp nhận 259 hồ sơ, giải quyết 259 hồ sơ.', '2 đồng chí đang học lớp trung cấp lý luận chính trị tại Trung tâm chính trị huyện Tứ Kỳ.']);
    const own = extractFactsAndMentions(doc, { commune: true }).value.mentions;
    expect(own.map((m) => m.scope.level)).toEqual(['all', 'all', 'all', 'all']);
    const district = extractFactsAndMentions(doc).value.mentions;
    expect(district.map((m) => m.scope.level)).toEqual(['xa', 'xa', 'xa', 'xa']);
  });

  it('words that classify procedures are no level', () => {
    const ms = mentions('Công khai 142 TTHC cấp xã và 30 thủ tục hành chính thuộc thẩm quyền cấp huyện; tiếp nhận 334 hồ sơ.');
    expect(scopeOf(ms, 334)).toBe('all - - -');
  });
});

describe('time', () => {
  it('kỳ trước chuyển sang, tồn kỳ trước, lũy kế', () => {
    const ms = mentions(
      'Tháng 9/2021, Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận mới 4.131 hồ sơ, hồ sơ tồn kỳ trước chuyển sang là 2.171, lũy kế đã và đang giải quyết trong kỳ là 6.302 hồ sơ; đến hạn giải quyết là 4.169 hồ sơ.',
    );
    expect(scopeOf(ms, 4131)).toBe('tinh - - -');
    expect(scopeOf(ms, 2171)).toBe('tinh carried_over - -');
    expect(scopeOf(ms, 6302)).toBe('tinh cumulative - -');
    expect(scopeOf(ms, 4169)).toBe('tinh - - due');
    expect(scopeOf(mentions('Trong đó, có 12.516 hồ sơ trực tuyến; 4.910 hồ sơ từ kỳ trước chuyển sang.'), 4910)).toBe('all carried_over - -');
  });

  it('từ đầu năm, a change against an earlier period, an earlier value', () => {
    expect(scopeOf(mentions('Từ đầu năm đến nay, các cơ quan thực hiện việc đưa 100% các TTHC theo ngành dọc ra tiếp nhận.'), 100)).toBe('all ytd - -');
    expect(scopeOf(mentions('Như vậy, so với cùng kỳ năm 2024, tỷ lệ hồ sơ trực tuyến toàn trình của cả nước đã tăng 1,72%.'), 1.72)).toBe('all compare - -');
    const ms = mentions('huyện Sông Lô giảm từ 10,85% xuống còn 1,31%.');
    expect(scopeOf(ms, 10.85)).toBe('unit compare - -');
    expect(scopeOf(ms, 1.31)).toBe('unit - - -');
  });
});

describe('state and timeliness', () => {
  it('đã giải quyết, đúng và trước hạn, quá hạn; the rate shares its count\'s scope', () => {
    const ms = mentions(
      'Toàn tỉnh đã tiếp nhận 659.245 hồ sơ, đã giải quyết 643.272 hồ sơ; trong đó, số hồ sơ giải quyết đúng và trước hạn có 635.593 hồ sơ, chiếm tỷ lệ 98,81%; số hồ sơ quá hạn có 7.677 hồ sơ, chiếm tỷ lệ 1,19%.',
    );
    expect(scopeOf(ms, 659245)).toBe('all - - -');
    expect(scopeOf(ms, 643272)).toBe('all - done -');
    expect(scopeOf(ms, 635593)).toBe('all - done early_or_on_time');
    expect(scopeOf(ms, 98.81)).toBe('all - done early_or_on_time');
    expect(scopeOf(ms, 7677)).toBe('all - done late');
    expect(scopeOf(ms, 1.19)).toBe('all - done late');
  });

  it('đang giải quyết, chưa đến hạn, đã quá hạn (the seed\'s "đang giải quyết 15 hồ sơ chưa đến hạn" too)', () => {
    const ms = mentions('Trong số hồ sơ còn lại đang giải quyết gồm 7.172 hồ sơ, có 5.950 hồ sơ chưa đến hạn và 1.222 hồ sơ đã quá hạn.');
    expect(scopeOf(ms, 7172)).toBe('all - in_progress -');
    expect(scopeOf(ms, 5950)).toBe('all - in_progress not_due');
    expect(scopeOf(ms, 1222)).toBe('all - in_progress late');
    const seed = mentions('Bộ phận một cửa đã tiếp nhận 334 hồ sơ, giải quyết xong 319 hồ sơ; đang giải quyết 15 hồ sơ chưa đến hạn.');
    expect(scopeOf(seed, 319)).toBe('all - done -');
    expect(scopeOf(seed, 15)).toBe('all - in_progress not_due');
  });

  it('trước hạn, đúng hạn, trễ hạn after the number; a bracket that says more of it', () => {
    const ms = mentions('Kết quả, ngành chức năng đã giải quyết được 57.689 bộ hồ sơ (57.502 hồ sơ giải quyết đúng hạn, 187 hồ sơ giải quyết quá hạn); 1.321 hồ sơ đang giải quyết.');
    expect(scopeOf(ms, 57689)).toBe('all - done -');
    expect(scopeOf(ms, 57502)).toBe('all - done on_time');
    expect(scopeOf(ms, 187)).toBe('all - done late');
    expect(scopeOf(ms, 1321)).toBe('all - in_progress -');
    expect(scopeOf(mentions('Trung tâm đang giải quyết 1.089 HS (còn trong thời hạn giải quyết).'), 1089)).toBe('all - in_progress not_due');
  });

  it('"đúng hẹn" is on time; a change in brackets after a rate is of that rate', () => {
    const ms = mentions('Tỷ lệ hồ sơ TTHC do UBND huyện tiếp nhận được giải quyết đúng hẹn đạt 53% (tăng 10% so với năm 2021).');
    expect(scopeOf(ms, 53)).toBe('all - done on_time');
    expect(scopeOf(ms, 10)).toBe('all compare done on_time');
    const rank = mentions('Chỉ số cải cách hành chính năm 2022 của huyện đạt 89,16 điểm (tăng 6,03 điểm so với năm 2021), xếp thứ 2/18 huyện, thị xã, thành phố (tăng 2 bậc so với năm 2021).');
    expect(rank.map((m) => [m.value, m.unit, m.scope.time])).toEqual([
      [89.16, 'điểm', null],
      [6.03, 'điểm', 'compare'],
      [2, 'huyện', null],
      [18, 'huyện', null],
      [2, 'bậc', 'compare'],
    ]);
  });

  it('a clause naming both states has neither; a new verb ends the state before it', () => {
    const ms = mentions(
      'Hồ sơ đã trả kết quả nhưng chậm hạn và hồ sơ quá hạn giải quyết nhưng chưa có kết quả là 12 hồ sơ (chiếm 0,29%).',
      'Hồ sơ quá hạn giải quyết nhưng chưa có kết quả 689 hồ sơ, các cơ quan thụ lý trả lại hồ sơ và người nộp đề nghị rút hồ sơ là 16 hồ sơ.',
    );
    expect(scopeOf(ms, 12)).toBe('all - - late');
    expect(scopeOf(ms, 0.29)).toBe('all - - late');
    expect(scopeOf(ms, 689)).toBe('all - in_progress late');
    expect(scopeOf(ms, 16)).toBe('all - - -');
  });
});

describe('open facts', () => {
  it('keep the unit noun, the multiplier, a ratio, approximation and the key read from the number', () => {
    const ms = mentions(
      'Tháng 5-2021, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 5,65 ngàn hồ sơ (HS) các loại.',
      'Trung tâm đã giải quyết: 4.561/5.650 HS (tỷ lệ 80,7%). Có 15 cơ quan, đơn vị cấp tỉnh phát sinh hồ sơ trực tuyến với tổng số gần 900 hồ sơ.',
    );
    const k = ms.find((m) => m.value === 5650)!;
    expect([k.unit, k.tolerance, k.raw]).toEqual(['hồ sơ', 5, '5,65 ngàn hồ sơ']);
    const r = ms.find((m) => m.value === 4561)!;
    expect([r.unit, r.of, r.factKey]).toEqual(['hồ sơ', 5650, 'hoso.giai_quyet']);
    expect(ms.find((m) => m.value === 80.7)!.rateOf).toBe(4561);
    expect(ms.find((m) => m.value === 15)!.unit).toBe('cơ quan');
    expect(ms.find((m) => m.value === 900)!.approx).toBe(true);
    // "Tháng 5-2021" is a period, not a number.
    expect(ms.some((m) => m.value === 5 || m.value === 2021)).toBe(false);
  });

  it('clock times, dates and bare years are no numbers; "mức độ 3 và 1.537 hồ sơ" keeps the count', () => {
    const ms = mentions(
      '06:03, 18/03/2020. Kết quả kiểm soát qua 3 năm từ 2016 đến 2018 chỉ có 1 hồ sơ trễ hạn.',
      'Trong đó có 61 hồ sơ nộp mức độ 3 và 1.537 hồ sơ nộp mức độ 4.',
    );
    expect(ms.map((m) => m.value)).toEqual([3, 1, 61, 1537]);
  });
});

describe('periods written with the year elsewhere', () => {
  it('"tháng 5-2021", "tháng 8/2021", "9 tháng đầu năm 2022", "quý I/2023"', () => {
    expect(parsePeriod('Tháng 5-2021, Trung tâm tiếp nhận')).toMatchObject({ kind: 'month', number: 5, year: 2021 });
    expect(parsePeriod('trong tháng 8/2021 đã tiếp nhận mới')).toMatchObject({ kind: 'month', number: 8, year: 2021 });
    expect(parsePeriod('Trong 9 tháng đầu năm 2022, các cấp')).toMatchObject({ kind: 'nine_months', year: 2022 });
    expect(parsePeriod('Trong quý I/2023, toàn tỉnh có')).toMatchObject({ kind: 'quarter', number: 1, year: 2023 });
  });
});
