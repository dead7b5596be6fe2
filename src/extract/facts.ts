// Narrative facts: the numbers the report states in its prose (dossiers, procedures made
// public, staff, equipment, training, budget…), each under a canonical key from
// schemas/fact-keys.ts with the exact span it was read from.
//
// Decisions:
// - Rules run over sentences (sentences.ts), on a folded view where non-quantities are masked
//   (facts/prose.ts), so "năm 2023", "12/KH-UBND" and "mức độ 3,4" are never read as values.
// - A value that stays doubtful is kept with ambiguous: true (a fraction where a count belongs,
//   "21/7" that may be a date, "1.000%"), never guessed.
// - Several statements of one key are all kept (e.g. training: "cử 36 đồng chí …", "01 đồng chí
//   …", "Cử 7 cán bộ …" give three dao_tao.so_nguoi facts): they may overlap, so summing is left
//   to whoever knows; a conflict rule compares repeated keys.
// - Context carried between sentences, reset at headings: the cán bộ/công chức group of a
//   qualification list, the "công khai TTHC" list (its "Cấp xã: 142" lines), and the Bộ phận
//   Một cửa (its equipment, as opposed to the whole office's).
// - Every fact carries the scope of its number (facts/scope.ts): the level or body, the time and
//   the state it is about, so rules compare values of one scope only. Every number of the
//   narrative, keyed or not, is also kept as an open fact (facts/mentions.ts), with the key of the
//   fact read from it when there is one.
import type { DocumentModel, Message } from '../../schemas/document.js';
import type { Fact, FactScope, Mention } from '../../schemas/record.js';
import { FACT_KEY_SET } from '../../schemas/fact-keys.js';
import { result, warning, type Result } from '../result.js';
import { narrativeSentences, spanProv, tidy, tidySentence, type Sentence } from './sentences.js';
import { maskNonQuantities, moneyFactor, NUM, QuantityPlaces, ratioMayBeDate, readProseNumber } from './facts/prose.js';
import { FACT_RULES, FOLLOWING_COUNT, FOLLOWING_PERCENT, type FactRule } from './facts/rules.js';
import { areasIn, clauses, groupOf, readLevelClause, type Group } from './facts/qualification.js';
import { ScopeReader, type SentenceScopes } from './facts/scope.js';
import { measureOf, readNumbers } from './facts/mentions.js';
import { fold } from '../text/fold.js';
import { execAll } from '../text/regex.js';

interface FactContext {
  /** Block where the "công khai TTHC" list was last introduced. */
  congKhai: number;
  /** Block that speaks of the Bộ phận Một cửa. */
  motCua: number;
  group: Group | null;
  groupBlock: number;
}

const FAR = -1e9;
/** How many blocks a list context reaches (the list items that follow their lead line). */
const LIST_REACH = 4;
const GROUP_REACH = 8;

export interface FactOptions {
  /** narrativeSentences(doc), when the caller has them already (the citations read the same ones). */
  sentences?: Sentence[];
  /** The reporting unit's name: figures given to it by name are the report's own ('all'). */
  unitName?: string | null;
  /** The report is a commune's: its "cấp xã" figures are its own ('all'). */
  commune?: boolean;
}

export function extractFacts(doc: DocumentModel, options: FactOptions = {}): Result<Fact[]> {
  const r = extractFactsAndMentions(doc, options);
  return result(r.value.facts, r.messages);
}

