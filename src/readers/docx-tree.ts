// The .docx reader's fast path: blocks straight from mammoth's document tree.
//
// The public API (mammoth.convertToHtml) gives HTML, which the reader used to parse back with
// cheerio: writing and re-parsing that HTML cost more CPU than mammoth's reading of the package.
// Here mammoth's own docx reader (lib/docx/docx-reader.js, the step convertToHtml runs before its
// HTML writer) reads the package, and its document tree — paragraphs with style and numbering,
// runs with bold/italic/font, tables with colSpan/rowSpan, breaks, hyperlinks — is walked into
// the same blocks the HTML walk (htmlToBlocks) builds from convertToHtml's output.
//
// Why that is sound: the tree is what convertToHtml itself converts, so only the conversion is
// ours. It follows mammoth's conversion (lib/document-to-html.js) for the reader's style map:
// which paragraphs become headings or list items (the same style-map matching: style ids exactly,
// style names case-insensitively, numbering level and kind), which runs are bold, italic or set in
// a tagged font, which run and paragraph styles produce "Unrecognised style" warnings and in what
// order, and what the HTML round trip does to text (a parsed HTML text node drops U+0000). Where the
// HTML result depends on more than that — footnote/endnote references (their notes are appended as
// a list), list levels nested inside table cells (the HTML nests them inside the previous item),
// nested hyperlinks (the HTML parser re-parents them), an embedded mammoth style map, images that
// cannot be read (the HTML writer reports an error), any element type not listed below — the walk
// gives up and the caller takes the HTML path, so those documents read exactly as before.
// mammoth's internals are used only for the release this was checked against (see
// CHECKED_MAMMOTH_VERSION); test/readers.docx.test.ts compares both paths on every fixture.
import { createRequire } from 'node:module';
import type { Block, TableBlock } from '../../schemas/document.js';
import { fontNumber, resolveRunFont, type StyleFonts } from './docx-fonts.js';
import { allRuns, LIST_MARK, toRuns, type Seg } from './docx-runs.js';
import { CHECKED_MAMMOTH_VERSION, mammothVersion } from './docx-xml.js';
import { resolveGrid, type RawCell } from './grid.js';

const require = createRequire(import.meta.url);

/** How many distinct fonts per document the HTML path can carry as style-map markers (and so this path too). */
export const MAX_FONT_MARKS = 64;
/** Run style name prefix of the HTML path's font markers. */
export const FONT_CLASS = 'sohoa-font-';

export interface MammothMessage {
  type: string;
  message: string;
}

/** A node of mammoth's document tree (lib/documents.js), with the fields the .docx reader reads. */
export interface DocNode {
  type: string;
  children?: DocNode[];
  styleId?: string | null;
  styleName?: string | null;
  numbering?: { level?: unknown; isOrdered?: unknown } | null;
  font?: string | null;
  isBold?: boolean;
  isItalic?: boolean;
  isStrikethrough?: boolean;
  verticalAlignment?: string;
  href?: string;
  anchor?: string;
  targetFrame?: string | null;
  value?: string;
  breakType?: string;
  colSpan?: unknown;
  rowSpan?: unknown;
  readAsArrayBuffer?: () => Promise<unknown>;
}

interface DocxFile {
  exists(name: string): boolean;
}

interface MammothInternals {
  openZip(input: { buffer: Buffer }): Promise<DocxFile>;
  readDocx(docxFile: DocxFile, input: object, options: object): Promise<{ value: DocNode; messages: MammothMessage[] }>;
}

function loadInternals(): MammothInternals | undefined {
  if (mammothVersion !== CHECKED_MAMMOTH_VERSION) return undefined;
  const unzip = require('mammoth/lib/unzip.js') as { openZip: MammothInternals['openZip'] };
  const docxReader = require('mammoth/lib/docx/docx-reader.js') as { read: MammothInternals['readDocx'] };
  return { openZip: unzip.openZip, readDocx: docxReader.read };
}

const internals = loadInternals();

/** Whether the fast path is available (mammoth is the checked release). */
export const treePathAvailable = internals !== undefined;

/** The walk met something only the HTML path reproduces. */
class NeedsHtmlPath extends Error {}

const needsHtml = (): never => {
  throw new NeedsHtmlPath();
};

export interface TreeResult {
  blocks: Block[];
  /** Fonts in the order runs first use them (as the HTML path's font tagger collects them). */
  fonts: string[];
  /** mammoth's messages, as convertToHtml would return them. */
  messages: MammothMessage[];
}

