// Gives each appendix row its catalogue key. Codes alone are not enough: provinces and years
// number the rows differently (a form may skip 6.1-6.3, or drop a row and renumber the rest),
// and the same label repeats under different parents (3.1.1 / 3.2.1 / 3.3.1 all read "Tổng số hồ
// sơ TTHC đã giải quyết xong"). So a row is matched on its label (folded, fuzzy), helped by its
// parent row's match and, least, by its printed code.
import type { Message } from '../../schemas/document.js';
import type { Fact, Indicator } from '../../schemas/record.js';
import { CATALOGUE, CATALOGUE_FORMS, type AdminLevel, type IndicatorDef } from '../../schemas/catalogue.js';
import { result, info, warning, type Result } from '../result.js';
import { fold } from '../text/fold.js';

// Long forms and their abbreviations, so "thủ tục hành chính" and "TTHC" compare equal.
const ABBREVIATIONS: [RegExp, string][] = [
  [/\bthu tuc hanh chinh\b/g, 'tthc'],
  [/\bcai cach hanh chinh\b/g, 'cchc'],
  [/\bvan ban quy pham phap luat\b/g, 'vbqppl'],
  [/\buy ban nhan dan\b/g, 'ubnd'],
  [/\bdich vu cong\b/g, 'dvc'],
  [/\bphan anh,? kien nghi\b/g, 'pakn'],
  [/\bcan bo,? cong chuc\b/g, 'cbcc'],
  [/\bhoi dong nhan dan\b/g, 'hdnd'],
  [/\bso luong\b/g, 'so'],
  [/\bty le phan tram\b/g, 'ty le'],
  [/\bty le %/g, 'ty le'],
];

// Catalogue labels are compared with every row: normalise each once. One map per variant, keyed
// by the label itself (a concatenated id had to be built and hashed afresh on every call).
const KEY_CACHE = [new Map<string, string>(), new Map<string, string>()] as const;

/** Folded, abbreviation-normalised, punctuation-free label. */
export function labelKey(label: string, dropParentheses = false): string {
  const cache = KEY_CACHE[dropParentheses ? 1 : 0];
  const hit = cache.get(label);
  if (hit !== undefined) return hit;
  const key = computeLabelKey(label, dropParentheses);
  if (cache.size < 20_000) cache.set(label, key);
  return key;
}

function computeLabelKey(label: string, dropParentheses: boolean): string {
  let s = fold(label.normalize('NFC'));
  if (dropParentheses) s = s.replace(/\([^)]*\)/g, ' ');
  for (const [re, short] of ABBREVIATIONS) s = s.replace(re, short);
  return s
    .replace(/[^a-z0-9%]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Words that make two otherwise identical labels different rows: the level, a negation, a number
// ("mức độ 3" / "mức độ 4", "từ 30% - dưới 70%").
const MARKER = /^(?:tinh|huyen|xa|khong|\d+)$/;
const MARKER_PENALTY = 0.7;

/** What the similarity needs of one label key, computed once per key. */
interface KeyProfile {
  key: string;
  /**
   * Distinct character bigrams (a one-letter key is padded with a space), as natural's
   * diceCoefficient, each coded as one number (first unit << 16 | second), sorted: the Dice
   * overlap is then a merge of two small integer arrays instead of string-set lookups.
   */
  bigrams: Int32Array;
  tokens: Set<string>;
  markers: string;
  /** catalogueWordIds(this), once asked. */
  catalogueWords?: Int32Array;
}

// Every row is compared with every catalogue label (four key variants each): without profiles
// the bigram and token sets of the same catalogue labels were rebuilt hundreds of times a report.
const PROFILE_CACHE = new Map<string, KeyProfile>();

function profile(key: string): KeyProfile {
  const hit = PROFILE_CACHE.get(key);
  if (hit) return hit;
  const padded = key.length === 1 ? `${key} ` : key;
  const codes = new Int32Array(Math.max(0, padded.length - 1));
  for (let i = 0; i + 1 < padded.length; i++) codes[i] = (padded.charCodeAt(i) << 16) | padded.charCodeAt(i + 1);
  codes.sort();
  let distinct = 0;
  for (let i = 0; i < codes.length; i++) if (i === 0 || codes[i] !== codes[i - 1]) codes[distinct++] = codes[i]!;
  const bigrams = codes.slice(0, distinct);
  const tokens = new Set(key.split(' ').filter(Boolean));
  const markers = [...new Set([...tokens].filter((t) => MARKER.test(t)))].sort().join(' ');
  const p: KeyProfile = { key, bigrams, tokens, markers, catalogueWords: undefined };
  if (PROFILE_CACHE.size < 20_000) PROFILE_CACHE.set(key, p);
  return p;
}

// The profiles of a label's two keys (with and without parenthesised notes), empty keys left
// out and a repeated key once: the best score over the pairs is the same, with half the work
// when the label has no parentheses.
const LABEL_PROFILES = new Map<string, KeyProfile[]>();

function labelProfiles(label: string): KeyProfile[] {
  const hit = LABEL_PROFILES.get(label);
  if (hit) return hit;
  const keys = [labelKey(label), labelKey(label, true)].filter((k, i, all) => k !== '' && all.indexOf(k) === i);
  const profiles = keys.map(profile);
  if (LABEL_PROFILES.size < 20_000) LABEL_PROFILES.set(label, profiles);
  return profiles;
}

/** Dice coefficient of two sorted arrays of distinct numbers: 2|A∩B| / (|A| + |B|). */
function diceSorted(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let common = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * common) / (a.length + b.length);
}

