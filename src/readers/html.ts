// Reader for reports saved as HTML ("Web page" from Word, or converter output): the same cheerio
// walk the .docx reader applies to mammoth's HTML, so both give the same document model.
import type { DocumentModel } from '../../schemas/document.js';
import { result } from '../result.js';
import { htmlToBlocks } from './docx.js';
import type { Reader } from './types.js';

function decodeHtml(bytes: Buffer): string {
  const head = bytes.subarray(0, 2048).toString('latin1');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  // Word's "Web page" export declares windows-1258 or utf-8; anything but utf-8 is left to text repair.
  if (/charset=["']?utf-?8/i.test(head) || !/charset=/i.test(head)) return bytes.toString('utf8');
  return bytes.toString('latin1');
}

export const readHtml: Reader = async (input) => {
  const html = decodeHtml(input.bytes);
  const fonts = [...new Set([...html.matchAll(/font-family:\s*["']?([^;"',]+)/gi)].map((m) => m[1]!.trim()))];
  const blocks = htmlToBlocks(html, input.file, []);
  const doc: DocumentModel = {
    source: { file: input.file, sha256: input.sha256, format: 'html', size: input.bytes.length, pages: null },
    blocks,
    fonts,
    pageInfo: [],
  };
  return result(doc);
};
