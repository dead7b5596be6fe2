// Gives every value read from a paged document its box on the page: narrative facts and citations
// (a span of a paragraph), header-block and signature fields (a span of a cell), narrative blocks,
// and appendix values the reader left without one. The readers keep where each printed line lies
// (DocumentModel: block.lines, cell.lines, cell.bbox); the extractors keep block/row/cell/span
// provenance; this joins the two after extraction, so no extractor has to know about geometry.
// Pure; formats without pages (.docx, .doc) are returned unchanged.
import type { Block, DocumentModel, LineBox, Provenance } from '../../schemas/document.js';
import type { ReportRecord } from '../../schemas/record.js';
import { spanBox } from '../readers/pdf-geometry.js';

/** Lines and text of what a provenance points into: a cell of a table block, or a paragraph/heading. */
function target(blocks: Block[], prov: Provenance): { lines: LineBox[]; text: string; cellBox?: { page: number; bbox: [number, number, number, number] } } | undefined {
  const block = blocks[prov.block];
  if (!block) return undefined;
  if (block.kind === 'table') {
    if (prov.row === undefined || prov.cell === undefined) return undefined;
    const cell = block.rows[prov.row]?.cells[prov.cell];
    if (!cell) return undefined;
    return { lines: cell.lines ?? [], text: cell.text, ...(cell.bbox && cell.page ? { cellBox: { page: cell.page, bbox: cell.bbox } } : {}) };
  }
  return { lines: block.lines ?? [], text: block.text };
}

/** The provenance with its page box filled in when the document knows where it lies; else unchanged. */
export function withBox(blocks: Block[], prov: Provenance): Provenance {
  if (prov.bbox) return prov;
  const t = target(blocks, prov);
  if (!t) return prov;
  let found: { page: number; bbox: [number, number, number, number] } | undefined;
  if (t.lines.length > 0) {
    const span: [number, number] = prov.span ?? [0, t.text.length];
    // A whole block spanning two pages is shown on its first.
    found = spanBox(t.lines, span, t.text.length);
  }
  found ??= t.cellBox;
  if (!found) return prov;
  const page = prov.page ?? found.page;
  return { ...prov, page, bbox: found.bbox, ...(found.page !== page ? { boxPage: found.page } : {}) };
}

type Deskew = NonNullable<DocumentModel['pageInfo'][number]['deskew']>;

/**
 * A box on a straightened OCR page, back on the page as printed: the clean-up read pixel p of the
 * straightened page from c + R(deg)·(p − c) of the scan (clean.ts rotateGray), so each corner goes
 * there and the box is their bounding box.
 */
export function unturnBox(box: [number, number, number, number], t: Deskew): [number, number, number, number] {
  const a = (t.deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const corners = [
    [box[0], box[1]],
    [box[2], box[1]],
    [box[0], box[3]],
    [box[2], box[3]],
  ].map(([x, y]) => [t.cx + cos * (x! - t.cx) - sin * (y! - t.cy), t.cy + sin * (x! - t.cx) + cos * (y! - t.cy)] as const);
  const r = (n: number) => Math.round(n * 10) / 10;
  return [r(Math.min(...corners.map((c) => c[0]))), r(Math.min(...corners.map((c) => c[1]))), r(Math.max(...corners.map((c) => c[0]))), r(Math.max(...corners.map((c) => c[1])))];
}

/** The record with boxes on its facts, citations, report fields, narrative and appendix values. */
export function locateBoxes(record: ReportRecord, doc: Pick<DocumentModel, 'blocks'> & Partial<Pick<DocumentModel, 'pageInfo'>>): ReportRecord {
  const { blocks } = doc;
  const paged = blocks.some((b) => (b.kind === 'table' ? b.rows.some((r) => r.cells.some((c) => c.bbox)) : (b.lines?.length ?? 0) > 0));
  if (!paged) return record;
  const turned = new Map((doc.pageInfo ?? []).filter((p) => p.deskew).map((p) => [p.page, p.deskew!]));
  const box = (p: Provenance) => {
    const out = withBox(blocks, p);
    const t = out.bbox ? turned.get(out.boxPage ?? out.page ?? 0) : undefined;
    return t && out.bbox ? { ...out, bbox: unturnBox(out.bbox, t) } : out;
  };
  return {
    ...record,
    report: record.report && { ...record.report, provenance: Object.fromEntries(Object.entries(record.report.provenance).map(([k, p]) => [k, box(p)])) },
    indicators: record.indicators.map((i) => ({ ...i, provenance: box(i.provenance) })),
    facts: record.facts.map((f) => ({ ...f, provenance: box(f.provenance) })),
    citations: record.citations.map((c) => ({ ...c, provenance: box(c.provenance) })),
    narrative: record.narrative.map((n) => ({ ...n, provenance: box(n.provenance) })),
  };
}
