// Versions bench: the same number of generated reports imported twice with `sohoa import` (embedded
// mode, a fresh PGlite store each), once as that many distinct unit-periods (1 version each) and
// once as unit-periods re-submitted N times (N versions each: other figures, later dates, as
// archives hold them). Reports the import rate, the store stage's time per report — as the import
// logs it (it includes waiting for the store while other jobs' stores run) and alone (the same
// records stored one after another into a fresh store) — and what the review queue ends up with.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFile } from '../../src/pipeline.js';
import { CROSS_FIGURE_KEYS, CROSS_RULES } from '../../src/rules/index.js';
import { countConflicts, countVersionItems, openStore, storeReport } from '../../src/store/index.js';
import { diffVersions } from '../../src/versions/fields.js';
import { ReportRecordSchema, type ReportRecord } from '../../schemas/record.js';
import { indexedRecord, readIndexedOthers } from '../../src/store/cross-index.js';
import { buildForms } from '../corpus/forms.js';
import { generateReport } from '../corpus/generate.js';
import { buildNarrative } from '../corpus/narrative.js';
import { createRng } from '../corpus/prng.js';
import { renderText, type Draft } from '../corpus/render.js';
import { addDays } from '../corpus/vn.js';
import { generateWorld, type World } from '../corpus/world.js';
import { cliCommands, exited, sohoa } from './cli.js';

export interface VersionsRun {
  versionsPerUnitPeriod: number;
  unitPeriods: number;
  files: number;
  imported: number;
  failed: number;
  wallMs: number;
  /** Store stage of each stored report as the import logs it (ms; includes waiting for other jobs' stores). */
  importStoreMsMean: number;
  /** storeReport of each record alone, one after another, into a fresh embedded store (ms). */
  storeMsMean: number;
  storeMsP90: number;
  openConflicts: number;
  /** Of the open conflicts, those of the cross-report rules. */
  crossConflicts: number;
  /**
   * What the former duplicate_import rule would have raised on the same records: a warning per
   * differing field per pair of files of one unit-period (reconstructed from the same comparison).
   */
  formerDuplicateWarnings: number;
  reviewItems: number;
}

/**
 * Version `v` of generated report `index` (v = 0: the report as generated): the same unit, period,
 * number, signer and cited plans, dated `v` days later, with the figures of another generated world
 * of the same period — a re-submission whose figures differ but hold together as a report's do
 * (sums, rates and the narrative agree with the tables), so it raises no more in-report conflicts
 * than a first submission would.
 */
export function versionText(seed: string, index: number, v: number): { name: string; text: string } {
  const first = generateReport(seed, index);
  if (v === 0) return { name: first.name, text: first.text };
  const base = first.draft.world;
  const same = (w: World) => w.period.kind === base.period.kind && w.period.number === base.period.number && w.period.year === base.period.year;
  for (let t = 0; t < 5000; t++) {
    const rng = createRng(`${seed}#${index}#v${v}#${t}`);
    const other = generateWorld(rng.fork('world'));
    if (!same(other)) continue;
    const world: World = {
      ...other,
      place: base.place,
      period: base.period,
      reportDate: addDays(base.reportDate, v),
      reportNumber: base.reportNumber,
      signer: base.signer,
      instruction: base.instruction,
      plans: base.plans,
      annualPlan: base.annualPlan,
    };
    const draft: Draft = {
      world,
      forms: buildForms(world, rng.fork('forms')),
      narrative: buildNarrative(world, rng.fork('narrative')),
      layout: first.draft.layout,
      unitNameInAppendix: base.place.unit.name,
      unitNameInClosing: base.place.unit.name,
    };
    return { name: first.name, text: renderText(draft) };
  }
  throw new Error(`no generated world of the period of report ${index} in 5000 tries`);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

async function importFolder(dir: string, data: string, timeLimitMs: number): Promise<{ code: number | null; wallMs: number; summary: { imported?: number; failed?: number }; store: number[] }> {
  const env = { SOHOA_DATA: data, REDIS_URL: '', DATABASE_URL: '' };
  const child = sohoa(['import', dir, '--json', '--log-format', 'json'], env, 'pipe', 'pipe');
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const t0 = performance.now();
  const timer = setTimeout(() => child.kill('SIGTERM'), timeLimitMs);
  const code = await exited(child);
  clearTimeout(timer);
  const wallMs = performance.now() - t0;
  const store: number[] = [];
  for (const line of err.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const o = JSON.parse(line) as { msg?: string; stages?: { store?: number } };
      if (o.msg === 'job done' && typeof o.stages?.store === 'number') store.push(o.stages.store);
    } catch {
      // not a log record
    }
  }
  let summary = {};
  try {
    summary = JSON.parse(out) as { imported?: number; failed?: number };
  } catch {
    summary = {};
  }
  return { code, wallMs, summary, store };
}

