// Place and person names as Vietnamese reports print them: "UBND xã Tiên Động",
// "ỦY BAN NHÂN DÂN HUYỆN TỨ KỲ", "phường 3", "Nguyễn Văn Thương" / "NGUYỄN VĂN THƯƠNG".
import type { ReportMeta } from '../../schemas/record.js';
import { clean, fold, foldSameLength } from '../text/fold.js';
import { execAll } from '../text/regex.js';

export type UnitKind = NonNullable<ReportMeta['unitKind']>;

/** Folded unit word → unit kind. Longest first when matching ("thị xã" before "xã"). */
const UNIT_WORDS: Array<[string, UnitKind]> = [
  ['thi tran', 'thị trấn'],
  ['thi xa', 'thị xã'],
  ['thanh pho', 'thành phố'],
  ['phuong', 'phường'],
  ['huyen', 'huyện'],
  ['quan', 'quận'],
  ['tinh', 'tỉnh'],
  ['xa', 'xã'],
];

/** Administrative level: 3 commune, 2 district, 1 province (a "thành phố" is 2 unless centrally run). */
export function unitLevel(kind: UnitKind, name?: string | null): number {
  switch (kind) {
    case 'xã':
    case 'phường':
    case 'thị trấn':
      return 3;
    case 'huyện':
    case 'quận':
    case 'thị xã':
      return 2;
    case 'thành phố':
      return name && CENTRAL_CITIES.has(fold(name)) ? 1 : 2;
    case 'tỉnh':
      return 1;
    default:
      return 0;
  }
}

// Cities run by the central government rank as provinces.
const CENTRAL_CITIES = new Set(['ha noi', 'ho chi minh', 'hai phong', 'da nang', 'can tho', 'hue']);

/**
 * Words that follow a place name but are not part of it ("xã Tiên Động Quý III", "… Năm 2023"),
 * compared as printed (lower-cased, tones kept): folded, "tháng" would stop "Thạch Thang".
 */
const NAME_STOP = new Set(
  ['quý', 'năm', 'về', 'báo', 'kế', 'trên', 'huyện', 'tỉnh', 'xã', 'phường', 'quận', 'thị', 'ubnd', 'ủy', 'uỷ', 'trong', 'theo', 'tại', 'của', 'và', 'đã', 'tháng', 'ngày', 'số', 'từ', 'đến', 'tp', 'hđnd', 'mttq'],
);
const isStop = (w: string) => NAME_STOP.has(w.normalize('NFC').toLocaleLowerCase('vi'));

/** "TIÊN ĐỘNG" / "tiên động" → "Tiên Động": each word's first letter upper-case, the rest lower. */
export function titleCase(text: string): string {
  return clean(text)
    .toLocaleLowerCase('vi')
    .replace(/(^|[\s(-])(\p{L})/gu, (_, pre: string, c: string) => pre + c.toLocaleUpperCase('vi'));
}

/** "ỦY BAN NHÂN DÂN" → "Ủy ban nhân dân": only the first letter upper-case. */
export function sentenceCase(text: string): string {
  const lower = clean(text).toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}

function isUpperWord(w: string): boolean {
  return /\p{Lu}/u.test(w) && w === w.toLocaleUpperCase('vi');
}

export interface UnitMention {
  kind: UnitKind;
  /** Title-cased name ("Tiên Động"), or the number of a numbered unit ("3"). */
  name: string;
  /** True when preceded by "UBND" / "Ủy ban nhân dân". */
  ubnd: boolean;
  /** [start, end) of the whole mention in the searched text. */
  start: number;
  end: number;
}

const UNIT_MENTION = new RegExp(
  String.raw`(?<![a-z])((?:ubnd|uy\s+ban\s+nhan\s+dan)\s+)?(${UNIT_WORDS.map(([w]) => w.replace(' ', '\\s+')).join('|')})\s+`,
  'g',
);

/**
 * Every "<unit word> <Name>" in `text`: "xã Tiên Động", "UBND huyện Tứ Kỳ", "PHƯỜNG 3",
 * "UBND XÃ TIÊN ĐỘNG". The name is the run of capitalised words (or one number) after the unit word.
 * `folded` is foldSameLength(text), when the caller has it already.
 */
export function findUnitMentions(text: string, folded = foldSameLength(text)): UnitMention[] {
  const out: UnitMention[] = [];
  for (const m of execAll(UNIT_MENTION, folded)) {
    const kindWord = m[2]!.replace(/\s+/g, ' ');
    const kind = UNIT_WORDS.find(([w]) => w === kindWord)![1];
    // The printed word must be the unit word with its own tones ("quận", not "quản"/"quan"):
    // folding alone would read "cơ quan Nhà nước" as a district.
    const printedWord = text.slice(m.index + (m[1]?.length ?? 0), m.index + (m[1]?.length ?? 0) + m[2]!.length);
    if (clean(printedWord).toLocaleLowerCase('vi').normalize('NFC') !== kind) continue;
    let pos = m.index + m[0].length;
    const words: string[] = [];
    let end = pos;
    const allCapsHeader = isUpperWord(printedWord.replace(/\s+/g, ''));
    while (words.length < 4) {
      // Highland names keep their apostrophe: "Đưng K’Nớ", "Ea H'leo", "Đắk R’lấp".
      const wm = /^(\p{L}[\p{L}\p{M}]*(?:['’ʼ]\p{L}[\p{L}\p{M}]*)*|\d{1,3})(?=$|[\s,.;:)/])/u.exec(text.slice(pos));
      if (!wm) break;
      const w = wm[1]!;
      const numeric = /^\d+$/.test(w);
      if (numeric && words.length > 0) break;
      if (!numeric && !/^\p{Lu}/u.test(w)) break;
      if (isStop(w) && words.length > 0) break;
      if (!numeric && !allCapsHeader && isUpperWord(w) && w.length > 1 && words.length > 0) break; // "xã Tiên Động QUÝ"
      words.push(w);
      end = pos + w.length;
      const space = /^\s+/.exec(text.slice(end));
      if (!space || numeric) break;
      pos = end + space[0].length;
    }
    if (words.length === 0) continue;
    if (words.length === 1 && isStop(words[0]!)) continue;
    out.push({ kind, name: titleCase(words.join(' ')), ubnd: !!m[1], start: m.index, end });
  }
  return out;
}

/**
 * A person's name from a signature line: 2–6 words, each starting with a capital, no digits
 * ("Nguyễn Văn Thương", "NGUYỄN VĂN THƯƠNG" → "Nguyễn Văn Thương"); null otherwise.
 */
export function personName(text: string): string | null {
  const t = clean(text).replace(/^[\s*_]+|[\s*_.]+$/g, '');
  const words = t.split(' ');
  if (words.length < 2 || words.length > 6) return null;
  if (!words.every((w) => /^\p{Lu}[\p{L}\p{M}]*$/u.test(w))) return null;
  return titleCase(t);
}
