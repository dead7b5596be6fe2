// Lost glyphs: a PDF whose font had no Unicode mapping for some letters (typically ư, đ and the
// toned ơ/ư) drops them, leaving "01 ch a qua ào tạo" for "01 chưa qua đào tạo". The missing letter
// cannot be known for sure, so nothing is guessed: the damaged words are found with a syllable
// inventory check and reported as unreadable spans for a reviewer.
import { isVietnameseSyllable, letterParts } from './tone-marks.js';
import { execAll } from './regex.js';

export interface DamagedSpan {
  /** [start, end) offsets into the text (UTF-16, like String.prototype.slice). */
  span: [number, number];
  text: string;
  reason: 'fragment' | 'invalid_syllable' | 'missing_d';
}

interface Token {
  start: number;
  end: number;
  word: string;
}

// Consonant clusters that begin a Vietnamese syllable: alone between spaces they are the
// remains of a word whose vowel was lost ("ch a" ← chưa, "ng ời" ← người, "tr ng" ← trường).
const INITIAL_FRAGMENT = /^(ngh|ng|nh|ch|gh|kh|ph|th|tr|[bcdđghklmnpqrstvx])$/;
const CONSONANT_ONLY = /^[bcdđghklmnpqrstvx]+$/;
// Units and abbreviations written after numbers or with a dot; not damage.
const KNOWN_ABBREVIATIONS = new Set(['km', 'kg', 'cm', 'mm', 'kw', 'kwh', 'ml', 'ths', 'ts', 'ks', 'bs', 'đc', 'tp', 'tt', 'nd', 'qd', 'nq', 'ct', 'hd']);

/**
 * Vowel-initial syllables that are ordinary words. A vowel-initial token outside this list that
 * would be a word with "đ" in front ("ào" → đào, "ược" → được) is the trace of a lost đ — but
 * only reported when the same document shows other lost glyphs, since the short list cannot be
 * complete.
 */
const VOWEL_INITIAL_WORDS = new Set(
  `a à á ả ạ ai ái ải am an án ang anh ánh ảnh ao áo ảo áp át au ay áy ắc ăn ăng ắp ắt
   âm ầm ấm ẩm ân ấn ẩn ấp ất âu ấu ẩu ấy
   e é em ém én eo ép
   ê ế êm ếch
   i ỉ ích im ỉm in ít
   o ó ò ọ oai oan oán óc oi om òm ong óng ông ồng ống ốc ổn ốm ổi ối
   ơ ở ơi ới ơn ớn ớt
   u ú ù ủ ủa uy úa ùa úp út ủy uỷ ùn ủng ụ úng uốn uống uổng ụt
   ư ừ ứ ửa ưa ựa ức ưng ứng ừng ước ướt ươm ương ưu ưởng
   y ý ỷ yên yến yêu yếu yểm yết`.split(/\s+/).filter(Boolean),
);

const WORD = /[\p{L}\p{M}]+/gu;
const SURROGATE = /[\ud800-\udfff]/;
// Whether a BMP code unit (not a surrogate half) is a letter or a mark: 0 not yet known, 1 yes, 2 no.
const wordUnits = new Uint8Array(0x10000);
const WORD_UNIT = /^[\p{L}\p{M}]$/u;
function isWordUnit(code: number): boolean {
  let known = wordUnits[code]!;
  if (known === 0) known = wordUnits[code] = WORD_UNIT.test(String.fromCharCode(code)) ? 1 : 2;
  return known === 1;
}

/** The runs of letters and marks (the matches of WORD), in order. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  // Every block and cell is scanned: walk the units with a table rather than run the Unicode
  // regex, except where a surrogate pair (an astral letter) needs the regex's code-point view.
  if (SURROGATE.test(text)) {
    for (const m of execAll(WORD, text)) out.push({ start: m.index, end: m.index + m[0].length, word: m[0] });
    return out;
  }
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (!isWordUnit(text.charCodeAt(i))) continue;
    const start = i;
    while (i + 1 < n && isWordUnit(text.charCodeAt(i + 1))) i++;
    out.push({ start, end: i + 1, word: text.slice(start, i + 1) });
  }
  return out;
}

const isLower = (w: string) => w === w.toLowerCase() && w !== w.toUpperCase();
const startsWithVowel = (w: string) => {
  const p = letterParts([...w][0] ?? '');
  return p !== null && 'aăâeêioôơuưy'.includes(p.base);
};

/** Same case style: both lower case, or both upper case (a damaged heading "CH A"). */
function sameCase(a: string, b: string): boolean {
  return (isLower(a) && isLower(b)) || (a === a.toUpperCase() && b === b.toUpperCase());
}

