// Text damage that real archives carry and that survives decoding, repaired with the syllable
// model (tone-marks.ts) — only where the damaged form is no Vietnamese syllable and exactly one
// repair makes it one:
//
// - lost_u: TCVN3 puts "ư" at byte 0xAD, the soft hyphen, which converters drop: "Trởng phòng",
//   "thờng xuyên", "đợc", "nhng", "Sở T pháp". Restored before an ơ ("trởng" → "trưởng") and in
//   consonant-only words ("nhng" → "nhưng"), only in a document that shows the loss throughout
//   (see surveyDamage): one "tơng" in an OCR page is a misreading of "ương", not a lost ư.
// - vni_d: VNI's đ typed through a PDF font that maps it to "ñ" (or "ð"): "ñơn vị" → "đơn vị";
//   ñ only in a document where such words outnumber those with đ, ð anywhere (as before).
// - space: a space lost after a syllable with a tone mark, as PDF text extraction of some fonts
//   gives: "kết quảthực hiện" → "kết quả thực hiện", "hồsơ" → "hồ sơ".
// - case: capitals mixed up, small toned letters left inside a word in capitals ("CộNG HOÀ Xã HộI
//   CHủ NGHĩAVIệT NAM" → "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"), as a heading font that lacks
//   toned capitals leaves them.
// - hyphen: a hyphen lost in a document number whose codes are known ("45/QĐUBND" → "45/QĐ-UBND",
//   split by normaliseDocNumber's code lists) or in the motto ("Độc lập  Tự do  Hạnh phúc").
//
// A word that is a syllable is never changed ("Lu", "ngời", "cha" may have lost an ư, but are
// words): in a document with lost ư, such a word that is far likelier the ư word is flagged
// (ambiguous) for a reviewer, and so is an invalid word that two repairs would make valid. Every
// repair is returned with its place and reason.
import { normaliseDocNumber } from '../normalise/doc-number.js';
import { isVietnameseSyllable, isWellSpeltSyllable, letterParts, syllableStructure } from './tone-marks.js';

export type DamageClass = 'lost_u' | 'vni_d' | 'space' | 'hyphen' | 'case';

export const DAMAGE_CLASSES: readonly DamageClass[] = ['lost_u', 'vni_d', 'space', 'hyphen', 'case'];

export interface DamageRepair {
  class: DamageClass;
  /** What was printed. */
  from: string;
  /** What it was repaired to. */
  to: string;
  /** [start, end) of `to` in the repaired text (UTF-16 offsets). */
  span: [number, number];
  why: string;
}

export interface AmbiguousDamage {
  /** The word as printed (kept). */
  text: string;
  /** [start, end) in the repaired text. */
  span: [number, number];
  candidates: string[];
  why: string;
}

/** What the whole document says about its damage; computed once by surveyDamage. */
export interface DamageContext {
  /** The document dropped TCVN3's ư (0xAD): invalid ơ words that an ư makes valid, and few ư. */
  lostU: boolean;
  /** Words of the document read as Vietnamese with ñ → đ, and outnumber those printed with đ. */
  vniD?: boolean;
  /**
   * The document's own words (lower case syllables standing alone): of two ways to split a glued
   * word, the one whose syllables the document uses elsewhere ("thực hiện", not "thự chiện").
   */
  vocabulary?: ReadonlySet<string>;
}

const WORD = /[\p{L}\p{M}]+/gu;
const CONSONANT_ONLY = /^[bcdđghklmnpqrstvx]+$/i;
// Units and abbreviations of consonants only (also in unreadable.ts): not an ư word.
const ABBREVIATIONS = new Set(['km', 'kg', 'cm', 'mm', 'kw', 'kwh', 'ml', 'ths', 'ts', 'ks', 'bs', 'đc', 'tp', 'tt', 'nd', 'qd', 'nq', 'ct', 'hd']);

