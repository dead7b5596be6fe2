// Writes the parsed seed as a real Word document with the `docx` library: heading styles, bold/italic
// runs, and the appendix forms as Word tables with the two-level merged header. Options let the
// same document be written in a legacy font (TCVN3 ".VnTime", "VNI-Times") by passing its encoder.
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { SeedBlock, SeedCell, SeedRun, SeedTableStyle } from './seed-source.js';

export interface SeedDocxOptions {
  /** Font of every run (default Times New Roman). Set on each run, as legacy documents do. */
  font?: string;
  /** Re-encodes every text run, e.g. Unicode → TCVN3 bytes-as-chars for ".VnTime". */
  encodeText?: (s: string) => string;
  /** Font size in points (default 13, the size Vietnamese administrative documents use). */
  sizePt?: number;
  /** Font size of table text in points (default two points under the body size). */
  tableSizePt?: number;
  /**
   * Extra space (twips) before the paragraph that starts with this text, used to move a table
   * so one of its rows falls across a page break. Several entries allowed.
   */
  spaceBefore?: { startsWith: string; twips: number; pageBreak?: boolean }[];
  /** Page margins in twips (default top/bottom 1134, left 1701, right 1134: 2 cm, 3 cm, 2 cm). */
  margins?: { top: number; bottom: number; left: number; right: number };
}

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

// Appendix table column widths in twips (A4, 3 cm left + 2 cm right margin ≈ 9070 twips of text).
const FORM_WIDTHS = [1000, 4600, 1500, 1200, 770];

function widthsFor(columns: number, style?: SeedTableStyle): number[] {
  if (style?.widths?.length === columns) return style.widths;
  if (columns === FORM_WIDTHS.length) return FORM_WIDTHS;
  return Array<number>(columns).fill(Math.floor(9070 / columns));
}

const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const NO_LINE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;

/** Table borders for a style; undefined keeps the docx default (every line ruled) and the seed's bytes. */
function bordersFor(style?: SeedTableStyle) {
  if (!style?.borders || style.borders === 'grid') return undefined;
  const inner = style.borders === 'rows' ? LINE : NO_LINE;
  return { top: inner, bottom: inner, left: NO_LINE, right: NO_LINE, insideHorizontal: inner, insideVertical: NO_LINE };
}

export async function buildSeedDocx(blocks: SeedBlock[], options: SeedDocxOptions = {}): Promise<Buffer> {
  const font = options.font ?? 'Times New Roman';
  const size = (options.sizePt ?? 13) * 2;
  const enc = options.encodeText ?? ((s: string) => s);

  const textRuns = (runs: SeedRun[], extra: { size?: number } = {}) =>
    runs.map(
      (r) =>
        new TextRun({
          text: enc(r.text),
          bold: r.bold ?? false,
          italics: r.italic ?? false,
          font,
          size: extra.size ?? size,
          ...(r.breakBefore ? { break: 1 } : {}),
        }),
    );

  const plainText = (runs: SeedRun[]) => runs.map((r) => r.text).join('').trim();
  const spacingFor = (runs: SeedRun[]) => {
    const text = plainText(runs);
    return options.spaceBefore?.find((s) => text.startsWith(s.startsWith));
  };

  const children: (Paragraph | Table)[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      children.push(
        new Paragraph({
          heading: HEADINGS[Math.min(block.level, 6) - 1],
          children: textRuns(block.runs),
          spacing: { before: 120, after: 120 },
        }),
      );
    } else if (block.kind === 'paragraph') {
      const extra = spacingFor(block.runs);
      const text = plainText(block.runs);
      // Title lines and form captions are centred, as in the original.
      const centred = /^(BÁO CÁO|Biểu mẫu \d+|TM\.)/.test(text);
      children.push(
        new Paragraph({
          children: textRuns(block.runs),
          alignment: centred ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
          spacing: { before: extra?.twips ?? 0, after: 120 },
          ...(extra?.pageBreak || block.pageBreakBefore ? { pageBreakBefore: true } : {}),
          ...(centred ? { keepNext: true } : {}),
        }),
      );
    } else {
      const style = block.style;
      const widths = widthsFor(block.columns, style);
      const cellSize = (style?.sizePt ?? options.tableSizePt ?? (options.sizePt ?? 13) - 2) * 2; // appendix tables are set smaller
      const alignOf = (col: number, header: boolean) => {
        const a = header ? undefined : style?.align?.[col];
        if (a) return a === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER;
        return header || col !== 1 ? AlignmentType.CENTER : AlignmentType.LEFT;
      };
      const cell = (c: SeedCell, col: number, header: boolean) => {
        const span = c.colSpan ?? 1;
        const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
        return new TableCell({
          children: [
            new Paragraph({
              children: textRuns(c.runs, { size: cellSize }),
              alignment: alignOf(col, header),
            }),
          ],
          width: { size: w, type: WidthType.DXA },
          // Data cells top-aligned: LibreOffice will not split a row whose cells are vertically centred,
          // and the PDF fixture needs a row cut by a page break.
          verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
          ...(span > 1 ? { columnSpan: span } : {}),
          ...((c.rowSpan ?? 1) > 1 ? { rowSpan: c.rowSpan } : {}),
        });
      };
      // Grid column of each written cell: columns still covered by a rowspan from a row above are
      // not written (docx adds the vMerge continuation cells itself), so skip them.
      const remaining = Array<number>(block.columns).fill(0);
      const rows = block.rows.map((row) => {
        let col = 0;
        const cells = row.cells.map((c) => {
          while ((remaining[col] ?? 0) > 0) col++;
          const out = cell(c, col, row.header ?? false);
          for (let k = 0; k < (c.colSpan ?? 1); k++) remaining[col + k] = c.rowSpan ?? 1;
          col += c.colSpan ?? 1;
          return out;
        });
        for (let k = 0; k < remaining.length; k++) remaining[k] = Math.max(0, (remaining[k] ?? 0) - 1);
        // A header row cut in half by a page would be noise nobody asked for; data rows may break.
        const head = row.header ?? false;
        return new TableRow({
          children: cells,
          ...(head ? { cantSplit: true, keepNext: true } : style?.cantSplit ? { cantSplit: true } : {}),
          ...(head && style?.repeatHeader ? { tableHeader: true } : {}),
        });
      });
      children.push(
        new Table({
          rows,
          columnWidths: widths,
          width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
          ...(bordersFor(style) ? { borders: bordersFor(style)! } : {}),
        }),
      );
      // Word needs a paragraph between consecutive tables; it also separates a table from the next caption.
      children.push(new Paragraph({ children: [] }));
    }
  }

  const headingStyle = (id: string, name: string, pt: number) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font, size: pt * 2, bold: true, color: '000000' },
    paragraph: { spacing: { before: 120, after: 120 }, keepNext: true },
  });

  const doc = new Document({
    creator: 'UBND xã',
    title: enc('Báo cáo công tác cải cách hành chính'),
    styles: {
      default: { document: { run: { font, size } } },
      paragraphStyles: [
        headingStyle('Heading1', 'Heading 1', 14),
        headingStyle('Heading2', 'Heading 2', 13),
        headingStyle('Heading3', 'Heading 3', 13),
        headingStyle('Heading4', 'Heading 4', 13),
        headingStyle('Heading5', 'Heading 5', 13),
        headingStyle('Heading6', 'Heading 6', 13),
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: options.margins ?? { top: 1134, bottom: 1134, left: 1701, right: 1134 },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
