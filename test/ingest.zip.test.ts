import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_LIMITS, decodeEntryName, extractEntry, listZip, refuseEntry, safeFileName } from '../src/ingest/zip.js';
import { makeZip } from './ingest.zipfile.js';

const text = (s: string) => Buffer.from(s, 'utf8');

describe('zip entry limits', () => {
  it('refuses names that would escape the archive', () => {
    expect(refuseEntry('../bao-cao.docx', 10, 10, DEFAULT_ZIP_LIMITS)).toMatch(/\.\./);
    expect(refuseEntry('2023/../../etc/passwd', 10, 10, DEFAULT_ZIP_LIMITS)).toMatch(/\.\./);
    expect(refuseEntry('/etc/passwd', 10, 10, DEFAULT_ZIP_LIMITS)).toMatch(/absolute/);
    expect(refuseEntry('C:/Windows/bao-cao.doc', 10, 10, DEFAULT_ZIP_LIMITS)).toMatch(/absolute/);
    expect(refuseEntry('2023/Quý III/Báo cáo CCHC xã Tiên Động.docx', 10, 10, DEFAULT_ZIP_LIMITS)).toBeNull();
  });

  it('refuses entries too big or compressed like a bomb', () => {
    expect(refuseEntry('a.pdf', DEFAULT_ZIP_LIMITS.maxEntryBytes + 1, DEFAULT_ZIP_LIMITS.maxEntryBytes, DEFAULT_ZIP_LIMITS)).toMatch(/too big/);
    expect(refuseEntry('a.txt', 40 * 1024 * 1024, 40 * 1024, DEFAULT_ZIP_LIMITS)).toMatch(/ratio 1024:1/);
    // Small files may compress well without being refused.
    expect(refuseEntry('a.txt', 4000, 20, DEFAULT_ZIP_LIMITS)).toBeNull();
  });

  it('decodes names: UTF-8 flag, unflagged UTF-8 (Windows 10+), CP437 legacy', () => {
    expect(decodeEntryName(text('Quý III/Báo cáo.docx'), 0x800)).toBe('Quý III/Báo cáo.docx');
    expect(decodeEntryName(text('Quý III\\Báo cáo.docx'), 0)).toBe('Quý III/Báo cáo.docx');
    expect(decodeEntryName(iconv.encode('BAO CAO é.doc', 'cp437'), 0)).toBe('BAO CAO é.doc');
  });

  it('makes temp file names that cannot leave their folder', () => {
    expect(safeFileName('../../etc/passwd', 3)).toBe('3-passwd');
    expect(safeFileName('2023/Quý III/Báo cáo xã Tiên Động.DOCX', 1)).toBe('1-Báo_cáo_xã_Tiên_Động.docx');
    expect(safeFileName('..', 2)).toBe('2-entry');
  });
});

describe('reading archives', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-zip-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists safe entries and refuses the rest one by one, without aborting the archive', async () => {
    const zip = join(dir, 'mixed.zip');
    await writeFile(
      zip,
      makeZip([
        { name: '2023/Q3/tien-dong.txt', data: text('BÁO CÁO Công tác cải cách hành chính Quý III năm 2023') },
        { name: '../evil.txt', data: text('x') },
        { name: '/abs.txt', data: text('x') },
        { name: 'bomb.txt', data: Buffer.alloc(8 * 1024 * 1024), deflate: true },
        { name: '2023/', data: Buffer.alloc(0) },
      ]),
    );
    const r = await listZip(zip, DEFAULT_ZIP_LIMITS);
    expect(r.entries.map((e) => e.name)).toEqual(['2023/Q3/tien-dong.txt']);
    expect(r.refused.map((x) => x.name)).toEqual(['../evil.txt', '/abs.txt', 'bomb.txt']);
    expect(r.refused[2]!.reason).toMatch(/zip bomb/);
    expect(r.archiveRefused).toBeUndefined();
  });

  it('refuses an archive over the total size limit', async () => {
    const zip = join(dir, 'total.zip');
    await writeFile(zip, makeZip([1, 2, 3].map((i) => ({ name: `${i}.txt`, data: Buffer.alloc(1000, 65) }))));
    const r = await listZip(zip, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 2500 });
    expect(r.archiveRefused).toMatch(/2500 bytes/);
  });

  it('reports an unreadable archive instead of throwing', async () => {
    const zip = join(dir, 'broken.zip');
    await writeFile(zip, Buffer.from('PK\u0003\u0004 not really a zip'));
    expect((await listZip(zip, DEFAULT_ZIP_LIMITS)).archiveRefused).toMatch(/unreadable|damaged/);
  });

  it('extracts one entry into the job folder under a sanitised name only', async () => {
    const zip = join(dir, 'one.zip');
    const body = text('Số hồ sơ tiếp nhận 259 hồ sơ');
    await writeFile(zip, makeZip([{ name: 'a.txt', data: text('a') }, { name: '2023/Q3/Báo cáo.txt', data: body, deflate: true }]));
    const out = join(dir, 'job');
    await rm(out, { recursive: true, force: true });
    await (await import('node:fs/promises')).mkdir(out);
    const path = await extractEntry(zip, '2023/Q3/Báo cáo.txt', out);
    expect(path).toBe(join(out, '2-Báo_cáo.txt'));
    expect(await readFile(path!)).toEqual(body);
    expect(await readdir(out)).toEqual(['2-Báo_cáo.txt']);
    expect(await extractEntry(zip, 'missing.txt', out)).toBeNull();
  });

  it('stops inflating an entry that lies about its size', async () => {
    const zip = join(dir, 'liar.zip');
    const bytes = makeZip([{ name: 'x.txt', data: Buffer.alloc(5000, 66), deflate: true }]);
    // Patch both declared uncompressed sizes (local header and central directory) down to 100.
    bytes.writeUInt32LE(100, 22);
    const cd = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(100, cd + 24);
    await writeFile(zip, bytes);
    const out = await mkdtemp(join(dir, 'job-'));
    await expect(extractEntry(zip, 'x.txt', out)).rejects.toThrow();
  });
});