/**
 * Words that are syllables but, in a document that lost its ư, stand far likelier for the ư word
 * (the reports say "người", "chưa", "ưu tiên", "lượt", "vượt" all the time, "ngời", "cha", "u" hardly).
 * They are flagged, never changed.
 */
const LIKELY_LOST_U: Record<string, string> = {
  ngời: 'người',
  dới: 'dưới',
  lới: 'lưới',
  lợt: 'lượt',
  vợt: 'vượt',
  cha: 'chưa',
  lu: 'lưu',
};

interface Tok {
  start: number;
  end: number;
  word: string;
}

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(WORD)) out.push({ start: m.index, end: m.index + m[0].length, word: m[0] });
  return out;
}

const isUpper = (w: string) => w === w.toUpperCase() && w !== w.toLowerCase();
const isAscii = (w: string) => /^[\x00-\x7f]*$/.test(w);

/**
 * A syllable a repair may produce: well spelt, and a stop final (-p -t -c -ch) only with sắc or
 * nặng ("ưt" is not one; the scorer's parseSyllable lets it pass for legacy-font decoding).
 */
function isRepairSyllable(w: string): boolean {
  if (!isWellSpeltSyllable(w)) return false;
  const s = syllableStructure(w);
  return s !== null && !(/^(p|t|c|ch)$/.test(s.coda) && s.tone !== 1 && s.tone !== 5);
}

/** The word with ư put in at letter `at`, in the word's case ("TRỞNG" → "TRƯỞNG", "Ơng" → "Ương"). */
function withU(chars: string[], at: number): string {
  const word = chars.join('');
  if (chars.length > 1 && isUpper(word)) return [...chars.slice(0, at), 'Ư', ...chars.slice(at)].join('');
  if (at === 0 && isUpper(chars[0] ?? '')) return 'Ư' + word.toLowerCase();
  return [...chars.slice(0, at), 'ư', ...chars.slice(at)].join('');
}

/** Letters of a word with its tone-bearing vowel ơ (any tone): where TCVN3's lost ư stood before it. */
function horns(chars: string[]): number[] {
  const out: number[] = [];
  chars.forEach((c, i) => {
    const p = letterParts(c);
    if (p && p.base === 'ơ') out.push(i);
  });
  return out;
}

/** ư put back before an ơ: "trởng" → "trưởng", "đợc" → "được". */
function lostUBeforeHorn(word: string): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (const i of horns(chars)) {
    const prev = letterParts(chars[i - 1] ?? '');
    if (prev && prev.base === 'ư') continue;
    const cand = withU(chars, i);
    if (isRepairSyllable(cand)) out.push(cand);
  }
  return out;
}

/** ư put into a word of consonants only: "nhng" → "nhưng", "T" → "Tư". */
function lostUInConsonants(word: string): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 0; i <= chars.length; i++) {
    const cand = withU(chars, i);
    if (isRepairSyllable(cand)) out.push(cand);
  }
  return out;
}

function hasTone(syllable: string): boolean {
  for (const c of syllable) if ((letterParts(c)?.tone ?? 0) !== 0) return true;
  return false;
}

const CASE_OK = (s: string) => s === s.toLowerCase() || s === s.toUpperCase() || s === s[0]!.toUpperCase() + s.slice(1).toLowerCase();

/**
 * A letter no other Latin-script language writes: ă ơ ư đ, a hook or a dot below, a tone on â ê ô,
 * a tilde on i u y e. "Thérèse" has none and is never split; "quảthực", "hồsơ" have.
 */
function vietnameseOnly(ch: string): boolean {
  const p = letterParts(ch);
  if (!p) return false;
  if ('ăơưđ'.includes(p.base) || p.tone === 3 || p.tone === 5) return true;
  if ('âêô'.includes(p.base) && p.tone !== 0) return true;
  return p.tone === 4 && 'iuye'.includes(p.base);
}

