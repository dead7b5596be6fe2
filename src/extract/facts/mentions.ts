// Open facts: every number a sentence states, with its unit noun, the clause it measures, how
// exact it is, and its scope (scope.ts). The keyed fact rules (rules.ts) read only what the
// catalogue knows; these keep the rest ("90 hồ sơ … trả lại", "15 cơ quan", "5/9 huyện") so a
// reviewer can find and check them, and so rates stated in prose can be checked.
//
// Decisions:
// - Numbers are found on the masked view (prose.ts: dates, document numbers, "năm 2023", "mức độ
//   3" are not quantities), also masking clock times, "tháng 7", day-month dates ("tính đến
//   26/10") and bare years ("từ 2016 đến 2018") that the fact rules never look at.
// - "5,65 ngàn" is 5 650, exact to ±5 (tolerance): checks allow for it. "hơn", "trên", "gần",
//   "khoảng", "dưới" make a number approximate: no check uses it.
// - "4.561/5.650 HS" is one mention of 4 561 of 5 650, and one of 5 650, both with its unit.
// - The unit is the noun after the number ("HS", "bộ" read as "hồ sơ"); without one, the head noun
//   of its clause ("số hồ sơ quá hạn còn 154").
import { readProseNumber, NUM } from './prose.js';
import { execAll } from '../../text/regex.js';

/** One quantity of a sentence, as read. */
export interface ReadNumber {
  /** Offsets in the sentence of the number itself (the numerator of a ratio). */
  start: number;
  end: number;
  /** Offsets of everything read with it: multiplier, "%", denominator, unit noun. */
  rawStart: number;
  rawEnd: number;
  value: number;
  percent: boolean;
  unit: string | null;
  approx: boolean;
  tolerance: number;
  of?: { value: number; start: number; end: number };
}

const NUM_G = new RegExp(NUM, 'g');

// Masks for digits the fact rules never read but an open reader would: clock times, "tháng 7",
// "ngày 26/10", bare years with no noun after them.
const EXTRA_MASKS: RegExp[] = [
  /\b\d{1,2}:\d{2}\b/g,
  /\b(?:thang|quy|ngay|tuan|ky)\s+\d{1,2}\b(?!\s*(?:ho so|hs|%))/g,
  /\b\d{1,2}[./]\d{1,2}[./]\d{4}\b/g,
  /\b(?:ngay|tu ngay|den ngay|tinh den)\s+\d{1,2}\s*\/\s*\d{1,2}(?!\d)/g,
  /\b\d{1,2}\/\d{1,2}\s*(?=den\b|-\s*\d)/g,
  /(?<![\d.,])(?:19|20)\d{2}(?![\d%]|[.,]\d)(?!\s*(?:ho so|hs|bo|nguoi|luot|thu tuc|tthc|trieu|ty|ngan|nghin))/g,
];

/** The sentence's masked view with the extra masks applied (same length). */
export function maskForMentions(masked: string, folded: string): string {
  const chars = masked.split('');
  for (const re of EXTRA_MASKS) {
    for (const m of execAll(re, folded)) for (let i = m.index; i < m.index + m[0].length; i++) if (/\d/.test(chars[i]!)) chars[i] = '#';
  }
  return chars.join('');
}

const MULTIPLIER = /^\s*(ngan|nghin|trieu|ty)(?![a-z])/;
const FACTOR: Record<string, number> = { ngan: 1e3, nghin: 1e3, trieu: 1e6, ty: 1e9 };

// Unit nouns (folded) → the unit as understood. Longest first.
const UNITS: Array<[string, string]> = [
  ['bo ho so', 'hồ sơ'],
  ['ho so', 'hồ sơ'],
  ['hs', 'hồ sơ'],
  ['thu tuc hanh chinh', 'thủ tục'],
  ['thu tuc', 'thủ tục'],
  ['tthc', 'thủ tục'],
  ['dich vu cong', 'dịch vụ công'],
  ['co quan', 'cơ quan'],
  ['don vi', 'cơ quan'],
  ['huyen', 'huyện'],
  ['xa', 'xã'],
  ['phuong', 'phường'],
  ['luot', 'lượt'],
  ['truong hop', 'trường hợp'],
  ['dong chi', 'người'],
  ['nguoi', 'người'],
  ['can bo', 'người'],
  ['cong chuc', 'người'],
  ['cap', 'cấp'],
  ['nam', 'năm'],
  ['thang', 'tháng'],
  ['ngay', 'ngày'],
  ['ma', 'mã'],
  ['linh vuc', 'lĩnh vực'],
  ['tin', 'tin, bài'],
  ['bai', 'tin, bài'],
  ['ke hoach', 'kế hoạch'],
  ['van ban', 'văn bản'],
  ['may', 'máy'],
  ['phieu', 'phiếu'],
  ['bien che', 'biên chế'],
  ['diem', 'điểm'],
  ['bac', 'bậc'],
  ['dong', 'đồng'],
  ['vnd', 'đồng'],
  ['bo', 'hồ sơ'],
];
const UNIT_AFTER = new RegExp(String.raw`^\s*(${UNITS.map(([w]) => w).join('|')})(?![a-z])`);
const HEAD_NOUN = /\b(ho so|hs|tthc|thu tuc|truong hop|co quan)\b/g;
const APPROX = /\b(?:hon|tren|gan|khoang|xap xi|duoi|toi thieu|toi da|chua den)\s*$/;

