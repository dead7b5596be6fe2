// .docx reader. mammoth reads the package; its document tree — paragraphs with styles and
// numbering, runs with bold/italic/font, tables with colspan/rowspan — becomes the document model
// (docx-tree.ts). mammoth parses the package's XML with docx-xml.ts's parser in front of its own.
//
// The HTML path is the reference and the fallback: mammoth's convertToHtml turns the package into
// semantic HTML, cheerio walks it into the model (htmlToBlocks, also used by the .html reader).
// Mammoth drops fonts there, so runs are tagged with their resolved font through a document
// transform + style map, and read back from the HTML. The tree walk gives the same model at a
// fraction of the CPU; a document it cannot reproduce exactly goes the HTML way.
import mammoth from 'mammoth';
import * as cheerio from 'cheerio';
import type { Element as DomElement, AnyNode } from 'domhandler';
import type { Block, DocumentModel, Message } from '../../schemas/document.js';
import { InputError } from '../errors.js';
import { result, warning, info } from '../result.js';
import type { Reader, ReaderInput } from './types.js';
import { readZipParts } from './docx-zip.js';
import { fontNumber, parseStyleFonts, resolveRunFont, type StyleFonts } from './docx-fonts.js';
import { allRuns, collapseSpaces, LIST_MARK, toRuns, type Seg } from './docx-runs.js';
import { FONT_CLASS, MAX_FONT_MARKS, readDocxTree, type DocNode, type MammothMessage } from './docx-tree.js';
import { useFastXmlInMammoth } from './docx-xml.js';
import { resolveGrid, type RawCell } from './grid.js';
import { isOle, isZip, openOle, oleIsEncrypted } from './ole.js';

export { collapseSpaces };

useFastXmlInMammoth();

const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  ...Array.from({ length: MAX_FONT_MARKS }, (_, i) => `r[style-name='${FONT_CLASS}${i}'] => span.${FONT_CLASS}${i}`),
];

/** Tags every unstyled run with a marker style naming its resolved font; collects all fonts used. */
function fontTagger(styles: StyleFonts, fonts: string[]) {
  const walk = (node: DocNode, paraStyle: string | null | undefined): DocNode => {
    if (node.type === 'paragraph') paraStyle = node.styleId;
    if (node.type === 'run') {
      const idx = fontNumber(fonts, resolveRunFont(styles, node, paraStyle));
      const tagged = idx >= 0 && idx < MAX_FONT_MARKS && !node.styleName ? { ...node, styleName: `${FONT_CLASS}${idx}` } : node;
      return tagged.children ? { ...tagged, children: tagged.children.map((c) => walk(c, paraStyle)) } : tagged;
    }
    return node.children ? { ...node, children: node.children.map((c) => walk(c, paraStyle)) } : node;
  };
  return (doc: DocNode) => walk(doc, null);
}

/** Flattens an element into formatted text segments (line breaks and paragraph ends become '\n'). */
function segments(node: AnyNode, fonts: string[], state: Omit<Seg, 'text'>, out: Seg[]): void {
  if (node.type === 'text') {
    out.push({ ...state, text: (node as unknown as { data: string }).data });
    return;
  }
  if (node.type !== 'tag') return;
  const el = node as DomElement;
  const name = el.name.toLowerCase();
  if (name === 'br') {
    out.push({ ...state, text: '\n' });
    return;
  }
  const next = { ...state };
  if (name === 'strong' || name === 'b') next.bold = true;
  if (name === 'em' || name === 'i') next.italic = true;
  const cls = (el.attribs['class'] ?? '').split(/\s+/).find((c) => c.startsWith(FONT_CLASS));
  if (cls) next.font = fonts[Number(cls.slice(FONT_CLASS.length))];
  for (const child of el.children) segments(child, fonts, next, out);
  if (name === 'p' || /^h[1-6]$/.test(name) || name === 'li' || name === 'tr' || name === 'td' || name === 'th') {
    out.push({ ...state, text: '\n' });
  }
}