/** The keyed facts and the open facts (every number) of the narrative. */
export function extractFactsAndMentions(doc: DocumentModel, options: FactOptions = {}): Result<{ facts: Fact[]; mentions: Mention[] }> {
  const messages: Message[] = [];
  const facts: Reading[] = [];
  const mentions: Mention[] = [];
  const ctx: FactContext = { congKhai: FAR, motCua: FAR, group: null, groupBlock: FAR };
  const scoper = new ScopeReader(options.unitName ?? null, options.commune ?? false);
  for (const s of options.sentences ?? narrativeSentences(doc)) {
    if (s.heading) {
      ctx.congKhai = FAR;
      ctx.motCua = FAR;
      ctx.group = null;
      scoper.heading();
    }
    const masked = maskNonQuantities(s.folded);
    const places = new QuantityPlaces(masked);
    const numbers = places.possible ? readNumbers(s.text, s.folded, masked) : [];
    const scopes = scoper.sentence(s.text, s.folded, numbers.map((n) => ({ start: n.start, end: n.end, percent: n.percent, unit: n.unit, rawEnd: n.rawEnd })));
    const before = facts.length;
    if (/cong khai|niem yet/.test(s.folded) && /tthc|thu tuc/.test(s.folded)) ctx.congKhai = s.block;
    if (/bo phan (?:mot cua|tiep nhan (?:ho so )?va tra ket qua)/.test(s.folded)) ctx.motCua = s.block;
    const g = groupOf(s.folded);
    if (g) {
      ctx.group = g;
      ctx.groupBlock = s.block;
    }
    const claimed = new Set<number>();
    for (const rule of FACT_RULES) applyRule(rule, s, masked, places, ctx, claimed, facts, messages, scopes);
    qualificationFacts(s, masked, ctx, facts, messages, scopes);
    // The key of the fact read from a number, by where its number starts.
    const keyAt = new Map<number, string>();
    for (const f of facts.slice(before)) if (f.numberAt !== undefined) keyAt.set(f.numberAt, f.fact.key);
    for (const n of numbers) {
      const scope = scopes.at(n.start, n.end);
      const common = {
        unit: n.unit,
        measure: measureOf(s.text, s.folded, n),
        raw: tidy(s.text.slice(n.rawStart, n.rawEnd)),
        approx: n.approx,
        tolerance: n.tolerance,
        scope,
        sentence: tidySentence(s),
      };
      const rateAt = n.percent ? scopes.rateOf(n.start) : undefined;
      const rateOf = rateAt === undefined ? undefined : numbers.find((x) => x.start === rateAt)?.value;
      mentions.push({
        value: n.value,
        ...common,
        ...(n.of ? { of: n.of.value } : {}),
        ...(rateOf !== undefined ? { rateOf } : {}),
        factKey: keyAt.get(n.start) ?? null,
        provenance: spanProv(s, n.start, n.end),
      });
      if (n.of) mentions.push({ value: n.of.value, ...common, factKey: null, provenance: spanProv(s, n.of.start, n.of.end) });
    }
  }
  return result({ facts: facts.map((f) => f.fact), mentions }, messages);
}

/** A fact being read, with where its number starts in the sentence. */
interface Reading {
  fact: Fact;
  numberAt?: number;
}

function inContext(rule: FactRule, s: Sentence, ctx: FactContext): boolean {
  if (rule.context === 'cong_khai') return s.block - ctx.congKhai <= LIST_REACH && s.block >= ctx.congKhai;
  if (rule.context === 'mot_cua') return s.block === ctx.motCua;
  return true;
}

