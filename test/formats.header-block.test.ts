// The official header block and the signature block in real files: reports written as HTML and
// laid out by LibreOffice into .docx (a borderless two-column table), .pdf (two columns sharing
// text lines) and .doc (the columns' lines run together), the road the development set's reports
// took. Every format must give the same metadata. Issue 14, item 1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sofficeBatch } from '../scripts/corpus/write.js';
import { extractFile } from '../src/pipeline.js';
import { CASES } from './header-block.cases.js';

let haveSoffice = false;
try {
  execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 });
  haveSoffice = true;
} catch {
  haveSoffice = false;
}

const FORMATS = ['docx', 'pdf', 'doc'] as const;

describe.skipIf(!haveSoffice && !process.env.SOHOA_REQUIRE_SERVICES)('header and signature blocks laid out by LibreOffice', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sohoa-header-block-'));
    const inputs = CASES.map((c) => {
      const p = join(dir, `${c.name}.html`);
      writeFileSync(p, c.html);
      return p;
    });
    for (const f of FORMATS) sofficeBatch(inputs, f, dir);
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    for (const f of FORMATS) {
      it(`${c.name}.${f}`, async () => {
        const { value: record } = await extractFile(join(dir, `${c.name}.${f}`));
        const { provenance: _p, ...report } = record.report!;
        expect(report).toMatchObject(c.expected);
        if (!('dateMonth' in c.expected)) expect(report.dateMonth).toBeUndefined();
      });
    }
  }
});