/**
 * Reads the .docx with mammoth's docx reader and builds the blocks from its document tree.
 * Undefined when the document needs the HTML path, or mammoth could not read it (the HTML path
 * then reports the error exactly as before).
 */
export async function readDocxTree(bytes: Buffer, file: string, styles: StyleFonts): Promise<TreeResult | undefined> {
  if (!internals) return undefined;
  try {
    const docxFile = await internals.openZip({ buffer: bytes });
    // convertToHtml applies a style map embedded in the package; the walk knows only the reader's own.
    if (docxFile.exists('mammoth/style-map')) return undefined;
    // As convertToHtml calls it: no input path, no external file access.
    const read = await internals.readDocx(docxFile, {}, { externalFileAccess: false });
    const walk = new TreeWalk(file, styles);
    const blocks = walk.document(read.value);
    for (const image of walk.images) {
      // convertToHtml inlines every image as a data URI and reports an error for one it cannot read.
      if (typeof image.readAsArrayBuffer !== 'function') return undefined;
      await image.readAsArrayBuffer();
    }
    return { blocks, fonts: walk.fonts, messages: combineMessages(read.messages, walk.warnings) };
  } catch {
    return undefined;
  }
}

/** mammoth's Result message merge: in order, without repeating a (type, message) pair. */
function combineMessages(...lists: MammothMessage[][]): MammothMessage[] {
  const out: MammothMessage[] = [];
  for (const list of lists) {
    for (const m of list) if (!out.some((o) => o.type === m.type && o.message === m.message)) out.push(m);
  }
  return out;
}

const sameName = (name: string | null | undefined, wanted: string) => !!name && name.toUpperCase() === wanted.toUpperCase();

/** Run styles that mammoth's default style map maps to nothing (so no "Unrecognised" warning). */
const PLAIN_RUN_STYLES = ['footnote reference', 'endnote reference', 'annotation reference', 'Footnote anchor', 'Endnote anchor', 'Hyperlink'];
/** Paragraph styles that mammoth's default style map maps to a plain paragraph. */
const PLAIN_PARAGRAPH_STYLES = ['footnote text', 'endnote text', 'annotation text', 'Footnote', 'Endnote'];

/** What a paragraph becomes in mammoth's HTML: a heading, a plain paragraph or a list item at a depth. */
type ParagraphPath = { kind: 'heading'; level: number } | { kind: 'paragraph' } | { kind: 'list'; depth: number };

interface State {
  bold: boolean;
  italic: boolean;
  font: string | undefined;
}

const BASE: State = { bold: false, italic: false, font: undefined };

class TreeWalk {
  readonly fonts: string[] = [];
  readonly warnings: MammothMessage[] = [];
  readonly images: DocNode[] = [];
  private readonly blocks: Block[] = [];
  private tableIndex = 0;

  constructor(
    private readonly file: string,
    private readonly styles: StyleFonts,
  ) {}

  document(doc: DocNode): Block[] {
    for (const node of doc.children ?? []) {
      if (node.type === 'paragraph') this.topParagraph(node);
      else if (node.type === 'table') this.topTable(node);
      else if (node.type !== 'bookmarkStart') needsHtml();
    }
    return this.blocks;
  }

  /**
   * The HTML path's paragraph mapping: the reader's style map (Title, Subtitle), then mammoth's
   * default one, in its order; an unmatched paragraph with a style id gets mammoth's warning.
   */
  private paragraphPath(p: DocNode): ParagraphPath {
    const { styleId, styleName } = p;
    if (sameName(styleName, 'Title')) return { kind: 'heading', level: 1 };
    if (sameName(styleName, 'Subtitle')) return { kind: 'heading', level: 2 };
    for (let n = 1; n <= 6; n++) if (styleId === `Heading${n}`) return { kind: 'heading', level: n };
    for (let n = 1; n <= 6; n++) if (sameName(styleName, `Heading ${n}`)) return { kind: 'heading', level: n };
    if (styleId === 'Heading' || sameName(styleName, 'Heading')) return { kind: 'heading', level: 1 };
    if (PLAIN_PARAGRAPH_STYLES.some((s) => sameName(styleName, s))) return { kind: 'paragraph' };
    const numbering = p.numbering;
    if (numbering) {
      // mammoth compares with ==: the level is the w:ilvl string, isOrdered a boolean.
      const level = numbering.level;
      if (typeof numbering.isOrdered !== 'boolean' || (level != null && typeof level !== 'string' && typeof level !== 'number')) needsHtml();
      const index = level == null ? NaN : Number(level);
      if (index >= 0 && index <= 4 && Number.isInteger(index)) return { kind: 'list', depth: index + 1 };
    }
    if (sameName(styleName, 'Normal')) return { kind: 'paragraph' };
    if (styleId === 'Body' || sameName(styleName, 'Body')) return { kind: 'paragraph' };
    if (styleId) this.warnings.push(unrecognisedStyle('paragraph', p));
    return { kind: 'paragraph' };
  }

