// The edge where a path becomes bytes: checks the file (missing, empty, too big), detects the
// format from its bytes and hands it to that format's reader. Readers load lazily, so a process
// that only reads .docx never pays for pdf.js.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { DocumentModel, Format } from '../../schemas/document.js';
import { InputError, MAX_FILE_BYTES, errorLine } from '../errors.js';
import type { Result } from '../result.js';
import { detectFormat } from './detect.js';
import type { Reader, ReaderInput } from './types.js';

const BINARY_EXTENSIONS = new Set(['.pdf', '.docx', '.doc', '.docm', '.dotx', '.xlsx', '.xls', '.zip']);

export interface LoadOptions {
  maxBytes?: number;
  /** Name to record in provenance instead of the path (e.g. "archive.zip!2023/q3.docx"). */
  displayName?: string;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads and checks a file; throws InputError with a one-line reason for anything unusable. */
export async function loadInput(path: string, options: LoadOptions = {}): Promise<ReaderInput> {
  const file = options.displayName ?? path;
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new InputError('unsupported', file, 'a folder, not a file');
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError('missing', file);
    throw new InputError('unreadable', file, code ?? String(e));
  }
  if (size === 0) throw new InputError('empty', file);
  if (size > maxBytes) throw new InputError('too_big', file, `${size} bytes, limit ${maxBytes}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new InputError('unreadable', file, (e as NodeJS.ErrnoException).code ?? String(e));
  }
  return inputFromBytes(bytes, file, maxBytes);
}

/** Same checks for bytes already in memory (zip entries). */
export function inputFromBytes(bytes: Buffer, file: string, maxBytes = MAX_FILE_BYTES): ReaderInput {
  if (bytes.length === 0) throw new InputError('empty', file);
  if (bytes.length > maxBytes) throw new InputError('too_big', file, `${bytes.length} bytes, limit ${maxBytes}`);
  const detected = detectFormat(bytes);
  switch (detected.kind) {
    case 'report': {
      // The bytes decide the format, but plain text under a binary format's name is a broken
      // file (a failed download, a text stub), not a report to read as text.
      const ext = extname(file).toLowerCase();
      if ((detected.format === 'txt' || detected.format === 'md') && BINARY_EXTENSIONS.has(ext)) {
        throw new InputError('corrupt', file, `named ${ext} but contains plain text`);
      }
      return { file, bytes, sha256: sha256(bytes), format: detected.format };
    }
    case 'zip':
      throw new InputError('unsupported', file, 'a zip archive; use `sohoa import` to read archives');
    case 'encrypted':
      throw new InputError('encrypted', file, detected.what);
    case 'unsupported':
      throw new InputError('unsupported', file, detected.what);
  }
}

async function readerFor(format: Format): Promise<Reader> {
  switch (format) {
    case 'pdf':
      return (await import('./pdf.js')).readPdf;
    case 'docx':
    case 'doc':
      return (await import('./word.js')).readWord;
    case 'html':
      return (await import('./html.js')).readHtml;
    case 'txt':
    case 'md':
      return (await import('./text.js')).readText;
  }
}

/** Runs the reader for the detected format. Reader failures that are not InputErrors mean corrupt input. */
export async function readDocument(input: ReaderInput): Promise<Result<DocumentModel>> {
  const reader = await readerFor(input.format);
  try {
    return await reader(input);
  } catch (e) {
    if (e instanceof InputError) throw e;
    // A reader library choking on the bytes is the file's fault, not ours: one line, no stack.
    throw new InputError('corrupt', input.file, `${input.format} reader: ${errorLine(e)}`);
  }
}
