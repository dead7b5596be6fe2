// The measuring instruments themselves: the corpus generator's ground truth must be internally
// consistent and deterministic, the scorer must score, and the committed corpus must meet the bar.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../scripts/corpus/generate.js';
import { NOT_ABOVE, RATE_PARTS, SUM_PARTS } from '../scripts/corpus/forms.js';
import { misspell } from '../scripts/corpus/conflicts.js';
import { planCorpus } from '../scripts/corpus/plan.js';
import { createRng } from '../scripts/corpus/prng.js';
import { PLANTED_KINDS, TruthSchema, WRITTEN_KINDS, type PlantedKind, type Truth } from '../scripts/corpus/truth.js';
import { vnNumber } from '../scripts/corpus/vn.js';
import { citationKey, nameKey, scoreFacts, scoreIndicators, scoreMetadata, unflaggedWrong } from '../scripts/eval/compare.js';
import { summarise } from '../scripts/eval/report.js';
import { runEval } from '../scripts/eval/run.js';
import { THRESHOLDS } from '../scripts/eval/thresholds.js';
import { extractDocument } from '../src/pipeline.js';
import { parseTextReport } from '../src/readers/text.js';
import type { ReportRecord } from '../schemas/record.js';

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'corpus');

function truthOf(seed: string, index: number, kinds: PlantedKind[] = []): Truth {
  const r = generateReport(seed, index, kinds);
  return TruthSchema.parse({ ...r.truth, files: { txt: `${r.name}.txt` } });
}

const value = (t: Truth, ref: string) => {
  const [, form, code] = /^form(\d+):(.+)$/.exec(ref)!;
  return t.indicators.find((i) => i.form === Number(form) && i.code === code)?.value ?? null;
};

/** Extracts a generated report's text in memory, through the real text reader and pipeline. */
function extractText(text: string, file = 'gen.txt'): ReportRecord {
  const { blocks } = parseTextReport(text, file);
  return extractDocument({
    source: { file, sha256: '0'.repeat(64), format: 'txt', size: text.length, pages: null },
    blocks,
    fonts: [],
    pageInfo: [],
  }).value;
}