  /** A paragraph's text as segments, with the '\n' its HTML element ends with. */
  private paragraphSegs(p: DocNode, out: SegStream): void {
    for (const child of p.children ?? []) this.inline(child, BASE, '', p.styleId, false, out);
    out.newline();
  }

  private topParagraph(p: DocNode): void {
    const path = this.paragraphPath(p);
    const segs = new SegStream();
    this.paragraphSegs(p, segs);
    const { text, runs } = toRuns(segs.segs);
    if (!text) return;
    const block = this.blocks.length;
    const prov = { file: this.file, block };
    if (path.kind === 'heading') this.blocks.push({ kind: 'heading', level: path.level, text, runs, prov });
    else if (path.kind === 'list') this.blocks.push({ kind: 'paragraph', text, runs, listItem: true, prov });
    else {
      const para: Block = { kind: 'paragraph', text, runs, prov };
      if (LIST_MARK.test(text)) para.listItem = true;
      this.blocks.push(para);
    }
  }

  private topTable(table: DocNode): void {
    const block = this.blocks.length;
    const raw: RawCell[][] = [];
    for (const row of table.children ?? []) {
      if (row.type !== 'tableRow') needsHtml();
      const cells: RawCell[] = [];
      for (const cell of row.children ?? []) {
        if (cell.type !== 'tableCell') needsHtml();
        const segs = new SegStream();
        this.cellSegs(cell, segs);
        const { text, runs } = toRuns(segs.segs);
        const rc: RawCell = { text, colspan: span(cell.colSpan), rowspan: span(cell.rowSpan) };
        if (runs.length) rc.runs = runs;
        if (allRuns(runs, 'bold')) rc.bold = true;
        if (allRuns(runs, 'italic')) rc.italic = true;
        cells.push(rc);
      }
      raw.push(cells);
    }
    const grid = resolveGrid(raw);
    const t: TableBlock = {
      kind: 'table',
      index: this.tableIndex,
      columns: grid.columns,
      rows: grid.rows,
      prov: { file: this.file, block, table: this.tableIndex },
    };
    this.blocks.push(t);
    this.tableIndex++;
  }

  /**
   * A cell's content as the HTML walk flattens it: each paragraph (heading, first-level list item)
   * then '\n'; a nested table's cells each then '\n', each row then '\n'; the cell's own '\n' last.
   */
  private cellSegs(cell: DocNode, out: SegStream): void {
    for (const child of cell.children ?? []) {
      if (child.type === 'paragraph') {
        const path = this.paragraphPath(child);
        // A deeper list level nests inside the previous item's HTML element: only the HTML path knows.
        if (path.kind === 'list' && path.depth > 1) needsHtml();
        this.paragraphSegs(child, out);
      } else if (child.type === 'table') {
        for (const row of child.children ?? []) {
          if (row.type !== 'tableRow') needsHtml();
          for (const inner of row.children ?? []) {
            if (inner.type !== 'tableCell') needsHtml();
            this.cellSegs(inner, out);
          }
          out.newline();
        }
      } else if (child.type === 'bookmarkStart') out.element();
      else needsHtml();
    }
    out.newline();
  }

  /**
   * Inline content: runs set the formatting of what they hold, as the HTML elements around it did.
   * `chain` names those elements (see SegStream), `inLink` says a hyperlink is open.
   */
  private inline(node: DocNode, state: State, chain: string, paraStyle: string | null | undefined, inLink: boolean, out: SegStream): void {
    switch (node.type) {
      case 'run':
        this.run(node, state, chain, paraStyle, inLink, out);
        return;
      case 'text':
        out.text(node.value ?? '', state, chain);
        return;
      case 'tab':
        out.text('\t', state, chain);
        return;
      case 'break':
        // A line break is <br>; page and column breaks write nothing.
        if (node.breakType === 'line') out.lineBreak(state);
        return;
      case 'hyperlink': {
        // An <a> inside an <a> is re-parented by the HTML parser.
        if (inLink) needsHtml();
        const attributes: { href?: string; target?: string } = { href: node.anchor ? `#${node.anchor}` : node.href };
        if (node.targetFrame != null) attributes.target = node.targetFrame;
        const linkChain = `${chain}|a${JSON.stringify(attributes)}`;
        for (const child of node.children ?? []) this.inline(child, state, linkChain, paraStyle, true, out);
        return;
      }
      case 'image':
        this.images.push(node);
        out.element();
        return;
      case 'bookmarkStart':
        if (inLink) needsHtml();
        out.element();
        return;
      case 'checkbox':
        out.element();
        return;
      case 'commentReference':
        // Not mapped by the style map, so mammoth writes nothing for it.
        return;
      default:
        needsHtml();
    }
  }

