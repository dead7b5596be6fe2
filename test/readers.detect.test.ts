import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { detectFormat } from '../src/readers/detect.js';

describe('detectFormat (from bytes, not names)', () => {
  it('recognises a PDF header', () => {
    expect(detectFormat(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toEqual({ kind: 'report', format: 'pdf' });
  });
  it('tells a .docx from a plain zip', () => {
    const docxLike = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....[Content_Types].xml....word/document.xml')]);
    expect(detectFormat(docxLike)).toEqual({ kind: 'report', format: 'docx' });
    expect(detectFormat(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('2023/Q3/bao-cao.pdf')]))).toEqual({ kind: 'zip' });
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
