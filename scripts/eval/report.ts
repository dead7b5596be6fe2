// Aggregates an eval run into the tables people read (per format, per conflict kind, worst files)
// and the list of threshold failures. Pure: EvalRun in, numbers and Markdown out.
import { addScores, emptyScore, f1, precision, recall, type Score } from './compare.js';
import { conflictStats, FAMILIES, type EvalRun, type Family, type FileResult, type KindStats } from './run.js';
import { barFor, type Thresholds } from './thresholds.js';
import { DAMAGE_CLASSES } from '../../src/text/damage.js';

export interface FormatSummary {
  format: string;
  files: number;
  failed: number;
  pages: number;
  ms: number;
  scores: Record<Family, Score>;
  /** Blanks extracted where something was printed. */
  falseBlanks: number;
  /** Wrong values without a flag, and of those taken from a neighbouring row. */
  unflaggedWrong: number;
  otherRow: number;
  /** Pages OCRed (a format with a text layer should have none). */
  ocrPages: number;
  /** Text repairs by class over the format's files. */
  repairs: Record<string, number>;
}

export interface GroupSummary {
  group: string;
  files: number;
  indicators: Score;
  metadata: Score;
  falseBlanks: number;
  unflaggedWrong: number;
  otherRow: number;
}

export interface EvalSummary {
  formats: FormatSummary[];
  /** Per layout family × format, when the truth names families (the layout fuzzer's corpus). */
  families: GroupSummary[];
  /** Per metadata field × format: right / scored. */
  metaFields: { format: string; field: string; right: number; total: number }[];
  kinds: KindStats[];
  conflictRecall: number;
  conflictPrecision: number;
  /** Extracted conflicts of rules no planted kind maps to, by rule and report cleanliness. */
  otherRules: { rule: string; severity: string; onClean: number; onConflicted: number; consequences: number }[];
  cleanErrors: { file: string; rule: string; refs: string[] }[];
  worst: { file: string; format: string; score: number; notes: string[] }[];
  unmapped: EvalRun['mapping']['unmapped'];
  failures: string[];
}

/** Mean F1 over the families the truth has anything for; a failed file scores 0. */
export function fileScore(f: FileResult): number {
  if (f.error) return 0;
  const fams = FAMILIES.filter((k) => f.scores[k].tp + f.scores[k].fn > 0);
  return fams.length === 0 ? 1 : fams.reduce((a, k) => a + f1(f.scores[k]), 0) / fams.length;
}

/** Formats whose pages are images: OCR is their reading, not a fault. */
const OCR_FORMATS = new Set(['scan']);