/**
 * The ways a glued word splits into syllables, each boundary after a syllable with a tone mark
 * and before a consonant ("quảthực" → "quả thực"). At most four syllables.
 */
function splits(word: string): string[] {
  const chars = [...word];
  const out: string[] = [];
  const walk = (from: number, parts: string[]) => {
    if (out.length > 2 || parts.length > 4) return;
    for (let end = from + 1; end <= chars.length; end++) {
      const syl = chars.slice(from, end).join('');
      // The last part may be an acronym where the case turns ("SốTTHC" → "Số TTHC").
      const acronymTail = parts.length > 0 || from > 0 ? end === chars.length && isAcronym(syl) && !isUpper(chars[from - 1]!) : false;
      if (!acronymTail && (!isRepairSyllable(syl) || !CASE_OK(syl))) continue;
      if (end === chars.length) {
        if (parts.length > 0) out.push([...parts, syl].join(' '));
        continue;
      }
      if (!hasTone(syl)) continue;
      const next = letterParts(chars[end]!);
      if (!next || !CONSONANT_ONLY.test(next.base)) continue;
      walk(end, [...parts, syl]);
    }
  };
  walk(0, []);
  return out;
}

/** ñ/ð (and capitals) for đ: "ñơn" → "đơn". */
function vniD(word: string): string | null {
  if (!/[ñÑðÐ]/.test(word)) return null;
  const cand = word.replace(/[ñð]/g, 'đ').replace(/[ÑÐ]/g, 'Đ');
  return isRepairSyllable(cand) ? cand : null;
}

interface Candidate {
  to: string;
  class: DamageClass;
  why: string;
}

const WHY: Record<DamageClass, string> = {
  lost_u: 'no Vietnamese syllable; an ư dropped with TCVN3\'s byte 0xAD (the soft hyphen) makes it one',
  vni_d: 'ñ/ð is VNI\'s đ read through the wrong font; with đ the word is a Vietnamese syllable',
  space: 'no Vietnamese syllable; a space lost after a syllable with a tone mark',
  hyphen: 'a hyphen lost between known codes',
  case: 'capitals mixed up: small toned letters inside a word in capitals',
};

/** Repairs the word could take, each making a syllable (or syllables) of a word that is none. */
function candidates(word: string, ctx: DamageContext, fragmentBefore: boolean): Candidate[] {
  const out: Candidate[] = [];
  const add = (to: string, cls: DamageClass) => {
    if (!out.some((c) => c.to === to)) out.push({ to, class: cls, why: WHY[cls] });
  };
  // ð has long been read as đ (repairEth); ñ only in a document that shows VNI's ñ elsewhere — OCR
  // misreads "ủy" as "ñy".
  const d = vniD(word);
  if (d && (ctx.vniD || /[ðÐ]/.test(word))) add(d, 'vni_d');
  if (CONSONANT_ONLY.test(word)) {
    if (ctx.lostU) for (const c of lostUInConsonants(word)) add(c, 'lost_u');
    return out;
  }
  // Only in a document that dropped its ư: elsewhere an ơ word that is no syllable is an OCR
  // misreading ("Trung tơng" for "Trung ương"), and "tr ờng" a glyph lost with a space left
  // (unreadable.ts reports both).
  if (ctx.lostU && !fragmentBefore) for (const c of lostUBeforeHorn(word)) add(c, 'lost_u');
  // A foreign word ("Thérèse") may read as syllables: a split needs a letter only Vietnamese
  // writes, or syllables all of which the document uses elsewhere ("hànhchính", "xãTiên").
  const own = [...word].some(vietnameseOnly);
  const vocab = ctx.vocabulary;
  for (const s of splits(word)) {
    if (own || (vocab && s.split(' ').every((x) => vocab.has(x.toLowerCase()) || isAcronym(x)))) add(s, 'space');
  }
  return out;
}

function isAcronym(w: string): boolean {
  return w.length >= 2 && /^[A-ZĐ]+$/.test(w);
}

