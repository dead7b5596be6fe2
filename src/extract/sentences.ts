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

/** [start, end) ranges of the sentences of one text (spaces trimmed, empty ones dropped). */
export function splitSentences(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  const push = (s: number, e: number) => {
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) ranges.push([s, e]);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      // A line break inside a block ends a sentence only when the line is finished or the next
      // starts a list item; otherwise it is a PDF line wrap.
      const before = text.slice(start, i).trimEnd();
      const after = text.slice(i + 1).trimStart();
      if (/[.;:!?]$/.test(before) || /^[-+•]/.test(after)) {
        push(start, i);
        start = i + 1;
      }
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== '…') continue;
    const next = text[i + 1];
    if (next !== undefined && !/\s/.test(next)) continue; // "1.000", "./.", "v.v"
    const rest = text.slice(i + 1).trimStart();
    if (rest === '') continue;
    // The next sentence starts with a capital, a digit, a quote, a bracket or a list mark.
    if (!/^[\p{Lu}\d"“'‘(\-+•]/u.test(rest)) continue;
    const head = text.slice(start, i);
    const lastWord = /(\S+)$/.exec(head)?.[1]?.toLowerCase() ?? '';
    if (ch === '.' && ABBREVIATIONS.has(lastWord)) continue;
    if (ch === '.' && NUMBERING.test(head)) continue;
    push(start, i + 1);
    start = i + 1;
  }
  push(start, text.length);
  return ranges;
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
