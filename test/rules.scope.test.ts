// Rules that read the scope of narrative facts, on real sentences: values of different levels,
// times or states are no contradiction; levels that make up a whole are a sum check; rates stated
// in prose are checked against a base stated beside them.
import { describe, expect, it } from 'vitest';
import { extractNarrative } from '../scripts/eval/narratives.js';

const rules = (...paragraphs: string[]) => extractNarrative(paragraphs.join('\n\n') + '\n', 't.txt').conflicts.filter((c) => c.severity !== 'info');

describe('fact_self_contradiction compares one scope only', () => {
  it('toàn tỉnh and its levels, đã and đang giải quyết, a total and its "trong đó" part are no rivals', () => {
    const found = rules(
      'Trong quý I năm 2020 toàn tỉnh đã tiếp nhận 659.245 hồ sơ, đã giải quyết 643.272 hồ sơ.',
      'Với cấp tỉnh, quý I đã tiếp nhận 54.575 hồ sơ; đã giải quyết 51.780 hồ sơ. Trong số hồ sơ đang giải quyết gồm 2.800 hồ sơ, có 2.672 hồ sơ chưa đến hạn và có 128 hồ sơ đã quá hạn.',
    );
    expect(found.filter((c) => c.rule === 'fact_self_contradiction')).toEqual([]);
    const part = rules('Trung tâm đã tiếp nhận tổng cộng 19.361 hồ sơ, trong đó có 16.041 hồ sơ tiếp nhận mới.');
    expect(part.filter((c) => c.rule === 'fact_self_contradiction')).toEqual([]);
  });

  it('two values of one scope still are', () => {
    const found = rules('Bộ phận một cửa đã tiếp nhận 334 hồ sơ trong quý.', 'Trong quý, UBND xã tiếp nhận 343 hồ sơ.');
    expect(found.map((c) => [c.rule, c.values])).toEqual([['fact_self_contradiction', [334, 343]]]);
  });
});

describe('fact_sum_mismatch within a scope and across levels', () => {
  it('levels that add up to the whole are quiet; one that does not is found', () => {
    const ok = rules(
      'Toàn tỉnh tiếp nhận 56.039 hồ sơ.',
      'Các sở, ban ngành cấp tỉnh tiếp nhận 23.233 hồ sơ; cấp huyện tiếp nhận 6.776 hồ sơ; cấp xã tiếp nhận 26.030 hồ sơ.',
    );
    expect(ok).toEqual([]);
    const wrong = rules(
      'Toàn tỉnh tiếp nhận 56.093 hồ sơ.',
      'Các sở, ban ngành cấp tỉnh tiếp nhận 23.233 hồ sơ; cấp huyện tiếp nhận 6.776 hồ sơ; cấp xã tiếp nhận 26.030 hồ sơ.',
    );
    expect(wrong.map((c) => [c.rule, c.values])).toEqual([['fact_sum_mismatch', [56093, 23233, 6776, 26030]]]);
    expect(wrong[0]!.message).toContain('cấp tỉnh 23.233 + cấp huyện 6.776 + cấp xã 26.030');
  });

  it('resolved = "đúng và trước hạn" + late; early + on time + late at the district level only', () => {
    const eot = rules('Toàn tỉnh đã giải quyết 643.272 hồ sơ; trong đó, số hồ sơ giải quyết đúng và trước hạn có 635.593 hồ sơ; số hồ sơ quá hạn có 7.677 hồ sơ.');
    expect(eot.map((c) => [c.rule, c.values])).toEqual([['fact_sum_mismatch', [643272, 635593, 7677]]]);
    const district = rules(
      'Trung tâm của tỉnh đã giải quyết 15.641 hồ sơ, trong đó giải quyết trước hạn có 13.529 hồ sơ; giải quyết đúng hạn có 1.958 hồ sơ; số hồ sơ quá hạn còn 154.',
      'Ở cấp huyện, trong tháng đã giải quyết được 17.651 hồ sơ, trong đó có 13.767 hồ sơ trước hạn, có 3.254 hồ sơ giải quyết đúng hạn và số quá hạn còn 634 hồ sơ.',
    );
    expect(district.map((c) => [c.rule, c.values])).toEqual([['fact_sum_mismatch', [17651, 13767, 3254, 634]]]);
  });
});

describe('fact_rate_mismatch', () => {
  it('a rate no base beside it gives; truncated and rounded rates agree', () => {
    const found = rules(
      'Các sở, ban ngành cấp tỉnh tiếp nhận 23.233 hồ sơ, với 6.596 hồ sơ trực tuyến (đạt tỷ lệ 28,39%); cấp huyện tiếp nhận 6.776 hồ sơ, với 2.521 hồ sơ trực tuyến (đạt tỷ lệ 37,76%); cấp xã tiếp nhận 26.030 hồ sơ, với 3.399 hồ sơ trực tuyến (đạt tỷ lệ 13,05%).',
    );
    expect(found.map((c) => [c.rule, c.values])).toEqual([['fact_rate_mismatch', [2521, 6776, 37.76]]]);
  });

  it('a base stated after the count, a ratio\'s denominator, a count rounded to "ngàn"', () => {
    expect(rules('Bộ phận một cửa cấp huyện, cấp xã đã tiếp nhận mới 19.630 hồ sơ, hồ sơ trả trước và đúng hạn là 19.255 hồ sơ (đạt 96,55%), hồ sơ đến hạn giải quyết 19.944 hồ sơ.')).toEqual([]);
    expect(rules('Trung tâm đã giải quyết: 4.561/5.650 HS (tỷ lệ 80,7%).')).toEqual([]);
    const ngan = rules('Trung tâm đã giải quyết: 4.561/5.650 HS (tỷ lệ 80,7%). Trong đó, có 4,52 ngàn HS giải quyết đúng và trước hạn (tỷ lệ 99,7%), có 12 hồ sơ giải quyết trễ hạn (tỷ lệ 0,3%).');
    expect(ngan.map((c) => [c.rule, c.values.at(-1)])).toEqual([['fact_rate_mismatch', 99.7]]);
  });

  it('no base stated, an approximate rate, a headcount list: nothing said', () => {
    expect(rules('Có 90 hồ sơ (chiếm 2,16%) các cơ quan thụ lý trả lại hồ sơ.')).toEqual([]);
    expect(rules('Toàn tỉnh tiếp nhận 56.039 hồ sơ; đã giải quyết 48.249 hồ sơ (tỷ lệ hồ sơ đúng hạn và sớm hạn đạt gần 98%).')).toEqual([]);
    expect(rules('+ Lý luận chính trị: Cao cấp: 1 đồng chí (chiếm 14,29%), Trung cấp: 4 đồng chí (chiếm 57,14%), Sơ cấp: 1 đồng chí (chiếm 14,29%).')).toEqual([]);
  });
});
