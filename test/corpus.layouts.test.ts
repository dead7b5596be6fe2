// One report's truth rendered in many appendix layouts — header wordings × column-width sets — through
// the own .docx writer and LibreOffice (.pdf, .doc): every rendering must give the same indicators,
// those the truth says are printed. The readers were written to the generator's seed layout; real
// reports of other provinces word and wrap their table headers otherwise (issue 14).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedDocx } from '../scripts/lib/seed-docx.js';
import { generateReport } from '../scripts/corpus/generate.js';
import { chooseSpec, LAYOUT_FAMILIES, renderLayout, SEED_SPEC, WORDINGS, type LayoutSpec } from '../scripts/corpus/layouts.js';
import { createRng } from '../scripts/corpus/prng.js';
import type { SeedBlock } from '../scripts/lib/seed-source.js';
import type { TruthIndicator } from '../scripts/corpus/truth.js';
import { sofficeBatch } from '../scripts/corpus/write.js';
import { sofficeAvailable } from '../scripts/lib/soffice.js';
import { extractFile } from '../src/pipeline.js';
import type { ReportRecord } from '../schemas/record.js';

const haveSoffice = sofficeAvailable();

const WORDING_IDS = WORDINGS.map((w) => w.id);
const WIDTHS = ['seed', 'narrow', 'wide'] as const;
const FORMATS = ['docx', 'pdf', 'doc'] as const;

interface Variant {
  family: string;
  spec: LayoutSpec;
}

const VARIANTS: Variant[] = WORDING_IDS.flatMap((wording) =>
  WIDTHS.map((widths) => ({ family: `${wording}/${widths}`, spec: { ...SEED_SPEC, wording, widths } })),
);

// A clean report (no planted conflict): the layout is the only thing that varies.
const report = generateReport('layouts-test', 3);
const renderings = VARIANTS.map((v) => ({ ...v, rendering: renderLayout(report, v.spec, v.family) }));
const fileName = (family: string) => family.replace(/[^a-z0-9]+/gi, '_');

const key = (i: { form: number; code: string }) => `form${i.form}:${i.code.replace(/\.$/, '')}`;

/** Differences between the extracted indicators and the truth's, as short lines ("form3:3.3 expected number 99,6 got blank"). */
function misses(record: ReportRecord | null, truth: TruthIndicator[]): string[] {
  const got = new Map((record?.indicators ?? []).map((i) => [key(i), i]));
  const out: string[] = [];
  for (const want of truth) {
    const g = got.get(key(want));
    if (!g) {
      out.push(`${key(want)} missing`);
      continue;
    }
    got.delete(key(want));
    const same =
      g.valueKind === want.valueKind &&
      (want.valueKind === 'number'
        ? g.value === want.value
        : want.valueKind === 'ratio'
          ? g.ratio?.numerator === want.ratio?.numerator && g.ratio?.denominator === want.ratio?.denominator
          : true);
    if (!same) out.push(`${key(want)} expected ${want.valueKind} "${want.raw}" got ${g.valueKind} "${g.raw}"`);
  }
  for (const k of got.keys()) out.push(`${k} extracted but not printed`);
  return out;
}

const cellText = (c: { runs: { text: string }[] }) => c.runs.map((r) => r.text).join('').trim();

describe('the layout fuzzer', () => {
  it('is deterministic by seed and prints exactly the truth in every family', () => {
    for (const [n, family] of LAYOUT_FAMILIES.entries()) {
      const r = generateReport('layouts-unit', n);
      const spec = chooseSpec(family, createRng(`layouts-unit#${n}/layout`));
      expect(chooseSpec(family, createRng(`layouts-unit#${n}/layout`))).toEqual(spec);
      const { blocks, truth } = renderLayout(r, spec, family);
      expect(truth.family).toBe(family);
      // Every data row of the form tables: code, label, unit, value; the value cell is the truth's raw.
      const tables = blocks.filter((b): b is Extract<SeedBlock, { kind: 'table' }> => b.kind === 'table' && b.columns >= 4);
      const printed = tables.flatMap((t) => t.rows.filter((row) => !row.header).map((row) => cellText(row.cells[3]!)));
      expect(printed, `${family} ${JSON.stringify(spec)}`).toEqual(truth.indicators.map((i) => i.raw));
      if (spec.zeros === 'all') expect(printed.some((p) => /^0\d$/.test(p))).toBe(true);
      if (spec.percent === 'suffix') expect(printed.some((p) => p.endsWith('%'))).toBe(true);
    }
  });
});

describe.skipIf(!haveSoffice && !process.env.SOHOA_REQUIRE_SERVICES)('one report in many appendix layouts', () => {
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sohoa-layouts-'));
    const docx: string[] = [];
    for (const r of renderings) {
      const path = join(dir, `${fileName(r.family)}.docx`);
      writeFileSync(path, await buildSeedDocx(r.rendering.blocks, r.rendering.docx));
      docx.push(path);
    }
    // One soffice call per target format for all renderings (starting soffice costs seconds).
    for (const target of ['pdf', 'doc'] as const) {
      const out = join(dir, target);
      mkdirSync(out);
      sofficeBatch(docx, target, out);
    }
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the truth is the same in every layout (only the layout varies)', () => {
    const first = JSON.stringify(renderings[0]!.rendering.truth.indicators);
    for (const r of renderings) expect(JSON.stringify(r.rendering.truth.indicators), r.family).toBe(first);
    expect(renderings.length).toBeGreaterThanOrEqual(8 * 3);
  });

  describe.each(FORMATS)('%s', (format) => {
    it.each(renderings.map((r) => [r.family, r] as const))('%s gives the printed indicators', async (_family, r) => {
      const path = format === 'docx' ? join(dir, `${fileName(r.family)}.docx`) : join(dir, format, `${fileName(r.family)}.${format}`);
      const { value: record } = await extractFile(path);
      const found = misses(record, r.rendering.truth.indicators);
      expect(found.slice(0, 6), `${found.length} of ${r.rendering.truth.indicators.length} indicators differ`).toEqual([]);
    });
  });
});