// Every block, cell and run is scanned and the same words recur: judged once each (bounded).
const SUSPICIOUS = new Map<string, boolean>();

/**
 * A word in capitals with small letters left in it: the small letters are all toned or marked
 * Vietnamese letters (never ASCII: "TTr", "QĐ-TTg", "VNeID" are codes), a capital follows a small
 * letter ("đạO", "ủY") or two capitals lead and are the most ("CHủ").
 */
function mixedCaps(w: string): boolean {
  let upper = 0;
  let lower = 0;
  let seenLower = false;
  let capitalAfterSmall = false;
  let leadingCaps = 0;
  for (const c of w) {
    if (c !== c.toLowerCase()) {
      upper++;
      if (seenLower) capitalAfterSmall = true;
      else leadingCaps++;
    } else if (c !== c.toUpperCase()) {
      if (c < '\u0080') return false;
      lower++;
      seenLower = true;
    }
  }
  // No Vietnamese word has a capital after a small letter; without one, capitals lead and are most.
  return lower > 0 && (capitalAfterSmall || (leadingCaps >= 2 && upper > lower));
}

/** "Xã" between words in capitals ("HOÀ Xã HỘI"): a capital whose small letters are all non-ASCII. */
function titleAmongCaps(w: string, prev: string | undefined, next: string | undefined): boolean {
  const chars = [...w];
  if (chars.length < 2 || !isUpper(chars[0]!) || chars.slice(1).some((c) => c < '\u0080' || c === c.toUpperCase())) return false;
  const caps = (x: string | undefined) => x !== undefined && [...x].length >= 2 && (isUpper(x) || mixedCaps(x)) && isVietnameseSyllable(x);
  return caps(prev) && caps(next);
}

/** A word in capitals that lost its case, upper-cased: one syllable, or one split of glued ones. */
function recased(w: string, ctx: DamageContext): string | null {
  const up = w.toUpperCase();
  if (isRepairSyllable(up)) return up;
  const c = candidates(up, ctx, false).filter((x) => x.class === 'space');
  return c.length === 1 ? c[0]!.to : null;
}

/** A word that may be damaged: not a syllable, not an acronym, not a unit. */
function suspicious(w: string): boolean {
  let v = SUSPICIOUS.get(w);
  if (v === undefined) {
    if (SUSPICIOUS.size >= 50_000) SUSPICIOUS.clear();
    SUSPICIOUS.set(w, (v = judgeSuspicious(w)));
  }
  return v;
}

function judgeSuspicious(w: string): boolean {
  if (isVietnameseSyllable(w) || isAcronym(w)) return false;
  if (CONSONANT_ONLY.test(w)) return !ABBREVIATIONS.has(w.toLowerCase());
  // Plain ASCII words are English, codes or names ("Excel", "iso"): only ñ/ð or Vietnamese letters
  // say the word is Vietnamese.
  return !isAscii(w);
}

/**
 * Surveys every text of a document for damage that must be seen document-wide before single
 * words are judged: whether TCVN3's ư was dropped throughout.
 */
export function surveyDamage(texts: Iterable<string>): DamageContext {
  let restorable = 0;
  let withU = 0;
  let vni = 0;
  let withD = 0;
  const seen = new Map<string, number>();
  const vocabulary = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(WORD)) {
      const w = m[0];
      let v = seen.get(w);
      if (v === undefined) {
        v = 0;
        const lw = w.toLowerCase();
        if (isVietnameseSyllable(w)) vocabulary.add(lw);
        if (lw.includes('đ') && isVietnameseSyllable(w)) v = 4;
        else if ([...lw].some((c) => c === 'ư')) v = 1;
        else if (/[ñÑ]/.test(w) && vniD(w) !== null) v = 3;
        else if (!isVietnameseSyllable(w) && horns([...w])[0] !== undefined && (horns([...w])[0] ?? 0) > 0 && lostUBeforeHorn(w).length === 1) v = 2;
        seen.set(w, v);
      }
      if (v === 1) withU++;
      else if (v === 2) restorable++;
      else if (v === 3) vni++;
      else if (v === 4) withD++;
    }
  }
  // A converter that drops 0xAD drops every ư of the text, so the words an ư repairs outnumber
  // the words that kept theirs (a Unicode heading or a toned ư: ừ ứ ử ữ ự have their own bytes).
  // VNI's đ comes out as ñ every time: words that ñ → đ makes Vietnamese outnumber those with đ.
  return { lostU: restorable >= 2 && restorable > withU, vniD: vni >= 3 && vni > withD, vocabulary };
}

