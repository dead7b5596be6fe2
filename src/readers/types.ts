import type { DocumentModel, Format } from '../../schemas/document.js';
import type { Result } from '../result.js';

/** What every reader gets: the bytes already read and checked (exists, not empty, not too big). */
export interface ReaderInput {
  /** Path as given by the user (goes into provenance). */
  file: string;
  bytes: Buffer;
  sha256: string;
  format: Format;
}

/**
 * One reader per format. Returns the document model with its warnings; throws only
 * InputError (corrupt, encrypted...) for input it cannot read at all.
 */
export type Reader = (input: ReaderInput) => Promise<Result<DocumentModel>>;
