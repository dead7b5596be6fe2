// Issue 16, defect 1: a .zip whose entries are STORED (uncompressed, as Python's zipfile and many
// zip tools write them) holds the bytes of every report inside it, "word/document.xml" included. It
// must still be read as an archive of reports, every one of them imported, through the real import
// path (discover → worker threads → PGlite). And an archive that cannot be opened is a failure the
// user sees, not a skip.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDispatcher, createRunner } from '../src/ingest/embedded.js';
import { runImport } from '../src/ingest/run.js';
import type { Db } from '../src/store/db.js';
import { listReports } from '../src/store/index.js';
import { openStore } from '../src/store/open.js';
import { ensureBuilt } from './ingest.build.js';
import { makeZip } from './ingest.zipfile.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');
const CORPUS = join(FIX, 'corpus');

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'import zipfile'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('stored (uncompressed) zips of reports, imported in embedded mode', () => {
  let dir: string;
  let db: Db;
  let runner: ReturnType<typeof createRunner>;
  const files: Record<'docx' | 'pdf' | 'doc', string[]> = { docx: [], pdf: [], doc: [] };

  const importNow = (paths: string[]) => runImport(paths, { db, dispatcher: new EmbeddedDispatcher(db, runner.run, 4) });

  beforeAll(async () => {
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'sohoa-stored-zip-'));
    const { readdir } = await import('node:fs/promises');
    for (const f of (await readdir(CORPUS)).sort()) {
      const ext = f.split('.').pop()!;
      if (ext === 'docx' || ext === 'pdf' || ext === 'doc') files[ext].push(join(CORPUS, f));
    }
    db = await openStore({ dataDir: join(dir, 'data') });
    runner = createRunner({ threads: 2 });
  }, 120_000);

  afterAll(async () => {
    await runner?.close();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('has several distinct reports of each format to pack', () => {
    for (const list of Object.values(files)) expect(list.length).toBeGreaterThanOrEqual(4);
  });

  for (const format of ['docx', 'pdf', 'doc'] as const) {
    it(`imports every .${format} of a stored zip (made by our zip writer, method 0)`, async () => {
      const list = files[format];
      const entries = await Promise.all(list.map(async (p, i) => ({ name: `${2020 + (i % 3)}/Quý ${1 + (i % 4)}/bao-cao-${i}.${format}`, data: await readFile(p) })));
      const zip = makeZip(entries);
      if (format === 'docx') expect(zip.includes('word/document.xml')).toBe(true);
      const path = join(dir, `luu-tru-${format}.zip`);
      await writeFile(path, zip);
      const s = await importNow([path]);
      expect(s.details.filter((d) => d.status !== 'imported')).toEqual([]);
      expect(s).toMatchObject({ files: list.length, imported: list.length, failed: 0, skipped: 0 });
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(DISTINCT p.sha256)::int AS n FROM source_paths p JOIN reports r ON r.source_sha256 = p.sha256 WHERE p.path LIKE $1`,
        [`${path}!%`],
      );
      expect(rows[0]!.n).toBe(list.length);
    }, 180_000);
  }

  it.runIf(hasPython())("imports every report of a mixed archive written by Python's zipfile (stored by default)", async () => {
    // Copies of the fixture reports, so their contents are new to this store.
    const src = join(dir, 'py-src');
    await mkdir(join(src, 'Q3'), { recursive: true });
    const names: string[] = [];
    for (const ext of ['docx', 'pdf', 'doc'] as const) {
      await copyFile(join(FIX, `tien-dong-2023-q3.${ext}`), join(src, 'Q3', `tien-dong.${ext}`));
      names.push(`Q3/tien-dong.${ext}`);
    }
    for (const ext of ['tcvn3.docx', 'vni.docx', 'tcvn3.doc'] as const) {
      await copyFile(join(FIX, `tien-dong-2023-q3.${ext}`), join(src, `tien-dong-${ext}`));
      names.push(`tien-dong-${ext}`);
    }
    const path = join(dir, 'python.zip');
    execFileSync('python3', ['-c', 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n  for n in sys.argv[3:]: z.write(sys.argv[2] + "/" + n, n)', path, src, ...names]);
    const bytes = await readFile(path);
    expect(bytes.includes('word/document.xml')).toBe(true);
    expect(bytes.includes('%PDF-')).toBe(true);
    const before = (await listReports(db, { limit: 1000 })).length;
    const s = await importNow([path]);
    expect(s.details.filter((d) => d.status !== 'imported')).toEqual([]);
    expect(s).toMatchObject({ files: names.length, imported: names.length, failed: 0 });
    expect((await listReports(db, { limit: 1000 })).length).toBe(before + names.length);
  }, 180_000);

  it('a stored zip whose first entry is a PDF is an archive, not a PDF', async () => {
    const pdf = await readFile(join(FIX, 'tien-dong-2023-q3.pdf'));
    const zip = makeZip([{ name: 'a.pdf', data: Buffer.concat([pdf, Buffer.from('\n% copy a\n')]) }, { name: 'b.pdf', data: Buffer.concat([pdf, Buffer.from('\n% copy b\n')]) }]);
    expect(zip.subarray(0, 1024).includes('%PDF-')).toBe(true);
    const path = join(dir, 'pdf-first.zip');
    await writeFile(path, zip);
    const s = await importNow([path]);
    expect(s).toMatchObject({ files: 2, imported: 2, failed: 0 });
  }, 120_000);

  it('an archive that cannot be opened fails with its reason (and the exit code), never a quiet skip', async () => {
    const docx = await readFile(files.docx[0]!);
    const whole = makeZip([{ name: 'a.docx', data: docx }, { name: 'b.docx', data: Buffer.concat([docx]) }]);
    const path = join(dir, 'cut-short.zip');
    // Cut inside its second entry: no central directory left.
    await writeFile(path, whole.subarray(0, docx.length + 200));
    const s = await importNow([path]);
    expect(s.failed).toBe(1);
    const failed = s.details.find((d) => d.status === 'failed')!;
    expect(failed.path).toBe(path);
    expect(failed.reason).toMatch(/cut-short\.zip: archive refused: .*zip/);
    expect(s.format()).toMatch(/Failed:\n.*cut-short\.zip: archive refused/);
  }, 60_000);
});