export interface DamageResult {
  text: string;
  repairs: DamageRepair[];
  ambiguous: AmbiguousDamage[];
}

/** Doc-number codes glued without their hyphen after "45/" or "45/2023/". */
const GLUED_NUMBER = /(?<![\p{L}\d])(\d{1,5}[a-zA-Z]?(?:\/\d{4})?\/)([\p{Lu}][\p{L}]{2,})(?![\p{L}\d/-])/gu;
const MOTTO = /(Độc\s+lập)([ \t\u00a0]+)(Tự\s+do)([ \t\u00a0]+)(Hạnh\s+phúc)/giu;

interface Edit {
  start: number;
  end: number;
  to: string;
  class: DamageClass;
  why: string;
}

/** Repairs one text. Returns it unchanged (same string) when nothing is damaged. */
export function repairDamage(text: string, ctx: DamageContext): DamageResult {
  const edits: Edit[] = [];
  const flags: { start: number; end: number; candidates: string[]; why: string }[] = [];
  const toks = tokens(text);

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const w = t.word;
    const prev = toks[i - 1];
    const next = toks[i + 1];
    // Glued title-case syllables ("TứKỳ", "TrầnVăn") split as they are; they are not lost capitals.
    const gluedTitles = () => !isRepairSyllable(w.toUpperCase()) && candidates(w, ctx, false).some((c) => c.class === 'space');
    if ((mixedCaps(w) && !gluedTitles()) || (isVietnameseSyllable(w) && titleAmongCaps(w, prev?.word, next?.word))) {
      const up = recased(w, ctx);
      if (up !== null && up !== w) {
        edits.push({ start: t.start, end: t.end, to: up, class: 'case', why: WHY.case + (up.includes(' ') ? ', and ' + WHY.space.replace(/^no Vietnamese syllable; /, '') : '') });
        continue;
      }
    }
    if (!suspicious(w)) {
      const likely = LIKELY_LOST_U[w.toLowerCase()];
      if (ctx.lostU && likely && (w.length > 1 || isUpper(w))) {
        const upper = isUpper(w) && w.length > 1;
        const cand = upper ? likely.toUpperCase() : w[0] === w[0]!.toUpperCase() ? likely[0]!.toUpperCase() + likely.slice(1) : likely;
        flags.push({ start: t.start, end: t.end, candidates: [cand], why: 'a word, but in this document, which lost its ư, likely the word with ư' });
      }
      continue;
    }
    const between = prev ? text.slice(prev.end, t.start) : '';
    const spaced = (a: Tok | undefined, b: Tok | undefined) => a !== undefined && b !== undefined && /^[ \t\u00a0]+$/.test(text.slice(a.end, b.start));
    const fragment = (x: Tok) => CONSONANT_ONLY.test(x.word) && !ABBREVIATIONS.has(x.word.toLowerCase());
    // A vowel-initial word after a consonant fragment: a glyph lost with a space left ("tr ờng").
    const fragmentBefore = spaced(prev, t) && fragment(prev!) && !CONSONANT_ONLY.test(w[0]!);
    if (CONSONANT_ONLY.test(w)) {
      // Consonants next to a vowel-initial word or to other consonants are such fragments too
      // ("ch a", "nh ng"); unreadable.ts reports them.
      if (spaced(t, next) && (!CONSONANT_ONLY.test(next!.word[0]!) || fragment(next!))) continue;
      if (spaced(prev, t) && fragment(prev!)) continue;
      // A single letter is a list marker or an initial ("a)", "Nguyễn Văn T."), unless it sits in a
      // sentence: "Sở T pháp".
      if ([...w].length === 1) {
        const before = text.slice(0, t.start);
        const inSentence = prev !== undefined && /^ $/.test(between) && next !== undefined && /^ $/.test(text.slice(t.end, next.start)) && !/\d\s*$/.test(before);
        if (!inSentence || !isUpper(w)) continue;
      } else if (isUpper(w)) continue; // TT, NH: capitals of consonants are acronyms
    }
    let cands = candidates(w, ctx, fragmentBefore);
    if (cands.length > 1 && ctx.vocabulary && cands.every((c) => c.class === 'space')) {
      const vocab = ctx.vocabulary;
      const attested = cands.filter((c) => c.to.split(' ').every((x) => vocab.has(x.toLowerCase())));
      if (attested.length === 1) {
        const other = cands.filter((c) => c !== attested[0]).map((c) => `"${c.to}"`).join(', ');
        cands = [{ ...attested[0]!, why: `${attested[0]!.why}; of the splits, the only one whose syllables this document uses elsewhere (not ${other})` }];
      }
    }
    if (cands.length === 1) {
      const c = cands[0]!;
      edits.push({ start: t.start, end: t.end, to: c.to, class: c.class, why: c.why });
    } else if (cands.length > 1) {
      flags.push({ start: t.start, end: t.end, candidates: cands.map((c) => c.to), why: 'no Vietnamese syllable, and more than one repair makes it one' });
    }
  }

  if (text.includes('/')) for (const m of text.matchAll(GLUED_NUMBER)) {
    const n = normaliseDocNumber(m[0]);
    if (!n || !n.flags.includes('hyphen_restored')) continue;
    const start = m.index + m[1]!.length;
    // The number's letters may already be edited as a word (they never are: acronyms are skipped).
    if (edits.some((e) => e.start < start + m[2]!.length && start < e.end)) continue;
    edits.push({ start, end: start + m[2]!.length, to: n.suffix, class: 'hyphen', why: 'a hyphen lost between a known type code and a known issuer code of a document number' });
  }
  if (/ập/i.test(text)) for (const m of text.matchAll(MOTTO)) {
    const to = `${m[1]} - ${m[3]} - ${m[5]}`;
    edits.push({ start: m.index, end: m.index + m[0].length, to, class: 'hyphen', why: 'the hyphens of the motto "Độc lập - Tự do - Hạnh phúc" lost' });
  }

  if (edits.length === 0 && flags.length === 0) return { text, repairs: [], ambiguous: [] };
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  let shift = 0;
  const repairs: DamageRepair[] = [];
  const shifts: { at: number; by: number }[] = [];
  for (const e of edits) {
    out += text.slice(pos, e.start);
    const from = text.slice(e.start, e.end);
    const startNew = e.start + shift;
    out += e.to;
    repairs.push({ class: e.class, from, to: e.to, span: [startNew, startNew + e.to.length], why: e.why });
    shift += e.to.length - (e.end - e.start);
    shifts.push({ at: e.end, by: shift });
    pos = e.end;
  }
  out += text.slice(pos);
  const moved = (i: number) => {
    let by = 0;
    for (const s of shifts) if (s.at <= i) by = s.by;
    return i + by;
  };
  const ambiguous = flags.map((f) => ({
    text: text.slice(f.start, f.end),
    span: [moved(f.start), moved(f.end)] as [number, number],
    candidates: f.candidates,
    why: f.why,
  }));
  return { text: out, repairs, ambiguous };
}
