import { describe, expect, it } from 'vitest';
import { execAll } from '../src/text/regex.js';

const plain = (ms: RegExpMatchArray[]) => ms.map((m) => ({ index: m.index, all: [...m], groups: m.groups, indices: m.indices }));

describe('execAll', () => {
  const cases: Array<[RegExp, string]> = [
    [/(?<n>\d+)\s*ho so/gd, 'tiep nhan 123 ho so, giai quyet 120 ho so dung han'],
    [/\bnam (\d{4})\b/g, 'ke hoach nam 2023 va nam 2024'],
    [/x*/g, 'axxbx'], // empty matches step one unit
    [/(?:)/gu, 'a😀b'], // in Unicode mode an empty match steps over a whole code point
    [/(?:)/g, 'a😀b'],
    [/\p{L}+/gu, 'Ủy ban 12 xã Tiên Động'],
    [/zzz/g, 'no match here'],
  ];
  it.each(cases)('gives the same matches as matchAll: %s', (re, text) => {
    expect(plain(execAll(re, text))).toEqual(plain([...text.matchAll(new RegExp(re))]));
    expect(re.lastIndex).toBe(0);
  });

  it('lets the caller reuse the regex while walking the matches', () => {
    const re = /\d+/g;
    const seen: string[] = [];
    for (const m of execAll(re, 'a1 b22 c333')) seen.push(`${m[0]}:${execAll(re, m[0] + m[0]).length}`);
    expect(seen).toEqual(['1:1', '22:1', '333:1']);
  });

  it('refuses a regex without the g flag, as matchAll does', () => {
    expect(() => execAll(/a/, 'a')).toThrow(TypeError);
  });
});
