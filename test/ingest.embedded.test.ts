// Embedded mode end to end: real files (fixtures/) through the real pipeline on worker threads
// into PGlite in a temp folder.
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDispatcher, createRunner } from '../src/ingest/embedded.js';
import { runImport } from '../src/ingest/run.js';
import type { Db } from '../src/store/db.js';
import { openStore } from '../src/store/open.js';
import { listReports, sourceCounts, getSource } from '../src/store/index.js';
import { ensureBuilt } from './ingest.build.js';
import { makeZip } from './ingest.zipfile.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');

describe('embedded import (worker threads + PGlite)', () => {
  let dir: string;
  let input: string;
  let db: Db;
  let runner: ReturnType<typeof createRunner>;

  const importNow = (paths: string[]) =>
    runImport(paths, { db, dispatcher: new EmbeddedDispatcher(db, runner.run, 4) });

  beforeAll(async () => {
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'sohoa-embedded-'));
    input = join(dir, 'archive');
    await mkdir(join(input, '2023', 'Q3'), { recursive: true });
    await mkdir(join(input, 'loop'), { recursive: true });
    for (const ext of ['docx', 'pdf', 'txt']) await copyFile(join(FIX, `tien-dong-2023-q3.${ext}`), join(input, '2023', 'Q3', `tien-dong.${ext}`));
    await copyFile(join(FIX, 'bad', 'truncated.pdf'), join(input, '2023', 'hong.pdf'));
    await writeFile(join(input, '2023', 'ghi-chu.csv'), 'STT,Chỉ tiêu\n1,Số hồ sơ\n');
    // A link back up the tree: the walk must end.
    await symlink(input, join(input, 'loop', 'up'));
    // The same .docx inside a zip (stored twice: one source, two paths), plus a report only in the zip.
    const docx = await readFile(join(FIX, 'tien-dong-2023-q3.docx'));
    const doc = await readFile(join(FIX, 'tien-dong-2023-q3.doc'));
    await writeFile(
      join(input, 'luu-tru-2023.zip'),
      makeZip([
        { name: '2023/Quý III/Báo cáo.docx', data: docx, deflate: true },
        { name: '2023/Quý III/Báo cáo.doc', data: doc, deflate: true },
        { name: '../thoat-ra.doc', data: doc },
      ]),
    );
    db = await openStore({ dataDir: join(dir, 'data') });
    runner = createRunner({ threads: 2 });
  }, 120_000);

  afterAll(async () => {
    await runner?.close();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uses worker threads from dist/', () => {
    expect(runner.threads).toBe(2);
    expect(runner.pool).toBeDefined();
  });

  it('imports a folder and a zip, storing every source once, failing the corrupt file alone', async () => {
    const s = await importNow([input]);
    const byStatus = (st: string) => s.details.filter((d) => d.status === st).map((d) => d.path.slice(input.length));
    // docx, pdf, txt, the zip's .doc: four reports.
    expect(byStatus('imported').sort()).toEqual(['/2023/Q3/tien-dong.docx', '/2023/Q3/tien-dong.pdf', '/2023/Q3/tien-dong.txt', '/luu-tru-2023.zip!2023/Quý III/Báo cáo.doc'].sort());
    expect(byStatus('failed')).toEqual(['/2023/hong.pdf']);
    expect(s.details.find((d) => d.status === 'failed')!.reason).toMatch(/hong\.pdf: file is corrupt/);
    const skipped = s.details.filter((d) => d.status === 'skipped');
    expect(skipped.find((d) => d.path.endsWith('ghi-chu.csv'))!.reason).toMatch(/not a report/);
    expect(skipped.find((d) => d.path.endsWith('!../thoat-ra.doc'))!.reason).toMatch(/escaping/);
    expect(skipped.find((d) => d.path.endsWith('loop/up'))!.reason).toMatch(/already visited/);
    expect(skipped.find((d) => d.path.endsWith('Báo cáo.docx'))!.reason).toMatch(/same content as .*tien-dong\.docx/);
    expect(s).toMatchObject({ imported: 4, failed: 1 });
    expect(s.files).toBe(s.imported + s.failed + s.skipped);

    expect(await sourceCounts(db)).toMatchObject({ done: 4, failed: 1, queued: 0, processing: 0 });
    expect(await listReports(db)).toHaveLength(4);
    const { rows } = await db.query<{ path: string }>(
      `SELECT p.path FROM source_paths p JOIN sources s USING (sha256) WHERE s.format = 'docx' ORDER BY p.path`,
    );
    expect(rows.map((r) => r.path.slice(input.length))).toEqual(['/2023/Q3/tien-dong.docx', '/luu-tru-2023.zip!2023/Quý III/Báo cáo.docx']);
    // Nothing extracted from the zip was left behind, or written next to it.
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(input)).sort()).toEqual(['2023', 'loop', 'luu-tru-2023.zip']);
  }, 120_000);

  it('does no work the second time', async () => {
    const s = await importNow([input]);
    expect(s).toMatchObject({ imported: 0, failed: 0 });
    expect(s.details.filter((d) => d.reason === 'already imported')).toHaveLength(4);
    expect(s.details.filter((d) => d.reason?.startsWith('failed before: '))).toHaveLength(1);
  }, 60_000);

  it('finishes what an interrupted run left queued or processing', async () => {
    const [r] = await listReports(db, {});
    // As a crash would leave it: marked processing, report never stored.
    await db.query(`UPDATE sources SET status = 'processing' WHERE sha256 = $1`, [r!.sourceSha256]);
    await db.query('DELETE FROM indicators WHERE report_id = $1', [r!.id]);
    const s = await importNow([input]);
    expect(s.imported).toBe(1);
    expect((await getSource(db, r!.sourceSha256))!.status).toBe('done');
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM indicators WHERE report_id = $1', [r!.id]);
    expect(rows[0]!.n).toBeGreaterThan(0);
  }, 60_000);
});
