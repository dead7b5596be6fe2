// A minimal zip writer for tests: lets a test craft entries real tools refuse to write
// ("../evil.docx", absolute paths, CP437 names, a deflated bomb). The fuzzer's writer, told no lies.
import { writeZip } from '../scripts/fuzz/zip.js';

export interface ZipInput {
  name: string | Buffer;
  data: Buffer;
  deflate?: boolean;
  /** Set the UTF-8 name flag (bit 11). Default true for string names. */
  utf8?: boolean;
}

export function makeZip(entries: ZipInput[]): Buffer {
  return writeZip(entries);
}
