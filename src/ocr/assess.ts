// Decides, page by page, whether a PDF's text layer can be read as text or the page must be OCRed.
// Pure: it only looks at the text the text layer (after any font repair) gave for the page.
import { isWellSpeltSyllable, stripTone } from '../text/tone-marks.js';

export type PageTextReason =
  /** Too few letters: a scanned page, or one whose text is only page numbers. */
  | 'no_text'
  /** U+FFFD, private-use or control characters: glyphs pdf.js could not map to Unicode. */
  | 'replacement_chars'
  /** Letters outside the Vietnamese alphabet (¸ µ Ð Ö ...): a legacy or broken font mapping. */
  | 'foreign_letters'
  /** Too few words are well-formed Vietnamese syllables. */
  | 'few_vietnamese_syllables'
  /** Many vowel-less fragments ("Qn", "ch a qua ào tạo"): glyphs for some vowels were dropped. */
  | 'lost_glyphs';

export interface PageTextAssessment {
  usable: boolean;
  /** 0..1, higher is better: the share of valid syllables, lowered by the other defects. */
  score: number;
  reasons: PageTextReason[];
  stats: {
    letters: number;
    words: number;
    syllables: number;
    invalid: number;
    foreignLetters: number;
    badChars: number;
    fragments: number;
  };
}

export interface AssessOptions {
  /** Fewer letters than this means the page has no real text layer. */
  minLetters?: number;
  /** Lowest acceptable score. */
  minScore?: number;
}

const DEFAULTS = { minLetters: 40, minScore: 0.85 };

const WORD = /[\p{L}\p{M}]+/gu;
// Private use, replacement and C0/C1 controls other than ordinary whitespace.
const BAD_CHAR = /[\uFFFD\uE000-\uF8FF\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/gu;
const VIETNAMESE_LETTER = /^[a-zăâêôơưđ]$/;
const CONSONANTS_ONLY = /^[bcdđghklmnpqrstvx]+$/;

function isVietnameseLetter(ch: string): boolean {
  return VIETNAMESE_LETTER.test(stripTone(ch)) || /^[fjwz]$/i.test(ch);
}

/** "UBND", "TTHC", "VBQPPL": upper-case abbreviations are neither evidence for nor against. */
function isAbbreviation(word: string): boolean {
  return word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase();
}

interface WordClass {
  letters: number;
  foreignLetters: number;
  /** neutral: an abbreviation, counted neither way. */
  kind: 'syllable' | 'invalid' | 'fragment' | 'neutral';
}

// Every page of a PDF is assessed, and a report repeats the same few hundred words: classifying
// each distinct word once keeps the check cheap for PDFs whose text layer is fine.
const wordCache = new Map<string, WordClass>();

function classifyWord(word: string): WordClass {
  const cached = wordCache.get(word);
  if (cached) return cached;
  let letters = 0;
  let foreignLetters = 0;
  for (const ch of word) {
    if (/\p{M}/u.test(ch)) continue;
    letters++;
    if (!isVietnameseLetter(ch)) foreignLetters++;
  }
  let kind: WordClass['kind'];
  if (foreignLetters > 0) kind = 'invalid';
  else if (isWellSpeltSyllable(word)) kind = 'syllable';
  else if (isAbbreviation(word)) kind = 'neutral';
  // A lower-case vowel-less fragment, or "Qn": what is left when vowel glyphs were dropped.
  else if (CONSONANTS_ONLY.test(stripTone(word)) && word.length <= 3 && word !== word.toUpperCase()) kind = 'fragment';
  else kind = 'invalid';
  const c: WordClass = { letters, foreignLetters, kind };
  if (wordCache.size > 50_000) wordCache.clear();
  wordCache.set(word, c);
  return c;
}

export function assessPageText(text: string, options: AssessOptions = {}): PageTextAssessment {
  const { minLetters, minScore } = { ...DEFAULTS, ...options };
  const t = text.normalize('NFC');
  const badChars = (t.match(BAD_CHAR) ?? []).length;
  let letters = 0;
  let foreignLetters = 0;
  let words = 0;
  let syllables = 0;
  let invalid = 0;
  let fragments = 0;
  for (const m of t.matchAll(WORD)) {
    // Letters joined by a slash are an abbreviation ("b/c" báo cáo, "v/v" về việc, "đ/c" đồng
    // chí): sound text of recipient lists, not glyphs lost from a syllable.
    const end = m.index + m[0].length;
    if (t[m.index - 1] === '/' || t[end] === '/') continue;
    const c = classifyWord(m[0]);
    words++;
    letters += c.letters;
    foreignLetters += c.foreignLetters;
    if (c.kind === 'syllable') syllables++;
    else if (c.kind === 'invalid') invalid++;
    else if (c.kind === 'fragment') {
      invalid++;
      fragments++;
    }
  }

  const checked = syllables + invalid;
  const syllableShare = checked === 0 ? 0 : syllables / checked;
  const foreignShare = letters === 0 ? 0 : foreignLetters / letters;
  const badShare = t.length === 0 ? 0 : badChars / Math.max(1, letters + badChars);
  const fragmentShare = checked === 0 ? 0 : fragments / checked;
  const score = Math.max(0, Math.min(1, syllableShare - foreignShare * 2 - badShare * 5 - fragmentShare * 2));

  const reasons: PageTextReason[] = [];
  if (letters < minLetters) reasons.push('no_text');
  if (badShare > 0.01) reasons.push('replacement_chars');
  if (foreignShare > 0.02) reasons.push('foreign_letters');
  if (letters >= minLetters && syllableShare < minScore) reasons.push('few_vietnamese_syllables');
  // Two stray fragments on a short page are not a font that drops vowels: that leaves many.
  if (fragmentShare > 0.03 && fragments >= 3) reasons.push('lost_glyphs');
  const usable = letters >= minLetters && score >= minScore && reasons.length === 0;
  return {
    usable,
    score: Math.round(score * 1000) / 1000,
    reasons,
    stats: { letters, words, syllables, invalid, foreignLetters, badChars, fragments },
  };
}

/** One line for DocumentModel.pageInfo[].note: why a page was OCRed. */
export function describeAssessment(a: PageTextAssessment): string {
  const why = a.reasons.length > 0 ? a.reasons.join(', ') : `score ${a.score}`;
  return `text layer ${a.usable ? 'usable' : 'unusable'} (${why}; ${a.stats.syllables}/${a.stats.syllables + a.stats.invalid} Vietnamese syllables)`;
}
