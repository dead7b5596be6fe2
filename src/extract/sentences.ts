// Narrative text, cut into sentences that remember exactly where they came from.
// Every extractor matches on a *folded view* of the text that has the same length as the text
// itself, so an offset found in the view is an offset in the block: spans need no mapping back.
import type { Block, DocumentModel, Provenance } from '../../schemas/document.js';
import { clean, foldSameLength } from '../text/fold.js';

/** A stored string from a slice of block text: NFC, Markdown marks dropped, spaces collapsed. */
export function tidy(text: string): string {
  return clean(text.replace(/[*#]+/g, ' ')).replace(/\s+([,.;:)])/g, '$1').replace(/([(])\s+/g, '$1');
}

// A unit foldSameLength turns into a space (whitespace and the Markdown marks * and #).
const FOLDS_TO_SPACE = /[\s*#]/;

/** True for the heading that opens the appendix ("PHỤ LỤC", "Phụ lục I", "PHỤ LỤC KÈM THEO…"). */
export function isAppendixHeading(text: string): boolean {
  // Every block is asked: look at the first word before folding the whole text. foldSameLength
  // works unit by unit, so the head folded alone is the head of the folded text.
  let start = 0;
  while (start < text.length && FOLDS_TO_SPACE.test(text[start]!)) start++;
  if (!/^phu luc\b/.test(foldSameLength(text.slice(start, start + 8)))) return false;
  const f = foldSameLength(text).trim();
  return /^phu luc\b/.test(f) && f.length < 160 && !/[.;]\s*$/.test(f.replace(/\s+$/, ''));
}

/** Index of the first appendix block, or blocks.length when the report has no appendix. */
export function narrativeEnd(doc: DocumentModel): number {
  const i = doc.blocks.findIndex((b) => b.kind !== 'table' && isAppendixHeading(b.text));
  return i < 0 ? doc.blocks.length : i;
}

export interface TextBlock {
  /** Index in doc.blocks. */
  index: number;
  block: Exclude<Block, { kind: 'table' }>;
  /** Block text in NFC (what spans index into). */
  text: string;
  folded: string;
}

/** Heading and paragraph blocks of the narrative (before the appendix), in order. */
export function narrativeBlocks(doc: DocumentModel): TextBlock[] {
  const end = narrativeEnd(doc);
  const out: TextBlock[] = [];
  for (let i = 0; i < end; i++) {
    const block = doc.blocks[i]!;
    if (block.kind === 'table') continue;
    const text = block.text.normalize('NFC');
    out.push({ index: i, block, text, folded: foldSameLength(text) });
  }
  return out;
}

export interface Sentence {
  /** Index of the block in doc.blocks. */
  block: number;
  /** [start, end) offsets into the block's NFC text. */
  start: number;
  end: number;
  /** The sentence as printed (a slice of the block text). */
  text: string;
  /** foldSameLength(text): match on this, slice `text` with the same offsets. */
  folded: string;
  heading: boolean;
  listItem: boolean;
  /** Provenance of the block (file, page...) without span. */
  blockProv: Provenance;
}

// Words whose trailing dot is an abbreviation, not a sentence end ("TM. ỦY BAN", "TP. Hải Dương").
const ABBREVIATIONS = new Set(['tm', 'kt', 'tl', 'tuq', 'q', 'tp', 'tx', 'tt', 'ths', 'ts', 'pgs', 'gs', 'bs', 'ks', 'đ/c', 'v.v', 'vv', 'ông', 'bà', 'st', 'no']);
// Leading list numbering that ends with a dot: "I.", "2.", "2.1.", "a." — not a sentence.
const NUMBERING = /^\s*(?:[ivxlc]+|\d+(?:\.\d+)*|[a-zđ])\s*$/i;

// Whether a UTF-16 unit is whitespace (/\s/): 0 not yet known, 1 yes, 2 no.
const spaceUnits = new Uint8Array(0x10000);
function isSpaceAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  let known = spaceUnits[code]!;
  if (known === 0) known = spaceUnits[code] = /\s/.test(String.fromCharCode(code)) ? 1 : 2;
  return known === 1;
}
const SENTENCE_START = /^[\p{Lu}\d"“'‘(\-+•]/u;
const LINE_END = /[.;:!?]/;
const LIST_MARK = /[-+•]/;

/** [start, end) ranges of the sentences of one text (spaces trimmed, empty ones dropped). */
export function splitSentences(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const n = text.length;
  let start = 0;
  // The boundary tests look only next to the break (the last character before it, the first
  // after), never at copies of the text on either side, which made long blocks quadratic.
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      // A line break inside a block ends a sentence only when the line is finished or the next
      // starts a list item; otherwise it is a PDF line wrap.
      let before = i;
      while (before > start && isSpaceAt(text, before - 1)) before--;
      let after = i + 1;
      while (after < n && isSpaceAt(text, after)) after++;
      if ((before > start && LINE_END.test(text[before - 1]!)) || (after < n && LIST_MARK.test(text[after]!))) {
        pushTrimmed(ranges, text, start, i);
        start = i + 1;
      }
      continue;
    }
    // '.', '!', '?', '…'
    if (code !== 0x2e && code !== 0x21 && code !== 0x3f && code !== 0x2026) continue;
    if (i + 1 < n && !isSpaceAt(text, i + 1)) continue; // "1.000", "./.", "v.v"
    let restAt = i + 1;
    while (restAt < n && isSpaceAt(text, restAt)) restAt++;
    if (restAt === n) continue;
    // The next sentence starts with a capital, a digit, a quote, a bracket or a list mark.
    if (!SENTENCE_START.test(text.slice(restAt, restAt + 2))) continue;
    let wordAt = i;
    while (wordAt > start && !isSpaceAt(text, wordAt - 1)) wordAt--;
    if (code === 0x2e && ABBREVIATIONS.has(text.slice(wordAt, i).toLowerCase())) continue;
    if (code === 0x2e && NUMBERING.test(text.slice(start, i))) continue;
    pushTrimmed(ranges, text, start, i + 1);
    start = i + 1;
  }
  pushTrimmed(ranges, text, start, n);
  return ranges;
}

function pushTrimmed(ranges: Array<[number, number]>, text: string, s: number, e: number): void {
  while (s < e && isSpaceAt(text, s)) s++;
  while (e > s && isSpaceAt(text, e - 1)) e--;
  if (e > s) ranges.push([s, e]);
}

/** Sentences of the narrative blocks, each tied to its block. */
export function narrativeSentences(doc: DocumentModel): Sentence[] {
  return narrativeBlocks(doc).flatMap((tb) => sentencesOf(tb));
}

export function sentencesOf(tb: TextBlock): Sentence[] {
  return splitSentences(tb.text).map(([start, end]) => ({
    block: tb.index,
    start,
    end,
    text: tb.text.slice(start, end),
    folded: tb.folded.slice(start, end),
    heading: tb.block.kind === 'heading',
    listItem: tb.block.kind === 'paragraph' && tb.block.listItem === true,
    blockProv: tb.block.prov,
  }));
}

// tidy(s.text) of each sentence, which every fact read from it stores: computed once per sentence.
const tidied = new WeakMap<Sentence, string>();

/** tidy(s.text), remembered for the sentence. */
export function tidySentence(s: Sentence): string {
  let t = tidied.get(s);
  if (t === undefined) tidied.set(s, (t = tidy(s.text)));
  return t;
}

/** Provenance of [relStart, relEnd) inside a sentence, as a span of the block text. */
export function spanProv(s: Sentence, relStart: number, relEnd: number): Provenance {
  return { ...s.blockProv, block: s.block, span: [s.start + relStart, s.start + relEnd] };
}
