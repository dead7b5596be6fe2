// Minimal access to OLE compound files (legacy .doc, and password-protected .docx, which Office
// stores as an OLE file holding an "EncryptedPackage" stream), through word-extractor's own OLE
// reader so there is one parser of that format in the project.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface OleDirEntry {
  streams: Record<string, unknown>;
  storages: Record<string, unknown>;
}
interface OleDoc {
  read(): Promise<OleDoc>;
  stream(name: string): NodeJS.ReadableStream;
  _rootStorage: { _dirEntry: OleDirEntry };
}
type OleDocCtor = new (reader: unknown) => OleDoc;
type BufferReaderCtor = new (buffer: Buffer) => unknown;

const OleCompoundDoc = require('word-extractor/lib/ole-compound-doc.js') as OleDocCtor;
const BufferReader = require('word-extractor/lib/buffer-reader.js') as BufferReaderCtor;

interface AllocationTableProto {
  _table: number[];
  getSecIdChain(startSecId: number): number[];
}
const AllocationTable = require('word-extractor/lib/ole-allocation-table.js') as { prototype: AllocationTableProto };

// word-extractor follows a sector chain until it ends and stops early only on a sector that
// points at itself: a chain looping through two or more sectors (one flipped bit does it) grows
// its array until V8 aborts the whole process, which a parser thread's heap limit does not catch.
// The same module instance serves WordExtractor, so this walk covers its reads too. It ends where
// the original ends (a free/end marker, a sector past the table, a sector pointing at itself) and
// also on any sector already visited, so a chain is never longer than the table.
AllocationTable.prototype.getSecIdChain = function getSecIdChain(this: AllocationTableProto, startSecId: number): number[] {
  const table = this._table;
  const seen = new Set<number>();
  const secIds: number[] = [];
  let secId = startSecId;
  while (secId > -1 && !seen.has(secId)) {
    seen.add(secId);
    secIds.push(secId);
    const next = table[secId];
    if (next === undefined) break;
    secId = next;
  }
  return secIds;
};

/**
 * Why an OLE header cannot describe these bytes, or null. word-extractor sizes its arrays and
 * buffers from the header's counts before reading anything: one flipped bit in "sectors in the
 * allocation table" (4 → 1,048,580) made it allocate hundreds of MB in one go and V8 abort the
 * process. Every count must fit in the file.
 */
export function oleHeaderProblem(bytes: Buffer): string | null {
  if (bytes.length < 512) return 'shorter than an OLE header';
  const secShift = bytes.readInt16LE(30);
  const shortShift = bytes.readInt16LE(32);
  if (secShift !== 9 && secShift !== 12) return `sector size 2^${secShift}`;
  if (shortShift < 6 || shortShift >= secShift) return `short sector size 2^${shortShift}`;
  const sectors = Math.floor((bytes.length - 512) / (1 << secShift)) + 1;
  const counts: [string, number][] = [
    ['allocation table', bytes.readInt32LE(44)],
    ['short allocation table', bytes.readInt32LE(64)],
    ['master allocation table', bytes.readInt32LE(72)],
  ];
  for (const [what, n] of counts) {
    if (n < 0 || n > sectors) return `${what} of ${n} sectors in a file of ${sectors}`;
  }
  if (bytes.readInt32LE(44) === 0) return 'no allocation table';
  return null;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function isOle(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.subarray(0, 8).equals(OLE_MAGIC);
}

export function isZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5 || bytes[2] === 7);
}

export interface OleFile {
  streamNames: string[];
  /** Whole content of a root-level stream, or null if there is none by that name. */
  readStream(name: string): Promise<Buffer | null>;
}

/** Opens an OLE file; throws (a plain Error) when the structure is broken. */
export async function openOle(bytes: Buffer): Promise<OleFile> {
  const problem = oleHeaderProblem(bytes);
  if (problem) throw new Error(problem);
  const doc = await new OleCompoundDoc(new BufferReader(bytes)).read();
  const root = doc._rootStorage._dirEntry;
  const streamNames = Object.keys(root.streams);
  return {
    streamNames,
    async readStream(name: string) {
      if (!(name in root.streams)) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of doc.stream(name) as AsyncIterable<Buffer>) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
  };
}

/**
 * True when the OLE file is password-protected: an encrypted OOXML package, or a Word 97-2003
 * document whose FIB has fEncrypted (bit 0x0100 of the flags word at offset 0x0A).
 */
export async function oleIsEncrypted(ole: OleFile): Promise<boolean> {
  if (ole.streamNames.includes('EncryptedPackage') || ole.streamNames.includes('EncryptionInfo')) return true;
  const fib = await ole.readStream('WordDocument');
  if (fib && fib.length >= 0x0c) return (fib.readUInt16LE(0x0a) & 0x0100) !== 0;
  return false;
}
