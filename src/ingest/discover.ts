// Turns walked files into report candidates, reading bytes (never trusting names): report files
// (PDF, DOCX, DOC, text) are hashed; .zip archives are opened and their entries treated the same;
// everything else is skipped with a note.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import yauzl from 'yauzl';
import type { Format } from '../../schemas/document.js';
import { MAX_FILE_BYTES } from '../errors.js';
import { detectFormat, isZipMagic } from '../readers/detect.js';
import { walkFiles, type WalkNote } from './walk.js';
import { DEFAULT_ZIP_LIMITS, walkZip, type ZipLimits } from './zip.js';

export type Found =
  | {
      kind: 'report';
      /** Logical path: a file path, or "archive.zip!inner/path.docx". */
      path: string;
      sha256: string;
      size: number;
      /** Null when the bytes say "report" but not which (an encrypted Office file): the pipeline reports why it fails. */
      format: Format | null;
      /** Stat of the file on disk (the archive's for entries), for `watch`. */
      mtimeMs: number;
      diskSize: number;
    }
  | { kind: 'skip'; path: string; reason: string }
  /** Could not be looked into at all (an archive that cannot be read): a failure the user sees. */
  | { kind: 'fail'; path: string; reason: string };

export interface DiscoverOptions {
  maxBytes?: number;
  zipLimits?: ZipLimits;
}

// Text is recognised by bytes, but a .csv or .json is text too: only these names are read as reports.
const TEXT_EXTENSIONS = new Set(['', '.txt', '.md', '.markdown', '.html', '.htm']);
const BROKEN_REPORT_EXTENSIONS = new Set(['.pdf', '.docx', '.doc']);

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function head(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** A zip whose central directory names word/document.xml is a .docx, not an archive to open. */
async function zipIsDocx(path: string): Promise<boolean> {
  try {
    const zip = await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: false, autoClose: false });
    try {
      const found = await new Promise<boolean>((resolve, reject) => {
        zip.on('entry', (e: yauzl.Entry) => {
          if ((e.fileName as unknown as Buffer).toString('latin1') === 'word/document.xml') resolve(true);
          else zip.readEntry();
        });
        zip.on('end', () => resolve(false));
        zip.on('error', reject);
        zip.readEntry();
      });
      return found;
    } finally {
      zip.close();
    }
  } catch {
    return false;
  }
}

/** Classifies bytes already in memory; `null` means "an archive". */
export function classify(bytes: Buffer, name: string): { format: Format | null } | { skip: string } | null {
  const d = detectFormat(bytes);
  switch (d.kind) {
    case 'zip':
      return null;
    case 'encrypted':
      return { format: null };
    case 'unsupported':
      return { skip: `not a report: ${d.what}` };
    case 'report': {
      const ext = extname(name).toLowerCase();
      // Text under a report's binary name (a failed download, a stub) is a broken report: it goes
      // on and fails with its reason, so the import shows it; other text files (.csv…) are skipped.
      if ((d.format === 'txt' || d.format === 'md' || d.format === 'html') && !TEXT_EXTENSIONS.has(ext) && !BROKEN_REPORT_EXTENSIONS.has(ext) && bytes.length > 0)
        return { skip: `not a report: a text file named ${ext}` };
      return { format: d.format };
    }
  }
}

