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
const stripPunct = (w: string) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

interface Occurrence {
  surface: string;
  span: TextSpan;
}

/** The national motto heading every report; "CỘNG HÒA XÃ HỘI…" holds "Hòa Xã", a commune name once folded. */
const MOTTO = ['cong', 'hoa', 'xa', 'hoi', 'chu', 'nghia', 'viet', 'nam'];

/** Indexes of the words that belong to the motto (its first four words suffice to recognise it). */
function mottoWords(foldedWords: string[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 4 <= foldedWords.length; i++) {
    if (!MOTTO.slice(0, 4).every((w, k) => foldedWords[i + k] === w)) continue;
    for (let k = 0; k < MOTTO.length && foldedWords[i + k] === MOTTO[k]; k++) out.add(i + k);
  }
  return out;
}

/**
 * Word windows that read as the name (never inside the national motto): equal once folded, or (for a capitalised window) one letter
 * away from it, which catches a dropped or swapped letter without matching ordinary words.
 */
export function findNameOccurrences(name: string, spans: TextSpan[]): Occurrence[] {
  const target = fold(name).split(' ');
  const targetText = target.join(' ');
  const out: Occurrence[] = [];
  for (const span of spans) {
    const words = span.text.normalize('NFC').split(/\s+/).map(stripPunct).filter(Boolean);
    const foldedWords = words.map(fold);
    const motto = mottoWords(foldedWords);
    for (let i = 0; i + target.length <= words.length; i++) {
      if (motto.has(i)) continue;
      const window = words.slice(i, i + target.length);
      const folded = foldedWords.slice(i, i + target.length).join(' ');
      const capitalised = window.every((w) => w[0] !== undefined && w[0] === w[0].toLocaleUpperCase('vi'));
      const near =
        folded === targetText ||
        (capitalised && targetText.length >= 6 && folded[0] === targetText[0] && LevenshteinDistance(folded, targetText) <= 1);
      if (near) out.push({ surface: window.join(' '), span });
    }
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
  // Drop undefined optional fields (page) so evidence validates cleanly.
  return spans.map((s) => ({ ...s, provenance: Object.fromEntries(Object.entries(s.provenance).filter(([, v]) => v !== undefined)) as TextSpan['provenance'] }));
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
          evidence: [
            { ...occ[0]!.span.provenance, text: occ[0]!.span.text },
            { ...usualOcc[0]!.span.provenance, text: usualOcc[0]!.span.text },
          ],
          vars: { variant: occ[0]!.surface, variantCount: String(occ.length), usual: usualSurface, usualCount: String(usualOcc.length) },
          suggestion: { ref: `name:${variant}`, value: usualSurface, why: `Cách viết "${usualSurface}" xuất hiện ${usualOcc.length} lần trong báo cáo` },
        }),
      );
    }
    return out;
  },
};