describe('corpus generator', () => {
  it('prints Vietnamese numbers the Vietnamese way', () => {
    expect(vnNumber(4_852_000_000)).toBe('4.852.000.000');
    expect(vnNumber(99.6, 1)).toBe('99,6');
    expect(vnNumber(100, 2)).toBe('100');
    expect(vnNumber(55.56, 2)).toBe('55,56');
    expect(vnNumber(12.5, 2)).toBe('12,5');
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateReport('s', 3).text).toBe(generateReport('s', 3).text);
    expect(generateReport('s', 3).text).not.toBe(generateReport('t', 3).text);
    expect(createRng('x').fork('a').next()).toBe(createRng('x').fork('a').next());
  });

  it('keeps clean reports internally consistent: rates from parts, totals = sums, provided ≤ eligible', () => {
    for (let i = 0; i < 40; i++) {
      const t = truthOf('consistency', i);
      expect(t.clean).toBe(true);
      for (const [rate, [part, whole]] of Object.entries(RATE_PARTS)) {
        const r = value(t, rate);
        const p = value(t, part);
        const w = value(t, whole);
        if (r === null || p === null || w === null || w === 0) continue;
        expect(Math.abs(r - (p / w) * 100), `${t.name} ${rate}`).toBeLessThanOrEqual(0.051);
      }
      for (const [total, parts] of Object.entries(SUM_PARTS)) {
        const tv = value(t, total);
        const pv = parts.map((p) => value(t, p)).filter((v): v is number => v !== null);
        if (tv === null || pv.length === 0) continue;
        expect(pv.reduce((a, b) => a + b, 0), `${t.name} ${total}`).toBe(tv);
      }
      for (const [a, b] of NOT_ABOVE) {
        const av = value(t, a);
        const bv = value(t, b);
        if (av !== null && bv !== null) expect(av, `${t.name} ${a} ≤ ${b}`).toBeLessThanOrEqual(bv);
      }
      const f = new Map(t.facts.map((x) => [x.key, x.value]));
      expect(f.get('hoso.truoc_han')! + f.get('hoso.dung_han')! + f.get('hoso.qua_han')!).toBe(f.get('hoso.giai_quyet'));
      expect(f.get('nhan_su.can_bo')! + f.get('nhan_su.cong_chuc')!).toBe(f.get('nhan_su.tong'));
      expect(f.get('tthc.cong_khai.xa')! + f.get('tthc.cong_khai.nganh_doc')!).toBe(f.get('tthc.cong_khai.tong'));
      expect(value(t, 'form7:6.7.1')).toBe(f.get('hoso.tiep_nhan'));
      expect(value(t, 'form4:2.1')).toBe(f.get('bien_che.giao'));
      expect(t.report.date >= `${t.report.period.year}-01-01`).toBe(true);
    }
  });

  it('plants every kind of conflict and records where it is', () => {
    const written = new Set<string>(WRITTEN_KINDS);
    for (const kind of PLANTED_KINDS) {
      const t = truthOf('plant', 5, [kind]);
      expect(t.clean, kind).toBe(false);
      expect(t.conflicts.map((c) => c.kind).filter((k) => !written.has(k))).toEqual([kind]);
      const clean = truthOf('plant', 5);
      // Something printed changed: a cell, a citation, a date or the text around the unit name.
      const changed =
        JSON.stringify(t.indicators) !== JSON.stringify(clean.indicators) ||
        t.citations.length !== clean.citations.length ||
        t.report.date !== clean.report.date ||
        generateReport('plant', 5, [kind]).text !== generateReport('plant', 5).text;
      expect(changed, kind).toBe(true);
    }
  });

  it('lists a count row printed as "đạt/tổng" (as the seed does) without calling the report unclean', () => {
    const truths = Array.from({ length: 12 }, (_, i) => truthOf('ratio', i));
    const withRatio = truths.filter((t) => t.indicators.some((i) => i.valueKind === 'ratio'));
    expect(withRatio.length).toBeGreaterThan(0);
    for (const t of truths) {
      expect(t.clean).toBe(true);
      const ratios = t.indicators.filter((i) => i.valueKind === 'ratio').map((i) => `form${i.form}:${i.code}`);
      expect(t.conflicts.filter((c) => c.kind === 'count_written_as_ratio').flatMap((c) => c.refs)).toEqual(ratios);
    }
  });

  it('writes seed-length narratives with --long, with the same truth, read back as exactly', () => {
    const kinds: PlantedKind[] = ['narrative_table_mismatch', 'table_blank_narrative_value'];
    const short = generateReport('long-test', 3, kinds);
    const long = generateReport('long-test', 3, kinds, { long: true });
    expect(long.truth).toEqual(short.truth);
    const narrativeWords = (text: string) => text.slice(0, text.indexOf('PHỤ LỤC')).split(/\s+/).filter(Boolean).length;
    expect(narrativeWords(short.text)).toBeLessThan(2500);
    expect(narrativeWords(long.text)).toBeGreaterThanOrEqual(4800);
    // The added prose states nothing: every line the long text adds is free of digits.
    const shortLines = new Set(short.text.split('\n'));
    const added = long.text.split('\n').filter((l) => !shortLines.has(l) && l.trim() !== '');
    expect(added.length).toBeGreaterThan(10);
    for (const line of added) expect(line).not.toMatch(/[0-9]/);
    // And the extractor reads the long report as it reads the short one.
    const t = TruthSchema.parse({ ...long.truth, files: { txt: `${long.name}.txt` } });
    const r = extractText(long.text);
    expect(scoreFacts(r, t).misses).toEqual([]);
    expect(scoreFacts(r, t).fp).toBe(0);
    expect(scoreIndicators(r, t).fn).toBe(0);
  });

  it('misspells a unit name by one mark, as clerks do', () => {
    const wrong = misspell('Tiên Động', createRng('m'));
    expect(wrong).not.toBe('Tiên Động');
    expect(wrong.length).toBeGreaterThanOrEqual('Tiên Động'.length - 1);
  });

  it('spreads conflicts over a share of the corpus and every kind', () => {
    const plan = planCorpus({ count: 24, seed: 'p', conflictShare: 0.3, formats: ['txt', 'docx', 'pdf', 'doc'], mix: true });
    expect(plan.filter((p) => p.kinds.length > 0)).toHaveLength(7);
    expect(new Set(plan.flatMap((p) => p.kinds))).toEqual(new Set(PLANTED_KINDS));
    expect(plan.every((p) => p.formats.length === 1)).toBe(true);
  });
});

