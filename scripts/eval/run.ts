// Runs the pipeline on every file of a generated corpus and scores it against the truth files.
// The only I/O of the eval besides the CLI: reading truth files and calling extractFile.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportRecord } from '../../schemas/record.js';
import { extractFile } from '../../src/pipeline.js';
import { CONFLICT_KINDS, TruthSchema, type ConflictKind, type PlantedConflict, type Truth } from '../corpus/truth.js';
import { detects, metadataFields, unflaggedWrong, type UnflaggedWrong, refsOverlap, scoreCitations, scoreFacts, scoreIndicators, scoreMetadata, type Score } from './compare.js';
import { adaptTruth, ExternalTruthSchema, isExternalTruth } from './devset.js';
import { loadRuleIds, mapKinds, type RuleMapping } from './rule-map.js';

export const FAMILIES = ['indicators', 'facts', 'metadata', 'citations'] as const;
export type Family = (typeof FAMILIES)[number];

export interface ExtractedConflict {
  rule: string;
  severity: string;
  refs: string[];
  /** tp: finds a planted conflict of its kind; side: on the rows of a planted conflict; fp: neither. */
  verdict: 'tp' | 'side' | 'fp';
}

export interface FileResult {
  name: string;
  file: string;
  format: string;
  clean: boolean;
  error: string | null;
  ms: number;
  pages: number | null;
  scores: Record<Family, Score>;
  /** Layout family of a fuzzed rendering (truth.family), if any. */
  family?: string;
  /** Each metadata field: right, wrong/missing, or null (nothing printed, nothing read). */
  metaFields: Record<string, boolean | null>;
  /** Values extracted as blank ("not reported") where the truth has something printed: the worst error. */
  falseBlanks: string[];
  /** Wrong values with no flag, and of those the ones taken from a neighbouring row. */
  unflagged: UnflaggedWrong;
  /** Text repairs by class (record warnings text_repaired_<class>, and 'ambiguous' for text_repair_ambiguous). */
  repairs: Record<string, number>;
  /** Pages with text that were read by OCR; on a file with a text layer, each should have kept its text. */
  ocrPages: number[];
  planted: (PlantedConflict & { detected: boolean })[];
  conflicts: ExtractedConflict[];
}

export interface EvalRun {
  dir: string;
  files: FileResult[];
  mapping: RuleMapping;
}

/** The truth files of a folder: the own generator's, or an external set's through its adapter. */
export function loadTruths(dir: string): Truth[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .map((f) => {
      const json: unknown = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      return isExternalTruth(json) ? adaptTruth(ExternalTruthSchema.parse(json)) : TruthSchema.parse(json);
    });
}

/** Extracted blanks whose cell has something printed in the truth ("form1:2.1"). Pure. */
export function falseBlanks(record: ReportRecord | null, truth: Truth): string[] {
  const printed = new Set(truth.indicators.filter((i) => i.valueKind !== 'blank').map((i) => `form${i.form}:${i.code}`));
  return (record?.indicators ?? []).filter((i) => i.valueKind === 'blank' && printed.has(`form${i.form}:${i.code}`)).map((i) => `form${i.form}:${i.code}`);
}

/** Scores one record (or a failed extraction: record null) against its truth. Pure. */
export function scoreRecord(record: ReportRecord | null, truth: Truth, mapping: RuleMapping): Pick<FileResult, 'scores' | 'planted' | 'conflicts' | 'falseBlanks' | 'unflagged' | 'ocrPages' | 'metaFields' | 'repairs'> {
  const scores: Record<Family, Score> = {
    indicators: scoreIndicators(record, truth),
    facts: scoreFacts(record, truth),
    metadata: scoreMetadata(record, truth),
    citations: scoreCitations(record, truth),
  };
  const extracted = record?.conflicts ?? [];
  const planted = truth.conflicts.map((p) => ({ ...p, detected: extracted.some((c) => detects(c, p, mapping.rulesOf)) }));
  const conflicts: ExtractedConflict[] = extracted.map((c) => {
    const tp = truth.conflicts.some((p) => detects(c, p, mapping.rulesOf));
    // A rate rule firing on the rows of a planted sum error is a consequence of that error, not noise.
    const side = !tp && truth.conflicts.some((p) => refsOverlap(c.refs, p.refs));
    return { rule: c.rule, severity: c.severity, refs: c.refs, verdict: tp ? 'tp' : side ? 'side' : 'fp' };
  });
  // A page with no text layer at all (blank, or text drawn as outlines) is OCRed on purpose; a
  // page OCRed for any other reason had text that should have been kept.
  const ocrPages = (record?.pageInfo ?? []).filter((p) => p.method === 'ocr' && !/\bno_text\b/.test(p.note ?? '')).map((p) => p.page);
  const repairs: Record<string, number> = {};
  for (const w of record?.warnings ?? []) {
    const cls = w.code.startsWith('text_repaired_') ? w.code.slice('text_repaired_'.length) : w.code === 'text_repair_ambiguous' ? 'ambiguous' : null;
    if (cls) repairs[cls] = (repairs[cls] ?? 0) + 1;
  }
  return { scores, planted, conflicts, falseBlanks: falseBlanks(record, truth), unflagged: unflaggedWrong(record, truth), ocrPages, metaFields: metadataFields(record, truth), repairs };
}

export interface EvalOptions {
  /** Only these formats (default: every file the truth lists). */
  formats?: string[];
  onFile?: (r: FileResult) => void;
}

export async function runEval(dir: string, options: EvalOptions = {}): Promise<EvalRun> {
  const truths = loadTruths(dir);
  const mapping = mapKinds(await loadRuleIds());
  const files: FileResult[] = [];
  for (const truth of truths) {
    for (const [format, file] of Object.entries(truth.files)) {
      if (options.formats && !options.formats.includes(format)) continue;
      const path = join(dir, file);
      const t0 = performance.now();
      let record: ReportRecord | null = null;
      let error: string | null = null;
      try {
        record = (await extractFile(path)).value;
      } catch (e) {
        error = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      }
      const ms = performance.now() - t0;
      const result: FileResult = {
        name: truth.name,
        file,
        format,
        clean: truth.clean,
        ...(truth.family ? { family: truth.family } : {}),
        error,
        ms,
        pages: record?.source.pages ?? null,
        ...scoreRecord(record, truth, mapping),
      };
      files.push(result);
      options.onFile?.(result);
    }
  }
  return { dir, files, mapping };
}

export interface KindStats {
  kind: ConflictKind;
  rules: string[];
  planted: number;
  detected: number;
  /** Extracted conflicts of this kind's rules: true positives and false positives (side effects excluded). */
  tp: number;
  fp: number;
}

export function conflictStats(run: EvalRun): KindStats[] {
  return CONFLICT_KINDS.map((kind) => {
    const rules = run.mapping.rulesOf(kind);
    const planted = run.files.flatMap((f) => f.planted.filter((p) => p.kind === kind));
    const mine = run.files.flatMap((f) => f.conflicts.filter((c) => rules.includes(c.rule)));
    return {
      kind,
      rules,
      planted: planted.length,
      detected: planted.filter((p) => p.detected).length,
      tp: mine.filter((c) => c.verdict === 'tp').length,
      fp: mine.filter((c) => c.verdict === 'fp').length,
    };
  });
}