export function summarise(run: EvalRun, t: Thresholds): EvalSummary {
  const byFormat = new Map<string, FileResult[]>();
  for (const f of run.files) byFormat.set(f.format, [...(byFormat.get(f.format) ?? []), f]);
  const order = ['txt', 'docx', 'doc', 'pdf'];
  const formats: FormatSummary[] = [...byFormat.entries()]
    .sort(([a], [b]) => (order.indexOf(a) + 99) % 99 - (order.indexOf(b) + 99) % 99 || a.localeCompare(b))
    .map(([format, files]) => ({
      format,
      files: files.length,
      failed: files.filter((f) => f.error).length,
      pages: files.reduce((a, f) => a + (f.pages ?? 0), 0),
      ms: files.reduce((a, f) => a + f.ms, 0),
      scores: Object.fromEntries(FAMILIES.map((k) => [k, files.reduce((acc, f) => addScores(acc, f.scores[k]), emptyScore())])) as Record<Family, Score>,
      falseBlanks: files.reduce((a, f) => a + f.falseBlanks.length, 0),
      unflaggedWrong: files.reduce((a, f) => a + f.unflagged.wrong.length, 0),
      otherRow: files.reduce((a, f) => a + f.unflagged.otherRow.length, 0),
      ocrPages: files.reduce((a, f) => a + f.ocrPages.length, 0),
      repairs: files.reduce<Record<string, number>>((acc, f) => {
        for (const [k, n] of Object.entries(f.repairs)) acc[k] = (acc[k] ?? 0) + n;
        return acc;
      }, {}),
    }));

  const byFamily = new Map<string, FileResult[]>();
  for (const f of run.files) if (f.family) byFamily.set(`${f.family} · ${f.format}`, [...(byFamily.get(`${f.family} · ${f.format}`) ?? []), f]);
  const families: GroupSummary[] = [...byFamily.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, files]) => ({
      group,
      files: files.length,
      indicators: files.reduce((acc, f) => addScores(acc, f.scores.indicators), emptyScore()),
      metadata: files.reduce((acc, f) => addScores(acc, f.scores.metadata), emptyScore()),
      falseBlanks: files.reduce((a, f) => a + f.falseBlanks.length, 0),
      unflaggedWrong: files.reduce((a, f) => a + f.unflagged.wrong.length, 0),
      otherRow: files.reduce((a, f) => a + f.unflagged.otherRow.length, 0),
    }));
  const metaFields: EvalSummary['metaFields'] = [];
  for (const fs of formats) {
    const files = byFormat.get(fs.format) ?? [];
    const fields = [...new Set(files.flatMap((f) => Object.keys(f.metaFields)))];
    for (const field of fields) {
      const scored = files.map((f) => f.metaFields[field]).filter((v): v is boolean => v !== undefined && v !== null);
      metaFields.push({ format: fs.format, field, right: scored.filter(Boolean).length, total: scored.length });
    }
  }

  const kinds = conflictStats(run);
  const mapped = kinds.filter((k) => k.rules.length > 0);
  const planted = mapped.reduce((a, k) => a + k.planted, 0);
  const detected = mapped.reduce((a, k) => a + k.detected, 0);
  const tp = mapped.reduce((a, k) => a + k.tp, 0);
  const fp = mapped.reduce((a, k) => a + k.fp, 0);
  const conflictRecall = planted === 0 ? 1 : detected / planted;
  const conflictPrecision = tp + fp === 0 ? 1 : tp / (tp + fp);

  const mappedRules = new Set(mapped.flatMap((k) => k.rules));
  const other = new Map<string, { rule: string; severity: string; onClean: number; onConflicted: number; consequences: number }>();
  for (const f of run.files) {
    for (const c of f.conflicts) {
      if (mappedRules.has(c.rule)) continue;
      const k = `${c.rule}|${c.severity}`;
      const o = other.get(k) ?? { rule: c.rule, severity: c.severity, onClean: 0, onConflicted: 0, consequences: 0 };
      if (f.clean) o.onClean++;
      else o.onConflicted++;
      // On the rows of a planted conflict (e.g. plans dated after a report date planted a year early).
      if (c.verdict === 'side') o.consequences++;
      other.set(k, o);
    }
  }
  const cleanErrors = run.files
    .filter((f) => f.clean)
    .flatMap((f) => f.conflicts.filter((c) => c.severity === 'error').map((c) => ({ file: f.file, rule: c.rule, refs: c.refs })));

  const worst = [...run.files]
    .map((f) => ({
      file: f.file,
      format: f.format,
      score: fileScore(f),
      notes: f.error
        ? [f.error]
        : [
            ...FAMILIES.flatMap((k) => f.scores[k].misses.slice(0, 2)),
            ...f.planted.filter((p) => !p.detected).map((p) => `planted ${p.kind} not found (${p.refs.join(', ')})`),
            ...f.conflicts.filter((c) => c.verdict === 'fp' && c.severity === 'error').map((c) => `false ${c.rule} (${c.refs.join(', ')})`),
          ].slice(0, 6),
    }))
    .sort((a, b) => a.score - b.score || a.file.localeCompare(b.file))
    .slice(0, 5);

  const failures: string[] = [];
  for (const fs of formats) {
    for (const fam of FAMILIES) {
      const bar = barFor(t, fs.format, fam);
      const p = precision(fs.scores[fam]);
      const r = recall(fs.scores[fam]);
      if (p < bar.precision) failures.push(`${fs.format} ${fam} precision ${p.toFixed(3)} < ${bar.precision}`);
      if (r < bar.recall) failures.push(`${fs.format} ${fam} recall ${r.toFixed(3)} < ${bar.recall}`);
    }
  }
  for (const fs of formats) {
    if (fs.falseBlanks > 0) failures.push(`${fs.format}: ${fs.falseBlanks} values extracted as blank where something was printed`);
    if (fs.unflaggedWrong > 0) failures.push(`${fs.format}: ${fs.unflaggedWrong} wrong values carry no flag (${fs.otherRow} of them a neighbouring row's)`);
    if (fs.ocrPages > 0 && !OCR_FORMATS.has(fs.format)) failures.push(`${fs.format}: ${fs.ocrPages} pages with a text layer were OCRed`);
  }
  const failed = run.files.filter((f) => f.error).length;
  if (failed > t.maxFailedFiles) failures.push(`${failed} files failed to extract (allowed ${t.maxFailedFiles})`);
  if (conflictRecall < t.conflictRecall) failures.push(`conflict recall ${conflictRecall.toFixed(3)} < ${t.conflictRecall}`);
  if (conflictPrecision < t.conflictPrecision) failures.push(`conflict precision ${conflictPrecision.toFixed(3)} < ${t.conflictPrecision}`);
  if (cleanErrors.length > t.maxCleanErrors) failures.push(`${cleanErrors.length} error conflicts on clean reports (allowed ${t.maxCleanErrors})`);

  return {
    formats,
    families,
    metaFields,
    kinds,
    conflictRecall,
    conflictPrecision,
    otherRules: [...other.values()].sort((a, b) => b.onClean + b.onConflicted - (a.onClean + a.onConflicted)),
    cleanErrors,
    worst,
    unmapped: run.mapping.unmapped,
    failures,
  };
}

