// Builds the seed report in real formats (.docx → LibreOffice → .pdf and .doc) plus bad-input files.
// Run: `npm run fixtures` (node --import tsx scripts/make-fixtures.ts). Needs soffice and pdftotext.
//
// The PDF must reproduce the original's hardest trait: table row 6.5.1 of Biểu mẫu 7 cut by a page
// break (label on one page, "tuyển mức độ 4" on the next). Where it falls depends on LibreOffice's
// layout, so the script measures the row's position and adds space before the form until it does.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSeed } from './lib/seed-source.js';
import { buildSeedDocx, type SeedDocxOptions } from './lib/seed-docx.js';
import { sofficeConvert } from './lib/soffice.js';
import { layoutPages, pdfWords, rowStraddlesPages } from './lib/pdf-probe.js';
import { docWithEncryptedFlag, encryptedPdf, tinyPng, truncated } from './lib/bad-fixtures.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'fixtures');
const NAME = 'tien-dong-2023-q3';

// The row that must straddle a page, and the form it is in.
const SPLIT_STT = '6.5.1.';
const SPLIT_TAIL = 'tuyển mức độ 4';
const SPLIT_FORM = 'Biểu mẫu 7';
const BOTTOM_MARGIN_PT = 1134 / 20; // matches seed-docx page margins
const TOP_MARGIN_PT = 1134 / 20;

function log(msg: string) {
  process.stderr.write(msg + '\n');
}

async function buildPdfWithSplitRow(blocks: ReturnType<typeof parseSeed>, work: string) {
  let twips = 0;
  for (let attempt = 1; attempt <= 8; attempt++) {
    const options: SeedDocxOptions = { spaceBefore: [{ startsWith: SPLIT_FORM, twips, pageBreak: true }] };
    const docx = await buildSeedDocx(blocks, options);
    const docxPath = join(work, `${NAME}.docx`);
    writeFileSync(docxPath, docx);
    const pdfPath = sofficeConvert(docxPath, 'pdf', work);
    const pages = layoutPages(pdfPath);
    const split = rowStraddlesPages(pages, SPLIT_STT, SPLIT_TAIL);
    if (split) {
      log(`row ${SPLIT_STT} straddles pages ${split.page}-${split.page + 1} (space before form: ${twips} twips)`);
      return { docxPath, pdfPath };
    }
    // Move the row so its first text line is the last line that fits on the page.
    const { pageHeight, words } = pdfWords(pdfPath);
    const stt = words.find((w) => w.text === SPLIT_STT);
    if (!stt) throw new Error(`row ${SPLIT_STT} not found in the PDF`);
    const lineHeight = stt.yMax - stt.yMin;
    const target = pageHeight - BOTTOM_MARGIN_PT - lineHeight * 1.4;
    let deltaPt = target - stt.yMin;
    // Space can only push content down: if the row is already below the target, aim for the bottom
    // of the *next* page instead (the smallest push that works).
    if (deltaPt < 0 && twips + deltaPt * 20 < 0) deltaPt += pageHeight - BOTTOM_MARGIN_PT - TOP_MARGIN_PT;
    log(`attempt ${attempt}: ${SPLIT_STT} at y=${stt.yMin.toFixed(1)} on page ${stt.page}; shifting ${deltaPt.toFixed(1)}pt`);
    twips = Math.max(0, Math.round(twips + deltaPt * 20));
  }
  throw new Error(`could not make row ${SPLIT_STT} straddle a page break`);
}

async function main() {
  const seed = readFileSync(join(FIXTURES, `${NAME}.txt`), 'utf8');
  const blocks = parseSeed(seed);
  const tables = blocks.filter((b) => b.kind === 'table').length;
  if (tables !== 7) throw new Error(`expected 7 appendix tables in the seed, parsed ${tables}`);

  const work = mkdtempSync(join(tmpdir(), 'sohoa-fixtures-'));
  try {
    const { docxPath, pdfPath } = await buildPdfWithSplitRow(blocks, work);
    copyFileSync(docxPath, join(FIXTURES, `${NAME}.docx`));
    copyFileSync(pdfPath, join(FIXTURES, `${NAME}.pdf`));
    const docPath = sofficeConvert(docxPath, 'doc:MS Word 97', work);
    copyFileSync(docPath, join(FIXTURES, `${NAME}.doc`));

    // Re-check the committed PDF independently of the search loop.
    const pages = layoutPages(join(FIXTURES, `${NAME}.pdf`));
    if (!rowStraddlesPages(pages, SPLIT_STT, SPLIT_TAIL)) throw new Error('final PDF lost the page-straddling row');

    const bad = join(FIXTURES, 'bad');
    mkdirSync(bad, { recursive: true });
    const pdf = readFileSync(join(FIXTURES, `${NAME}.pdf`));
    const docx = readFileSync(join(FIXTURES, `${NAME}.docx`));
    writeFileSync(join(bad, 'truncated.pdf'), truncated(pdf, 0.4));
    writeFileSync(join(bad, 'truncated.docx'), truncated(docx, 0.4));
    writeFileSync(join(bad, 'not-a-zip.docx'), 'Báo cáo công tác cải cách hành chính — this is plain text, not a Word file.\n');
    writeFileSync(join(bad, 'not-ole.doc'), 'Báo cáo công tác cải cách hành chính — plain text renamed to .doc.\n');
    writeFileSync(join(bad, 'empty.pdf'), Buffer.alloc(0));
    writeFileSync(join(bad, 'empty.docx'), Buffer.alloc(0));
    writeFileSync(join(bad, 'png-renamed.pdf'), tinyPng());
    writeFileSync(join(bad, 'encrypted.pdf'), await encryptedPdf());
    writeFileSync(join(bad, 'encrypted-flag.doc'), docWithEncryptedFlag(readFileSync(join(FIXTURES, `${NAME}.doc`))));
    log(`wrote ${NAME}.{docx,pdf,doc} and fixtures/bad/*`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