function onlySpaceBetween(text: string, a: Token, b: Token): boolean {
  return /^[ \t\u00a0]+$/.test(text.slice(a.end, b.start));
}

/** What the checks need of one word, independent of where it stands. */
interface WordFacts {
  lower: string;
  /** Consonants only and not a known abbreviation (check 1's word part). */
  consonantFragment: boolean;
  /** Check 2: letters that form no syllable. */
  invalidSyllable: boolean;
  /** Check 3's word part: would be a word with a lost đ in front. */
  lostD: boolean;
}

// Every block and cell is scanned (twice in a damaged document) and the same few thousand words
// recur: the word-level facts, which cost locale-aware case mapping and syllable parsing, are
// computed once per distinct word. Bounded so a long-running worker does not grow without end.
const WORD_FACTS = new Map<string, WordFacts>();
const WORD_FACTS_MAX = 50_000;

function wordFacts(w: string): WordFacts {
  let f = WORD_FACTS.get(w);
  if (f !== undefined) return f;
  const lower = w.toLowerCase();
  f = {
    lower,
    consonantFragment: CONSONANT_ONLY.test(lower) && !KNOWN_ABBREVIATIONS.has(lower),
    invalidSyllable: [...w].length >= 2 && /[^\x00-\x7f]/.test(w) && !isVietnameseSyllable(w) && !isAcronym(w),
    lostD: isLower(w) && startsWithVowel(w) && !VOWEL_INITIAL_WORDS.has(lower) && isVietnameseSyllable('đ' + lower),
  };
  if (WORD_FACTS.size >= WORD_FACTS_MAX) WORD_FACTS.clear();
  WORD_FACTS.set(w, f);
  return f;
}

/**
 * Finds damaged words in one text. `assumeGlyphLoss` turns on the đ-loss check ("ào"), which is
 * only trustworthy when the document already shows damage elsewhere.
 */
export function findDamagedWords(text: string, opts: { assumeGlyphLoss?: boolean } = {}): DamagedSpan[] {
  const toks = tokens(text);
  const found: DamagedSpan[] = [];

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const w = t.word;
    const facts = wordFacts(w);
    const lw = facts.lower;
    const next = toks[i + 1];
    const before = text[t.start - 1] ?? ' ';
    const after = text[t.end] ?? ' ';

    // 1. A consonant-only fragment standing as a word: the rest of the word lost its vowel.
    if (facts.consonantFragment && /\s/.test(before) && /\s/.test(after)) {
      // Single letters are list markers/variables unless they clearly hang on a neighbour.
      const afterNumber = /\d\s*$/.test(text.slice(0, t.start));
      const nextJoins = next && onlySpaceBetween(text, t, next) && sameCase(w, next.word) && (startsWithVowel(next.word) || CONSONANT_ONLY.test(next.word.toLowerCase()));
      // Lower case: any consonant cluster of two letters or more, or one letter hanging on the next
      // word. Upper case is full of acronyms (TTHC, CCHC, VBQPPL), so there only an initial cluster
      // followed by a vowel-initial word ("CH A") counts.
      const isFragment = isLower(w)
        ? (lw.length >= 2 || nextJoins) && !(lw.length === 1 && afterNumber)
        : INITIAL_FRAGMENT.test(lw) && nextJoins && startsWithVowel(next!.word);
      if (isFragment) {
        const end = nextJoins && next ? next.end : t.end;
        found.push(damaged(text, t.start, end, 'fragment'));
        if (nextJoins) i++;
        continue;
      }
    }

    // 2. A word with Vietnamese letters that is not a possible syllable ("ờng", "iện"). A lone
    // letter is a list marker or an abbreviation ("đ)" item, "5.000 đ").
    if (facts.invalidSyllable) {
      found.push(damaged(text, t.start, t.end, 'invalid_syllable'));
      continue;
    }

    // 3. Lost đ: a vowel-initial lower-case word that is not a common word but is one with đ.
    if (opts.assumeGlyphLoss && facts.lostD) {
      found.push(damaged(text, t.start, t.end, 'missing_d'));
      continue;
    }
  }
  return found;
}

function damaged(text: string, start: number, end: number, reason: DamagedSpan['reason']): DamagedSpan {
  return { span: [start, end], text: text.slice(start, end), reason };
}

// Upper-case abbreviations with Đ (HĐND, TTĐT, NĐ-CP) are not syllables but not damage either.
function isAcronym(w: string): boolean {
  return w.length >= 2 && w === w.toUpperCase() && /^[A-ZĐ]+$/.test(w);
}

/** True if any of the spans is direct evidence of glyph loss (fragments or impossible syllables). */
export function showsGlyphLoss(spans: DamagedSpan[]): boolean {
  return spans.some((s) => s.reason !== 'missing_d');
}