function applyRule(
  rule: FactRule,
  s: Sentence,
  masked: string,
  places: QuantityPlaces,
  ctx: FactContext,
  claimed: Set<number>,
  facts: Reading[],
  messages: Message[],
  scopes: SentenceScopes,
): void {
  if (rule.when && !rule.when.test(s.folded)) return;
  if (!inContext(rule, s, ctx)) return;
  if (!FACT_KEY_SET.has(rule.key)) {
    messages.push(warning('fact.unknown_key', `Rule key ${rule.key} is not in schemas/fact-keys.ts`));
    return;
  }
  // A rule that reads a number has nothing to read in a sentence without one.
  if (rule.value === undefined && !places.possible) return;
  for (const m of ruleMatches(rule, masked, places)) {
    const start = m.index + (/^[\s,:;(]*/.exec(m[0])?.[0].length ?? 0);
    let end = m.index + m[0].length;
    if (rule.value !== undefined) {
      if (claimed.has(-start)) continue;
      claimed.add(-start);
      facts.push({ fact: fact(rule, rule.value, false, s, start, end, scopes.at(start, end)) });
      continue;
    }
    const nAt = m.indices?.groups?.n;
    if (!nAt || claimed.has(nAt[0])) continue;
    const read = readProseNumber(s.text.slice(nAt[0], nAt[1]), rule.kind);
    if (!read || read.value === null) continue;
    const doubts = [...read.doubts];
    let value = read.value;
    if (rule.kind === 'money_dong') {
      const factor = moneyFactor(m.groups?.mu ?? 'dong');
      if (factor > 1 && /^\d{1,3}\.\d{3}$/.test(s.text.slice(nAt[0], nAt[1]))) doubts.push('ambiguous_separator');
      value = Math.round(value * factor);
    }
    const dAt = m.indices?.groups?.d;
    if (dAt) {
      const den = Number(masked.slice(dAt[0], dAt[1]).replace(',', '.'));
      if (ratioMayBeDate(value, den, masked.slice(dAt[1]))) doubts.push('ratio_or_date');
    }
    // Take the counted noun into the raw text when the pattern stopped before it.
    if (rule.kind === 'count' && rule.unit) {
      const tail = unitTail(rule.unit).exec(masked.slice(end));
      if (tail) end += tail[0].length;
    }
    claimed.add(nAt[0]);
    facts.push({ fact: fact(rule, value, doubts.length > 0, s, start, end, scopes.at(nAt[0], nAt[1]), nAt[0]), numberAt: nAt[0] });

    if (rule.countKey) {
      const c = FOLLOWING_COUNT.exec(masked.slice(end));
      const cAt = c?.indices?.groups?.n;
      if (c && cAt && !claimed.has(end + cAt[0])) {
        const cr = readProseNumber(s.text.slice(end + cAt[0], end + cAt[1]), 'count');
        if (cr && cr.value !== null) {
          claimed.add(end + cAt[0]);
          const countRule: FactRule = { key: rule.countKey, kind: 'count', unit: 'hồ sơ', re: rule.re };
          const at = end + cAt[0];
          facts.push({ fact: fact(countRule, cr.value, cr.doubts.length > 0, s, at, end + c[0].length, scopes.at(at, end + cAt[1]), at), numberAt: at });
        }
      }
    }
    if (rule.percentKey) {
      const p = FOLLOWING_PERCENT.exec(masked.slice(end));
      const pAt = p?.indices?.groups?.n;
      if (p && pAt && !claimed.has(end + pAt[0])) {
        const pr = readProseNumber(s.text.slice(end + pAt[0], end + pAt[1]), 'percent');
        if (pr && pr.value !== null) {
          claimed.add(end + pAt[0]);
          const pctRule: FactRule = { key: rule.percentKey, kind: 'percent', re: rule.re };
          const at = end + pAt[0];
          facts.push({
            fact: fact(pctRule, pr.value, pr.doubts.length > 0, s, end + (/^[\s,]*/.exec(p[0])?.[0].length ?? 0), end + p[0].length, scopes.at(at, end + pAt[1]), at),
            numberAt: at,
          });
        }
      }
    }
  }
}

// Rules whose pattern opens with the number (N, or C which starts with it): a match can only
// start where NUM matches, so such a rule is tried, sticky, at those places instead of at every
// position of the sentence.
const NUMBER_FIRST = new Map<RegExp, RegExp>();
const NUMBER_OPENING = new RegExp(`(?<n>${NUM})`).source;
for (const rule of FACT_RULES) {
  if (rule.re.source.startsWith(NUMBER_OPENING)) NUMBER_FIRST.set(rule.re, new RegExp(rule.re.source, rule.re.flags.replace('g', 'y')));
}

/** The matches of a rule's pattern in a masked sentence: the same as execAll(rule.re, masked). */
export function ruleMatches(rule: FactRule, masked: string, places: QuantityPlaces): RegExpExecArray[] {
  const sticky = NUMBER_FIRST.get(rule.re);
  if (!sticky) return execAll(rule.re, masked);
  const out: RegExpExecArray[] = [];
  // As a global search would: the first place at or after the end of the previous match.
  let from = 0;
  for (const at of places.starts()) {
    if (at < from) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(masked);
    if (!m) continue;
    out.push(m);
    from = at + m[0].length;
  }
  return out;
}

// One pattern per unit word of the rules (a fixed, small set).
const unitTails = new Map<string, RegExp>();
function unitTail(unit: string): RegExp {
  let re = unitTails.get(unit);
  if (!re) unitTails.set(unit, (re = new RegExp(`^\\s*${fold(unit).replace(/[,]/g, ',?')}`)));
  return re;
}

/** "hơn", "trên", "gần", "khoảng" before a number: the text says it is approximate. */
const APPROX_BEFORE = /\b(?:hon|tren|gan|khoang|xap xi)\s*$/;

function fact(rule: FactRule, value: number, ambiguous: boolean, s: Sentence, start: number, end: number, scope: FactScope, numberAt?: number): Fact {
  const unit = rule.kind === 'percent' ? '%' : rule.kind === 'money_dong' ? 'đồng' : (rule.unit ?? null);
  const provenance = spanProv(s, start, end);
  return {
    key: rule.key,
    value,
    unit,
    raw: tidy(s.text.slice(start, end)),
    sentence: tidySentence(s),
    ambiguous,
    indicatorKey: null,
    scope,
    ...(numberAt !== undefined && APPROX_BEFORE.test(s.folded.slice(Math.max(0, numberAt - 14), numberAt)) ? { approx: true } : {}),
    provenance,
  };
}

function qualificationFacts(s: Sentence, masked: string, ctx: FactContext, facts: Reading[], messages: Message[], scopes: SentenceScopes): void {
  const areas = areasIn(s.folded);
  if (areas.length === 0) return;
  const group = ctx.group && s.block - ctx.groupBlock <= GROUP_REACH ? ctx.group : null;
  areas.forEach((a, i) => {
    const to = areas[i + 1]?.at ?? masked.length;
    const stats = clauses(masked, a.end, to)
      .map((c) => readLevelClause(c.text, c.offset, a.area))
      .filter((x) => x !== null);
    if (stats.length === 0) return;
    if (!group) {
      messages.push(warning('fact.qualification_group_unknown', 'Trình độ được nêu nhưng không rõ của cán bộ hay công chức', spanProv(s, a.at, to)));
      return;
    }
    for (const st of stats) {
      const base = `nhan_su.${group}.${a.area}.${st.level}`;
      const emit = (suffix: 'so_luong' | 'ty_le', part: { value: string; start: number; end: number }) => {
        const key = `${base}.${suffix}`;
        if (!FACT_KEY_SET.has(key)) return;
        const read = readProseNumber(s.text.slice(part.start, part.end), suffix === 'ty_le' ? 'percent' : 'count');
        if (!read || read.value === null) return;
        const rule: FactRule = { key, kind: suffix === 'ty_le' ? 'percent' : 'count', unit: 'người', re: /$/ };
        let end = st.end;
        while (end > st.start && /[\s.,;]/.test(s.text[end - 1]!)) end--;
        const from = st.start + (/^[\s\-+•]*/.exec(s.text.slice(st.start))?.[0].length ?? 0);
        facts.push({ fact: fact(rule, read.value, read.doubts.length > 0, s, from, end, scopes.at(part.start, part.end), part.start), numberAt: part.start });
      };
      if (st.count) emit('so_luong', st.count);
      if (st.percent) emit('ty_le', st.percent);
    }
  });
}
