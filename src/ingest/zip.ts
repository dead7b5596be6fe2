// Reading report files out of .zip archives with yauzl, defensively: entry names are only labels
// (never used to write anywhere), and archives that would inflate absurdly are refused.
import { createWriteStream } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { MAX_FILE_BYTES } from '../errors.js';

export interface ZipLimits {
  /** Largest entry read (uncompressed bytes). */
  maxEntryBytes: number;
  /** Sum of the declared uncompressed sizes of the entries read from one archive. */
  maxTotalBytes: number;
  /** Uncompressed/compressed ratio above which an entry is refused as a likely bomb. */
  maxRatio: number;
  /** Entries per archive. */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: MAX_FILE_BYTES,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
  // Word files compress 3-10x, text up to ~20x; 100x is a bomb, not a report.
  maxRatio: 100,
  maxEntries: 50_000,
};

/** Entries below this size are not ratio-checked: a 2 KB file of spaces is harmless. */
const RATIO_FLOOR = 1024 * 1024;

export interface ZipEntryInfo {
  /** Decoded, '/'-separated name as stored. */
  name: string;
  size: number;
  compressedSize: number;
}

export interface ZipRefusal {
  name: string;
  reason: string;
}

/**
 * Names are decoded by hand (decodeStrings: false) so one bad name refuses that entry only,
 * instead of yauzl aborting the whole archive. Without the UTF-8 flag, names are tried as UTF-8
 * (what current Windows and macOS tools write) and fall back to CP437 (the zip default).
 */
export function decodeEntryName(raw: Buffer, flags: number): string {
  let name: string;
  if (flags & 0x800) name = raw.toString('utf8');
  else {
    try {
      name = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      name = iconv.decode(raw, 'cp437');
    }
  }
  return name.normalize('NFC').replace(/\\/g, '/');
}

/** Why an entry must not be read, or null. Pure, so the limits are unit-testable. */
export function refuseEntry(name: string, size: number, compressedSize: number, limits: ZipLimits): string | null {
  // A NUL cannot be stored (PostgreSQL text) nor be a file name anywhere: an import stopped on it.
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'entry name with control characters refused';
  if (/^[a-zA-Z]:/.test(name) || name.startsWith('/')) return 'absolute path in archive refused';
  if (name.split('/').includes('..')) return 'path escaping the archive (..) refused';
  if (size > limits.maxEntryBytes) return `entry too big (${size} bytes, limit ${limits.maxEntryBytes})`;
  if (size > RATIO_FLOOR && (compressedSize === 0 || size / compressedSize > limits.maxRatio))
    return `compression ratio ${compressedSize ? Math.round(size / compressedSize) : '∞'}:1 looks like a zip bomb`;
  return null;
}

async function openZip(path: string): Promise<yauzl.ZipFile> {
  return yauzl.openPromise(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false });
}

/** Iterates the central directory; `entry.fileName` is raw bytes since decodeStrings is false. */
async function* readEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const next = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry) => done(() => resolve(e));
      const onEnd = () => done(() => resolve(null));
      const onError = (err: Error) => done(() => reject(err));
      const done = (f: () => void) => {
        zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
        f();
      };
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}

function entryName(e: yauzl.Entry): string {
  return decodeEntryName(e.fileName as unknown as Buffer, e.generalPurposeBitFlag);
}

/** Counts bytes through a stream and fails past a limit (declared sizes can lie). */
function byteLimit(limit: number, label: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > limit) cb(new Error(`${label}: more than ${limit} bytes when inflated`));
      else cb(null, chunk);
    },
  });
}

export interface ZipVisit {
  info: ZipEntryInfo;
  /** Reads the entry into memory (within limits). */
  read(): Promise<Buffer>;
}

export interface ZipWalkResult {
  refused: ZipRefusal[];
  /** Set when the whole archive was refused (unreadable, too many entries, too big in total). */
  archiveRefused?: string;
}

/**
 * Visits the file entries of an archive one at a time (folders skipped), refusing unsafe ones.
 * `visit` may call `read()`; entries are read in central-directory order from one open file.
 */
export async function walkZip(path: string, limits: ZipLimits, visit: (v: ZipVisit) => Promise<void>): Promise<ZipWalkResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (e) {
    return { refused: [], archiveRefused: `unreadable zip archive (${(e as Error).message})` };
  }
  const refused: ZipRefusal[] = [];
  try {
    if (zip.entryCount > limits.maxEntries) return { refused, archiveRefused: `${zip.entryCount} entries, limit ${limits.maxEntries}` };
    let total = 0;
    for await (const e of readEntries(zip)) {
      const name = entryName(e);
      if (name.endsWith('/')) continue;
      const why = e.isEncrypted() ? 'encrypted zip entry' : refuseEntry(name, e.uncompressedSize, e.compressedSize, limits);
      if (why) {
        refused.push({ name, reason: why });
        continue;
      }
      total += e.uncompressedSize;
      if (total > limits.maxTotalBytes) return { refused, archiveRefused: `more than ${limits.maxTotalBytes} bytes when inflated` };
      await visit({
        info: { name, size: e.uncompressedSize, compressedSize: e.compressedSize },
        read: async () => {
          const stream = await zip.openReadStreamPromise(e);
          const chunks: Buffer[] = [];
          await pipeline(stream, byteLimit(limits.maxEntryBytes, name), async function* (src) {
            for await (const c of src) chunks.push(c as Buffer);
          });
          return Buffer.concat(chunks);
        },
      });
    }
    return { refused };
  } catch (e) {
    return { refused, archiveRefused: `damaged zip archive (${(e as Error).message})` };
  } finally {
    zip.close();
  }
}

/** Lists the file entries (for counting before the real pass). */
export async function listZip(path: string, limits: ZipLimits): Promise<{ entries: ZipEntryInfo[] } & ZipWalkResult> {
  const entries: ZipEntryInfo[] = [];
  const r = await walkZip(path, limits, async (v) => {
    entries.push(v.info);
  });
  return { entries, ...r };
}

/** A file name safe to create: letters, digits, '.', '-', '_' only; keeps the extension. */
export function safeFileName(name: string, index: number): string {
  const ext = extname(name).toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 10);
  const stem = basename(name, extname(name))
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[.]+/, '')
    .slice(0, 80);
  return `${index}-${stem || 'entry'}${ext}`;
}

/**
 * Extracts one named entry to a fresh file inside `dir` (a per-job temp folder) and returns its
 * path. The file name is sanitised, so no entry name can place bytes outside `dir`.
 */
export async function extractEntry(archive: string, name: string, dir: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<string | null> {
  const zip = await openZip(archive);
  try {
    let index = 0;
    for await (const e of readEntries(zip)) {
      index++;
      if (entryName(e) !== name) continue;
      const why = e.isEncrypted() ? 'encrypted zip entry' : refuseEntry(name, e.uncompressedSize, e.compressedSize, limits);
      if (why) throw new Error(why);
      const out = join(dir, safeFileName(name, index));
      await pipeline(await zip.openReadStreamPromise(e), byteLimit(limits.maxEntryBytes, name), createWriteStream(out, { flags: 'wx' }));
      return out;
    }
    return null;
  } finally {
    zip.close();
  }
}
