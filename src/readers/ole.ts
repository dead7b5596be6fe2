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
