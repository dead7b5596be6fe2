// Vietnamese syllable orthography: which letter strings are real syllables, where the tone mark
// sits, and the two tone-placement conventions (`hoà`/`hòa`, `thuý`/`thúy`, `khoẻ`/`khỏe`).
// Both conventions are correct Vietnamese and both occur in the same archive, so comparisons
// must treat them as equal; stored text keeps whatever was printed.
//
// Everything here is derived from Unicode decomposition (NFD) rather than hand tables, so there is
// no per-letter table to get wrong: a letter is base + optional quality mark (circumflex, breve,
// horn) + optional tone mark.

/** Tone marks as combining characters, indexed by tone number (0 = ngang, no mark). */
export const TONE_MARKS = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'] as const;
/** 0 ngang, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng. */
export type Tone = 0 | 1 | 2 | 3 | 4 | 5;

const TONE_OF_MARK = new Map<string, Tone>([
  ['\u0301', 1],
  ['\u0300', 2],
  ['\u0309', 3],
  ['\u0303', 4],
  ['\u0323', 5],
]);

/** The 12 Vietnamese vowel letters without tone. */
export const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'] as const;
const VOWEL_SET = new Set<string>(VOWELS);
const CONSONANTS = new Set('bcdđghklmnpqrstvx'.split(''));

/** A letter split into its toneless lowercase form, its tone and its case. */
export interface LetterParts {
  base: string;
  tone: Tone;
  upper: boolean;
}

const partsCache = new Map<string, LetterParts | null>();

/** Splits one NFC character into toneless base + tone; null if it is not a Vietnamese letter. */
export function letterParts(ch: string): LetterParts | null {
  const cached = partsCache.get(ch);
  if (cached !== undefined) return cached;
  let out: LetterParts | null = null;
  const lower = ch.toLowerCase();
  const upper = lower !== ch;
  let tone: Tone = 0;
  let rest = '';
  let tones = 0;
  for (const c of lower.normalize('NFD')) {
    const t = TONE_OF_MARK.get(c);
    if (t !== undefined) {
      tone = t;
      tones++;
    } else rest += c;
  }
  const base = rest.normalize('NFC');
  if (tones <= 1 && (VOWEL_SET.has(base) || (tone === 0 && CONSONANTS.has(base)))) out = { base, tone, upper };
  partsCache.set(ch, out);
  return out;
}

/** Removes tone marks but keeps vowel quality (â ă ê ô ơ ư) and đ; lower-cases. */
export function stripTone(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '')
    .normalize('NFC')
    .toLowerCase();
}

/** Composes a toneless base letter with a tone, in the requested case (NFC). */
export function composeLetter(base: string, tone: Tone, upper = false): string {
  const s = (base + TONE_MARKS[tone]).normalize('NFC');
  return upper ? s.toUpperCase() : s;
}

// Initial consonants (longest first so "ngh" wins over "ng" over "n"); '' = no initial.
const INITIALS = ['ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'qu', 'th', 'tr', 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x', ''];

// Every rime (vowel nucleus with its medial and final), toneless. Written out by nucleus.
const RIME_LIST = `
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot oong ooc
oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
uân uâng uât uây uê uêch uênh uơ
uy uya uych uynh uyp uyt uyu uyên uyêt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêt yêu
`;
const RIMES = new Set(RIME_LIST.split(/\s+/).filter(Boolean));
// After "qu" the u is already spent, so the rime must not start with another medial u/o.
// Rimes with glide u + y that, after q, are written without their u (q + uynh → "quynh").
const QU_ONLY_RIMES = new Set(['ynh', 'yt', 'ych', 'yp', 'yu', 'ya']);
const STOP_FINALS = /(p|t|c|ch)$/;

/** A parsed syllable: its initial, toneless rime, tone and where the tone sits (index in the word). */
export interface Syllable {
  initial: string;
  rime: string;
  tone: Tone;
  /** Index (in letters) of the letter carrying the tone, -1 if no tone. */
  tonePos: number;
  /** Toneless lowercase letters of the word. */
  letters: string[];
}

/** Spelling of velar onsets: k/gh/ngh before e, ê, i, y; c/ng elsewhere. */
function onsetFitsRime({ initial, rime }: Syllable): boolean {
  const first = rime[0];
  const front = first === 'e' || first === 'ê' || first === 'i' || first === 'y';
  if (initial === 'k' || initial === 'gh' || initial === 'ngh') return front;
  if (initial === 'c' || initial === 'ng') return !front;
  return true;
}

