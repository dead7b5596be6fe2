// Writes generated reports to disk: .txt as is, .docx through the seed's docx builder, and .pdf/.doc
// through LibreOffice, converting every file of a format in ONE soffice call (starting soffice costs
// seconds; converting a report costs a fraction of that).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildSeedDocx } from '../lib/seed-docx.js';
import { parseSeed } from '../lib/seed-source.js';
import type { GeneratedReport } from './generate.js';
import { blocksToHtml } from './html.js';
import type { Rendering } from './layouts.js';
import type { OutFormat } from './plan.js';
import type { Truth } from './truth.js';

export interface WriteJob {
  report: GeneratedReport;
  formats: OutFormat[];
  /** The report in a fuzzed layout (scripts/corpus/layouts.ts): its blocks and truth replace the seed-form text's; no .txt. */
  rendering?: Rendering;
  /** 'html': the rendering written as HTML and every format (.docx too) made from it by LibreOffice. */
  via?: 'docx' | 'html';
}

const SOFFICE_TARGET: Record<'pdf' | 'doc' | 'docx', string> = { pdf: 'pdf', doc: 'doc:MS Word 97', docx: 'docx:MS Word 2007 XML' };
/** LibreOffice's import filter for HTML into Writer (without it, .html opens in Writer/Web, which exports no .doc/.docx). */
const HTML_FILTER = 'HTML (StarWriter)';

/**
 * soffice converts at most this many files per call: given 333 it stopped after 246 and exited 0
 * (LibreOffice 7.4, 2026-11-28), so large batches are cut into calls of this size.
 */
const SOFFICE_BATCH = 100;

/**
 * Converts many .docx (or .html) files with few soffice processes (one per SOFFICE_BATCH files) and a
 * private profile; throws naming the first file it did not produce. One call takes one kind of input.
 */
export function sofficeBatch(inputs: string[], target: 'pdf' | 'doc' | 'docx', outDir: string): void {
  if (inputs.length === 0) return;
  const profile = mkdtempSync(join(tmpdir(), `lo-corpus-${process.pid}-`));
  try {
    for (let i = 0; i < inputs.length; i += SOFFICE_BATCH) {
      const batch = inputs.slice(i, i + SOFFICE_BATCH);
      const html = batch[0]!.endsWith('.html') ? [`--infilter=${HTML_FILTER}`] : [];
      execFileSync(
        'soffice',
        [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', ...html, '--convert-to', SOFFICE_TARGET[target], '--outdir', outDir, ...batch],
        { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 + batch.length * 20_000 },
      );
      for (const input of batch) {
        const produced = join(outDir, `${basename(input).replace(/\.(docx|html)$/, '')}.${target}`);
        if (!existsSync(produced)) throw new Error(`soffice did not produce ${basename(produced)}`);
      }
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Writes every job's files and truth into `outDir`; returns the truth files written. */
export async function writeCorpus(jobs: WriteJob[], outDir: string, log: (m: string) => void = () => {}): Promise<Truth[]> {
  mkdirSync(outDir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'sohoa-corpus-'));
  const truths: Truth[] = [];
  try {
    // Target format → staged inputs; .html and .docx inputs go to soffice in separate calls.
    const toConvert: Record<'pdf' | 'doc' | 'docx', string[]> = { pdf: [], doc: [], docx: [] };
    for (const { report, formats, rendering, via } of jobs) {
      const files: Record<string, string> = {};
      if (formats.includes('txt') && !rendering) {
        writeFileSync(join(outDir, `${report.name}.txt`), report.text);
        files.txt = `${report.name}.txt`;
      }
      const needsDocx = formats.some((f) => f !== 'txt');
      if (needsDocx && rendering && via === 'html') {
        const staged = join(staging, `${report.name}.html`);
        writeFileSync(staged, blocksToHtml(rendering.blocks, rendering.docx));
        for (const f of ['docx', 'pdf', 'doc'] as const) {
          if (formats.includes(f)) {
            toConvert[f].push(staged);
            files[f] = `${report.name}.${f}`;
          }
        }
      } else if (needsDocx) {
        const docx = rendering ? await buildSeedDocx(rendering.blocks, rendering.docx) : await buildSeedDocx(parseSeed(report.text));
        const staged = join(staging, `${report.name}.docx`);
        writeFileSync(staged, docx);
        if (formats.includes('docx')) {
          writeFileSync(join(outDir, `${report.name}.docx`), docx);
          files.docx = `${report.name}.docx`;
        }
        for (const f of ['pdf', 'doc'] as const) {
          if (formats.includes(f)) {
            toConvert[f].push(staged);
            files[f] = `${report.name}.${f}`;
          }
        }
      }
      truths.push({ ...(rendering?.truth ?? report.truth), files });
    }
    for (const f of ['pdf', 'doc', 'docx'] as const) {
      for (const ext of ['.docx', '.html']) {
        const inputs = toConvert[f].filter((i) => i.endsWith(ext));
        if (inputs.length === 0) continue;
        log(`soffice: converting ${inputs.length} ${ext} files to .${f}`);
        const out = join(staging, `${f}${ext}`);
        mkdirSync(out, { recursive: true });
        sofficeBatch(inputs, f, out);
        for (const input of inputs) {
          const name = basename(input, ext);
          renameSync(join(out, `${name}.${f}`), join(outDir, `${name}.${f}`));
        }
      }
    }
    for (const t of truths) writeFileSync(join(outDir, `${t.name}.truth.json`), JSON.stringify(t, null, 1) + '\n');
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return truths;
}
