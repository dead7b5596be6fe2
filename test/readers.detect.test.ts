import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat, zipDirectory } from '../src/readers/detect.js';
import { makeZip } from './ingest.zipfile.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');
const WORD_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

describe('detectFormat (from bytes, not names)', () => {
  it('recognises a PDF header', () => {
    expect(detectFormat(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toEqual({ kind: 'report', format: 'pdf' });
  });
  it('tells a .docx from a plain zip by the names in its central directory', () => {
    const docxLike = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from(WORD_TYPES), deflate: true },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>'), deflate: true },
    ]);
    expect(detectFormat(docxLike)).toEqual({ kind: 'report', format: 'docx' });
    expect(detectFormat(makeZip([{ name: '2023/Q3/bao-cao.pdf', data: Buffer.from('%PDF-1.4\n') }]))).toEqual({ kind: 'zip' });
    expect(detectFormat(readFileSync(join(FIX, 'tien-dong-2023-q3.docx')))).toEqual({ kind: 'report', format: 'docx' });
  });

  it("takes a zip that STORES reports (uncompressed, the default of Python zipfile) for an archive, whatever is inside", () => {
    const docx = readFileSync(join(FIX, 'tien-dong-2023-q3.docx'));
    const pdf = readFileSync(join(FIX, 'tien-dong-2023-q3.pdf'));
    const doc = readFileSync(join(FIX, 'tien-dong-2023-q3.doc'));
    // The archive's bytes contain "word/document.xml", "[Content_Types].xml", "%PDF-" near the start
    // and "WordDocument": none of it is the archive's own directory.
    for (const entries of [
      [{ name: 'a.docx', data: docx }, { name: 'b.docx', data: docx }],
      [{ name: 'q3.pdf', data: pdf }, { name: 'q3.docx', data: docx }],
      [{ name: 'q3.doc', data: doc }, { name: 'Quý III/q3.docx', data: docx }],
    ]) {
      const zip = makeZip(entries);
      expect(zip.includes('word/document.xml')).toBe(true);
      expect(detectFormat(zip)).toEqual({ kind: 'zip' });
    }
    // A folder of unpacked .docx parts inside an archive is not a package at the root either.
    expect(detectFormat(makeZip([{ name: 'x/[Content_Types].xml', data: Buffer.from(WORD_TYPES) }, { name: 'x/word/document.xml', data: Buffer.from('<w/>') }]))).toEqual({ kind: 'zip' });
  });

  it('finds the directory behind a comment holding a fake end record, and in an empty zip', () => {
    const docx = readFileSync(join(FIX, 'tien-dong-2023-q3.docx'));
    const withComment = Buffer.concat([docx.subarray(0, docx.length - 2), Buffer.from([40, 0]), Buffer.from('PK\u0005\u0006 a comment with a fake end record ')]);
    expect(detectFormat(withComment)).toEqual({ kind: 'report', format: 'docx' });
    const stored = makeZip([{ name: 'a.docx', data: docx }]);
    expect(zipDirectory(stored)!.entries.map((e) => e.name)).toEqual(['a.docx']);
    const empty = Buffer.alloc(22);
    empty.writeUInt32LE(0x06054b50, 0);
    expect(detectFormat(empty)).toEqual({ kind: 'zip' });
  });

  it('reads the content types when the main part has another name; other Office files are refused', () => {
    const renamed = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from(WORD_TYPES.replace('/word/document.xml', '/word/main.xml')), deflate: true },
      { name: 'word/main.xml', data: Buffer.from('<w:document/>') },
    ]);
    expect(detectFormat(renamed)).toEqual({ kind: 'report', format: 'docx' });
    const xlsx = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'), deflate: true },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    ]);
    expect(detectFormat(xlsx)).toEqual({ kind: 'unsupported', what: 'an Office file that is not a Word document' });
  });

  it('a truncated .docx (no directory left) is still a .docx, so its reader says why it fails', () => {
    const docx = readFileSync(join(FIX, 'tien-dong-2023-q3.docx'));
    expect(detectFormat(docx.subarray(0, 3000))).toEqual({ kind: 'report', format: 'docx' });
    expect(detectFormat(readFileSync(join(FIX, 'bad', 'truncated.docx')))).toEqual({ kind: 'report', format: 'docx' });
    // A truncated archive has no directory and a report as its first entry: an archive, which
    // opening then refuses with its reason.
    const archive = makeZip([{ name: 'a.docx', data: docx }, { name: 'b.docx', data: docx }]);
    expect(detectFormat(archive.subarray(0, docx.length + 100))).toEqual({ kind: 'zip' });
  });
  it('recognises legacy Word and encrypted Office files', () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(detectFormat(Buffer.concat([ole, Buffer.alloc(100), Buffer.from('WordDocument', 'utf16le')]))).toEqual({ kind: 'report', format: 'doc' });
    expect(detectFormat(Buffer.concat([ole, Buffer.from('EncryptedPackage', 'utf16le')])).kind).toBe('encrypted');
  });
  it('refuses images, whatever their name', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), deflateSync(Buffer.alloc(10))]);
    expect(detectFormat(png)).toEqual({ kind: 'unsupported', what: 'a PNG image' });
  });
  it('reads Vietnamese text and Markdown as text formats', () => {
    expect(detectFormat(Buffer.from('BÁO CÁO\nCông tác cải cách hành chính'))).toEqual({ kind: 'report', format: 'txt' });
    expect(detectFormat(Buffer.from('## **II. KẾT QUẢ THỰC HIỆN**\n'))).toEqual({ kind: 'report', format: 'md' });
    expect(detectFormat(Buffer.from('<!DOCTYPE html><html><body><p>Báo cáo</p>'))).toEqual({ kind: 'report', format: 'html' });
  });
});

describe('zip classification on damaged bytes never throws', () => {
  it('survives truncation at every offset of a small zip and random bit flips', () => {
    const docx = readFileSync(join(FIX, 'tien-dong-2023-q3.docx'));
    const archive = makeZip([{ name: 'a.pdf', data: Buffer.from('%PDF-1.4\n') }, { name: 'b.docx', data: docx.subarray(0, 2000) }]);
    for (let n = 4; n <= archive.length; n += 7) expect(() => detectFormat(archive.subarray(0, n))).not.toThrow();
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 300; i++) {
      const b = Buffer.from(docx);
      for (let k = 0; k < 8; k++) b[4 + Math.floor(rnd() * (b.length - 4))] ^= 1 << Math.floor(rnd() * 8);
      // Also damage the end record, where the directory is found.
      b[b.length - 1 - Math.floor(rnd() * 22)] ^= 0xff;
      expect(() => detectFormat(b)).not.toThrow();
    }
    // A zip64 end record pointing nowhere.
    const end = Buffer.alloc(22 + 20);
    end.writeUInt32LE(0x04034b50, 0);
    end.writeUInt32LE(0x07064b50, 0);
    end.writeBigUInt64LE(2n ** 60n, 8);
    end.writeUInt32LE(0x06054b50, 20);
    end.writeUInt16LE(0xffff, 30);
    end.writeUInt32LE(0xffffffff, 36);
    expect(() => detectFormat(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), end]))).not.toThrow();
  });
});
