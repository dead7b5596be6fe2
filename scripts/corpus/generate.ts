// One generated report: World → forms + narrative → planted conflicts → seed-form text + truth.
// Pure (no I/O): the same (seed, index, kinds) always gives the same text and truth.
import { buildForms, truthIndicators, type Form } from './forms.js';
import { lengthenNarrative } from './filler.js';
import { buildNarrative, usedFactKeys } from './narrative.js';
import { PLANTERS } from './conflicts.js';
import { createRng } from './prng.js';
import { chooseLayout, renderText, reportPlace, reportTitle, type Draft } from './render.js';
import type { PlantedConflict, PlantedKind, Truth, TruthCitation } from './truth.js';
import { iso } from './vn.js';
import { generateWorld } from './world.js';

export interface GeneratedReport {
  name: string;
  text: string;
  truth: Omit<Truth, 'files'>;
  /** What the text was printed from (the layout fuzzer prints it again in other layouts). */
  draft: Draft;
}

/** ASCII file-name slug of a Vietnamese name: "Tiên Động" → "tien-dong". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function periodSlug(d: Draft): string {
  const p = d.world.period;
  return p.kind === 'quarter' ? `q${p.number}` : p.kind === 'half' ? 'h1' : p.kind === 'nine_months' ? '9m' : 'year';
}


function dedupeCitations(list: TruthCitation[]): TruthCitation[] {
  const seen = new Map<string, TruthCitation>();
  for (const c of list) seen.set(`${c.number}|${c.date}`, c);
  return [...seen.values()];
}

const overlaps = (a: string[], b: string[]) => a.some((r) => b.includes(r));

/** Count rows the clerk filled in as "đạt/tổng" ("8/11" văn bản): a finding the truth lists, not a planted mistake. */
function writtenFindings(forms: Form[]): PlantedConflict[] {
  return forms.flatMap((f) =>
    f.rows
      .filter((r) => r.cell.kind === 'ratio' && r.unit.trim() !== '%')
      .map((r) => ({ kind: 'count_written_as_ratio' as const, refs: [`form${f.form}:${r.code}`], note: `count row printed as "${r.cell.raw}"` })),
  );
}

/**
 * Builds report number `index` of the corpus `seed`, planting the given conflict kinds (a kind whose
 * planter finds nothing to change in this report, or whose refs would collide with an earlier one, is skipped).
 */
export function generateReport(seed: string, index: number, kinds: PlantedKind[] = [], opts: { long?: boolean } = {}): GeneratedReport {
  const rng = createRng(`${seed}#${index}`);
  const world = generateWorld(rng.fork('world'));
  const forms = buildForms(world, rng.fork('forms'));
  const narrative = buildNarrative(world, rng.fork('narrative'));
  // Its own fork: the same seed gives the same report, facts and conflicts with or without --long.
  if (opts.long) narrative.sections = lengthenNarrative(narrative.sections, rng.fork('prose'), world.place.unit.kind);
  let draft: Draft = {
    world,
    forms,
    narrative,
    layout: chooseLayout(rng.fork('layout')),
    unitNameInAppendix: world.place.unit.name,
    unitNameInClosing: world.place.unit.name,
  };
  const planted: PlantedConflict[] = [];
  for (const kind of kinds) {
    const attempt = structuredClone(draft);
    const c = PLANTERS[kind](attempt, rng.fork(`conflict:${kind}`));
    if (!c || planted.some((p) => overlaps(p.refs, c.refs))) continue;
    draft = attempt;
    planted.push(c);
  }

  const text = renderText(draft);
  const used = usedFactKeys(draft.narrative);
  const facts = [...draft.narrative.facts.entries()].filter(([k]) => used.has(k)).map(([key, f]) => ({ key, value: f.value }));
  const w = draft.world;
  const name = `${String(index).padStart(3, '0')}-${slug(w.place.unit.name)}-${w.period.year}-${periodSlug(draft)}`;
  return {
    name,
    text,
    draft,
    truth: {
      schema: 'sohoa-corpus-truth/1',
      name,
      seed: `${seed}#${index}`,
      clean: planted.length === 0,
      report: {
        unitKind: w.place.unit.kind,
        unitName: w.place.unit.name,
        district: w.place.district.name,
        province: text.includes(`${w.place.provinceKind} ${w.place.province}`) ? w.place.province : null,
        number: w.reportNumber === null ? null : `${w.reportNumber}/BC-UBND`,
        place: reportPlace(draft),
        date: iso(w.reportDate),
        title: reportTitle(draft),
        period: { kind: w.period.kind, number: w.period.number, year: w.period.year },
        signer: { name: w.signer.name, title: w.signer.title },
      },
      indicators: truthIndicators(draft.forms),
      facts,
      citations: dedupeCitations(draft.narrative.citations.map((c) => ({ docType: c.docType, number: c.number, date: c.date }))),
      conflicts: [...planted, ...writtenFindings(draft.forms)],
    },
  };
}
