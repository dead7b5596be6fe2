// npm run scans -- --out DIR [--count 4] [--seed S] [--only name,name] [--conflict-share 0.5]
// Degraded scans with ground truth: generated reports (as `npm run corpus` writes them, PDF through
// LibreOffice) rendered to page images and put through a scanner's faults (scripts/scans/degrade.ts:
// turned −2.5°..+2.5°, 150–300 dpi, 1-bit or gray JPEG q30–70, specks, a curled or shadowed edge),
// each assembled into an image-only PDF. Every scan's truth is its report's, with format "scan" and
// family "scan:<degradation>", so `npm run eval -- DIR` reports each degradation on its own row.
// Needs pdftoppm (poppler-utils), cjpeg (libjpeg-turbo-progs) and soffice.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { parsePgm } from '../src/ocr/pgm.js';
import { generateReport } from './corpus/generate.js';
import { createRng } from './corpus/prng.js';
import { planCorpus } from './corpus/plan.js';
import type { Truth } from './corpus/truth.js';
import { writeCorpus } from './corpus/write.js';
import { degradePage, DEGRADATIONS, type Degradation } from './scans/degrade.js';
import { bwImage, imagePdf, type PdfImage } from './scans/pdf.js';

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
};

function tool(cmd: string, args: string[], input?: Buffer): Buffer {
  try {
    return execFileSync(cmd, args, { maxBuffer: 256 << 20, stdio: ['pipe', 'pipe', 'pipe'], ...(input ? { input } : {}) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${cmd} is not installed (apt-get install ${cmd === 'cjpeg' ? 'libjpeg-turbo-progs' : 'poppler-utils'})` : `${cmd} failed: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The pages of a PDF rendered straight at `dpi`, gray. */
function renderPages(pdf: string, dpi: number, work: string): ReturnType<typeof parsePgm>[] {
  const dir = mkdtempSync(join(work, 'r-'));
  tool('pdftoppm', ['-r', String(dpi), '-gray', pdf, join(dir, 'p')]);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pgm'))
    .sort((a, b) => Number(/(\d+)\.pgm$/.exec(a)![1]) - Number(/(\d+)\.pgm$/.exec(b)![1]))
    .map((f) => parsePgm(readFileSync(join(dir, f))));
}

/** One report's PDF through one degradation: the image-only PDF's bytes. */
export function scanPdf(pdf: string, d: Degradation, seed: string, work: string): Buffer {
  const pages = renderPages(pdf, d.dpi, work);
  const images: PdfImage[] = pages.map((img, i) => {
    const page = degradePage(img, d, createRng(`${seed}/${d.name}/${i}`));
    if (d.mode === 'bw') return bwImage(page, d.dpi);
    const pgm = Buffer.concat([Buffer.from(`P5\n${page.width} ${page.height}\n255\n`, 'ascii'), Buffer.from(page.pixels)]);
    const jpeg = tool('cjpeg', ['-quality', String(d.jpegQuality ?? 75), '-grayscale'], pgm);
    return { kind: 'jpeg', width: page.width, height: page.height, dpi: d.dpi, data: jpeg };
  });
  return imagePdf(images);
}

const program = new Command()
  .name('scans')
  .description('degraded image-only scans of generated reports, with ground truth, for npm run eval')
  .requiredOption('--out <dir>', 'output folder')
  .option('--count <n>', 'reports to generate (the degradations take them in turn)', int, 4)
  .option('--seed <seed>', 'PRNG seed', 'sohoa-scans')
  .option('--conflict-share <x>', 'share of reports with planted conflicts', Number, 0.5)
  .option('--only <names>', `only these degradations (${DEGRADATIONS.map((d) => d.name).join(', ')})`, (v: string) => v.split(','))
  .action(async (o: { out: string; count: number; seed: string; conflictShare: number; only?: string[] }) => {
    const started = performance.now();
    const chosen = o.only ? DEGRADATIONS.filter((d) => o.only!.includes(d.name)) : DEGRADATIONS;
    if (chosen.length === 0) program.error(`no degradation named ${o.only!.join(', ')}`);
    mkdirSync(o.out, { recursive: true });
    // The clean source reports live in a subfolder: the eval reads only DIR's own truth files.
    const sourceDir = join(o.out, 'source');
    const plan = planCorpus({ count: o.count, seed: o.seed, conflictShare: o.conflictShare, formats: ['pdf'], mix: false });
    const truths = await writeCorpus(
      plan.map((p) => ({ report: generateReport(o.seed, p.index, p.kinds), formats: p.formats })),
      sourceDir,
      (m) => process.stderr.write(`${m}\n`),
    );
    const work = mkdtempSync(join(tmpdir(), 'sohoa-scans-'));
    try {
      chosen.forEach((d, i) => {
        const truth = truths[i % truths.length]!;
        const name = `${truth.name}.${d.name}`;
        const file = `${name}.pdf`;
        writeFileSync(join(o.out, file), scanPdf(join(sourceDir, truth.files.pdf!), d, `${o.seed}/${truth.name}`, work));
        const layout: Truth['layout'] = { dpi: d.dpi, rotateDeg: d.rotateDeg, mode: d.mode, ...(d.jpegQuality ? { jpegQuality: d.jpegQuality } : {}), specks: d.specks ?? 0, streaks: d.streaks ?? 0, ...(d.edge ? { edge: d.edge } : {}) };
        const scanned: Truth = { ...truth, name, files: { scan: file }, family: `scan:${d.name}`, layout };
        writeFileSync(join(o.out, `${name}.truth.json`), JSON.stringify(scanned, null, 1));
        process.stderr.write(`${file}\n`);
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    process.stderr.write(`wrote ${chosen.length} scans of ${truths.length} reports to ${o.out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  });

await program.parseAsync(process.argv);