  /**
   * The HTML path's font tagger and run conversion in one: the run's font (its own, else its
   * character style's, its paragraph style's, the document default) is numbered on first use; an
   * unstyled run with one of the first MAX_FONT_MARKS fonts carries it, a run styled "Strong" is
   * bold, a run with an unknown character style gets mammoth's warning.
   */
  private run(run: DocNode, state: State, chain: string, paraStyle: string | null | undefined, inLink: boolean, out: SegStream): void {
    const { styles, fonts } = this;
    const font = resolveRunFont(styles, run, paraStyle);
    const index = fontNumber(fonts, font);
    const styleName = run.styleName;
    // A document's own style named like a marker would be read as one by the HTML path.
    if (styleName && styleName.toLowerCase().startsWith(FONT_CLASS)) needsHtml();
    // The elements mammoth wraps the run's content in, outermost first: the style's, <strong>, <em>,
    // <sup>/<sub>, <s> (underline, caps and highlight write none).
    let bold = state.bold;
    let runFont = state.font;
    let runChain = chain;
    if (index >= 0 && index < MAX_FONT_MARKS && !styleName) {
      runFont = font ?? undefined;
      runChain += `|span.${index}`;
    } else if (sameName(styleName, 'Strong')) {
      bold = true;
      runChain += '|strong';
    } else if (!PLAIN_RUN_STYLES.some((s) => sameName(styleName, s)) && run.styleId) {
      this.warnings.push(unrecognisedStyle('run', run));
    }
    if (run.isBold) {
      bold = true;
      runChain += '|strong';
    }
    const italic = state.italic || run.isItalic === true;
    if (run.isItalic) runChain += '|em';
    if (run.verticalAlignment === 'superscript') runChain += '|sup';
    else if (run.verticalAlignment === 'subscript') runChain += '|sub';
    if (run.isStrikethrough) runChain += '|s';
    const inner = bold === state.bold && italic === state.italic && runFont === state.font ? state : { bold, italic, font: runFont };
    for (const child of run.children ?? []) this.inline(child, inner, runChain, paraStyle, inLink, out);
  }
}

/**
 * Segments as the HTML walk saw them. mammoth merges adjacent inline elements with the same tag and
 * attributes, and the HTML parser joins text that ends up side by side into one text node, so two
 * pieces of text are one segment exactly when they have the same chain of inline elements and
 * nothing written (a <br>, an image, an anchor) stands between them. Empty text is not written at
 * all; U+0000 is written but dropped by the HTML parser.
 */
class SegStream {
  readonly segs: Seg[] = [];
  private open: Seg | undefined;
  private openChain = '';

  text(value: string, state: State, chain: string): void {
    if (value === '') return;
    const text = value.includes('\0') ? value.replace(/\0/g, '') : value;
    if (this.open && this.openChain === chain) {
      this.open.text += text;
      return;
    }
    const seg: Seg = { text, bold: state.bold, italic: state.italic, font: state.font };
    this.segs.push(seg);
    this.open = seg;
    this.openChain = chain;
  }

  /** An element with no text (image, checkbox, anchor): it separates the text around it. */
  element(): void {
    this.open = undefined;
  }

  lineBreak(state: State): void {
    this.segs.push({ text: '\n', bold: state.bold, italic: state.italic, font: state.font });
    this.open = undefined;
  }

  /** The end of a block element (paragraph, list item, cell, row). */
  newline(): void {
    this.segs.push({ text: '\n', bold: false, italic: false, font: undefined });
    this.open = undefined;
  }
}

/** mammoth's warning text, nulls and all. */
function unrecognisedStyle(type: 'paragraph' | 'run', node: DocNode): MammothMessage {
  return { type: 'warning', message: `Unrecognised ${type} style: '${String(node.styleName)}' (Style ID: ${String(node.styleId)})` };
}

/** A cell span as the HTML carried it: written when not 1, read back as a number, 1 if unusable. */
function span(value: unknown): number {
  if (value === 1) return 1;
  if (typeof value !== 'number') return needsHtml();
  return Number(String(value)) || 1;
}
