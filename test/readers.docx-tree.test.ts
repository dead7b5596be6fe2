// The .docx reader's fast path must read every document exactly as the HTML path does, or step
// aside. Two comparisons: the XML parser against mammoth's xmldom-based one, part by part, and the
// document-tree walk against convertToHtml + htmlToBlocks, document by document.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AlignmentType,
  Document,
  DeletedTextRun,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Packer,
  PageBreak,
  Paragraph,
  SimpleField,
  SymbolRun,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import { readDocx, readViaHtml } from '../src/readers/docx.js';
import { readDocxTree, treePathAvailable } from '../src/readers/docx-tree.js';
import { parseXml, xmldomReadString, CHECKED_MAMMOTH_VERSION, mammothVersion } from '../src/readers/docx-xml.js';
import { parseStyleFonts } from '../src/readers/docx-fonts.js';
import { readZipParts } from '../src/readers/docx-zip.js';
import { input as readerInput } from './readers.helpers.js';

const FIX = new URL('../fixtures/', import.meta.url);
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const NS = { [W]: 'w', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r' };

/** Every .docx we ship: the seed fixtures (Unicode, TCVN3, VNI) and the generated corpus. */
function fixtureDocx(): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  for (const dir of ['', 'corpus/']) {
    for (const f of readdirSync(new URL(dir, FIX))) {
      if (f.endsWith('.docx')) out.push({ name: dir + f, bytes: readFileSync(new URL(dir + f, FIX)) });
    }
  }
  return out;
}

async function xmlParts(bytes: Buffer): Promise<Map<string, string>> {
  const { names } = await readZipParts(bytes, []);
  const wanted = names.filter((n) => /\.(xml|rels)$/.test(n));
  const { parts } = await readZipParts(bytes, wanted);
  return new Map([...parts].map(([k, v]) => [k, v.toString('utf8')]));
}

/** Plain JSON of mammoth's XML tree (its Element carries methods, not data). */
const plain = (tree: unknown) => JSON.parse(JSON.stringify(tree)) as unknown;

async function bothPaths(bytes: Buffer, name: string) {
  const { parts } = await readZipParts(bytes, ['word/styles.xml']);
  const styles = parseStyleFonts(parts.get('word/styles.xml')?.toString('utf8'));
  const tree = await readDocxTree(bytes, name, styles);
  const html = await readViaHtml(readerInput(bytes, name, 'docx'), styles);
  return { tree, html };
}

/** A document with what the reports use and what they rarely do: styles, lists, nested tables, links, breaks. */
async function featureDocx(extra: { footnote?: boolean } = {}): Promise<Buffer> {
  const doc = new Document({
    styles: { default: { document: { run: { font: 'Times New Roman' } } } },
    numbering: {
      config: [
        {
          reference: 'dash',
          levels: [
            { level: 0, format: LevelFormat.BULLET, text: '-', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.DECIMAL, text: '%2.', alignment: AlignmentType.LEFT },
          ],
        },
      ],
    },
    ...(extra.footnote ? { footnotes: { 1: { children: [new Paragraph('Theo Quyết định số 12/QĐ-UBND.')] } } } : {}),
    sections: [
      {
        children: [
          new Paragraph({ text: 'BÁO CÁO', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'I. KẾT QUẢ THỰC HIỆN', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun({ text: 'Số hồ sơ tiếp nhận ', bold: true }),
              new TextRun({ text: '259', bold: true, italics: true }),
              new TextRun({ text: '\thồ sơ', font: '.VnTime' }),
              new TextRun({ text: ' m', superScript: true }),
              new TextRun({ text: 'quá hạn', strike: true }),
              new TextRun({ text: ' 01', break: 1 }),
              ...(extra.footnote ? [new TextRun({ text: ' hồ sơ' }), new FootnoteReferenceRun(1)] : []),
            ],
          }),
          // Tracked changes (the deletion is not text), a field with its cached value, a symbol.
          new Paragraph({
            children: [
              new TextRun('Số hồ sơ '),
              new InsertedTextRun({ id: 1, author: 'A', date: '2023-09-08T00:00:00Z', text: 'tiếp nhận' }),
              new DeletedTextRun({ id: 2, author: 'A', date: '2023-09-08T00:00:00Z', text: 'đã nhận' }),
              new TextRun(' trang '),
              new SimpleField(' PAGE ', '3'),
              new SymbolRun('F0B7'),
            ],
          }),
          new Paragraph({ text: 'Tuyên truyền trên cổng thông tin', numbering: { reference: 'dash', level: 0 } }),
          new Paragraph({ text: 'Niêm yết công khai', numbering: { reference: 'dash', level: 1 } }),
          new Paragraph({ children: [new ExternalHyperlink({ link: 'https://dichvucong.gov.vn', children: [new TextRun({ text: 'Cổng dịch vụ công', style: 'Hyperlink' })] })] }),
          new Paragraph({ children: [new PageBreak(), new TextRun('PHỤ LỤC')] }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('STT')], rowSpan: 2 }),
                  new TableCell({ children: [new Paragraph('Chỉ tiêu thống kê')], rowSpan: 2 }),
                  new TableCell({ children: [new Paragraph('Số lượng')], columnSpan: 2 }),
                ],
              }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('Kỳ này')] }), new TableCell({ children: [new Paragraph('Ghi chú')] })] }),
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: '1', bold: true })] })] }),
                  new TableCell({
                    children: [
                      new Paragraph({ children: [new TextRun({ text: 'Tổng số hồ sơ', bold: true })] }),
                      new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph('a')] }), new TableCell({ children: [new Paragraph('b')] })] })] }),
                    ],
                  }),
                  new TableCell({ children: [new Paragraph('1.000')] }),
                  new TableCell({ children: [new Paragraph('')] }),
                ],
              }),
            ],
          }),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

