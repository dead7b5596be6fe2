// Scores sohoa against the hand-written truth of the real-narrative collection
// (fixtures/narratives/: NN-*.txt with the source address on line 1, NN-*.truth.json beside it).
// For every stated number: was it read (an open fact of that value and unit), and with the right
// scope (level, time, state, timeliness)? For every inconsistency written down: did a warning or
// error name its numbers? Every other warning or error is counted as false.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Conflict, Mention, ReportRecord } from '../../schemas/record.js';
import { extractDocument } from '../../src/pipeline.js';
import { parseTextReport } from '../../src/readers/text.js';

const TruthNumberSchema = z.object({
  v: z.number(),
  u: z.string().nullable(),
  m: z.string(),
  level: z.enum(['all', 'tinh', 'huyen', 'xa', 'huyen+xa', 'bo', 'unit']),
  time: z.enum(['carried_over', 'cumulative', 'ytd', 'compare']).optional(),
  state: z.enum(['done', 'in_progress']).optional(),
  tl: z.enum(['early', 'on_time', 'early_or_on_time', 'late', 'not_due', 'due']).optional(),
  approx: z.boolean().optional(),
});
export type TruthNumber = z.infer<typeof TruthNumberSchema>;

export const NarrativeTruthSchema = z.object({
  period: z.object({ kind: z.string(), number: z.number().nullable(), year: z.number().nullable() }).optional(),
  unit: z.object({ kind: z.string(), name: z.string() }).optional(),
  numbers: z.array(TruthNumberSchema),
  inconsistencies: z.array(z.object({ kind: z.string(), values: z.array(z.number()), note: z.string() })),
});
export type NarrativeTruth = z.infer<typeof NarrativeTruthSchema>;

export interface NumberResult {
  truth: TruthNumber;
  read: boolean;
  scopeRight: boolean;
  /** What was read for it, when the scope differs: "level=tinh time=- state=done tl=-". */
  got?: string;
}

export interface NarrativeFileResult {
  file: string;
  source: string;
  numbers: NumberResult[];
  inconsistencies: Array<{ note: string; found: boolean; by?: string }>;
  falseWarnings: Array<{ rule: string; message: string }>;
  period: { expected: string; got: string; right: boolean } | null;
  unit: { expected: string; got: string; right: boolean } | null;
}

export interface NarrativeSummary {
  files: number;
  numbers: number;
  read: number;
  scopeRight: number;
  inconsistencies: number;
  found: number;
  falseWarnings: number;
  periods: number;
  periodsRight: number;
}

/** The excerpt of a collection file (its first line, the source address, left out) and that address. */
export function readNarrative(path: string): { source: string; text: string } {
  const raw = readFileSync(path, 'utf8');
  const nl = raw.indexOf('\n');
  return { source: raw.slice(0, nl).trim(), text: raw.slice(nl + 1) };
}

/** Extracts an excerpt through the real text reader and pipeline. */
export function extractNarrative(text: string, file: string): ReportRecord {
  const { blocks } = parseTextReport(text, file);
  return extractDocument({
    source: { file, sha256: '0'.repeat(64), format: 'txt', size: text.length, pages: null },
    blocks,
    fonts: [],
    pageInfo: [],
  }).value;
}

const show = (x: string | null | undefined) => x ?? '-';
const describe = (m: Mention) =>
  `level=${m.scope.level} time=${show(m.scope.time)} state=${show(m.scope.state)} tl=${show(m.scope.timeliness)}`;

function sameScope(t: TruthNumber, m: Mention): boolean {
  return (
    t.level === m.scope.level &&
    (t.time ?? null) === m.scope.time &&
    (t.state ?? null) === m.scope.state &&
    (t.tl ?? null) === m.scope.timeliness
  );
}

/** Scores one record against its truth. Pure. */
export function scoreNarrative(file: string, source: string, record: ReportRecord, truth: NarrativeTruth): NarrativeFileResult {
  const pool = [...(record.mentions ?? [])];
  const numbers: NumberResult[] = [];
  // Numbers of one value and unit are matched in text order, best scope first.
  for (const t of truth.numbers) {
    const candidates = pool.filter((m) => Math.abs(m.value - t.v) < 1e-9 && m.unit === t.u);
    const pick = candidates.find((m) => sameScope(t, m)) ?? candidates[0];
    if (!pick) {
      numbers.push({ truth: t, read: false, scopeRight: false });
      continue;
    }
    pool.splice(pool.indexOf(pick), 1);
    const right = sameScope(t, pick);
    numbers.push({ truth: t, read: true, scopeRight: right, ...(right ? {} : { got: describe(pick) }) });
  }

  const raised = record.conflicts.filter((c) => c.severity === 'error' || c.severity === 'warning');
  const used = new Set<Conflict>();
  const names = (c: Conflict, values: number[]) => values.every((v) => c.values.some((x) => typeof x === 'number' && Math.abs(x - v) < 1e-6));
  const inconsistencies = truth.inconsistencies.map((inc) => {
    const by = raised.find((c) => names(c, inc.values));
    if (by) used.add(by);
    return { note: inc.note, found: !!by, ...(by ? { by: by.rule } : {}) };
  });
  // A second conflict naming the same written-down inconsistency is not false either.
  for (const c of raised) if (!used.has(c) && truth.inconsistencies.some((inc) => names(c, inc.values.slice(0, 2)))) used.add(c);
  const falseWarnings = raised.filter((c) => !used.has(c)).map((c) => ({ rule: c.rule, message: c.message }));

  let period: NarrativeFileResult['period'] = null;
  if (truth.period) {
    const p = record.report?.period;
    const expected = `${truth.period.kind} ${show(truth.period.number?.toString())} ${show(truth.period.year?.toString())}`;
    const got = p ? `${p.kind} ${show(p.number?.toString())} ${show(p.year?.toString())}` : '(none)';
    period = { expected, got, right: expected === got };
  }
  let unit: NarrativeFileResult['unit'] = null;
  if (truth.unit) {
    const expected = `${truth.unit.kind} ${truth.unit.name}`;
    const got = `${show(record.report?.unitKind)} ${show(record.report?.unitName)}`;
    // Casing after an apostrophe is a convention ("K’Nớ" / "K’nớ"), not a misreading.
    unit = { expected, got, right: expected.toLocaleLowerCase('vi') === got.toLocaleLowerCase('vi') };
  }
  return { file, source, numbers, inconsistencies, falseWarnings, period, unit };
}

/** Runs the whole collection of a folder. */
export function runNarratives(dir: string): NarrativeFileResult[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const { source, text } = readNarrative(join(dir, f));
      const truth = NarrativeTruthSchema.parse(JSON.parse(readFileSync(join(dir, f.replace(/\.txt$/, '.truth.json')), 'utf8')));
      return scoreNarrative(f, source, extractNarrative(text, f), truth);
    });
}

export function summariseNarratives(results: NarrativeFileResult[]): NarrativeSummary {
  const all = results.flatMap((r) => r.numbers);
  const inc = results.flatMap((r) => r.inconsistencies);
  const periods = results.flatMap((r) => (r.period ? [r.period] : []));
  return {
    files: results.length,
    numbers: all.length,
    read: all.filter((n) => n.read).length,
    scopeRight: all.filter((n) => n.scopeRight).length,
    inconsistencies: inc.length,
    found: inc.filter((i) => i.found).length,
    falseWarnings: results.reduce((s, r) => s + r.falseWarnings.length, 0),
    periods: periods.length,
    periodsRight: periods.filter((p) => p.right).length,
  };
}
