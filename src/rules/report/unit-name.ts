// The unit's own name spelled differently within one report ("XÃ TIỀN ĐỘNG" in the appendix
// title, "Tiên Động" everywhere else). Occurrences are found tone-insensitively, then compared
// with their tones and letters, case aside.
import { createRequire } from 'node:module';
import type { Conflict } from '../../../schemas/record.js';
import { fold } from '../../text/fold.js';
import { makeConflict } from '../conflict.js';
import type { ReportContext, ReportRule, TextSpan } from '../types.js';

const require = createRequire(import.meta.url);
const { LevenshteinDistance } = require('natural/lib/natural/distance/levenshtein_distance.js') as {
  LevenshteinDistance: (a: string, b: string) => number;
};

const lower = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi');
const EDGE_PUNCT = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
// Whether a UTF-16 unit (not a surrogate half) is a letter or a digit: 0 not yet known, 1 yes, 2 no.
const letterOrDigitUnits = new Uint8Array(0x10000);
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
function isLetterOrDigitUnit(code: number): boolean {
  let known = letterOrDigitUnits[code]!;
  if (known === 0) known = letterOrDigitUnits[code] = LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? 1 : 2;
  return known === 1;
}
const isSurrogate = (code: number) => code >= 0xd800 && code <= 0xdfff;

/** The word without leading and trailing punctuation. */
function stripPunct(w: string): string {
  // Most words already start and end with a letter or digit; the regex (which scans the whole
  // word for its end) is only needed otherwise.
  if (w.length > 0) {
    const first = w.charCodeAt(0);
    const last = w.charCodeAt(w.length - 1);
    if (!isSurrogate(first) && !isSurrogate(last) && isLetterOrDigitUnit(first) && isLetterOrDigitUnit(last)) return w;
  }
  return w.replace(EDGE_PUNCT, '');
}

interface Occurrence {
  surface: string;
  span: TextSpan;
}

/** The national motto heading every report; "CỘNG HÒA XÃ HỘI…" holds "Hòa Xã", a commune name once folded. */
const MOTTO = ['cong', 'hoa', 'xa', 'hoi', 'chu', 'nghia', 'viet', 'nam'];

const MOTTO_HEAD = MOTTO.slice(0, 4);

/** Indexes of the words that belong to the motto (its first four words suffice to recognise it). */
function mottoWords(foldedWords: string[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 4 <= foldedWords.length; i++) {
    if (foldedWords[i] !== MOTTO[0] || !MOTTO_HEAD.every((w, k) => foldedWords[i + k] === w)) continue;
    for (let k = 0; k < MOTTO.length && foldedWords[i + k] === MOTTO[k]; k++) out.add(i + k);
  }
  return out;
}

/**
 * Word windows that read as the name (never inside the national motto): equal once folded, or (for a capitalised window) one letter
 * away from it, which catches a dropped or swapped letter without matching ordinary words.
 */
export function findNameOccurrences(name: string, spans: TextSpan[]): Occurrence[] {
  const targetText = fold(name).split(' ').join(' ');
  // A fact's sentence is one span per fact, so the same text comes many times: read it once.
  const surfacesByText = new Map<string, string[]>();
  const out: Occurrence[] = [];
  for (const span of spans) {
    let surfaces = surfacesByText.get(span.text);
    if (!surfaces) surfacesByText.set(span.text, (surfaces = nameSurfaces(targetText, span.text)));
    for (const surface of surfaces) out.push({ surface, span });
  }
  return out;
}

