// Detects a file's format from its bytes, never from its name: archives are full of
// PDFs renamed .doc and Word files saved as .pdf.
import type { Format } from '../../schemas/document.js';

export type Detected =
  | { kind: 'report'; format: Format }
  | { kind: 'zip' }
  | { kind: 'encrypted'; what: string }
  | { kind: 'unsupported'; what: string };

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

function startsWith(bytes: Buffer, magic: number[] | Buffer, offset = 0): boolean {
  if (bytes.length < offset + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[offset + i] !== magic[i]) return false;
  return true;
}

/** True when the bytes look like text (UTF-8 or an 8-bit code page), i.e. no NUL bytes early on. */
function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (head.includes(0)) return false;
  let control = 0;
  for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  return control / Math.max(1, head.length) < 0.01;
}

export function detectFormat(bytes: Buffer): Detected {
  // PDF: the header may be preceded by junk (the spec allows it within the first 1024 bytes).
  const pdfAt = bytes.subarray(0, 1024).indexOf('%PDF-');
  if (pdfAt >= 0) return { kind: 'report', format: 'pdf' };

  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // A .docx is a zip whose central directory names word/document.xml (names are stored uncompressed).
    if (bytes.includes('word/document.xml')) return { kind: 'report', format: 'docx' };
    if (bytes.includes('[Content_Types].xml')) return { kind: 'unsupported', what: 'an Office file that is not a Word document' };
    return { kind: 'zip' };
  }

  if (startsWith(bytes, OLE_MAGIC)) {
    // An encrypted .docx is an OLE container holding an EncryptedPackage stream.
    if (bytes.includes(utf16('EncryptedPackage'))) return { kind: 'encrypted', what: 'password-protected Office document' };
    if (bytes.includes(utf16('WordDocument'))) return { kind: 'report', format: 'doc' };
    return { kind: 'unsupported', what: 'an OLE file that is not a Word document (Excel? PowerPoint?)' };
  }

  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return { kind: 'unsupported', what: 'a PNG image' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'unsupported', what: 'a JPEG image' };
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return { kind: 'unsupported', what: 'a GIF image' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return { kind: 'unsupported', what: 'a TIFF image' };
  if (startsWith(bytes, Buffer.from('{\\rtf'))) return { kind: 'unsupported', what: 'an RTF document' };
  if (startsWith(bytes, [0x52, 0x61, 0x72, 0x21])) return { kind: 'unsupported', what: 'a RAR archive' };
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) return { kind: 'unsupported', what: 'a 7z archive' };

  if (looksLikeText(bytes)) {
    const head = bytes.subarray(0, 2048).toString('utf8').replace(/^\ufeff/, '').trimStart().toLowerCase();
    if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<(body|table|p)[\s>]/.test(head.slice(0, 400)))
      return { kind: 'report', format: 'html' };
    if (/^#{1,6}\s/m.test(head) || /\*\*[^*]+\*\*/.test(head)) return { kind: 'report', format: 'md' };
    return { kind: 'report', format: 'txt' };
  }
  return { kind: 'unsupported', what: 'an unknown binary format' };
}
