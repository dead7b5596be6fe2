// Writes the seed report as Word documents in the two legacy 8-bit Vietnamese font encodings, the
// way pre-Unicode documents sit inside a .docx: every run in the legacy font, its text the
// Windows-1252 characters of the font's bytes.
//   fixtures/tien-dong-2023-q3.tcvn3.docx  (.VnTime, TCVN3/ABC)
//   fixtures/tien-dong-2023-q3.vni.docx    (VNI-Times, VNI Windows)
//   fixtures/tien-dong-2023-q3.tcvn3.doc   (the TCVN3 one saved by LibreOffice as Word 97-2003: no
//                                           font runs reach the .doc reader, so detection is by pattern)
// Run: node --import tsx scripts/make-legacy-fixtures.ts
//
// Toned capitals do not exist in a plain TCVN3 font; they are written in the lowercase slots (as
// TCVN3 keyboard drivers do) and the repair step restores them from context.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSeed } from './lib/seed-source.js';
import { buildSeedDocx } from './lib/seed-docx.js';
import { sofficeConvert } from './lib/soffice.js';
import { encodeTcvn3, encodeVni } from '../src/text/legacy-fonts.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'fixtures');
const NAME = 'tien-dong-2023-q3';

export const LEGACY_FIXTURES = [
  { suffix: 'tcvn3', font: '.VnTime', encodeText: encodeTcvn3 },
  { suffix: 'vni', font: 'VNI-Times', encodeText: encodeVni },
] as const;

async function main(): Promise<void> {
  const blocks = parseSeed(readFileSync(join(FIXTURES, `${NAME}.txt`), 'utf8'));
  for (const { suffix, font, encodeText } of LEGACY_FIXTURES) {
    const docx = await buildSeedDocx(blocks, { font, encodeText });
    const out = join(FIXTURES, `${NAME}.${suffix}.docx`);
    writeFileSync(out, docx);
    process.stderr.write(`wrote ${out} (${docx.length} bytes, ${font})\n`);
    if (suffix === 'tcvn3') process.stderr.write(`wrote ${sofficeConvert(out, 'doc:MS Word 97', FIXTURES)}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
