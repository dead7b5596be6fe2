import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConflictSchema, type Indicator, type ReportRecord } from '../schemas/record.js';
import { parseVietnameseNumber } from '../src/normalise/number.js';
import { runReportRules } from '../src/rules/engine.js';
import { RULES } from '../src/rules/registry.js';
import { rulesMarkdown } from '../src/rules/docs.js';
import { seedCitations, seedRecord, SEED_TEXTS } from './rules.builder.js';

const has = (rec: ReportRecord, rule: string, refs: string[]) =>
  runReportRules(rec, { texts: SEED_TEXTS }).some((c) => c.rule === rule && refs.every((r) => c.refs.includes(r)));

/** The seed with its inconsistencies corrected the way a reviewer would. */
function consistentSeed(): ReportRecord {
  const fixes: Record<string, string> = {
    'form1:1': '8',
    'form1:2': '76,92',
    'form3:1.4': '176',
    'form7:6.5': '100',
    'form7:6.5.2': '04',
    'form7:6.7': '99,6',
    'form7:6.7.2': '258',
    'form6:1': '0',
  };
  const rec = seedRecord();
  rec.indicators = rec.indicators.map((i): Indicator => {
    const raw = fixes[`form${i.form}:${i.code}`];
    if (raw === undefined) return i;
    const n = parseVietnameseNumber(raw);
    const { ratio: _drop, ...rest } = i;
    return { ...rest, raw, value: n.value, valueKind: n.kind, decimals: n.decimals };
  });
  rec.citations = seedCitations().filter((c) => c.date !== '2022-02-20');
  return rec;
}

describe('the seed report (Tiên Động, Quý III/2023)', () => {
  const rec = seedRecord();
  const conflicts = runReportRules(rec, { texts: SEED_TEXTS });

  it('yields only valid conflicts with unique fingerprints', () => {
    for (const c of conflicts) expect(ConflictSchema.parse(c)).toEqual(c);
    expect(new Set(conflicts.map((c) => c.fingerprint)).size).toBe(conflicts.length);
  });

  it('finds the inconsistencies the report really has', () => {
    expect(has(rec, 'rate_mismatch', ['form1:2', 'form1:2.1', 'form1:2.2'])).toBe(true);
    expect(has(rec, 'subitem_exceeds_total', ['form3:1.4', 'form3:1.4.3'])).toBe(true);
    expect(has(rec, 'provided_exceeds_eligible', ['form7:6.5.1', 'form7:6.5.2'])).toBe(true);
    expect(has(rec, 'percent_out_of_range', ['form7:6.7'])).toBe(true);
    expect(has(rec, 'citation_date_conflict', ['citation:05/KH-UBND'])).toBe(true);
    expect(has(rec, 'fact_vs_table', ['form7:6.7.2', 'fact:hoso.truc_tuyen'])).toBe(true);
    expect(has(rec, 'unit_name_spelling', ['report:unitName'])).toBe(true);
    expect(has(rec, 'fact_denied_in_text', ['fact:tai_chinh.tiet_kiem'])).toBe(true);
    expect(has(rec, 'value_kind_mismatch', ['form1:1'])).toBe(true);
  });

  it('does not flag what is consistent (99,6 = 258/259, narrative totals that match the table)', () => {
    const refs = conflicts.flatMap((c) => c.refs);
    expect(refs).not.toContain('form3:3.3');
    expect(refs).not.toContain('form3:3.3.1');
    expect(refs).not.toContain('form3:3.1');
    expect(refs).not.toContain('form4:2.1');
    expect(refs).not.toContain('form4:3.2');
  });

  it('gives the same conflicts on a re-run and whatever the row order', () => {
    const again = runReportRules({ ...rec, indicators: [...rec.indicators].reverse() }, { texts: SEED_TEXTS });
    expect(again.map((c) => c.fingerprint)).toEqual(conflicts.map((c) => c.fingerprint));
  });

  it('gives no error once the reviewer has fixed the numbers', () => {
    const errors = runReportRules(consistentSeed(), { texts: SEED_TEXTS }).filter((c) => c.severity === 'error');
    expect(errors).toEqual([]);
  });
});

describe('rule registry', () => {
  it('has unique ids, a Vietnamese template and an English description for every rule', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.template.length).toBeGreaterThan(10);
      expect(r.description.length).toBeGreaterThan(20);
    }
  });

  it('is what docs/rules.md documents', () => {
    const doc = readFileSync(fileURLToPath(new URL('../docs/rules.md', import.meta.url)), 'utf8');
    expect(doc).toBe(rulesMarkdown());
    for (const r of RULES) expect(doc).toContain(`\`${r.id}\``);
  });
});