/** The windows of `text` that read as the folded name `targetText`, as printed. */
function nameSurfaces(targetText: string, text: string): string[] {
  const size = targetText.split(' ').length;
  const fuzzy = targetText.length >= 6;
  const words = text.normalize('NFC').split(/\s+/).map(stripPunct).filter(Boolean);
  const foldedWords = words.map(fold);
  const motto = mottoWords(foldedWords);
  const out: string[] = [];
  for (let i = 0; i + size <= words.length; i++) {
    if (motto.has(i)) continue;
    // Either way the window's first letter is the name's: most windows stop here.
    const head = foldedWords[i]!;
    if (head !== '' && head[0] !== targetText[0]) continue;
    const folded = foldedWords.slice(i, i + size).join(' ');
    // Cheapest tests first: one edit apart means lengths at most one apart (and the first letter
    // must agree); only then the locale-aware capital check and the edit distance.
    const near =
      folded === targetText ||
      (fuzzy &&
        folded[0] === targetText[0] &&
        Math.abs(folded.length - targetText.length) <= 1 &&
        words.slice(i, i + size).every((w) => w[0] !== undefined && w[0] === w[0].toLocaleUpperCase('vi')) &&
        LevenshteinDistance(folded, targetText) <= 1);
    if (near) out.push(words.slice(i, i + size).join(' '));
  }
  return out;
}

function recordTexts(ctx: ReportContext): TextSpan[] {
  const { record } = ctx;
  const file = record.source.file;
  const spans: TextSpan[] = [...ctx.texts];
  const r = record.report;
  if (r?.unitName) spans.push({ text: r.unitName, provenance: r.provenance.unitName ?? { file, block: 0 } });
  if (r?.title) spans.push({ text: r.title, provenance: r.provenance.title ?? { file, block: 0 } });
  if (r?.place) spans.push({ text: r.place, provenance: r.provenance.place ?? { file, block: 0 } });
  const titles = new Set<string>();
  for (const ind of record.indicators) {
    if (titles.has(ind.formTitle)) continue;
    titles.add(ind.formTitle);
    spans.push({ text: ind.formTitle, provenance: { file: ind.provenance.file, block: ind.provenance.block, page: ind.provenance.page } });
  }
  for (const c of record.citations) spans.push({ text: c.raw, provenance: c.provenance });
  for (const f of record.facts) spans.push({ text: f.sentence, provenance: f.provenance });
  return spans;
}

/** A span as conflict evidence, without undefined optional fields (page) so it validates cleanly. */
function evidenceOf(span: TextSpan): Conflict['evidence'][number] {
  const provenance = Object.fromEntries(Object.entries(span.provenance).filter(([, v]) => v !== undefined)) as TextSpan['provenance'];
  return { ...provenance, text: span.text };
}

export const unitNameSpelling: ReportRule = {
  id: 'unit_name_spelling',
  scope: 'report',
  severity: 'warning',
  template: 'Tên đơn vị viết khác nhau trong cùng báo cáo: "{variant}" ({variantCount} lần) và "{usual}" ({usualCount} lần).',
  description:
    "The reporting unit's name is spelled with different tones or letters within one report (compared tone-insensitively to find it, then letter by letter, case aside). Suggests the spelling used most often (the report header's on a tie).",
  check(ctx) {
    const name = ctx.record.report?.unitName;
    if (!name) return [];
    const occurrences = findNameOccurrences(name, recordTexts(ctx));
    const counts = new Map<string, Occurrence[]>();
    for (const o of occurrences) {
      const k = lower(o.surface);
      counts.set(k, [...(counts.get(k) ?? []), o]);
    }
    // The header's spelling counts once more, so it wins ties.
    const score = (k: string) => counts.get(k)!.length + (k === lower(name) ? 0.5 : 0);
    const ranked = [...counts.keys()].sort((a, b) => score(b) - score(a));
    const usual = ranked[0];
    if (!usual || ranked.length < 2) return [];
    const usualOcc = counts.get(usual)!;
    const out: Conflict[] = [];
    for (const variant of ranked.slice(1)) {
      const occ = counts.get(variant)!;
      const usualSurface = usual === lower(name) ? name : usualOcc[0]!.surface;
      out.push(
        makeConflict(this, {
          refs: ['report:unitName', `name:${variant}`],
          values: [occ[0]!.surface, usualSurface],
          evidence: [evidenceOf(occ[0]!.span), evidenceOf(usualOcc[0]!.span)],
          vars: { variant: occ[0]!.surface, variantCount: String(occ.length), usual: usualSurface, usualCount: String(usualOcc.length) },
          suggestion: { ref: `name:${variant}`, value: usualSurface, why: `Cách viết "${usualSurface}" xuất hiện ${usualOcc.length} lần trong báo cáo` },
        }),
      );
    }
    return out;
  },
};