/** Open conflicts (all, and the cross-report rules') and open review items of versions in a finished import's store. */
async function queueCounts(data: string): Promise<{ open: number; cross: number; items: number }> {
  const db = await openStore({ dataDir: data });
  try {
    let cross = 0;
    for (const r of CROSS_RULES) cross += await countConflicts(db, { status: 'open', rule: r.id });
    return { open: await countConflicts(db, { status: 'open' }), cross, items: await countVersionItems(db) };
  } finally {
    await db.close();
  }
}

/** Warnings per differing field per pair of files of one unit-period, as duplicate_import raised them. */
function formerDuplicateWarnings(records: ReportRecord[]): number {
  const groups = new Map<string, ReportRecord[]>();
  for (const r of records) {
    const m = r.report;
    const key = JSON.stringify([m?.unitKind, m?.unitName, m?.district, m?.period?.kind, m?.period?.number, m?.period?.year]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  let n = 0;
  for (const list of groups.values()) for (let j = 1; j < list.length; j++) for (let i = 0; i < j; i++) n += diffVersions([list[i]!, list[j]!]).length;
  return n;
}

/** The store alone: every file extracted first (untimed), then each record stored in turn, timed. */
async function storeAlone(dir: string): Promise<{ times: number[]; former: number }> {
  const records = [];
  for (const f of readdirSync(dir).sort()) {
    const r = await extractFile(join(dir, f));
    if (r.value) records.push(r.value);
  }
  const data = mkdtempSync(join(tmpdir(), 'sohoa-versions-alone-'));
  const db = await openStore({ dataDir: data });
  try {
    const times: number[] = [];
    for (const record of records) {
      const t0 = performance.now();
      await storeReport(db, record, { paths: [record.source.file], fromPipeline: true });
      times.push(performance.now() - t0);
    }
    return { times, former: formerDuplicateWarnings(records) };
  } finally {
    await db.close();
    rmSync(data, { recursive: true, force: true });
  }
}

export interface HistoryRun {
  reports: number;
  /** storeReport of reports whose unit has no other report in the store (ms, mean). */
  noHistoryMs: number;
  /** The same reports as new periods of a unit with 40 earlier reports stored (ms, mean). */
  fortyEarlierMs: number;
  /** Reading the 40 earlier reports for the cross-report rules from the index (ms, mean of 20). */
  indexReadMs: number;
  /** Reading and validating the same 40 whole records, as the store did before (ms, mean of 20). */
  wholeReadMs: number;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/**
 * What a unit's history costs a store: the same reports stored as units of their own, then as new
 * periods (2024-2025) of one unit with 40 earlier quarterly reports (2014-2023) already stored. The
 * cross-report rules read the unit's other reports from the indexed rows, so the two should cost
 * about the same.
 */
async function runHistory(seed: string, count = 8): Promise<HistoryRun> {
  const dir = mkdtempSync(join(tmpdir(), 'sohoa-history-'));
  const records: ReportRecord[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const r = generateReport(`${seed}-history`, i);
      const path = join(dir, `${r.name}.txt`);
      writeFileSync(path, r.text);
      const x = await extractFile(path);
      if (x.value?.report) records.push(x.value);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const reads = { index: 0, whole: 0 };
  const timed = async (list: ReportRecord[], before: ReportRecord[]): Promise<number> => {
    const data = mkdtempSync(join(tmpdir(), 'sohoa-history-db-'));
    const db = await openStore({ dataDir: data });
    try {
      for (const r of before) await storeReport(db, r, { fromPipeline: true });
      if (before.length) {
        const { rows } = await db.query<{ unit_key: string }>('SELECT unit_key FROM reports LIMIT 1');
        const unitKey = rows[0]!.unit_key;
        const REPS = 20;
        let t0 = performance.now();
        for (let i = 0; i < REPS; i++) (await readIndexedOthers(db, unitKey, null, { keys: CROSS_FIGURE_KEYS })).map(indexedRecord);
        reads.index = (performance.now() - t0) / REPS;
        t0 = performance.now();
        for (let i = 0; i < REPS; i++) {
          const whole = await db.query<{ record: unknown }>('SELECT record FROM reports WHERE unit_key = $1 ORDER BY period_year DESC, period_number DESC LIMIT 40', [unitKey]);
          for (const r of whole.rows) ReportRecordSchema.parse(r.record);
        }
        reads.whole = (performance.now() - t0) / REPS;
      }
      let total = 0;
      for (const r of list) {
        const t0 = performance.now();
        await storeReport(db, r, { fromPipeline: true });
        total += performance.now() - t0;
      }
      return total / list.length;
    } finally {
      await db.close();
      rmSync(data, { recursive: true, force: true });
    }
  };
  const base = records[0]!;
  const asUnit = (r: ReportRecord, name: string, year: number, q: number): ReportRecord => {
    const c = structuredClone(r);
    c.source = { ...c.source, sha256: createHash('sha256').update(`${seed}:${name}`).digest('hex') };
    const b = base.report!;
    c.report = { ...c.report!, unitKind: b.unitKind, unitName: b.unitName, district: b.district, province: b.province, period: { kind: 'quarter', number: q, year, raw: `Quý ${ROMAN[q - 1]} năm ${year}` } };
    return c;
  };
  const history = Array.from({ length: 40 }, (_, i) => asUnit(base, `h${i}`, 2014 + Math.floor(i / 4), (i % 4) + 1));
  const later = records.map((r, i) => asUnit(r, `n${i}`, 2024 + Math.floor(i / 4), (i % 4) + 1));
  const noHistoryMs = await timed(records, []);
  const fortyEarlierMs = await timed(later, history);
  return { reports: records.length, noHistoryMs, fortyEarlierMs, indexReadMs: reads.index, wholeReadMs: reads.whole };
}

export type VersionsResult = { runs: VersionsRun[]; history: HistoryRun } | { unavailable: string };

/**
 * Imports `unitPeriods × versions` files for each of `[1, versions]` versions per unit-period (the
 * same file count both times), in one run of the bench so both see the same machine load; then the
 * cost of a unit's history to a store.
 */
export async function runVersions(unitPeriods: number, versions: number, seed: string, timeLimitMs: number, log: (m: string) => void): Promise<VersionsResult> {
  if (!cliCommands().includes('import')) return { unavailable: 'the compiled CLI has no import command (npm run build)' };
  const files = unitPeriods * versions;
  const runs: VersionsRun[] = [];
  for (const perUnit of [1, versions]) {
    const groups = files / perUnit;
    const dir = mkdtempSync(join(tmpdir(), 'sohoa-versions-'));
    const data = mkdtempSync(join(tmpdir(), 'sohoa-versions-db-'));
    const empty = mkdtempSync(join(tmpdir(), 'sohoa-versions-empty-'));
    try {
      for (let g = 0; g < groups; g++) {
        // Another seed per layout, so the two runs import different reports of the same kind.
        for (let v = 0; v < perUnit; v++) {
          const r = versionText(`${seed}-${perUnit}`, g, v);
          writeFileSync(join(dir, `${r.name}-v${v + 1}.txt`), r.text);
        }
      }
      // The embedded database is created first (PGlite's initdb), outside the timed import.
      await importFolder(empty, data, timeLimitMs);
      log(`versions: ${files} files, ${perUnit} version(s) per unit-period`);
      const run = await importFolder(dir, data, timeLimitMs);
      if (run.code !== 0) throw new Error(`sohoa import exited ${run.code ?? 'killed'} on the ${perUnit}-version archive`);
      const counts = await queueCounts(data);
      log(`versions: the same ${files} records stored alone`);
      const alone = await storeAlone(dir);
      runs.push({
        versionsPerUnitPeriod: perUnit,
        unitPeriods: groups,
        files,
        imported: run.summary.imported ?? 0,
        failed: run.summary.failed ?? 0,
        wallMs: run.wallMs,
        importStoreMsMean: mean(run.store),
        storeMsMean: mean(alone.times),
        storeMsP90: percentile(alone.times, 0.9),
        formerDuplicateWarnings: alone.former,
        openConflicts: counts.open,
        crossConflicts: counts.cross,
        reviewItems: counts.items,
      });
    } finally {
      for (const d of [dir, data, empty]) rmSync(d, { recursive: true, force: true });
    }
  }
  log('versions: store time with and without 40 earlier reports of the unit');
  return { runs, history: await runHistory(seed) };
}

const f1 = (n: number) => n.toFixed(1);

export function markdownVersions(result: VersionsResult): string {
  if ('unavailable' in result) return `Versions: not run (${result.unavailable}).`;
  const { runs, history } = result;
  const out = [
    '### Versions of one report (sohoa import, embedded, .txt)',
    '',
    '| versions per unit-period | unit-periods | files | imported | failed | import rate (reports/s) | store ms/report in the import (mean) | store ms/report alone (mean) | alone (p90) | open conflicts | of them cross-report | review items | duplicate_import warnings before (reconstructed) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of runs) {
    out.push(
      `| ${r.versionsPerUnitPeriod} | ${r.unitPeriods} | ${r.files} | ${r.imported} | ${r.failed} | ${f1(r.imported / (r.wallMs / 1000))} | ${f1(r.importStoreMsMean)} | ${f1(r.storeMsMean)} | ${f1(r.storeMsP90)} | ${r.openConflicts} | ${r.crossConflicts} | ${r.reviewItems} | ${r.formerDuplicateWarnings} |`,
    );
  }
  out.push(
    '',
    `Store ms per report (storeReport alone, ${history.reports} reports, mean): ${f1(history.noHistoryMs)} as units of their own; ${f1(history.fortyEarlierMs)} as new periods of a unit with 40 earlier reports stored. Reading those 40 for the cross-report rules: ${f1(history.indexReadMs)} ms from the index, ${f1(history.wholeReadMs)} ms as whole records read back and validated (the former way, before its per-process cache).`,
  );
  return out.join('\n');
}