describe('the fast XML parser against xmldom', () => {
  it('is used only with the mammoth release it was checked against', () => {
    expect(mammothVersion).toBe(CHECKED_MAMMOTH_VERSION);
  });

  it('gives the same tree for every XML part of every fixture .docx', async () => {
    let parts = 0;
    for (const { name, bytes } of fixtureDocx()) {
      for (const [part, xml] of await xmlParts(bytes)) {
        const fast = parseXml(xml, NS);
        expect(fast, `${name} ${part} left the parser's subset`).toBeDefined();
        expect(plain(fast), `${name} ${part}`).toEqual(plain(await xmldomReadString(xml, NS)));
        parts++;
      }
    }
    expect(parts).toBeGreaterThan(50);
  });

  const same = [
    ['a declaration, CRLF line ends and entities in text', `<?xml version="1.0" encoding="UTF-8"?>\r\n<w:document xmlns:w="${W}"><w:t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;\r\nf\rg</w:t></w:document>`],
    ['numeric references, astral included', `<w:t xmlns:w="${W}">&#7845;&#x1EA5;&#x1F600; Quý&#160;III</w:t>`],
    ['tabs and newlines in attribute values become spaces', `<w:p xmlns:w="${W}" w:val="a\tb\nc&#10;d"/>`],
    ['a default namespace and an unmapped one', `<document xmlns="${W}" xmlns:x="urn:other"><x:thing x:a="1" plain="2"/></document>`],
    ['a prefix redeclared lower down', `<w:a xmlns:w="${W}"><w:b xmlns:w="urn:other"><w:c/></w:b><w:c/></w:a>`],
    ['whitespace-only text kept between elements', `<w:r xmlns:w="${W}"> <w:t xml:space="preserve">  hai  </w:t> </w:r>`],
  ] as const;
  for (const [what, xml] of same) {
    it(`agrees on ${what}`, async () => {
      const fast = parseXml(xml, NS);
      expect(fast).toBeDefined();
      expect(plain(fast)).toEqual(plain(await xmldomReadString(xml, NS)));
    });
  }

  const outside = [
    ['a comment', `<w:a xmlns:w="${W}"><!-- x --></w:a>`],
    ['CDATA', `<w:a xmlns:w="${W}"><![CDATA[x]]></w:a>`],
    ['a DOCTYPE', `<!DOCTYPE w><w:a xmlns:w="${W}"/>`],
    ['an unknown entity', `<w:a xmlns:w="${W}">&nbsp;</w:a>`],
    ['a bare ampersand', `<w:a xmlns:w="${W}">a & b</w:a>`],
    ['an undeclared prefix', `<w:a xmlns:w="${W}"><v:b/></w:a>`],
    ['a mismatched end tag', `<w:a xmlns:w="${W}"><w:b></w:a></w:b>`],
    ['a duplicate attribute', `<w:a xmlns:w="${W}" w:x="1" w:x="2"/>`],
    ['text after the root', `<w:a xmlns:w="${W}"/>tail`],
    ['a cut-off document', `<w:a xmlns:w="${W}"><w:b>`],
  ] as const;
  for (const [what, xml] of outside) {
    it(`leaves ${what} to xmldom`, () => {
      expect(parseXml(xml, NS)).toBeUndefined();
    });
  }
});

describe('the document-tree walk against the HTML path', () => {
  it('is available with this mammoth', () => {
    expect(treePathAvailable).toBe(true);
  });

  it('reads every fixture .docx to the same blocks, fonts and messages', async () => {
    const docs = fixtureDocx();
    expect(docs.length).toBeGreaterThan(5);
    for (const { name, bytes } of docs) {
      const { tree, html } = await bothPaths(bytes, name);
      expect(tree, `${name} fell back to the HTML path`).toBeDefined();
      expect(tree, name).toEqual(html);
    }
  });

  it('reads headings, lists, fonts, breaks, links and nested tables as the HTML path does', async () => {
    const bytes = await featureDocx();
    const { tree, html } = await bothPaths(bytes, 'features.docx');
    expect(tree).toBeDefined();
    expect(tree).toEqual(html);
    // And the comparison is about something: the document has the parts it was built with.
    const kinds = html.blocks.map((b) => (b.kind === 'paragraph' && b.listItem ? 'item' : b.kind));
    expect(kinds).toEqual(['heading', 'heading', 'paragraph', 'paragraph', 'item', 'item', 'paragraph', 'paragraph', 'table']);
    expect(html.blocks[3]!.kind === 'paragraph' && html.blocks[3]!.text).toMatch(/^Số hồ sơ tiếp nhận trang/);
    expect(html.fonts).toContain('.VnTime');
  });

  it('steps aside for footnotes, which only the HTML path appends', async () => {
    const bytes = await featureDocx({ footnote: true });
    const { tree, html } = await bothPaths(bytes, 'footnote.docx');
    expect(tree).toBeUndefined();
    const { value } = await readDocx(readerInput(bytes, 'footnote.docx', 'docx'));
    expect(value.blocks).toEqual(html.blocks);
  });
});
