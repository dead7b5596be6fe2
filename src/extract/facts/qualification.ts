// Qualification splits of the staff: "Cán bộ cấp xã có 10 người, trong đó: + Trình độ chuyên
// môn: Thạc sỹ 2/10 = 20 %, Đại học 6/10 đồng chí = 60%, … 01 chưa qua đào tạo = 10%". The group
// (cán bộ / công chức) is usually stated in an earlier block, the area (chuyên môn / lý luận chính
// trị) at the head of the line, and each level in its own clause with a count and a percent.
// Level words are matched with a small edit distance (natural's Levenshtein search) because PDF
// text loses letters ("ch a qua ào tạo") and tone marks vary ("thạc sỹ"/"thạc sĩ").
import { LevenshteinDistanceSearch } from 'natural/lib/natural/distance/index.js';
import { execAll } from '../../text/regex.js';

export type Group = 'can_bo' | 'cong_chuc';
export type Area = 'chuyen_mon' | 'ly_luan';

const LEVELS: Record<Area, Array<[string, RegExp, string]>> = {
  chuyen_mon: [
    ['thac_si', /^thac s[iy]\b/, 'thac si'],
    ['dai_hoc', /^dai hoc\b/, 'dai hoc'],
    ['cao_dang', /^cao dang\b/, 'cao dang'],
    ['trung_cap', /^trung cap\b/, 'trung cap'],
    ['chua_dao_tao', /^chua (?:qua )?dao tao\b/, 'chua qua dao tao'],
  ],
  ly_luan: [
    ['cao_cap', /^cao cap\b/, 'cao cap'],
    ['trung_cap', /^trung cap\b/, 'trung cap'],
    ['so_cap', /^so cap\b/, 'so cap'],
  ],
};

/** The group a sentence introduces ("Cán bộ cấp xã có 10 người", "- Công chức xã có 9 người:"). */
export function groupOf(folded: string): Group | null {
  const head = /^[\s\-+•(]*(can bo|cong chuc)(?:\s+cap xa|\s+xa|\s+phuong|\s+thi tran)?\b(?!\s*,)/.exec(folded);
  if (!head) return null;
  if (/^[\s\-+•(]*can bo\s+khong chuyen/.test(folded)) return null;
  return head[1] === 'can bo' ? 'can_bo' : 'cong_chuc';
}

const CHUYEN_MON = /(?:trinh do\s+)?chuyen mon(?:\s*,?\s*nghiep vu)?\s*:?/g;
const LY_LUAN = /(?:trinh do\s+)?ly luan chinh tri\s*:?/g;

/** Positions where an area label starts and which area it names. */
export function areasIn(folded: string): Array<{ area: Area; at: number; end: number }> {
  const out: Array<{ area: Area; at: number; end: number }> = [];
  for (const m of execAll(CHUYEN_MON, folded)) out.push({ area: 'chuyen_mon', at: m.index, end: m.index + m[0].length });
  for (const m of execAll(LY_LUAN, folded)) out.push({ area: 'ly_luan', at: m.index, end: m.index + m[0].length });
  return out.sort((a, b) => a.at - b.at);
}

export interface LevelStat {
  level: string;
  /** Offsets in the searched string. */
  start: number;
  end: number;
  count: { value: string; start: number; end: number } | null;
  percent: { value: string; start: number; end: number } | null;
}

/**
 * Reads one clause of a qualification list ("Đại học 6/10 đồng chí = 60%", "01 chưa qua đào tạo =
 * 10%"). The level must open the clause (after an optional count), so "2 đồng chí đang học lớp
 * trung cấp" is not read as two people at trung cấp level.
 */
export function readLevelClause(clause: string, offset: number, area: Area): LevelStat | null {
  const lead = /^[\s\-+•]*(?:(\d+)\s*(?:dong chi|nguoi)?\s+)?/.exec(clause)!;
  const rest = clause.slice(lead[0].length);
  let level: string | null = null;
  let levelLen = 0;
  for (const [key, re] of LEVELS[area]) {
    const m = re.exec(rest);
    if (m) {
      level = key;
      levelLen = m[0].length;
      break;
    }
  }
  if (!level) {
    // Tolerant match at the clause head: distance ≤ 1 per 8 letters, so only long labels
    // ("chưa qua đào tạo") tolerate lost letters and "đang học" never reads as "đại học".
    for (const [key, , phrase] of LEVELS[area]) {
      const probe = rest.slice(0, phrase.length + 2);
      const allowed = Math.floor(phrase.length / 8);
      if (!mayBeWithin(phrase, probe, allowed)) continue;
      const found = LevenshteinDistanceSearch(phrase, probe);
      if (found.offset <= 1 && found.distance <= allowed) {
        level = key;
        levelLen = found.offset + found.substring.length;
        break;
      }
    }
  }
  if (!level) return null;
  const afterAt = lead[0].length + levelLen;
  const after = clause.slice(afterAt);
  let count: LevelStat['count'] = null;
  if (lead[1]) {
    const at = clause.indexOf(lead[1]);
    count = { value: lead[1], start: offset + at, end: offset + at + lead[1].length };
  } else {
    const c = /^\s*:?\s*(\d+)(?:\s*\/\s*\d+)?(?!\s*[%\d,.])/.exec(after);
    if (c) {
      const at = afterAt + c[0].indexOf(c[1]!);
      count = { value: c[1]!, start: offset + at, end: offset + at + c[1]!.length };
    }
  }
  let percent: LevelStat['percent'] = null;
  const p = /(?:=|chiem|dat|bang|:)?\s*(\d+(?:[.,]\d+)?)\s*%/.exec(after);
  if (p) {
    const at = afterAt + p.index + p[0].indexOf(p[1]!);
    percent = { value: p[1]!, start: offset + at, end: offset + at + p[1]!.length };
  }
  if (!count && !percent) return null;
  return { level, start: offset, end: offset + clause.length, count, percent };
}

/**
 * False when no part of `probe` is within `allowed` edits of `phrase`, by a count that needs no
 * search: every letter of the phrase that is not among the probe's letters (as a multiset) costs
 * an edit. Most clause heads are far from every level word, so the search is mostly skipped.
 */
function mayBeWithin(phrase: string, probe: string, allowed: number): boolean {
  const left = new Map<string, number>();
  for (const ch of probe) left.set(ch, (left.get(ch) ?? 0) + 1);
  let missing = 0;
  for (const ch of phrase) {
    const n = left.get(ch) ?? 0;
    if (n > 0) left.set(ch, n - 1);
    else if (++missing > allowed) return false;
  }
  return true;
}

/** Clauses of a list: split at ", " / ";" / " và " — never at a decimal comma ("55,55%"). */
export function clauses(folded: string, from: number, to: number): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  const re = /,\s|;|\s+va\s+/g;
  re.lastIndex = from;
  let start = from;
  const body = folded.slice(0, to);
  for (let m = re.exec(body); m; m = re.exec(body)) {
    out.push({ text: body.slice(start, m.index), offset: start });
    start = m.index + m[0].length;
  }
  out.push({ text: body.slice(start, to), offset: start });
  return out.filter((c) => c.text.trim() !== '');
}