describe('eval scoring', () => {
  const t = truthOf('score', 1);
  const record = extractText(generateReport('score', 1).text);

  it('reads every appendix value of a generated report back exactly from its text', () => {
    const s = scoreIndicators(record, t);
    expect(s.misses).toEqual([]);
    expect(s.fn).toBe(0);
  });

  it('counts a wrong value, a blank read as 0 and a missing row', () => {
    const broken = structuredClone(record);
    const i = broken.indicators.findIndex((x) => x.valueKind === 'number');
    broken.indicators[i]!.value = broken.indicators[i]!.value! + 1;
    const b = broken.indicators.findIndex((x) => x.valueKind === 'blank');
    broken.indicators[b] = { ...broken.indicators[b]!, valueKind: 'number', value: 0, raw: '0' };
    broken.indicators.pop();
    const s = scoreIndicators(broken, t);
    expect(s.fp).toBe(2);
    expect(s.fn).toBe(3);
  });

  it('counts wrong values no flag or conflict points to, and those that are a neighbouring row\'s', () => {
    expect(unflaggedWrong(record, t)).toEqual({ wrong: [], otherRow: [] });
    const broken = structuredClone(record);
    // Rows take values: the next row's, one more than printed, an unlocated one (reviewed as
    // such) and a blank where a number was printed.
    const rows = broken.indicators.map((x, i) => ({ x, i })).filter(({ x }) => x.valueKind === 'number');
    const [a, b, c] = rows.filter(({ i }) => {
      const next = t.indicators[i + 1];
      return next && next.form === broken.indicators[i]!.form && next.valueKind === 'number' && next.value !== broken.indicators[i]!.value;
    });
    const nextValue = t.indicators[a!.i + 1]!.value!;
    broken.indicators[a!.i] = { ...a!.x, value: nextValue, raw: String(nextValue) };
    broken.indicators[b!.i] = { ...b!.x, value: b!.x.value! + 1000, raw: String(b!.x.value! + 1000) };
    broken.indicators[c!.i] = { ...c!.x, value: null, valueKind: 'unlocated', raw: '' };
    // A blank stated where a number was printed: its "not_reported" note sends no one to it.
    const blankAt = rows.find(({ i }) => ![a!.i, b!.i, c!.i].includes(i))!;
    broken.indicators[blankAt.i] = { ...blankAt.x, value: null, valueKind: 'blank', raw: '', flags: ['not_reported'] };
    const u = unflaggedWrong(broken, t);
    expect(u.wrong).toHaveLength(3);
    expect(u.otherRow).toHaveLength(1);
    expect(u.otherRow[0]).toContain(`form${a!.x.form}:${a!.x.code}`);
    // A conflict naming the row points a reviewer to it.
    broken.conflicts = [{ ...(broken.conflicts[0] ?? { id: 'x', rule: 'low_confidence', severity: 'warning', message: 'm', evidence: [] }), refs: [`form${b!.x.form}:${b!.x.code}`] } as (typeof broken.conflicts)[number]];
    expect(unflaggedWrong(broken, t).wrong).toHaveLength(2);
  });

  it('scores metadata diacritic-sensitively but ignores case and kind words', () => {
    expect(nameKey('XÃ TIÊN ĐỘNG')).toBe(nameKey('Tiên Động'));
    expect(nameKey('Tiền Động')).not.toBe(nameKey('Tiên Động'));
    const wrong = structuredClone(record);
    if (wrong.report) wrong.report.unitName = misspell(t.report.unitName, createRng('w'));
    expect(scoreMetadata(wrong, t).fp).toBeGreaterThan(scoreMetadata(record, t).fp);
  });

  it('normalises document numbers as printed', () => {
    expect(citationKey('04/ KH-UBND')).toBe(citationKey('4/KH-UBND'));
    expect(citationKey('12-KH-UBND')).toBe('12/KH-UBND');
    expect(citationKey('61/2018/NĐ-CP')).toBe('61/2018/ND-CP');
  });

  it('a record with no facts scores zero recall on facts, honestly', () => {
    const s = scoreFacts({ ...record, facts: [] }, t);
    expect(s.tp).toBe(0);
    expect(s.fn).toBe(new Set(t.facts.map((f) => `${f.key}=${f.value}`)).size);
  });
});

describe.runIf(existsSync(CORPUS))('committed corpus (fixtures/corpus)', () => {
  it('meets the thresholds of scripts/eval/thresholds.ts on every format', { timeout: 600_000 }, async () => {
    const run = await runEval(CORPUS);
    expect(run.files.length).toBeGreaterThanOrEqual(24);
    expect(new Set(run.files.map((f) => f.format))).toEqual(new Set(['txt', 'docx', 'doc', 'pdf']));
    const summary = summarise(run, THRESHOLDS);
    expect(summary.unmapped).toEqual([]);
    expect(summary.failures).toEqual([]);
  });
});
