// Reports typed in pre-Unicode fonts (TCVN3/ABC, VNI) must extract to the same text and values as
// the Unicode original: the legacy fixtures are the seed written in .VnTime / VNI-Times.
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/pipeline.js';

const SEED = 'fixtures/tien-dong-2023-q3';

async function essentials(path: string) {
  const { value: r } = await extractFile(path);
  return {
    report: { ...r.report, provenance: undefined },
    indicators: r.indicators.map(({ form, code, key, label, unit, raw, value, valueKind }) => ({ form, code, key, label, unit, raw, value, valueKind })),
    facts: r.facts.map(({ key, value, raw }) => ({ key, value, raw })),
    citations: r.citations.map(({ number, date, subject }) => ({ number, date, subject })),
    conflicts: r.conflicts.map((c) => c.fingerprint).sort(),
    narrative: r.narrative.map((t) => t.text),
  };
}

describe('legacy Vietnamese fonts', () => {
  it.each([
    ['tcvn3.docx', 'docx', 'TCVN3'],
    ['vni.docx', 'docx', 'VNI'],
    ['tcvn3.doc', 'doc', 'TCVN3'],
  ])('%s extracts exactly like the Unicode .%s', async (legacy, unicode, encoding) => {
    const [expected, actual] = await Promise.all([essentials(`${SEED}.${unicode}`), essentials(`${SEED}.${legacy}`)]);
    expect(actual.narrative).toEqual(expected.narrative);
    expect(actual.indicators).toEqual(expected.indicators);
    expect(actual.facts).toEqual(expected.facts);
    expect(actual.citations).toEqual(expected.citations);
    expect(actual.report).toEqual(expected.report);
    expect(actual.conflicts).toEqual(expected.conflicts);
    const { messages } = await extractFile(`${SEED}.${legacy}`);
    expect(messages.some((m) => m.code === 'legacy_font_converted' && m.message.includes(encoding))).toBe(true);
  });
});