function decimalsOf(printed: string): number {
  const comma = printed.lastIndexOf(',');
  if (comma >= 0) return printed.length - comma - 1;
  // "1.5" with a dot read as a decimal (one to two digits after a single dot).
  const m = /^\d+\.(\d{1,2})$/.exec(printed);
  return m ? m[1]!.length : 0;
}

/**
 * The quantities of one sentence, in order. `text` as printed, `folded` its same-length folded
 * view, `masked` the fact rules' masked view of it.
 */
export function readNumbers(text: string, folded: string, masked: string): ReadNumber[] {
  const view = maskForMentions(masked, folded);
  const out: ReadNumber[] = [];
  for (const m of execAll(NUM_G, view)) {
    const start = m.index;
    const end = start + m[0].length;
    const printed = text.slice(start, end);
    let rest = view.slice(end);
    let rawEnd = end;
    const percent = /^\s*%/.test(rest);
    const read = readProseNumber(printed, percent ? 'percent' : 'count');
    if (!read || read.value === null) continue;
    let value = read.value;
    let tolerance = 0;
    const decimals = read.word ? 0 : decimalsOf(printed);
    if (percent) {
      tolerance = decimals > 0 ? 0.5 * 10 ** -decimals : 0.5;
      const p = /^\s*%/.exec(rest)!;
      rawEnd += p[0].length;
      rest = view.slice(rawEnd);
    } else {
      const mul = MULTIPLIER.exec(rest);
      if (mul) {
        const f = FACTOR[mul[1]!]!;
        value = Math.round(value * f);
        tolerance = 0.5 * 10 ** -decimals * f;
        rawEnd += mul[0].length;
        rest = view.slice(rawEnd);
      } else if (decimals > 0 && !Number.isInteger(value)) tolerance = 0.5 * 10 ** -decimals;
    }
    let of: ReadNumber['of'];
    const ratio = /^\s*\/\s*(\d{1,3}(?:\.\d{3})+|\d+)(?![\d,.]\d)/.exec(rest);
    if (!percent && ratio) {
      const dStart = rawEnd + ratio[0].length - ratio[1]!.length;
      const den = readProseNumber(ratio[1]!, 'count');
      if (den && den.value !== null) {
        of = { value: den.value, start: dStart, end: rawEnd + ratio[0].length };
        rawEnd += ratio[0].length;
        rest = view.slice(rawEnd);
      }
    }
    let unit: string | null = percent ? '%' : null;
    if (!percent) {
      const u = UNIT_AFTER.exec(rest);
      if (u) {
        unit = UNITS.find(([w]) => w === u[1])![1];
        rawEnd += u[0].length;
      } else {
        // The head noun of the clause before the number: "số hồ sơ quá hạn còn 154".
        const before = folded.slice(0, start);
        const clauseStart = Math.max(before.lastIndexOf(';'), before.lastIndexOf('('), before.lastIndexOf(', '), 0);
        const heads = execAll(HEAD_NOUN, before.slice(clauseStart));
        const head = heads[heads.length - 1]?.[1];
        if (head) unit = UNITS.find(([w]) => w === head)![1];
      }
    }
    const approx = APPROX.test(folded.slice(Math.max(0, start - 14), start));
    out.push({ start, end, rawStart: start, rawEnd, value, percent, unit, approx, tolerance, ...(of ? { of } : {}) });
  }
  return out;
}

const CLAUSE_BREAK = /[;:()]|,\s|\.\s/g;

/** The clause a number measures, as printed, with the number itself left out ("… hồ sơ trực tuyến"). */
export function measureOf(text: string, folded: string, n: ReadNumber): string {
  let from = 0;
  let to = text.length;
  for (const b of execAll(CLAUSE_BREAK, folded)) {
    if (b.index + b[0].length <= n.rawStart) from = b.index + b[0].length;
    else if (b.index >= n.rawEnd) {
      to = b.index;
      break;
    }
  }
  const before = text.slice(from, n.rawStart).replace(/\s+/g, ' ').trim();
  const after = text.slice(n.rawEnd, to).replace(/\s+/g, ' ').trim();
  const unit = n.unit && n.unit !== '%' ? n.unit : '';
  const m = [before, unit, after].filter(Boolean).join(' ');
  return m.length > 120 ? `${m.slice(0, 117)}…` : m;
}
