// Page images without a browser: where each side of a conflict was printed, and the page cache —
// rendered once, found again, refused when the source file is gone or holds other bytes now.
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../src/pipeline.js';
import { applyCorrection, correctionHistory, getConflict, listConflicts, listFacts, listIndicators, openStore, storeReport, type Db } from '../src/store/index.js';
import { conflictSides } from '../src/web/sides.js';
import { MESSAGES, pageImage, pageImagesView, pagePlace, sidePages } from '../src/web/page-images.js';
import { encodeGray4Png } from '../src/web/png.js';
import { makeZip } from './ingest.zipfile.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'tien-dong-2023-q3.pdf');

describe('encodeGray4Png', () => {
  it('writes a valid 4-bit gray PNG whose pixels are the nearest of 16 levels', () => {
    const width = 5;
    const height = 3;
    const pixels = Uint8Array.from({ length: width * height }, (_, i) => (i * 37) % 256);
    const png = encodeGray4Png({ width, height, pixels });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(width);
    expect(png.readUInt32BE(20)).toBe(height);
    expect([png[24], png[25]]).toEqual([4, 0]);
    // Every chunk's CRC holds, and the pixels come back from IDAT with the "up" filter undone.
    let at = 8;
    let idat = Buffer.alloc(0);
    while (at < png.length) {
      const len = png.readUInt32BE(at);
      const type = png.subarray(at + 4, at + 8).toString('ascii');
      expect(png.readUInt32BE(at + 8 + len)).toBe(crc32(png.subarray(at + 4, at + 8 + len)) >>> 0);
      if (type === 'IDAT') idat = Buffer.concat([idat, png.subarray(at + 8, at + 8 + len)]);
      at += 12 + len;
    }
    const raw = inflateSync(idat);
    const stride = Math.ceil(width / 2);
    let prev = Buffer.alloc(stride);
    for (let y = 0; y < height; y++) {
      const line = raw.subarray(y * (stride + 1), (y + 1) * (stride + 1));
      expect(line[0]).toBe(2);
      const row = Buffer.from(line.subarray(1).map((b, i) => (b + prev[i]!) & 0xff));
      for (let x = 0; x < width; x++) {
        const v = x & 1 ? row[x >> 1]! & 15 : row[x >> 1]! >> 4;
        expect(v * 17, `pixel ${x},${y}`).toBe(Math.min(255, Math.round(pixels[y * width + x]! / 17) * 17));
      }
      prev = row;
    }
  });
});

describe('pagePlace', () => {
  it('takes the box page over the row page and refuses malformed boxes', () => {
    expect(pagePlace({ page: 3, bbox: [1, 2, 3, 4] })).toEqual({ page: 3, box: [1, 2, 3, 4] });
    expect(pagePlace({ page: 3, boxPage: 4, bbox: [1, 2, 3, 4] })).toEqual({ page: 4, box: [1, 2, 3, 4] });
    expect(pagePlace({ page: 3, bbox: [5, 2, 3, 4] })).toEqual({ page: 3, box: null });
    expect(pagePlace({ page: 3, bbox: ['1', 2, 3, 4] })).toEqual({ page: 3, box: null });
    expect(pagePlace({ block: 2 })).toBeNull();
    expect(pagePlace({ page: 0 })).toBeNull();
    expect(pagePlace(null)).toBeNull();
  });
});