/** Dice coefficient of two sets: 2|A∩B| / (|A| + |B|). */
function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return (2 * common) / (a.size + b.size);
}

/**
 * 0..1 similarity of two labels: character bigrams (robust to typos such as "trực tuyển") mixed
 * with whole words (so "cấp tỉnh" and "cấp huyện" or "mức độ 3" and "mức độ 4" stay apart).
 * Labels whose level, negation or numbers differ are pushed apart. Parenthesised notes are
 * optional on either side, so the best of with/without is taken.
 */
export function labelSimilarity(a: string, b: string): number {
  return profileSimilarity(labelProfiles(a), labelProfiles(b));
}

function profileSimilarity(xs: KeyProfile[], ys: KeyProfile[]): number {
  let best = 0;
  for (const px of xs) {
    for (const py of ys) {
      let s = px.key === py.key ? 1 : 0.5 * diceSorted(px.bigrams, py.bigrams) + 0.5 * dice(px.tokens, py.tokens);
      // A label without markers is just less specific ("Hệ thống họp trực tuyến"), not different.
      if (px.markers && py.markers && px.markers !== py.markers) s *= MARKER_PENALTY;
      if (s > best) best = s;
    }
  }
  return best;
}

/**
 * profileSimilarity of a row label (`xs`) and a catalogue label (`ys`), exact when it is at least
 * `floor` and some smaller number otherwise: a pair that cannot reach the floor is not scored (its
 * bound is the same arithmetic with an overlap at its largest, first both by set sizes alone, then
 * with the words counted), and words are counted as catalogue word ids.
 */
function catalogueSimilarity(xs: KeyProfile[], ys: KeyProfile[], floor: number): number {
  let best = 0;
  for (const px of xs) {
    for (const py of ys) {
      const penalised = px.markers && py.markers && px.markers !== py.markers;
      let s: number;
      if (px.key === py.key) s = 1;
      else {
        const bigramBound = diceBound(px.bigrams.length, py.bigrams.length);
        let bound = 0.5 * bigramBound + 0.5 * diceBound(px.tokens.size, py.tokens.size);
        if (penalised) bound *= MARKER_PENALTY;
        if (bound < floor) continue;
        const words = px.tokens.size === 0 || py.tokens.size === 0 ? 0 : (2 * commonCount(catalogueWordIds(px), catalogueWordIds(py))) / (px.tokens.size + py.tokens.size);
        bound = 0.5 * bigramBound + 0.5 * words;
        if (penalised) bound *= MARKER_PENALTY;
        if (bound < floor) continue;
        s = 0.5 * diceSorted(px.bigrams, py.bigrams) + 0.5 * words;
      }
      if (penalised) s *= MARKER_PENALTY;
      if (s > best) best = s;
    }
  }
  return best;
}

// Ids of the catalogue's own words. A catalogue label's words all have one, so the words two labels
// share, when one is a catalogue label, are the ids they share: counted by a merge like the bigrams.
let CATALOGUE_WORDS: Map<string, number> | undefined;

