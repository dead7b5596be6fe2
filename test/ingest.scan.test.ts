// A scheduled scan's logic against PGlite: a new file waits one scan (it may still be copying),
// a settled one is enqueued once, a growing one is not, a vanished one is marked and kept.
import { appendFile, copyFile, mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRACTOR_VERSION } from '../schemas/record.js';
import type { IngestJob } from '../src/ingest/job.js';
import { scanFolder } from '../src/ingest/scan.js';
import type { Db } from '../src/store/db.js';
import { openStore } from '../src/store/open.js';
import { storeReport } from '../src/store/reports.js';
import { makeRecord } from './store.records.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');

describe('watch scan', () => {
  let dir: string;
  let folder: string;
  let db: Db;
  const queued: IngestJob[] = [];
  const scan = () => scanFolder(db, folder, async (j) => queued.push(j));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-scan-'));
    folder = join(dir, 'inbox');
    await mkdir(folder);
    db = await openStore({ dataDir: join(dir, 'data') });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('waits one scan before taking a new file, then enqueues it once', async () => {
    await copyFile(join(FIX, 'tien-dong-2023-q3.txt'), join(folder, 'tien-dong.txt'));
    expect(await scan()).toMatchObject({ files: 1, unsettled: 1, enqueued: 0 });
    expect(await scan()).toMatchObject({ files: 1, unsettled: 0, enqueued: 1 });
    expect(queued.map((j) => j.paths[0])).toEqual([join(folder, 'tien-dong.txt')]);
    expect(await scan()).toMatchObject({ enqueued: 0 });
    expect(queued).toHaveLength(1);
  });

  it('ignores a file while it keeps growing', async () => {
    const growing = join(folder, 'dang-chep.txt');
    await writeFile(growing, 'BÁO CÁO Công tác cải cách hành chính');
    await scan();
    for (let i = 0; i < 3; i++) {
      await appendFile(growing, `\nSố hồ sơ tiếp nhận ${250 + i} hồ sơ`);
      expect(await scan()).toMatchObject({ unsettled: 1, enqueued: 0 });
    }
    expect(await scan()).toMatchObject({ unsettled: 0, enqueued: 1 });
    expect(queued.at(-1)!.paths[0]).toBe(growing);
  });

  it('does not enqueue what is already imported, and marks vanished files without deleting data', async () => {
    const rec = makeRecord({ content: 'stored-before', file: join(folder, 'da-nhap.txt'), extractorVersion: EXTRACTOR_VERSION });
    // The stored source's bytes must match the file: use the record's own content hash as bytes.
    await writeFile(join(folder, 'da-nhap.txt'), 'stored-before');
    await storeReport(db, rec);
    await scan();
    const before = queued.length;
    expect(await scan()).toMatchObject({ alreadyImported: 1, enqueued: 0 });
    expect(queued).toHaveLength(before);

    await unlink(join(folder, 'da-nhap.txt'));
    expect(await scan()).toMatchObject({ disappeared: 1 });
    const { rows } = await db.query<{ disappeared_at: Date | null }>('SELECT disappeared_at FROM source_paths WHERE path = $1', [join(folder, 'da-nhap.txt')]);
    expect(rows[0]!.disappeared_at).toBeInstanceOf(Date);
    const { rows: reports } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM reports');
    expect(reports[0]!.n).toBe(1);
  });
});
