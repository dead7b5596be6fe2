// The real-narrative collection (fixtures/narratives/): public Vietnamese report texts and portal
// notices with a hand-written truth beside each. sohoa must read their stated numbers with the
// right scope, find every inconsistency written down and raise no warning a careful reader would
// call false; and the scorer itself must score.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NarrativeTruthSchema,
  extractNarrative,
  readNarrative,
  runNarratives,
  scoreNarrative,
  summariseNarratives,
} from '../scripts/eval/narratives.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'narratives');

describe('the real-narrative collection', () => {
  it('holds at least 15 excerpts, each with its source address and a truth file', () => {
    const texts = readdirSync(DIR).filter((f) => f.endsWith('.txt'));
    expect(texts.length).toBeGreaterThanOrEqual(15);
    const hosts = new Set<string>();
    for (const f of texts) {
      const { source, text } = readNarrative(join(DIR, f));
      expect(source).toMatch(/^https?:\/\/\S+$/);
      hosts.add(new URL(source).hostname);
      expect(text.trim().length).toBeGreaterThan(100);
      NarrativeTruthSchema.parse(JSON.parse(readFileSync(join(DIR, f.replace(/\.txt$/, '.truth.json')), 'utf8')));
    }
    // Different sources, not one portal's pages.
    expect(hosts.size).toBeGreaterThanOrEqual(10);
  });

  it('reads ≥ 95 % of the stated numbers with the right scope, finds every inconsistency, raises no false warning', () => {
    const results = runNarratives(DIR);
    const s = summariseNarratives(results);
    expect(s.numbers).toBeGreaterThan(150);
    expect(s.read / s.numbers).toBeGreaterThanOrEqual(0.95);
    expect(s.scopeRight / s.numbers).toBeGreaterThanOrEqual(0.95);
    expect(results.flatMap((r) => r.inconsistencies.filter((i) => !i.found).map((i) => `${r.file}: ${i.note}`))).toEqual([]);
    expect(results.flatMap((r) => r.falseWarnings.map((w) => `${r.file}: ${w.rule}: ${w.message}`))).toEqual([]);
  }, 60_000);
});

describe('the scorer', () => {
  const truth = NarrativeTruthSchema.parse({
    numbers: [
      { v: 6776, u: 'hồ sơ', m: 'tiếp nhận', level: 'huyen' },
      { v: 2521, u: 'hồ sơ', m: 'trực tuyến', level: 'huyen' },
      { v: 37.76, u: '%', m: 'tỷ lệ', level: 'huyen' },
    ],
    inconsistencies: [{ kind: 'rate', values: [2521, 6776, 37.76], note: '2.521 / 6.776 = 37,20%' }],
  });
  const text = 'Cấp huyện tiếp nhận 6.776 hồ sơ, với 2.521 hồ sơ trực tuyến (đạt tỷ lệ 37,76%).\n';

  it('counts numbers read, scopes and the inconsistency found', () => {
    const r = scoreNarrative('t.txt', 'https://example.org', extractNarrative(text, 't.txt'), truth);
    expect(r.numbers.map((n) => [n.read, n.scopeRight])).toEqual([
      [true, true],
      [true, true],
      [true, true],
    ]);
    expect(r.inconsistencies[0]!.found).toBe(true);
    expect(r.falseWarnings).toEqual([]);
  });

  it('counts a number not read, a scope read wrong, an inconsistency missed and a false warning', () => {
    const record = extractNarrative(text, 't.txt');
    const wrongLevel = { ...record, mentions: record.mentions!.filter((m) => m.value !== 2521).map((m) => ({ ...m, scope: { ...m.scope, level: 'xa' as const } })) };
    const noRate = { ...wrongLevel, conflicts: [] };
    const r = scoreNarrative('t.txt', 'https://example.org', noRate, truth);
    expect(r.numbers.map((n) => [n.read, n.scopeRight])).toEqual([
      [true, false],
      [false, false],
      [true, false],
    ]);
    expect(r.inconsistencies[0]!.found).toBe(false);
    const clean = NarrativeTruthSchema.parse({ ...truth, inconsistencies: [] });
    expect(scoreNarrative('t.txt', 'https://example.org', record, clean).falseWarnings.map((w) => w.rule)).toEqual(['fact_rate_mismatch']);
  });
});