/** The profile's words that are catalogue words, as sorted ids (kept on the profile). */
function catalogueWordIds(p: KeyProfile): Int32Array {
  if (p.catalogueWords) return p.catalogueWords;
  if (!CATALOGUE_WORDS) {
    const words = new Map<string, number>();
    for (const def of CATALOGUE) for (const l of def.labels) for (const lp of labelProfiles(l)) for (const t of lp.tokens) if (!words.has(t)) words.set(t, words.size);
    CATALOGUE_WORDS = words;
  }
  const ids: number[] = [];
  for (const t of p.tokens) {
    const id = CATALOGUE_WORDS.get(t);
    if (id !== undefined) ids.push(id);
  }
  return (p.catalogueWords = Int32Array.from(ids).sort());
}

/** How many numbers two sorted arrays of distinct numbers share. */
function commonCount(a: Int32Array, b: Int32Array): number {
  let common = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common;
}

/** The largest Dice coefficient two sets of these sizes can have. */
function diceBound(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return (2 * Math.min(a, b)) / (a + b);
}

// The profiles of each catalogue definition's labels (the catalogue is fixed, so this stays small).
const DEF_PROFILES = new Map<IndicatorDef, KeyProfile[][]>();

/**
 * The best similarity of a row label (given by its profiles) to any of the definition's labels;
 * with a `floor`, exact only when at least the floor (see catalogueSimilarity).
 */
function bestLabelScore(row: KeyProfile[], def: IndicatorDef, floor = 0): number {
  let labels = DEF_PROFILES.get(def);
  if (!labels) DEF_PROFILES.set(def, (labels = def.labels.map(labelProfiles)));
  let best = -Infinity;
  for (const ys of labels) {
    const s = floor > 0 ? catalogueSimilarity(row, ys, floor) : profileSimilarity(row, ys);
    if (s > best) best = s;
  }
  return best;
}

/** Label similarity needed to accept a match on label alone. */
const ACCEPT = 0.72;
/** Lower bar when the printed code agrees too. */
const ACCEPT_WITH_CODE = 0.55;
const CODE_BONUS = 0.08;
// Larger than the code bonus: the parent is structural evidence that survives renumbering.
const PARENT_BONUS = 0.15;

/** The catalogue form a printed form stands for: by its title when recognisable, else by its number. */
export function catalogueFormOf(form: number, formTitle: string): number {
  let best: { form: number; score: number } | null = null;
  for (const f of CATALOGUE_FORMS) {
    for (const t of f.titles) {
      const score = labelSimilarity(formTitle, t);
      if (!best || score > best.score) best = { form: f.form, score };
    }
  }
  return best && best.score >= 0.8 ? best.form : form;
}

function parentCode(code: string): string | null {
  const i = code.lastIndexOf('.');
  return i > 0 ? code.slice(0, i) : null;
}

interface Candidate {
  def: IndicatorDef;
  sim: number;
  score: number;
  codeMatch: boolean;
}

/**
 * Sets `key` on every indicator. Rows are never dropped: a row nothing matches keeps key null,
 * with a warning. Within one printed form a key is given to one row only.
 */
