// Builds the OCR fixtures from the seed PDF (fixtures/tien-dong-2023-q3.pdf):
//  - fixtures/scanned/tien-dong-2023-q3.scanned.pdf: every page rasterised at 200 dpi (grayscale
//    JPEG, like an office scanner) and wrapped into an image-only PDF: no text layer at all;
//  - fixtures/scanned/tien-dong-2023-q3.broken-text.pdf: page 1 of the seed with its good text
//    layer, then the page holding Biểu mẫu 2-3 as an image under an invisible text layer written
//    with a broken font mapping (UTF-8 read as Latin-1: "BÃ¡o cÃ¡o"), as legacy converters produce.
// Run: node --import tsx scripts/make-scanned-fixture.ts  (needs pdftoppm, pdftotext, pdfunite, pdfseparate).
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = join(ROOT, 'fixtures', 'tien-dong-2023-q3.pdf');
const OUT = join(ROOT, 'fixtures', 'scanned');
const DPI = 200;
const A4: [number, number] = [595.28, 841.89];
/** The seed page with Biểu mẫu 2 and 3 (tables continue across it): the broken-text page. */
const BROKEN_PAGE = 12;

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Rasterises pages of the seed into grayscale JPEGs, returns their paths in page order. */
function rasterise(work: string, first?: number, last?: number): string[] {
  const range = first ? ['-f', String(first), '-l', String(last ?? first)] : [];
  run('pdftoppm', ['-r', String(DPI), '-gray', '-jpeg', '-jpegopt', 'quality=80', ...range, SEED, join(work, 'scan')]);
  return readdirSync(work)
    .filter((f) => /^scan-\d+\.jpg$/.test(f))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))
    .map((f) => join(work, f));
}

function writePdf(path: string, draw: (doc: PDFKit.PDFDocument) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // A fixed creation date keeps the fixture byte-stable across runs.
    const doc = new PDFDocument({ autoFirstPage: false, info: { Title: 'scanned fixture', CreationDate: new Date(Date.UTC(2023, 8, 8)) } });
    const out = createWriteStream(path);
    out.on('finish', resolve);
    out.on('error', reject);
    doc.pipe(out);
    draw(doc);
    doc.end();
  });
}

/** "Báo cáo" → "BÃ¡o cÃ¡o": the mojibake a wrong font encoding leaves in a text layer. */
export function mojibake(text: string): string {
  return Buffer.from(text.normalize('NFC'), 'utf8').toString('latin1').replace(/[\u0080-\u009f]/g, '?');
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'sohoa-scan-'));
  try {
    const images = rasterise(work);
    const scanned = join(OUT, 'tien-dong-2023-q3.scanned.pdf');
    await writePdf(scanned, (doc) => {
      for (const img of images) {
        doc.addPage({ size: A4, margin: 0 });
        doc.image(img, 0, 0, { width: A4[0], height: A4[1] });
      }
    });

    // Broken text layer: the page image, with the real words (from the seed's own text layer)
    // written invisibly in mojibake at their places, the way a bad PDF producer leaves them.
    const broken = join(work, 'broken-page.pdf');
    const bbox = run('pdftotext', ['-bbox', '-f', String(BROKEN_PAGE), '-l', String(BROKEN_PAGE), SEED, '-']);
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      h: Number(m[4]) - Number(m[2]),
      text: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
    }));
    const pageImage = rasterise(mkdtempSync(join(work, 'p-')), BROKEN_PAGE)[0]!;
    await writePdf(broken, (doc) => {
      doc.addPage({ size: A4, margin: 0 });
      doc.image(pageImage, 0, 0, { width: A4[0], height: A4[1] });
      doc.font('Helvetica').fillOpacity(0);
      for (const w of words) doc.fontSize(Math.max(6, w.h * 0.8)).text(mojibake(w.text), w.x, w.y, { lineBreak: false });
    });
    const first = join(work, 'first.pdf');
    run('pdfseparate', ['-f', '1', '-l', '1', SEED, first]);
    run('pdfunite', [first, broken, join(OUT, 'tien-dong-2023-q3.broken-text.pdf')]);
    for (const f of readdirSync(OUT)) process.stderr.write(`${f}: ${readFileSync(join(OUT, f)).length} bytes\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
