// Detects a file's format from its bytes, never from its name: archives are full of
// PDFs renamed .doc and Word files saved as .pdf. A zip is told apart (a .docx, another Office file,
// or an archive of reports) by the entry names of its central directory, never by searching its
// bytes: a zip that *stores* a .docx uncompressed contains "word/document.xml" too.
import { inflateRawSync } from 'node:zlib';
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
  // A zip first: a zip that stores a PDF uncompressed has "%PDF-" within its first 1024 bytes.
  if (isZipMagic(bytes)) return classifyZip(bytes);

  // PDF: the header may be preceded by junk (the spec allows it within the first 1024 bytes).
  const pdfAt = bytes.subarray(0, 1024).indexOf('%PDF-');
  if (pdfAt >= 0) return { kind: 'report', format: 'pdf' };

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


/** "PK\3\4" (a local file header) or "PK\5\6" (an empty zip's end record) at the start. */
export function isZipMagic(bytes: Buffer): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const END64_SIG = 0x06064b50;
const END64_LOCATOR_SIG = 0x07064b50;
/** Entries looked at when classifying: a .docx has a few dozen; an archive's first ones decide. */
const MAX_NAMES = 100_000;

export interface ZipName {
  /** '/'-separated, as stored (read as Latin-1: only ASCII names are compared). */
  name: string;
  /** Offset of the entry's local header. */
  localOffset: number;
}

export interface ZipDirectory {
  /** Where the names came from: the central directory, or (damaged zip) the local headers in order. */
  source: 'central' | 'local';
  entries: ZipName[];
}

const u16 = (b: Buffer, o: number) => (o >= 0 && o + 2 <= b.length ? b.readUInt16LE(o) : -1);
const u32 = (b: Buffer, o: number) => (o >= 0 && o + 4 <= b.length ? b.readUInt32LE(o) : -1);

/** Walks a central directory at `start`; null unless every entry up to `count` (or `size` bytes) parses. */
function walkCentral(bytes: Buffer, start: number, size: number, count: number): ZipName[] | null {
  if (start < 0 || start + size > bytes.length) return null;
  const entries: ZipName[] = [];
  let o = start;
  const end = start + size;
  while (o < end && entries.length < Math.min(count, MAX_NAMES)) {
    if (u32(bytes, o) !== CENTRAL_SIG || o + 46 > end) return null;
    const n = u16(bytes, o + 28);
    const m = u16(bytes, o + 30);
    const k = u16(bytes, o + 32);
    if (o + 46 + n + m + k > end) return null;
    entries.push({ name: bytes.toString('latin1', o + 46, o + 46 + n).replace(/\\/g, '/'), localOffset: u32(bytes, o + 42) });
    o += 46 + n + m + k;
  }
  return entries.length > 0 || count === 0 ? entries : null;
}

/** The central directory's entries (via the end record, zip64 included), or null when it cannot be found whole. */
function centralDirectory(bytes: Buffer): ZipName[] | null {
  // The end record is in the last 22 + 65535 bytes (its comment may be that long); a comment may
  // itself contain the signature, so every candidate is tried from the end.
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= floor; at--) {
    if (bytes[at] !== 0x50 || u32(bytes, at) !== END_SIG) continue;
    let count = u16(bytes, at + 10);
    let size = u32(bytes, at + 12);
    let offset = u32(bytes, at + 16);
    let endAt = at;
    if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
      // Zip64: a locator just before the end record points to the zip64 end record.
      if (u32(bytes, at - 20) !== END64_LOCATOR_SIG) continue;
      const e64 = Number(bytes.readBigUInt64LE(at - 20 + 8));
      if (e64 + 56 > bytes.length || u32(bytes, e64) !== END64_SIG) continue;
      count = Number(bytes.readBigUInt64LE(e64 + 32));
      size = Number(bytes.readBigUInt64LE(e64 + 40));
      offset = Number(bytes.readBigUInt64LE(e64 + 48));
      endAt = e64;
    }
    // Only a directory where its end record says: a truncated archive still holds the end record
    // of a .docx stored in it, whose offsets point into the archive's first entries instead. (A
    // zip with a prepended stub does not start with "PK", so it never gets here.)
    if (offset + size > endAt) continue;
    const found = walkCentral(bytes, offset, size, count);
    if (found) return found;
  }
  return null;
}