const pct = (x: number) => x.toFixed(3);
const pr = (s: Score) => `${pct(precision(s))} / ${pct(recall(s))}`;

export function markdown(s: EvalSummary): string {
  const out: string[] = [];
  out.push('| format | files | failed | indicators P / R | facts P / R | metadata P / R | citations P / R | extracted (tp/fp/fn) indicators · facts | blanks not printed | wrong, no flag (from another row) | text pages OCRed | s/file |');
  out.push('| --- | ---: | ---: | --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: |');
  for (const f of s.formats) {
    const c = (k: Family) => `${f.scores[k].tp}/${f.scores[k].fp}/${f.scores[k].fn}`;
    out.push(
      `| ${f.format} | ${f.files} | ${f.failed} | ${pr(f.scores.indicators)} | ${pr(f.scores.facts)} | ${pr(f.scores.metadata)} | ${pr(f.scores.citations)} | ${c('indicators')} · ${c('facts')} | ${f.falseBlanks} | ${f.unflaggedWrong} (${f.otherRow}) | ${f.ocrPages} | ${(f.ms / 1000 / Math.max(1, f.files)).toFixed(2)} |`,
    );
  }
  const classes = [...DAMAGE_CLASSES, 'ambiguous'];
  out.push('');
  out.push(`| text repairs | ${classes.join(' | ')} |`);
  out.push(`| --- | ${classes.map(() => '---:').join(' | ')} |`);
  for (const f of s.formats) out.push(`| ${f.format} | ${classes.map((c) => f.repairs[c] ?? 0).join(' | ')} |`);
  if (s.metaFields.length) {
    const fields = [...new Set(s.metaFields.map((m) => m.field))];
    out.push('');
    out.push(`| metadata field (right / scored) | ${s.formats.map((f) => f.format).join(' | ')} |`);
    out.push(`| --- | ${s.formats.map(() => '---:').join(' | ')} |`);
    for (const field of fields) {
      const cells = s.formats.map((f) => {
        const m = s.metaFields.find((x) => x.format === f.format && x.field === field);
        return m ? `${m.right}/${m.total}` : '–';
      });
      out.push(`| ${field} | ${cells.join(' | ')} |`);
    }
  }
  if (s.families.length) {
    out.push('');
    out.push('| layout family · format | files | indicators P / R | values right | metadata P / R | blanks not printed | wrong, no flag (from another row) |');
    out.push('| --- | ---: | --- | ---: | --- | ---: | ---: |');
    for (const g of s.families)
      out.push(`| ${g.group} | ${g.files} | ${pr(g.indicators)} | ${g.indicators.tp} / ${g.indicators.tp + g.indicators.fn} | ${pr(g.metadata)} | ${g.falseBlanks} | ${g.unflaggedWrong} (${g.otherRow}) |`);
  }
  out.push('');
  out.push('| planted conflict kind | rule(s) | planted | found | recall | rule hits tp / fp |');
  out.push('| --- | --- | ---: | ---: | ---: | --- |');
  for (const k of s.kinds) {
    out.push(
      `| ${k.kind} | ${k.rules.join(', ') || '(unmapped)'} | ${k.planted} | ${k.detected} | ${k.planted ? pct(k.detected / k.planted) : '–'} | ${k.tp} / ${k.fp} |`,
    );
  }
  out.push('');
  out.push(`Conflicts: recall ${pct(s.conflictRecall)}, precision ${pct(s.conflictPrecision)}; \`error\` conflicts on clean reports: ${s.cleanErrors.length}.`);
  if (s.unmapped.length) out.push(`Unmapped kinds: ${s.unmapped.map((u) => `${u.kind} (${u.reason})`).join('; ')}.`);
  if (s.otherRules.length) {
    out.push('');
    out.push('| other rule (no planted kind) | severity | on clean reports | on conflicted reports | of which consequences of a planted conflict |');
    out.push('| --- | --- | ---: | ---: | ---: |');
    for (const o of s.otherRules) out.push(`| ${o.rule} | ${o.severity} | ${o.onClean} | ${o.onConflicted} | ${o.consequences} |`);
  }
  if (s.cleanErrors.length) {
    out.push('');
    out.push('Error conflicts on clean reports:');
    for (const c of s.cleanErrors.slice(0, 10)) out.push(`- ${c.file}: ${c.rule} (${c.refs.join(', ')})`);
  }
  out.push('');
  out.push('Worst files:');
  for (const w of s.worst) out.push(`- ${w.file} (${w.format}) score ${pct(w.score)}${w.notes.length ? ': ' + w.notes.join('; ') : ''}`);
  return out.join('\n');
}
