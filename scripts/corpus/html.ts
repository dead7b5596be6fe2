// Writes a report's blocks as HTML for LibreOffice to lay out (`--via html`): the other road by which
// reports reach sohoa — .docx, .pdf and .doc written by LibreOffice's HTML import rather than by our
// .docx writer, with its own table widths, cell margins, merged cells and line breaking. Pure.
import type { SeedDocxOptions } from '../lib/seed-docx.js';
import type { SeedBlock, SeedCell, SeedRun } from '../lib/seed-source.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pt = (twips: number) => `${(twips / 20).toFixed(1)}pt`;

function runsHtml(runs: SeedRun[]): string {
  return runs
    .map((r) => {
      let t = esc(r.text);
      if (r.italic) t = `<i>${t}</i>`;
      if (r.bold) t = `<b>${t}</b>`;
      return (r.breakBefore ? '<br>' : '') + t;
    })
    .join('');
}

const plain = (runs: SeedRun[]) => runs.map((r) => r.text).join('').trim();

function tableHtml(block: Extract<SeedBlock, { kind: 'table' }>, sizePt: number): string {
  const style = block.style ?? {};
  const widths = style.widths ?? Array<number>(block.columns).fill(Math.floor(9070 / block.columns));
  const borders = style.borders ?? 'grid';
  const line = '0.5pt solid #000';
  const cellBorder =
    borders === 'grid' ? `border:${line}` : borders === 'rows' ? `border:none;border-top:${line};border-bottom:${line}` : 'border:none';
  const size = style.sizePt ?? sizePt;
  const out: string[] = [];
  out.push(`<table cellspacing="0" cellpadding="4" style="width:${pt(widths.reduce((a, b) => a + b, 0))};border-collapse:collapse">`);
  out.push('<colgroup>' + widths.map((w) => `<col width="${Math.round(w / 15)}">`).join('') + '</colgroup>');
  const head = block.rows.filter((r) => r.header);
  const body = block.rows.filter((r) => !r.header);
  const rowHtml = (cells: SeedCell[], header: boolean) => {
    // Grid column of each written cell, as in the .docx writer, for its alignment.
    let col = 0;
    return (
      '<tr>' +
      cells
        .map((c) => {
          const align = header ? 'center' : (style.align?.[col] ?? (col === 1 ? 'left' : 'center'));
          const span = c.colSpan ?? 1;
          const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
          col += span;
          const attrs = `${span > 1 ? ` colspan="${span}"` : ''}${(c.rowSpan ?? 1) > 1 ? ` rowspan="${c.rowSpan}"` : ''}`;
          return `<td${attrs} style="${cellBorder};width:${pt(w)};text-align:${align};vertical-align:${header ? 'middle' : 'top'};font-size:${size}pt">${runsHtml(c.runs) || '&nbsp;'}</td>`;
        })
        .join('') +
      '</tr>'
    );
  };
  if (head.length) out.push(`<thead>${head.map((r) => rowHtml(r.cells, true)).join('')}</thead>`);
  out.push(`<tbody>${body.map((r) => rowHtml(r.cells, false)).join('')}</tbody>`);
  out.push('</table>');
  return out.join('\n');
}

/** The blocks as one HTML page, in the font, size and margins of the .docx options. */
export function blocksToHtml(blocks: SeedBlock[], o: SeedDocxOptions = {}): string {
  const font = o.font ?? 'Times New Roman';
  const size = o.sizePt ?? 13;
  const tableSize = o.tableSizePt ?? size - 2;
  const m = o.margins ?? { top: 1134, bottom: 1134, left: 1701, right: 1134 };
  const body: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'heading') {
      const level = Math.min(6, b.level);
      body.push(`<h${level} style="font-size:${level === 1 ? size + 1 : size}pt">${runsHtml(b.runs)}</h${level}>`);
    } else if (b.kind === 'paragraph') {
      const centred = /^(BÁO CÁO|Biểu mẫu \d+|TM\.)/.test(plain(b.runs));
      const style = [`text-align:${centred ? 'center' : 'justify'}`, ...(b.pageBreakBefore ? ['page-break-before:always'] : [])].join(';');
      body.push(`<p style="${style}">${runsHtml(b.runs) || '&nbsp;'}</p>`);
    } else {
      body.push(tableHtml(b, tableSize));
      body.push('<p>&nbsp;</p>');
    }
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo</title>',
    '<style>',
    `@page { size: 21cm 29.7cm; margin: ${pt(m.top)} ${pt(m.right)} ${pt(m.bottom)} ${pt(m.left)}; }`,
    `body { font-family: "${font}"; font-size: ${size}pt; }`,
    `p { margin: 0 0 6pt 0; } h1, h2, h3, h4, h5, h6 { font-family: "${font}"; margin: 6pt 0; }`,
    '</style></head><body>',
    ...body,
    '</body></html>',
  ].join('\n');
}