describe('page images of a stored PDF report', () => {
  let dir: string;
  let db: Db;
  let reportId: number;
  let copy: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-pages-'));
    db = await openStore({ dataDir: join(dir, 'data') });
    copy = join(dir, 'bao-cao.pdf');
    await copyFile(SEED, copy);
    const { value } = await extractFile(copy);
    ({ reportId } = await storeReport(db, value, { paths: [copy] }));
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("gives each side its own row's page and box; one field with several values, each value's evidence", async () => {
    const [indicators, facts] = await Promise.all([listIndicators(db, reportId), listFacts(db, reportId)]);
    const rate = (await listConflicts(db, { reportId, rule: 'rate_mismatch' })).find((c) => c.refs[0] === 'form1:2')!;
    const detail = await getConflict(db, rate.id);
    const placed = sidePages(detail, conflictSides(detail), indicators, facts);
    expect(placed.map((p) => [p.ref, p.page])).toEqual([
      ['form1:2', 11],
      ['form1:2.2', 11],
      ['form1:2.1', 11],
    ]);
    expect(placed.every((p) => p.box !== null && p.url === `/pages/${reportId}/11.png`)).toBe(true);
    // The two sides' boxes are two rows of one column: same x, different y.
    expect(placed[0]!.box![1]).toBeLessThan(placed[2]!.box![1]);

    const cited = (await listConflicts(db, { reportId, rule: 'citation_date_conflict' }))[0]!;
    const citedDetail = await getConflict(db, cited.id);
    const citedPlaces = sidePages(citedDetail, conflictSides(citedDetail), indicators, facts);
    expect(citedPlaces).toHaveLength(2);
    expect(new Set(citedPlaces.map((p) => p.page)).size).toBe(2);
  });

  it('renders a page once, then serves it from the cache; says when the file changed or is gone', async () => {
    const cache = join(dir, 'cache');
    const sha = (await getConflict(db, (await listConflicts(db, { reportId }))[0]!.id)).report.sourceSha256;
    const first = await pageImage(db, sha, 11, cache);
    expect(first.ok && !first.cached).toBe(true);
    if (!first.ok) return;
    expect(first.png.subarray(1, 4).toString()).toBe('PNG');
    const second = await pageImage(db, sha, 11, cache);
    expect(second.ok && second.cached).toBe(true);
    expect(await readdir(join(cache, sha.slice(0, 2)))).toHaveLength(1);
    // Two requests at once for a new page share one render.
    const [a, b] = await Promise.all([pageImage(db, sha, 2, cache), pageImage(db, sha, 2, cache)]);
    expect(a).toBe(b);
    expect(await pageImage(db, sha, 99, cache)).toMatchObject({ ok: false, status: 404, reason: 'noPage' });

    await writeFile(copy, 'không còn là báo cáo');
    expect(await pageImage(db, sha, 3, cache)).toMatchObject({ ok: false, reason: 'changed' });
    await rm(copy);
    expect(await pageImage(db, sha, 3, cache)).toMatchObject({ ok: false, status: 404, reason: 'gone' });
    // A page rendered before the file went is still served from the cache.
    expect(await pageImage(db, sha, 11, cache)).toMatchObject({ ok: true, cached: true });

    const rate = (await listConflicts(db, { reportId, rule: 'rate_mismatch' }))[0]!;
    const detail = await getConflict(db, rate.id);
    const [indicators, facts] = await Promise.all([listIndicators(db, reportId), listFacts(db, reportId)]);
    const sides = conflictSides(detail);
    process.env.SOHOA_PAGE_CACHE = join(dir, 'empty-cache');
    try {
      expect((await pageImagesView(db, detail, sides, indicators, facts)).unavailable).toBe(MESSAGES.gone);
    } finally {
      delete process.env.SOHOA_PAGE_CACHE;
    }
  }, 60_000);

  it('renders a page of a report found only inside a .zip archive', async () => {
    const archive = join(dir, 'luu-tru.zip');
    await writeFile(archive, makeZip([{ name: 'nam-2023/quy-3/bao-cao.pdf', data: await readFile(SEED), deflate: true }]));
    const { value } = await extractFile(SEED);
    const other = await openStore({ dataDir: join(dir, 'zip-data') });
    try {
      const { reportId: id } = await storeReport(other, value, { paths: [`${archive}!nam-2023/quy-3/bao-cao.pdf`] });
      const sha = (await getConflict(other, (await listConflicts(other, { reportId: id }))[0]!.id)).report.sourceSha256;
      const ours = async () => new Set((await readdir(tmpdir())).filter((f) => f.startsWith('sohoa-page-') || f.startsWith('sohoa-render-')));
      const before = await ours();
      const out = await pageImage(other, sha, 5, join(dir, 'zip-cache'));
      expect(out).toMatchObject({ ok: true, cached: false });
      // Nothing of the entry is left in the temp folder once the page is cached.
      expect([...(await ours())].filter((f) => !before.has(f))).toEqual([]);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('a correction read from the page keeps its page and box', async () => {
    const box: [number, number, number, number] = [459.9, 58.6, 480.9, 69.8];
    await applyCorrection(db, { reportId, ref: 'form1:2', value: 76.92, reason: 'đọc trên trang in', author: 'lan', readFrom: { page: 11, box } });
    await applyCorrection(db, { reportId, ref: 'form1:2.1', value: 26, reason: 'xác nhận', author: 'lan' });
    const [read] = await correctionHistory(db, { reportId, ref: 'form1:2' });
    expect(read!.readFrom).toEqual({ page: 11, box });
    const [plain] = await correctionHistory(db, { reportId, ref: 'form1:2.1' });
    expect(plain!.readFrom).toBeNull();
    // Append-only, like the corrections themselves.
    await expect(db.query('DELETE FROM correction_sources')).rejects.toThrow(/append-only/);
  });
});