/** Every report candidate under `inputs`, in walk order, with skip notes interleaved. */
export async function* discover(inputs: string[], opts: DiscoverOptions = {}): AsyncGenerator<Found> {
  const maxBytes = opts.maxBytes ?? MAX_FILE_BYTES;
  const limits = opts.zipLimits ?? DEFAULT_ZIP_LIMITS;
  const notes: WalkNote[] = [];
  const flushNotes = function* (): Generator<Found> {
    while (notes.length) {
      const n = notes.shift()!;
      yield { kind: 'skip', path: n.path, reason: n.reason };
    }
  };

  for await (const file of walkFiles(inputs, (n) => notes.push(n))) {
    yield* flushNotes();
    const stat = { mtimeMs: file.mtimeMs, diskSize: file.size };
    let bytes: Buffer | null = null;
    let isArchive: boolean;
    /** A zip too big to read whole whose directory names word/document.xml. */
    let bigDocx = false;
    try {
      if (file.size <= maxBytes) {
        bytes = await readFile(file.path);
        isArchive = classify(bytes, file.path) === null;
      } else if (isZipMagic(await head(file.path, 8))) {
        bigDocx = await zipIsDocx(file.path);
        isArchive = !bigDocx;
      } else isArchive = false;
    } catch (e) {
      yield { kind: 'skip', path: file.path, reason: `cannot read (${(e as NodeJS.ErrnoException).code})` };
      continue;
    }
    if (isArchive) {
      bytes = null;
      const entries: Found[] = [];
      const r = await walkZip(file.path, { ...limits, maxEntryBytes: Math.min(limits.maxEntryBytes, maxBytes) }, async (v) => {
        const path = `${file.path}!${v.info.name}`;
        const entryBytes = await v.read();
        const c = classify(entryBytes, v.info.name);
        if (c === null) entries.push({ kind: 'skip', path, reason: 'archive inside an archive is not opened' });
        else if ('skip' in c) entries.push({ kind: 'skip', path, reason: c.skip });
        else entries.push({ kind: 'report', path, sha256: sha256(entryBytes), size: entryBytes.length, format: c.format, ...stat });
      });
      yield* entries;
      for (const x of r.refused) yield { kind: 'skip', path: `${file.path}!${x.name}`, reason: x.reason };
      // A zip that lists nothing (its end record says 0 entries: damaged, or really empty) is never
      // silent: under a report's name it is a broken report, else an empty archive (fuzz, issue 16).
      if (!r.archiveRefused && entries.length === 0 && r.refused.length === 0) {
        if (BROKEN_REPORT_EXTENSIONS.has(extname(file.path).toLowerCase())) yield { kind: 'fail', path: file.path, reason: `${file.path}: file is corrupt (a zip archive listing no entries)` };
        else yield { kind: 'skip', path: file.path, reason: 'empty archive (no entries)' };
      }
      // An archive that cannot be opened is a failure, never a quiet skip: its reports are in there.
      if (r.archiveRefused) yield { kind: 'fail', path: file.path, reason: `${file.path}: archive refused: ${r.archiveRefused}` };
      continue;
    }
    if (!bytes) {
      // Too big to read whole: classified by its first bytes; a report stays a candidate (it fails
      // as too_big with its reason, so status shows it) and is hashed as a stream.
      const c = bigDocx ? { format: 'docx' as const } : classify(await head(file.path, 4096), file.path);
      if (c === null || 'skip' in c) yield { kind: 'skip', path: file.path, reason: c ? c.skip : 'not a report' };
      else yield { kind: 'report', path: file.path, sha256: await hashFile(file.path), size: file.size, format: c.format, ...stat };
      continue;
    }
    const c = classify(bytes, file.path)!;
    if ('skip' in c) yield { kind: 'skip', path: file.path, reason: c.skip };
    else yield { kind: 'report', path: file.path, sha256: sha256(bytes), size: bytes.length, format: c.format, ...stat };
  }
  yield* flushNotes();
}

/** Quick count of files to look at (zip entries included) for the progress bar; reads no content. */
export async function countFiles(inputs: string[], opts: DiscoverOptions = {}): Promise<number> {
  let n = 0;
  const limits = opts.zipLimits ?? DEFAULT_ZIP_LIMITS;
  for await (const file of walkFiles(inputs, () => undefined)) {
    if (extname(file.path).toLowerCase() === '.zip') {
      const r = await walkZip(file.path, limits, async () => {
        n++;
      });
      if (r.archiveRefused) n++;
    } else n++;
  }
  return n;
}