/** Builds the document model from mammoth's HTML. Pure, exported for tests. */
export function htmlToBlocks(html: string, file: string, fonts: string[]): Block[] {
  const $ = cheerio.load(html);
  const blocks: Block[] = [];
  let tableIndex = 0;
  const base = { bold: false, italic: false } as const;
  const runsOf = (el: AnyNode) => {
    const segs: Seg[] = [];
    segments(el, fonts, { ...base }, segs);
    return toRuns(segs);
  };

  const visit = (el: DomElement) => {
    const name = el.name.toLowerCase();
    const block = blocks.length;
    if (/^h[1-6]$/.test(name)) {
      const { text, runs } = runsOf(el);
      if (text) blocks.push({ kind: 'heading', level: Number(name[1]), text, runs, prov: { file, block } });
    } else if (name === 'ul' || name === 'ol') {
      for (const li of $(el).children('li').toArray()) {
        // The item's own text, then any nested list as items of their own.
        const own = $(li).clone();
        own.children('ul, ol').remove();
        const { text, runs } = runsOf(own[0]!);
        if (text) blocks.push({ kind: 'paragraph', text, runs, listItem: true, prov: { file, block: blocks.length } });
        for (const nested of $(li).children('ul, ol').toArray()) visit(nested);
      }
    } else if (name === 'table') {
      const trs = $(el)
        .find('tr')
        .toArray()
        .filter((tr) => $(tr).closest('table')[0] === el);
      const raw: RawCell[][] = trs.map((tr) =>
        $(tr)
          .children('td, th')
          .toArray()
          .map((td) => {
            const { text, runs } = runsOf(td);
            const cell: RawCell = {
              text,
              colspan: Number($(td).attr('colspan') ?? 1) || 1,
              rowspan: Number($(td).attr('rowspan') ?? 1) || 1,
            };
            if (runs.length) cell.runs = runs;
            if (allRuns(runs, 'bold')) cell.bold = true;
            if (allRuns(runs, 'italic')) cell.italic = true;
            return cell;
          }),
      );
      const grid = resolveGrid(raw);
      blocks.push({
        kind: 'table',
        index: tableIndex,
        columns: grid.columns,
        rows: grid.rows,
        prov: { file, block, table: tableIndex },
      });
      tableIndex++;
    } else {
      const { text, runs } = runsOf(el);
      if (!text) return;
      const para: Block = { kind: 'paragraph', text, runs, prov: { file, block } };
      if (LIST_MARK.test(text)) para.listItem = true;
      blocks.push(para);
    }
  };

  for (const el of $('body').children().toArray()) visit(el);
  return blocks;
}

/** Raises the right InputError when the bytes are not a readable .docx package. */
async function checkPackage(input: ReaderInput): Promise<{ stylesXml?: string }> {
  const { bytes, file } = input;
  if (isOle(bytes)) {
    let ole;
    try {
      ole = await openOle(bytes);
    } catch {
      throw new InputError('corrupt', file, 'not a Word document (broken OLE file)');
    }
    if (await oleIsEncrypted(ole)) throw new InputError('encrypted', file, 'password-protected Word document');
    // A Word 97-2003 file is the dispatcher's to route to the .doc reader (word.ts).
    if (ole.streamNames.includes('WordDocument')) throw new InputError('corrupt', file, 'a Word 97-2003 document, not a .docx package');
    throw new InputError('corrupt', file, 'not a Word document (OLE file without a WordDocument stream)');
  }
  if (!isZip(bytes)) throw new InputError('corrupt', file, 'not a Word document');
  let zip;
  try {
    zip = await readZipParts(bytes, ['word/styles.xml', '[Content_Types].xml']);
  } catch (e) {
    throw new InputError('corrupt', file, `not a Word document (${e instanceof Error ? e.message : 'broken zip'})`);
  }
  // The main part is normally word/document.xml; some writers name it otherwise but still declare
  // its WordprocessingML content type. An .xlsx/.pptx/.odt zip has neither.
  const types = zip.parts.get('[Content_Types].xml')?.toString('utf8') ?? '';
  if (!zip.names.includes('word/document.xml') && !/wordprocessingml\.document\.main/.test(types)) {
    throw new InputError('corrupt', file, 'not a Word document (no word/document.xml)');
  }
  const styles = zip.parts.get('word/styles.xml');
  return styles ? { stylesXml: styles.toString('utf8') } : {};
}

/**
 * The HTML path: convertToHtml with the font tagger, then htmlToBlocks. The reference the tree walk
 * follows; exported so tests can compare the two.
 */
export async function readViaHtml(input: ReaderInput, styles: StyleFonts): Promise<{ blocks: Block[]; fonts: string[]; messages: MammothMessage[] }> {
  const fonts: string[] = [];
  let converted: { value: string; messages: MammothMessage[] };
  try {
    converted = await mammoth.convertToHtml(
      { buffer: input.bytes },
      { styleMap: STYLE_MAP, includeDefaultStyleMap: true, transformDocument: fontTagger(styles, fonts) },
    );
  } catch (e) {
    throw new InputError('corrupt', input.file, `Word document cannot be parsed (${e instanceof Error ? e.message : String(e)})`);
  }
  return { blocks: htmlToBlocks(converted.value, input.file, fonts), fonts, messages: converted.messages };
}

export const readDocx: Reader = async (input) => {
  const { file, bytes } = input;
  const pkg = await checkPackage(input);
  const styles = parseStyleFonts(pkg.stylesXml);
  const read = (await readDocxTree(bytes, file, styles)) ?? (await readViaHtml(input, styles));
  const { blocks, fonts } = read;
  const messages: Message[] = read.messages.map((m) =>
    m.type === 'error'
      ? { type: 'error', code: 'docx.mammoth', message: m.message }
      : /^Unrecognised (paragraph|run) style/.test(m.message)
        ? info('docx.style', m.message)
        : warning('docx.mammoth', m.message),
  );
  if (blocks.length === 0) messages.push(warning('docx.empty', 'the Word document has no text'));
  const model: DocumentModel = {
    source: { file, sha256: input.sha256, format: input.format, size: bytes.length, pages: null },
    blocks,
    fonts: [...new Set([...fonts, ...styles.all])],
    pageInfo: [],
  };
  return result(model, messages);
};

