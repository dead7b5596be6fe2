// Shared by the reader tests: fixture bytes as a reader input, the tables of a model, a row's
// cell texts by its STT, and the InputError a reader throws.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DocumentModel, Format, TableBlock } from '../schemas/document.js';
import { InputError } from '../src/errors.js';
import type { ReaderInput } from '../src/readers/types.js';

const FIX = new URL('../fixtures/', import.meta.url);

export const input = (bytes: Buffer, file: string, format: Format): ReaderInput => ({
  file,
  bytes,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  format,
});

export const fixtureInput = (name: string, format: Format): ReaderInput => input(readFileSync(new URL(name, FIX)), name, format);

export const tables = (m: DocumentModel) => m.blocks.filter((b): b is TableBlock => b.kind === 'table');
export const rowBySTT = (t: TableBlock, stt: string) => t.rows.find((r) => r.cells[0]?.text === stt);
export const texts = (t: TableBlock, stt: string) => rowBySTT(t, stt)?.cells.map((c) => c.text);

export async function rejection(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}
