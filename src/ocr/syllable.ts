// A compact check that a word is a well-formed Vietnamese syllable: onset + vowel nucleus + coda,
// one tone mark at most. Text layers that lost glyphs ("Qn lý cơng", "ch a qua ào tạo") or were
// written with a broken font mapping fail it, while real Vietnamese passes almost word for word,
// so the share of valid syllables tells a usable text layer from one that needs OCR.

/** Tone marks (combining, after NFD): grave, acute, tilde, hook above, dot below. */
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/g;

const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?';

// Vowel nuclei with their medial glide, longest first so the regex prefers them.
const NUCLEI = [
  'uyê', 'uya', 'uyu', 'ươi', 'ươu', 'uôi', 'iêu', 'yêu', 'oai', 'oao', 'oay', 'oeo', 'uây',
  'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iê', 'iu', 'oa', 'oă', 'oe', 'oi', 'ôi', 'ơi',
  'ua', 'uâ', 'uê', 'ui', 'uô', 'uơ', 'uy', 'ưa', 'ưi', 'ươ', 'ưu', 'yê',
  'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y',
];

const SYLLABLE = new RegExp(`^(${ONSET})(${NUCLEI.join('|')})(ch|nh|ng|c|m|n|p|t)?$`);

/** Nuclei that end in a glide take no coda: "ai", "ươu", "oai"... */
const GLIDE_FINAL = new Set(['ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iu', 'oi', 'ôi', 'ơi', 'ua', 'ui', 'ưa', 'ưi', 'ưu', 'ươi', 'ươu', 'uôi', 'iêu', 'yêu', 'oai', 'oao', 'oay', 'oeo', 'uây', 'uya', 'uyu']);

/** Nuclei never followed by -ng/-c (those rhymes are written -nh/-ch, or do not exist: "cơng"). */
const NO_VELAR = new Set(['ơ', 'ê', 'i', 'y', 'uơ', 'uê', 'uy']);

/** Removes tone marks but keeps vowel quality (â ă ê ô ơ ư) and đ; lower-cases. */
export function stripTone(word: string): string {
  return word.normalize('NFD').replace(TONE, '').normalize('NFC').toLowerCase();
}

function toneCount(word: string): number {
  return (word.normalize('NFD').match(TONE) ?? []).length;
}

/**
 * True for a well-formed Vietnamese syllable ("quản", "nghiêng", "Tiên", "khuyến"). Checks the
 * grammar, not a dictionary: "cơng" fails (ơ never takes -ng), "ch" fails (no vowel).
 */
export function isVietnameseSyllable(word: string): boolean {
  if (word.length === 0 || word.length > 7 || toneCount(word) > 1) return false;
  const w = stripTone(word);
  const m = SYLLABLE.exec(w);
  if (!m) return false;
  const [, onset = '', nucleus = '', coda = ''] = m;
  if (coda) {
    if (GLIDE_FINAL.has(nucleus)) return false;
    // -ch/-nh only after front vowels a, ê, i/y (and their glided forms "oanh", "uếch", "uynh").
    if ((coda === 'ch' || coda === 'nh') && !/(?:a|ê|i|y)$/.test(nucleus)) return false;
    // -ng/-c never follow ơ, ê or i (those rhymes are written -nh/-ch or do not exist).
    if ((coda === 'ng' || coda === 'c') && NO_VELAR.has(nucleus)) return false;
  } else {
    // Short ă/â and the falling diphthongs iê/yê/uô/ươ need a coda ("ia", "ua", "ưa" are their open forms).
    if (nucleus === 'ă' || nucleus === 'â' || nucleus === 'oă' || nucleus === 'uâ') return false;
    if (nucleus === 'iê' || nucleus === 'yê' || nucleus === 'uô' || nucleus === 'ươ' || nucleus === 'uyê') return false;
  }
  // Spelling of onsets: k/gh/ngh before e, ê, i, y; c/g/ng elsewhere.
  const first = nucleus[0]!;
  const front = first === 'e' || first === 'ê' || first === 'i' || first === 'y';
  if ((onset === 'k' || onset === 'gh' || onset === 'ngh') && !front) return false;
  if ((onset === 'c' || onset === 'ng') && front) return false;
  // "qu" already holds the glide u: "quốc" is qu + ô, never qu + uô.
  if (onset === 'qu' && first === 'u') return false;
  return true;
}
