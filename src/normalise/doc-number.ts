// Document numbers ("số ký hiệu") of Vietnamese administrative documents, after Nghị định
// 30/2020/NĐ-CP: serial[/year]/TYPE-ISSUER ("12/KH-UBND", "144/2017/TT-BTC", "281/UBND-NV");
// Party documents write serial-TYPE/ISSUER ("225-CV/ĐU") and keep that form.
//
// Decisions:
// - The printed serial digits are kept ("04/KH-UBND" stays "04/KH-UBND"): it is what a reviewer
//   searches for in the file. `serialKey` drops leading zeros so "04" and "4" are one act.
// - Spaces around '/' and '-' are removed ("04/ KH-UBND", "08/KH - UBND").
// - A state number written with '-' instead of '/' ("12-KH-UBND") gets its '/' back; Party
//   numbers (a '/' after the letters) are left as printed.
// - A PDF that lost the hyphen ("QĐUBND") is split only when the letters are a known type code
//   followed by a known issuer code, so nothing is guessed for codes we do not know.
// - Letter case is kept as printed ("QĐ-TTg" is correct with a lower-case g).

export interface DocNumber {
  /** Normalised: "12/KH-UBND", "144/2017/TT-BTC", "225-CV/ĐU". */
  number: string;
  /** Serial digits as printed ("04"). */
  serial: string;
  /** Serial without leading zeros, for identity ("4"). */
  serialKey: string;
  /** Year written inside the number ("144/2017/TT-BTC" → 2017), else null. */
  year: number | null;
  /** Letters after the serial/year: "KH-UBND", "TT-BTC", "CV/ĐU". */
  suffix: string;
  /** What normalisation did: 'spaces_removed', 'dash_to_slash', 'hyphen_restored'. */
  flags: string[];
}

// Type codes (first part of the suffix) — Nghị định 30/2020/NĐ-CP, Phụ lục III.
const TYPE_CODES = ['QĐ', 'KH', 'BC', 'CV', 'TB', 'TT', 'NĐ', 'CT', 'NQ', 'HD', 'TTr', 'GM', 'QC', 'QyĐ', 'CTr', 'ĐA', 'PA', 'BB', 'HĐ', 'TTLT', 'GUQ', 'GXN', 'TB'];
// Issuer codes that may follow a type code. National ones name one body; "UBND"/"ĐU" do not.
const ISSUER_NAMES: Record<string, string | null> = {
  CP: 'Chính phủ',
  TTg: 'Thủ tướng Chính phủ',
  QH: 'Quốc hội',
  UBTVQH: 'Ủy ban Thường vụ Quốc hội',
  VPCP: 'Văn phòng Chính phủ',
  BTC: 'Bộ Tài chính',
  BNV: 'Bộ Nội vụ',
  BTP: 'Bộ Tư pháp',
  BTTTT: 'Bộ Thông tin và Truyền thông',
  BKHĐT: 'Bộ Kế hoạch và Đầu tư',
  BCA: 'Bộ Công an',
  BQP: 'Bộ Quốc phòng',
  BLĐTBXH: 'Bộ Lao động - Thương binh và Xã hội',
  BTNMT: 'Bộ Tài nguyên và Môi trường',
  BGDĐT: 'Bộ Giáo dục và Đào tạo',
  BYT: 'Bộ Y tế',
  BXD: 'Bộ Xây dựng',
  // Local bodies: the code alone does not say which commune/district/province.
  UBND: null,
  HĐND: null,
  ĐU: null,
  HU: null,
  TU: null,
  VP: null,
  TTHĐND: null,
  MTTQ: null,
};

/** The body an issuer code names by itself (national bodies only), else null. */
export function issuerFromSuffix(suffix: string): string | null {
  const parts = suffix.split(/[-/]/).filter(Boolean);
  // The issuer is the last code ("TT-BTC" → BTC, "QĐ-TTg" → TTg); "UBND-NV" is a department of a UBND.
  const last = parts[parts.length - 1];
  if (!last || parts.length < 2) return null;
  return ISSUER_NAMES[last] ?? null;
}

/**
 * Regex source matching a document number in FOLDED text (see foldSameLength: 'đ' is 'd',
 * lower case): serial, optional year, then letter codes joined by '-' or '/', spaces allowed
 * around the separators.
 */
export const DOC_NUMBER_FOLDED = String.raw`\d{1,5}[a-z]?(?:\s*/\s*\d{4})?\s*[-/]\s*[a-z][a-z0-9]*(?:\s*[-/]\s*[a-z][a-z0-9]*)*`;

function splitGluedCodes(letters: string): string | null {
  // Longest type code first so "TTr" wins over "TT".
  const types = [...new Set(TYPE_CODES)].sort((a, b) => b.length - a.length);
  for (const t of types) {
    if (letters.length > t.length && letters.startsWith(t) && letters.slice(t.length) in ISSUER_NAMES) {
      return `${t}-${letters.slice(t.length)}`;
    }
  }
  return null;
}

/** Normalises a printed document number; null when it has no serial or no letter code. */
export function normaliseDocNumber(raw: string): DocNumber | null {
  const flags: string[] = [];
  const printed = raw.normalize('NFC').trim().replace(/[.,;:)]+$/, '');
  const compact = printed.replace(/\s*([-/])\s*/g, '$1');
  if (compact !== printed) flags.push('spaces_removed');
  const m = /^(\d{1,5}[a-zA-Z]?)(?:\/(\d{4}))?([-/])(\p{L}[\p{L}\d]*(?:[-/]\p{L}[\p{L}\d]*)*)$/u.exec(compact);
  if (!m) return null;
  const serial = m[1]!;
  const year = m[2] ? Number(m[2]) : null;
  const sep = m[3]!;
  let suffix = m[4]!;

  const partyStyle = sep === '-' && suffix.includes('/');
  if (!partyStyle && !suffix.includes('-') && !suffix.includes('/')) {
    const split = splitGluedCodes(suffix);
    if (split) {
      suffix = split;
      flags.push('hyphen_restored');
    }
  }
  let number: string;
  if (partyStyle) number = `${serial}-${suffix}`;
  else {
    if (sep === '-' && year === null) flags.push('dash_to_slash');
    number = year === null ? `${serial}/${suffix}` : `${serial}/${year}/${suffix}`;
  }
  const serialKey = serial.replace(/^0+(?=\d)/, '');
  return { number, serial, serialKey, year, suffix, flags };
}

/** The number as an identity key: leading zeros dropped ("04/KH-UBND" → "4/KH-UBND"). */
export function docNumberKey(n: DocNumber): string {
  return n.serialKey + n.number.slice(n.serial.length);
}
