// Builds the OCR fixtures from the seed PDF (fixtures/tien-dong-2023-q3.pdf):
//  - fixtures/scanned/tien-dong-2023-q3.scanned.pdf: every page rasterised at 200 dpi (grayscale
//    PNG, like an office scanner) and wrapped into an image-only PDF: no text layer at all;
//  - fixtures/scanned/tien-dong-2023-q3.broken-text.pdf: page 1 of the seed with its good text
//    layer, then the page holding Biểu mẫu 2-3 as an image under an invisible text layer written
//    with a broken font mapping (UTF-8 read as Latin-1: "BÃ¡o cÃ¡o"), as legacy converters produce.
// Run: node --import tsx scripts/make-scanned-fixture.ts  (needs pdftoppm, pdftotext, pdfunite, pdfseparate).
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { parsePgm, type GrayImage } from '../src/ocr/pgm.js';

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

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * An 8-bit grayscale PNG. pdftoppm's own PNG/JPEG output is RGB even with -gray, three times the
 * bytes for a black-and-white page, so we encode the gray bitmap ourselves ("Up" filter: text
 * pages repeat row to row).
 */
export function grayPng(img: GrayImage): Buffer {
  const { width: w, height: h, pixels } = img;
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w + 1)] = 2;
    for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = (pixels[y * w + x]! - (y > 0 ? pixels[(y - 1) * w + x]! : 0)) & 0xff;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** 16 gray levels: keeps the anti-aliased glyph edges OCR relies on at a third of the bytes. */
function posterise(img: GrayImage): GrayImage {
  return { ...img, pixels: img.pixels.map((v) => Math.round(v / 17) * 17) };
}

/** Rasterises pages of the seed into grayscale PNGs (in memory), in page order. */
function rasterise(work: string, first?: number, last?: number): Buffer[] {
  const range = first ? ['-f', String(first), '-l', String(last ?? first)] : [];
  run('pdftoppm', ['-r', String(DPI), '-gray', ...range, SEED, join(work, 'scan')]);
  return readdirSync(work)
    .filter((f) => /^scan-\d+\.pgm$/.test(f))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))
    .map((f) => grayPng(posterise(parsePgm(readFileSync(join(work, f))))));
}

function writePdf(path: string, draw: (doc: PDFKit.PDFDocument) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // A fixed creation date keeps the image-only PDF byte-stable across runs.
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