/** Indexes (within the rime) of the vowel letters allowed to carry the tone. */
function toneSlots(rime: string): number[] {
  const chars = [...rime];
  const vowelIdx = chars.flatMap((c, i) => (VOWEL_SET.has(c) ? [i] : []));
  if (vowelIdx.length === 0) return [];
  const last = chars[chars.length - 1] ?? '';
  // With a final consonant the tone goes on the last vowel (hoàn, tiến, thuận, người→ươi ends in i).
  if (!VOWEL_SET.has(last)) return [vowelIdx[vowelIdx.length - 1]!];
  if (rime === 'oa' || rime === 'oe' || rime === 'uy') return [0, 1]; // both conventions
  if (rime === 'uê' || rime === 'uơ') return [1];
  if (vowelIdx.length === 1) return [vowelIdx[0]!];
  if (vowelIdx.length === 2) return [0]; // ai ao âu ia ua ưa ui ưu...: tone on the first
  return [1]; // iêu yêu uôi ươi oai uây...: tone on the middle vowel
}

/**
 * Parses one word as a Vietnamese syllable (case-insensitive, NFC or NFD input).
 * Returns null for anything that is not a well-formed syllable — including a tone mark on a
 * letter that cannot carry it, or a stop-final rime (-p -t -c -ch) with a tone other than sắc/nặng.
 */
export function parseSyllable(word: string): Syllable | null {
  const chars = [...word.normalize('NFC')];
  if (chars.length === 0 || chars.length > 8) return null;
  const letters: string[] = [];
  let tone: Tone = 0;
  let tonePos = -1;
  for (let i = 0; i < chars.length; i++) {
    const p = letterParts(chars[i]!);
    if (!p) return null;
    letters.push(p.base);
    if (p.tone !== 0) {
      if (tone !== 0) return null;
      tone = p.tone;
      tonePos = i;
    }
  }
  const s = letters.join('');
  for (const initial of INITIALS) {
    if (!s.startsWith(initial)) continue;
    const rime = s.slice(initial.length);
    const n = initial.length;
    // "gì", "gìn": gi + empty rime, the tone sits on the i of the initial.
    if (rime === '' && initial === 'gi') {
      if (tonePos === -1 || tonePos === 1) return { initial, rime, tone, tonePos, letters };
      continue;
    }
    // After "qu" the u is the glide of the rime: "quỳnh", "quýt", "quych" are q + uynh, uyt, uych,
    // written without a second u. Those rimes exist only there ("tynh" is no syllable).
    let slotRime = rime;
    let slotStart = n;
    if (!RIMES.has(rime)) {
      if (!(initial === 'qu' && rime.startsWith('y') && QU_ONLY_RIMES.has(rime))) continue;
      slotRime = 'u' + rime;
      slotStart = n - 1;
    }
    if (initial === 'qu' && (rime.startsWith('u') || rime.startsWith('o'))) continue;
    // iê is spelt yê at the start of a syllable (yên, yếu) and after qu (quyết); iê elsewhere.
    if (rime.startsWith('iê') && initial === '') continue;
    if (rime.startsWith('yê') && initial !== '' && initial !== 'qu') continue;
    if (STOP_FINALS.test(rime) && tone !== 0 && tone !== 1 && tone !== 5) continue;
    if (tonePos !== -1 && !toneSlots(slotRime).includes(tonePos - slotStart)) continue;
    return { initial, rime, tone, tonePos, letters };
  }
  return null;
}

/**
 * The five parts of a Vietnamese syllable: onset (initial consonant), glide (the medial o/u of
 * "hoa", "quy", "tuấn"), nucleus (one vowel or the diphthongs iê/yê/ia/ya, uô/ua, ươ/ưa), coda
 * (final consonant or the semivowels i/y/o/u) and tone. Letters are toneless and lower case.
 */
export interface SyllableStructure {
  onset: string;
  glide: string;
  nucleus: string;
  coda: string;
  tone: Tone;
}

const DIPHTHONGS = ['iê', 'yê', 'uô', 'ươ', 'ia', 'ya', 'ua', 'ưa', 'oo'];

/** Splits a well-formed syllable into onset, glide, nucleus, coda and tone; null if it is none. */
export function syllableStructure(word: string): SyllableStructure | null {
  const syl = parseSyllable(word);
  if (!syl) return null;
  let onset = syl.initial;
  let rest = syl.rime;
  let glide = '';
  if (onset === 'qu') {
    onset = 'q';
    glide = 'u';
  } else if (/^o[aăe]|^u[âêơy]/.test(rest)) {
    glide = rest[0]!;
    rest = rest.slice(1);
  }
  if (onset === 'gi' && rest === '') return { onset: 'g', glide, nucleus: 'i', coda: '', tone: syl.tone };
  const di = DIPHTHONGS.find((d) => rest.startsWith(d));
  const nucleus = di ?? rest[0] ?? '';
  return { onset, glide, nucleus, coda: rest.slice(nucleus.length), tone: syl.tone };
}

