// npm run corpus -- --count N --out DIR [--seed S] [--conflict-share 0.3] [--formats txt,docx,pdf,doc] [--mix] [--long] [--layouts [families]]
// Generates N realistic reports with ground truth (<name>.truth.json) for `npm run eval`.
// --layouts: the layout fuzzer (scripts/corpus/layouts.ts): each report in a layout of one family
// (rotating through the families), tagged with `family` and its `layout` in the truth; no .txt.
// --via html (or both): the fuzzed report written as HTML and laid out by LibreOffice into .docx, .pdf
// and .doc (family "html:<family>"), the way many real reports reach an archive.
import { Command, InvalidArgumentError } from 'commander';
import { generateReport } from './corpus/generate.js';
import { chooseSpec, LAYOUT_FAMILIES, renderLayout, type LayoutFamily } from './corpus/layouts.js';
import { createRng } from './corpus/prng.js';
import { OUT_FORMATS, planCorpus, type OutFormat } from './corpus/plan.js';
import { PLANTED_KINDS, type PlantedKind } from './corpus/truth.js';
import { writeCorpus } from './corpus/write.js';

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
};
const share = (v: string) => {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('a number between 0 and 1');
  return n;
};
const list = <T extends string>(allowed: readonly T[]) => (v: string) => {
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((i) => !allowed.includes(i as T));
  if (bad.length) throw new InvalidArgumentError(`unknown: ${bad.join(', ')} (allowed: ${allowed.join(', ')})`);
  return items as T[];
};

const program = new Command()
  .name('corpus')
  .description('generate Vietnamese CCHC reports with ground truth and planted conflicts')
  .requiredOption('--out <dir>', 'output folder')
  .option('--count <n>', 'number of reports', int, 24)
  .option('--seed <seed>', 'PRNG seed (same seed, same corpus)', 'sohoa')
  .option('--conflict-share <x>', 'share of reports with planted conflicts', share, 0.3)
  .option('--formats <list>', 'formats to write', list(OUT_FORMATS), ['txt', 'docx', 'pdf', 'doc'] as OutFormat[])
  .option('--mix', 'write each report in one format, rotating through --formats')
  .option('--kinds <list>', 'conflict kinds to plant (default: all)', list(PLANTED_KINDS))
  .option('--long', "seed-length narratives (~4,800 words, as the seed's): fact-free prose added to each section, for throughput on seed-sized reports")
  .option('--layouts [families]', `layout fuzzer: each report laid out in one of these families, rotating (default all: ${LAYOUT_FAMILIES.join(',')}); .txt is not written`, list(LAYOUT_FAMILIES))
  .option('--via <writer>', 'with --layouts: docx (our .docx writer, then LibreOffice), html (LibreOffice from HTML, every format), both (alternating)', (v: string) => {
    if (!['docx', 'html', 'both'].includes(v)) throw new InvalidArgumentError('docx, html or both');
    return v as 'docx' | 'html' | 'both';
  }, 'docx' as 'docx' | 'html' | 'both')
  .action(async (o: { out: string; count: number; seed: string; conflictShare: number; formats: OutFormat[]; mix?: boolean; kinds?: PlantedKind[]; long?: boolean; layouts?: LayoutFamily[] | true; via: 'docx' | 'html' | 'both' }) => {
    const started = performance.now();
    const families: LayoutFamily[] | null = o.layouts === undefined ? null : o.layouts === true ? [...LAYOUT_FAMILIES] : o.layouts;
    const formats = families ? o.formats.filter((f) => f !== 'txt') : o.formats;
    if (formats.length === 0) program.error('--layouts writes docx, pdf and doc: give at least one of them in --formats');
    const plan = planCorpus({ count: o.count, seed: o.seed, conflictShare: o.conflictShare, formats, mix: o.mix ?? false, ...(o.kinds ? { kinds: o.kinds } : {}) });
    const jobs = plan.map((p) => {
      const report = generateReport(o.seed, p.index, p.kinds, { long: o.long ?? false });
      if (!families) return { report, formats: p.formats };
      const layoutFamily = families[p.index % families.length]!;
      const spec = chooseSpec(layoutFamily, createRng(`${o.seed}#${p.index}/layout`));
      const via = o.via === 'both' ? (p.index % 2 === 0 ? 'docx' : 'html') : o.via;
      const family = via === 'html' ? `html:${layoutFamily}` : layoutFamily;
      const rendering = renderLayout(report, spec, family);
      rendering.truth.layout = { ...rendering.truth.layout, via };
      return { report, formats: p.formats, via, rendering };
    });
    const truths = await writeCorpus(jobs, o.out, (m) => process.stderr.write(`${m}\n`));
    const planted = truths.flatMap((t) => t.conflicts.map((c) => c.kind));
    const byKind = Object.fromEntries(PLANTED_KINDS.map((k) => [k, planted.filter((p) => p === k).length]));
    const files = truths.reduce((n, t) => n + Object.keys(t.files).length, 0);
    const counts = new Map<string, number>();
    for (const t of truths) if (t.family) counts.set(t.family, (counts.get(t.family) ?? 0) + 1);
    const byFamily = families ? `\nfamilies: ${[...counts].map(([f, n]) => `${f}=${n}`).join(' ')}` : '';
    process.stderr.write(
      `wrote ${truths.length} reports (${files} files, ${truths.filter((t) => !t.clean).length} with conflicts) to ${o.out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n` +
        `planted: ${Object.entries(byKind).map(([k, n]) => `${k}=${n}`).join(' ')}${byFamily}\n`,
    );
  });

await program.parseAsync(process.argv);
