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

/** The record with boxes on its facts, citations, report fields, narrative and appendix values. */
export function locateBoxes(record: ReportRecord, doc: Pick<DocumentModel, 'blocks'>): ReportRecord {
  const { blocks } = doc;
  const paged = blocks.some((b) => (b.kind === 'table' ? b.rows.some((r) => r.cells.some((c) => c.bbox)) : (b.lines?.length ?? 0) > 0));
  if (!paged) return record;
  const box = (p: Provenance) => withBox(blocks, p);
  return {
    ...record,
    report: record.report && { ...record.report, provenance: Object.fromEntries(Object.entries(record.report.provenance).map(([k, p]) => [k, box(p)])) },
    indicators: record.indicators.map((i) => ({ ...i, provenance: box(i.provenance) })),
    facts: record.facts.map((f) => ({ ...f, provenance: box(f.provenance) })),
    citations: record.citations.map((c) => ({ ...c, provenance: box(c.provenance) })),
    narrative: record.narrative.map((n) => ({ ...n, provenance: box(n.provenance) })),
  };
}