// Documents repeat the same few thousand words; scoring asks about each many times.
const parseCache = new Map<string, Syllable | null>();

function cachedParse(word: string): Syllable | null {
  let v = parseCache.get(word);
  if (v === undefined) {
    v = parseSyllable(word);
    if (parseCache.size > 50_000) parseCache.clear();
    parseCache.set(word, v);
  }
  return v;
}

/** A possible syllable. Lenient on onset spelling ("Céng" passes), as legacy-font decoding needs. */
export function isVietnameseSyllable(word: string): boolean {
  return cachedParse(word) !== null;
}

/**
 * A syllable that is also spelt right (k/gh/ngh only before e, ê, i, y; c/ng never): for judging a
 * PDF text layer, where "ka" or "ngê" is what a font that lost glyphs produces.
 */
export function isWellSpeltSyllable(word: string): boolean {
  const syl = cachedParse(word);
  return syl !== null && onsetFitsRime(syl);
}

/**
 * `'new'` puts the tone on the first vowel of open oa/oe/uy (hòa, khỏe, thúy, Ủy);
 * `'old'` on the second (hoà, khoẻ, thuý, Uỷ). These names follow this project's convention;
 * Vietnamese typesetting literature often uses the opposite labels, which is why the
 * examples are spelt out.
 */
export type ToneStyle = 'new' | 'old';

const WORD = /[\p{L}\p{M}]+/gu;

function moveTone(word: string, style: ToneStyle): string {
  const syl = parseSyllable(word);
  if (!syl || syl.tone === 0) return word;
  if (syl.rime !== 'oa' && syl.rime !== 'oe' && syl.rime !== 'uy') return word;
  const target = syl.initial.length + (style === 'new' ? 0 : 1);
  if (target === syl.tonePos) return word;
  const chars = [...word.normalize('NFC')];
  const from = letterParts(chars[syl.tonePos]!)!;
  const to = letterParts(chars[target]!)!;
  chars[syl.tonePos] = composeLetter(from.base, 0, from.upper);
  chars[target] = composeLetter(to.base, syl.tone, to.upper);
  return chars.join('');
}

/**
 * One tone placement for comparison keys: `normaliseToneMarks('hoà')` → `hòa` (style 'new'),
 * `normaliseToneMarks('hòa', 'old')` → `hoà`. Case is kept; the output is NFC. Only open oa/oe/uy
 * rimes differ between conventions; everything else is returned unchanged.
 */
export function normaliseToneMarks(s: string, style: ToneStyle = 'new'): string {
  return s.normalize('NFC').replace(WORD, (w) => moveTone(w, style));
}

/**
 * Tokens for scoring: split at whitespace, ASCII punctuation and typographic quotes/dashes. Legacy
 * letters (¸ µ § in TCVN3, ù ø in VNI) and mojibake pieces (º » €) stay inside their token.
 */
export function scoringTokens(text: string): string[] {
  return text.split(/[\s!-/:-@[-`{-~“”‘’–—…]+/).filter((t) => t.length > 0);
}

export interface VietnameseScore {
  /** Tokens that are well-formed syllables and contain a Vietnamese non-ASCII letter. */
  valid: number;
  /** Tokens with non-ASCII characters that are not well-formed syllables. */
  invalid: number;
  /** Pure-ASCII words and numbers: they say nothing about the encoding. */
  neutral: number;
}

/**
 * How Vietnamese a text looks. Used to choose between candidate decodings (raw, TCVN3, VNI,
 * UTF-8-as-1252): the right one turns garbage tokens (`c¸c`, `Coäng`, `CÃ¡c`) into syllables.
 */
export function scoreVietnamese(text: string): VietnameseScore {
  const score: VietnameseScore = { valid: 0, invalid: 0, neutral: 0 };
  for (const t of scoringTokens(text)) {
    if (/^[\x00-\x7f]*$/.test(t) || /\d/.test(t)) score.neutral++;
    else if (isVietnameseSyllable(t)) score.valid++;
    else score.invalid++;
  }
  return score;
}

/** valid − invalid: one number to compare candidate decodings of the same text. */
export function netScore(s: VietnameseScore): number {
  return s.valid - s.invalid;
}