export function matchCatalogue(indicators: Indicator[]): Result<Indicator[]> {
  const messages: Message[] = [];
  // Per printed form (form number + title): code → key already given, and keys taken.
  const assigned = new Map<string, Map<string, string>>();
  const taken = new Map<string, Set<string>>();
  // Every row of a printed form shares its title: which catalogue form it is, is asked once.
  const catalogueForms = new Map<string, number>();
  const out: Indicator[] = [];

  for (const ind of indicators) {
    const formId = `${ind.form}|${ind.formTitle}`;
    const codes = assigned.get(formId) ?? new Map<string, string>();
    const used = taken.get(formId) ?? new Set<string>();
    assigned.set(formId, codes);
    taken.set(formId, used);

    const where = { block: ind.provenance.block, table: ind.provenance.table, row: ind.provenance.row };
    if (ind.label.trim() === '') {
      out.push({ ...ind, key: null });
      messages.push(warning('catalogue_unmatched', `Biểu mẫu ${ind.form} dòng ${ind.code}: không có nội dung chỉ tiêu để đối chiếu danh mục`, where));
      continue;
    }

    let catForm = catalogueForms.get(formId);
    if (catForm === undefined) catalogueForms.set(formId, (catForm = catalogueFormOf(ind.form, ind.formTitle)));
    const pcode = parentCode(ind.code);
    const parentKey = pcode ? codes.get(pcode) : undefined;

    const rowProfiles = labelProfiles(ind.label);
    const rank = (defs: readonly IndicatorDef[]): Candidate[] =>
      defs
        .filter((d) => !used.has(d.key))
        .map((def) => {
          const sim = bestLabelScore(rowProfiles, def);
          const codeMatch = def.codes.includes(ind.code);
          const score = sim + (codeMatch ? CODE_BONUS : 0) + (parentKey && def.parent === parentKey ? PARENT_BONUS : 0);
          return { def, sim, score, codeMatch };
        })
        .sort((a, b) => b.score - a.score);

    const accept = (c: Candidate | undefined) => c !== undefined && (c.sim >= ACCEPT || (c.codeMatch && c.sim >= ACCEPT_WITH_CODE));
    // Within the form: the acceptable candidate of highest score, the earlier definition on a tie
    // (what a stable sort by score then the first acceptable gives). A definition whose label
    // cannot reach the bar is not scored exactly.
    let pick: Candidate | undefined;
    for (const def of CATALOGUE) {
      if (def.form !== catForm || used.has(def.key)) continue;
      const codeMatch = def.codes.includes(ind.code);
      const sim = bestLabelScore(rowProfiles, def, codeMatch ? ACCEPT_WITH_CODE : ACCEPT);
      const c = { def, sim, score: sim + (codeMatch ? CODE_BONUS : 0) + (parentKey && def.parent === parentKey ? PARENT_BONUS : 0), codeMatch };
      if (accept(c) && (!pick || c.score > pick.score)) pick = c;
    }
    let crossForm = false;
    if (!pick) {
      // Some provinces move a row to another form; accept only a near-identical label there.
      const other = rank(CATALOGUE.filter((d) => d.form !== catForm))[0];
      if (other && other.sim >= 0.9) {
        pick = other;
        crossForm = true;
      }
    }

    if (!pick) {
      out.push({ ...ind, key: null });
      messages.push(
        warning('catalogue_unmatched', `Biểu mẫu ${ind.form} dòng ${ind.code} "${ind.label}": không khớp chỉ tiêu nào trong danh mục`, where),
      );
      continue;
    }
    used.add(pick.def.key);
    codes.set(ind.code, pick.def.key);
    if (!pick.codeMatch && pick.def.codes.length > 0) {
      messages.push(
        info(
          'catalogue_code_differs',
          `Biểu mẫu ${ind.form} dòng ${ind.code}: khớp theo nội dung với chỉ tiêu ${pick.def.key} (thường đánh số ${pick.def.codes.join(', ')})`,
          where,
        ),
      );
    }
    if (crossForm) {
      messages.push(info('catalogue_other_form', `Biểu mẫu ${ind.form} dòng ${ind.code}: chỉ tiêu ${pick.def.key} thường thuộc biểu mẫu ${pick.def.form}`, where));
    }
    out.push({ ...ind, key: pick.def.key });
  }
  return result(out, messages);
}

export interface LinkOptions {
  /** Level of the reporting unit (levelOfUnitKind): a commune's "hồ sơ đã giải quyết" is the cấp xã row. Default 'xa'. */
  level?: AdminLevel;
}

/**
 * Fills `indicatorKey` on facts whose key the catalogue links directly to a row (a fact that is
 * only part of a sum, like hoso.truoc_han, stays unlinked). Facts already linked keep their link.
 */
export function linkFacts(facts: Fact[], options: LinkOptions = {}): Fact[] {
  const level = options.level ?? 'xa';
  const byFact = new Map<string, IndicatorDef[]>();
  for (const def of CATALOGUE) {
    if (def.fact && 'key' in def.fact) {
      const list = byFact.get(def.fact.key) ?? [];
      list.push(def);
      byFact.set(def.fact.key, list);
    }
  }
  return facts.map((fact) => {
    if (fact.indicatorKey) return fact;
    const defs = byFact.get(fact.key);
    if (!defs) return { ...fact, indicatorKey: null };
    // A commune's "hồ sơ đã giải quyết" is not the district row: no link rather than a wrong one.
    const def = defs.find((d) => d.level === level) ?? defs.find((d) => !d.level);
    return { ...fact, indicatorKey: def?.key ?? null };
  });
}