/** The local headers from the start, in order, as far as their sizes allow (a truncated zip). */
function localHeaders(bytes: Buffer): ZipName[] {
  const entries: ZipName[] = [];
  let o = 0;
  while (entries.length < MAX_NAMES && u32(bytes, o) === LOCAL_SIG && o + 30 <= bytes.length) {
    const flags = u16(bytes, o + 6);
    const compressed = u32(bytes, o + 18);
    const n = u16(bytes, o + 26);
    const m = u16(bytes, o + 28);
    if (o + 30 + n > bytes.length) break;
    entries.push({ name: bytes.toString('latin1', o + 30, o + 30 + n).replace(/\\/g, '/'), localOffset: o });
    // With a data descriptor (bit 3) the size follows the data: the next header cannot be found.
    if (flags & 0x8 && compressed === 0) break;
    o += 30 + n + m + compressed;
  }
  return entries;
}

/** A zip's entry names from its central directory, else from its local headers; null when neither gives any. */
export function zipDirectory(bytes: Buffer): ZipDirectory | null {
  let central: ZipName[] | null;
  try {
    central = centralDirectory(bytes);
  } catch {
    // Offsets past what a Buffer can address (a lying zip64 record): no directory.
    central = null;
  }
  if (central) return { source: 'central', entries: central };
  const local = localHeaders(bytes);
  return local.length ? { source: 'local', entries: local } : null;
}

/** The (small) entry at a local header, inflated; null when unreadable. */
function entryBytes(bytes: Buffer, localOffset: number, limit = 1024 * 1024): Buffer | null {
  try {
    if (u32(bytes, localOffset) !== LOCAL_SIG) return null;
    const method = u16(bytes, localOffset + 8);
    const compressed = u32(bytes, localOffset + 18);
    const start = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
    const data = bytes.subarray(start, compressed > 0 ? start + compressed : bytes.length);
    if (method === 0) return data.subarray(0, limit);
    if (method === 8) return inflateRawSync(data, { maxOutputLength: limit });
    return null;
  } catch {
    return null;
  }
}

const WORD_MAIN = /wordprocessingml\.document\.main|wordprocessingml\.template\.main/;
const OFFICE_MAIN = /(spreadsheetml|presentationml)\.[a-z]+\.main|ms-excel|ms-powerpoint/;

/**
 * A zip by the names at the root of its directory: "[Content_Types].xml" and "word/document.xml"
 * make a Word package (some writers name the main part otherwise and declare it in the content
 * types); "[Content_Types].xml" alone another Office file; anything else an archive. A zip whose
 * directory cannot be read at all is an archive too: opening it gives the reason the user sees.
 */
function classifyZip(bytes: Buffer): Detected {
  const dir = zipDirectory(bytes);
  if (!dir) return { kind: 'zip' };
  const names = new Set(dir.entries.map((e) => e.name));
  if (names.has('word/document.xml')) return { kind: 'report', format: 'docx' };
  const types = dir.entries.find((e) => e.name === '[Content_Types].xml');
  if (!types) {
    // A damaged Word package whose first local headers are its parts (word/…, _rels/…): still a .docx,
    // which the Word reader refuses with its reason; an archive's first entry is a report, not a part.
    if (dir.source === 'local' && dir.entries.some((e) => e.name.startsWith('word/'))) return { kind: 'report', format: 'docx' };
    return { kind: 'zip' };
  }
  const xml = entryBytes(bytes, types.localOffset)?.toString('utf8') ?? '';
  if (WORD_MAIN.test(xml)) return { kind: 'report', format: 'docx' };
  if (OFFICE_MAIN.test(xml) || names.has('xl/workbook.xml') || names.has('ppt/presentation.xml'))
    return { kind: 'unsupported', what: 'an Office file that is not a Word document' };
  // An Office package without a Word part, or whose content types cannot be read: taken as a
  // .docx, so the Word reader refuses it with its reason (a damaged file is shown, not skipped).
  return xml === '' || dir.source === 'local' ? { kind: 'report', format: 'docx' } : { kind: 'unsupported', what: 'an Office file that is not a Word document' };
}
