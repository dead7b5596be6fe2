// The layout fuzzer: renders one generated report in layouts other than the seed's, as real reports
// of other provinces and years are laid out — appendix header wordings, column widths that wrap the
// header over several lines, fonts, sizes and margins, the official two-column header block
// (Nghị định 30/2020/NĐ-CP) and signature block, leading zeros and percent styles, unruled grids,
// continuation pages with or without the header. Pure: (report, layout) → blocks + truth of what is
// printed. `--layouts` in scripts/corpus.ts picks one layout per report from a family, by seed.
import { parseInline, parseSeed, type SeedBlock, type SeedCell, type SeedRow, type SeedTableStyle } from '../lib/seed-source.js';
import type { SeedDocxOptions } from '../lib/seed-docx.js';
import { truthIndicators, type Cell, type Form } from './forms.js';
import type { GeneratedReport } from './generate.js';
import { createRng, type Rng } from './prng.js';
import { formRowLine, renderText, type Draft } from './render.js';
import type { Truth } from './truth.js';
import { upper, vnDate, vnNumber } from './vn.js';

/** The words of an appendix table's header. `group` spans the unit and value columns; null: no group row. */
export interface TableWording {
  id: string;
  stt: string;
  label: string;
  group: string | null;
  unit: string;
  value: string;
  note: string | null;
  /** A row of column numbers under the header: "(1)", "(2)", … */
  numbered?: boolean;
}

const HINT = 'Chỉ tiêu thống kê (sử dụng cho kỳ báo cáo hàng quý, 6 tháng, năm)';

/** Header wordings seen in reports of other provinces and years (and close variants of them). */
export const WORDINGS: TableWording[] = [
  { id: 'seed', stt: 'STT', label: 'Chỉ tiêu thống kê', group: 'Kết quả thống kê', unit: 'Đơn vị tính', value: 'Số lượng/ Tỷ lệ', note: 'Ghi chú' },
  { id: 'noidung-solieu', stt: 'STT', label: 'Nội dung chỉ tiêu', group: 'Số liệu thống kê', unit: 'Đơn vị tính', value: 'Số lượng/Tỷ lệ', note: 'Ghi chú' },
  { id: 'hint-ketqua', stt: 'STT', label: HINT, group: 'Kết quả thống kê', unit: 'Đơn vị tính', value: 'Số lượng/ Tỷ lệ', note: 'Ghi chú' },
  { id: 'ten-flat-ketqua', stt: 'TT', label: 'Tên chỉ tiêu', group: null, unit: 'ĐVT', value: 'Kết quả', note: 'Ghi chú' },
  { id: 'noidung-flat-solieu-nonote', stt: 'STT', label: 'Nội dung chỉ tiêu', group: null, unit: 'Đơn vị tính', value: 'Số liệu', note: null },
  { id: 'chitieu-dvt-nonote', stt: 'TT', label: 'Chỉ tiêu thống kê', group: 'Số liệu thống kê', unit: 'ĐVT', value: 'Số lượng/Tỷ lệ', note: null },
  { id: 'ten-group-ketqua', stt: 'STT', label: 'Tên chỉ tiêu', group: 'Kết quả thống kê', unit: 'Đơn vị tính', value: 'Kết quả', note: 'Ghi chú' },
  { id: 'hint-flat-dvt', stt: 'STT', label: HINT, group: null, unit: 'ĐVT', value: 'Số lượng/ Tỷ lệ', note: 'Ghi chú' },
  { id: 'noidung-thuchien-nonote', stt: 'TT', label: 'Nội dung', group: 'Kết quả thực hiện', unit: 'Đơn vị tính', value: 'Số liệu', note: null },
  { id: 'numbered', stt: 'STT', label: 'Chỉ tiêu', group: null, unit: 'Đơn vị tính', value: 'Số lượng/ Tỷ lệ', note: 'Ghi chú', numbered: true },
  { id: 'sott-baocao', stt: 'Số TT', label: 'Chỉ tiêu thống kê', group: 'Kết quả', unit: 'Đơn vị', value: 'Số liệu báo cáo', note: 'Ghi chú' },
];

/**
 * Column width sets as shares of the text width: STT, label, unit, value, note (without a note column
 * its share goes to the label). 'narrow' and 'tight' wrap "Số lượng/ Tỷ lệ" and "Đơn vị tính" over
 * two to five lines; 'compact' leaves the table narrower than the page. The STT column stays wide
 * enough for "6.4.3." on one line: a code cut in two is not what clerks print.
 */
export const WIDTH_SETS: Record<string, number[]> = {
  seed: [1000, 4600, 1500, 1200, 770],
  narrow: [820, 5300, 1000, 1000, 950],
  tight: [800, 5870, 850, 900, 650],
  wide: [800, 3500, 1800, 1800, 1170],
  compact: [780, 3300, 1000, 1000, 700],
};

export interface Font {
  name: string;
  sizePt: number;
  tableSizePt: number;
}
export const FONTS: Record<string, Font> = {
  'times-13': { name: 'Times New Roman', sizePt: 13, tableSizePt: 11 },
  'times-14': { name: 'Times New Roman', sizePt: 14, tableSizePt: 12 },
  'times-12-small': { name: 'Times New Roman', sizePt: 12, tableSizePt: 9 },
  'arial-12': { name: 'Arial', sizePt: 12, tableSizePt: 10 },
  'dejavu-serif-12': { name: 'DejaVu Serif', sizePt: 12, tableSizePt: 10 },
};

/** Page margins in twips (A4 is 11906 twips wide). */
export const MARGINS: Record<string, { top: number; bottom: number; left: number; right: number }> = {
  seed: { top: 1134, bottom: 1134, left: 1701, right: 1134 },
  narrow: { top: 850, bottom: 850, left: 1134, right: 850 },
  wide: { top: 1418, bottom: 1418, left: 1985, right: 1418 },
};

export interface LayoutSpec {
  wording: string;
  widths: string;
  font: string;
  margins: string;
  /** 'seed': the generator's letterhead lines; 'official': borderless two-column table; 'official-3': its left column in three lines. */
  block: 'seed' | 'official' | 'official-3';
  signature: 'seed' | 'two-columns';
  borders: 'grid' | 'none' | 'rows';
  repeatHeader: boolean;
  cantSplit: boolean;
  /** Long forms cut into two tables by a page break; the second one with the header again or without. */
  splitForms: 'no' | 'with-header' | 'without-header';
  /** 'all': every count under 10 printed "05"; 'seed': as the generator wrote them. */
  zeros: 'seed' | 'all';
  /** 'suffix': rates printed "99,6%"; 'some': some of them. */
  percent: 'plain' | 'suffix' | 'some';
}

export const SEED_SPEC: LayoutSpec = {
  wording: 'seed',
  widths: 'seed',
  font: 'times-13',
  margins: 'seed',
  block: 'seed',
  signature: 'seed',
  borders: 'grid',
  repeatHeader: false,
  cantSplit: false,
  splitForms: 'no',
  zeros: 'seed',
  percent: 'plain',
};

/** Families of the fuzzer: each varies one thing from the seed's layout ('mixed': everything at once). */
export const LAYOUT_FAMILIES = [
  'seed',
  'header-wording',
  'header-wrapped',
  'column-widths',
  'fonts-margins',
  'official-block',
  'numbers',
  'pages',
  'mixed',
] as const;
export type LayoutFamily = (typeof LAYOUT_FAMILIES)[number];

const keys = (o: object) => Object.keys(o);

/** The layout of family `family`, drawn from `rng` (deterministic by seed). */
export function chooseSpec(family: LayoutFamily, rng: Rng): LayoutSpec {
  const s: LayoutSpec = { ...SEED_SPEC };
  const wording = () => rng.pick(WORDINGS.map((w) => w.id));
  const pages = () => {
    s.borders = rng.pick(['grid', 'none', 'rows'] as const);
    s.repeatHeader = rng.chance(0.5);
    s.cantSplit = rng.chance(0.3);
    s.splitForms = rng.pick(['no', 'with-header', 'without-header'] as const);
  };
  const numbers = () => {
    s.zeros = rng.pick(['seed', 'all', 'all'] as const);
    s.percent = rng.pick(['plain', 'suffix', 'some'] as const);
    if (s.zeros === 'seed' && s.percent === 'plain') s.percent = 'suffix';
  };
  switch (family) {
    case 'seed':
      break;
    case 'header-wording':
      s.wording = wording();
      break;
    case 'header-wrapped':
      s.wording = wording();
      s.widths = rng.pick(['narrow', 'tight']);
      s.font = rng.pick(['times-13', 'times-12-small', 'times-14']);
      break;
    case 'column-widths':
      s.widths = rng.pick(keys(WIDTH_SETS).filter((k) => k !== 'seed'));
      break;
    case 'fonts-margins':
      s.font = rng.pick(keys(FONTS).filter((k) => k !== 'times-13'));
      s.margins = rng.pick(keys(MARGINS));
      break;
    case 'official-block':
      s.block = rng.pick(['official', 'official-3'] as const);
      s.signature = rng.chance(0.8) ? 'two-columns' : 'seed';
      break;
    case 'numbers':
      numbers();
      break;
    case 'pages':
      pages();
      break;
    case 'mixed':
      s.wording = wording();
      s.widths = rng.pick(keys(WIDTH_SETS));
      s.font = rng.pick(keys(FONTS));
      s.margins = rng.pick(keys(MARGINS));
      s.block = rng.pick(['seed', 'official', 'official-3'] as const);
      s.signature = rng.pick(['seed', 'two-columns'] as const);
      numbers();
      pages();
      break;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Printed values

function zeroPadded(cell: Cell, unit: string): Cell {
  const v = cell.value;
  if (cell.kind !== 'number' || v === null || !Number.isInteger(v) || v < 0 || v > 9) return cell;
  if (unit.trim() === '%' || unit.includes('=') || cell.raw !== vnNumber(v)) return cell;
  return { ...cell, raw: `0${v}` };
}

/** The forms as this layout prints them (same values; other digits on the page). */
export function styleForms(forms: Form[], spec: LayoutSpec, rng: Rng): Form[] {
  return forms.map((f) => ({
    ...f,
    rows: f.rows.map((r) => {
      let cell = r.cell;
      if (spec.zeros === 'all') cell = zeroPadded(cell, r.unit);
      const rate = r.unit.trim() === '%' && cell.kind === 'number';
      if (rate && (spec.percent === 'suffix' || (spec.percent === 'some' && rng.chance(0.5)))) cell = { ...cell, raw: `${cell.raw}%` };
      return cell === r.cell ? r : { ...r, cell };
    }),
  }));
}


// ---------------------------------------------------------------------------------------------
// Blocks

const textWidth = (m: { left: number; right: number }) => 11906 - m.left - m.right;

/** Scales shares to `total` twips (rounded, the rest to the label column). */
function scale(shares: number[], total: number): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const out = shares.map((s) => Math.round((s / sum) * total));
  out[1]! += total - out.reduce((a, b) => a + b, 0);
  return out;
}

function formWidths(spec: LayoutSpec, wording: TableWording): number[] {
  const set = WIDTH_SETS[spec.widths] ?? WIDTH_SETS.seed!;
  const full = textWidth(MARGINS[spec.margins] ?? MARGINS.seed!);
  const seedTotal = WIDTH_SETS.seed!.reduce((a, b) => a + b, 0);
  const ownTotal = set.reduce((a, b) => a + b, 0);
  // A set narrower than the seed's stays narrower than the page, in proportion.
  const total = Math.round(full * Math.min(1, ownTotal / seedTotal));
  if (wording.note !== null) return scale(set, total);
  return scale([set[0]!, set[1]! + set[4]!, set[2]!, set[3]!], total);
}

const cellOf = (markup: string, extra: Partial<SeedCell> = {}): SeedCell => ({ runs: parseInline(markup), ...extra });

function headerRows(w: TableWording): SeedRow[] {
  const note = w.note !== null;
  const rows: SeedRow[] = [];
  if (w.group !== null) {
    rows.push({
      header: true,
      cells: [
        cellOf(`<b>${w.stt}</b>`, { rowSpan: 2 }),
        cellOf(`<b>${w.label}</b>`, { rowSpan: 2 }),
        cellOf(`<b>${w.group}</b>`, { colSpan: 2 }),
        ...(note ? [cellOf(`<b>${w.note}</b>`, { rowSpan: 2 })] : []),
      ],
    });
    rows.push({ header: true, cells: [cellOf(`<b>${w.unit}</b>`), cellOf(`<b>${w.value}</b>`)] });
  } else {
    rows.push({
      header: true,
      cells: [w.stt, w.label, w.unit, w.value, ...(note ? [w.note!] : [])].map((t) => cellOf(`<b>${t}</b>`)),
    });
  }
  if (w.numbered) {
    const n = note ? 5 : 4;
    rows.push({ header: true, cells: Array.from({ length: n }, (_, i) => cellOf(`<i>(${i + 1})</i>`)) });
  }
  return rows;
}

/** The appendix table(s) of one form: one table, or two cut by a page break for a long form. */
function formTables(form: Form, draft: Draft, spec: LayoutSpec): SeedBlock[] {
  const wording = WORDINGS.find((w) => w.id === spec.wording) ?? WORDINGS[0]!;
  const widths = formWidths(spec, wording);
  const style: SeedTableStyle = {
    widths,
    borders: spec.borders,
    repeatHeader: spec.repeatHeader,
    cantSplit: spec.cantSplit,
    ...(FONTS[spec.font] ? { sizePt: FONTS[spec.font]!.tableSizePt } : {}),
  };
  const columns = widths.length;
  const data: SeedRow[] = form.rows.map((r) => {
    const cells = formRowLine(r, draft.layout).split('\t').slice(0, 4).map((c) => cellOf(c.trim()));
    if (columns === 5) cells.push(cellOf(''));
    return { cells };
  });
  const head = headerRows(wording);
  if (spec.splitForms === 'no' || data.length < 20) return [{ kind: 'table', columns, rows: [...head, ...data], style }];
  const cut = Math.floor(data.length / 2);
  return [
    { kind: 'table', columns, rows: [...head, ...data.slice(0, cut)], style },
    { kind: 'paragraph', runs: [], pageBreakBefore: true },
    { kind: 'table', columns, rows: [...(spec.splitForms === 'with-header' ? head : []), ...data.slice(cut)], style },
  ];
}

const plainText = (b: SeedBlock) => (b.kind === 'table' ? '' : b.runs.map((r) => r.text).join('').trim());

/** A borderless two-column table of stacked lines (header block, signature block). */
function twoColumns(left: string[], right: string[], widths: [number, number], sizePt?: number): SeedBlock {
  const col = (lines: string[]): SeedCell => ({
    runs: lines.flatMap((l, i) => parseInline(l || ' ').map((r, k) => (i > 0 && k === 0 ? { ...r, breakBefore: true } : r))),
  });
  return {
    kind: 'table',
    columns: 2,
    rows: [{ cells: [col(left), col(right)] }],
    style: { widths, borders: 'none', align: ['center', 'center'], cantSplit: true, ...(sizePt ? { sizePt } : {}) },
  };
}

function officialBlock(draft: Draft, spec: LayoutSpec, width: number): SeedBlock {
  const w = draft.world;
  const unit = `${upper(w.place.unit.kind)} ${upper(w.place.unit.name)}`;
  const parent = `UBND ${upper(w.place.district.kind)} ${upper(w.place.district.name)}`;
  const left =
    spec.block === 'official-3'
      ? [parent, '<b>ỦY BAN NHÂN DÂN</b>', `<b>${unit}</b>`, '', `Số: ${w.reportNumber ?? '      '}/BC-UBND`]
      : [parent, `<b>UBND ${unit}</b>`, '', `Số: ${w.reportNumber ?? '      '}/BC-UBND`];
  const place = draft.layout.placeIsDistrict ? w.place.district.name : w.place.unit.name;
  const right = ['<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>', '<b>Độc lập - Tự do - Hạnh phúc</b>', '', `<i>${place}, ngày ${vnDate(w.reportDate, 'words')}</i>`];
  const size = FONTS[spec.font]?.sizePt ?? 13;
  const a = Math.round(width * 0.4);
  return twoColumns(left, right, [a, width - a], size - 1);
}

function signatureBlock(draft: Draft, spec: LayoutSpec, width: number, rng: Rng): SeedBlock {
  const w = draft.world;
  const left = ['<b><i>Nơi nhận:</i></b>', `- UBND ${w.place.district.kind} ${w.place.district.name};`, '- Thường trực Đảng ủy, HĐND;', '- Lưu: VP.'];
  const title =
    w.signer.title === 'PHÓ CHỦ TỊCH' && rng.chance(0.5) ? ['<b>KT. CHỦ TỊCH</b>', '<b>PHÓ CHỦ TỊCH</b>'] : [`<b>${w.signer.title}</b>`];
  const right = ['<b>TM. ỦY BAN NHÂN DÂN</b>', ...title, '', '', '', `<b>${w.signer.name}</b>`];
  const size = FONTS[spec.font]?.sizePt ?? 13;
  const a = Math.round(width * 0.45);
  return twoColumns(left, right, [a, width - a], size - 1);
}

export interface Rendering {
  blocks: SeedBlock[];
  docx: SeedDocxOptions;
  /** Indicators and report fields as printed in this layout. */
  truth: Omit<Truth, 'files'>;
}

/** The report laid out by `spec`: blocks for the .docx writer (and through it LibreOffice) and the truth of what they print. */
export function renderLayout(report: GeneratedReport, spec: LayoutSpec, family: string, seed = report.truth.seed): Rendering {
  const rng = createRng(`${seed}/layout/${family}`);
  const forms = styleForms(report.draft.forms, spec, rng.fork('numbers'));
  const draft: Draft = { ...report.draft, forms };
  const margins = MARGINS[spec.margins] ?? MARGINS.seed!;
  const width = textWidth(margins);
  const parsed = parseSeed(renderText(draft));

  const blocks: SeedBlock[] = [];
  let formIndex = 0;
  let i = 0;
  if (spec.block !== 'seed') {
    // The seed's letterhead, number and date lines stand before "BÁO CÁO": one two-column table instead.
    while (i < parsed.length && !/^BÁO CÁO/.test(plainText(parsed[i]!))) i++;
    if (i === parsed.length) throw new Error(`${report.name}: no "BÁO CÁO" title`);
    blocks.push(officialBlock(draft, spec, width));
  }
  for (; i < parsed.length; i++) {
    const b = parsed[i]!;
    if (spec.signature === 'two-columns' && b.kind === 'paragraph' && /^Nơi nhận/.test(plainText(b))) {
      // Recipients, title and name up to the appendix heading.
      while (i + 1 < parsed.length && parsed[i + 1]!.kind !== 'heading') i++;
      blocks.push(signatureBlock(draft, spec, width, rng.fork('signature')));
      continue;
    }
    if (b.kind === 'table') {
      const form = forms[formIndex++];
      if (!form) throw new Error(`${report.name}: more tables than forms`);
      blocks.push(...formTables(form, draft, spec));
      continue;
    }
    blocks.push(b);
  }
  if (formIndex !== forms.length) throw new Error(`${report.name}: ${forms.length} forms but ${formIndex} tables`);

  const font = FONTS[spec.font] ?? FONTS['times-13']!;
  const printed = blocks.map(blockText).join('\n');
  const w = draft.world;
  const truth: Omit<Truth, 'files'> = {
    ...report.truth,
    family,
    layout: { ...spec },
    report: { ...report.truth.report, province: printed.includes(`${w.place.provinceKind} ${w.place.province}`) ? w.place.province : null },
    indicators: truthIndicators(forms),
  };
  return { blocks, docx: { font: font.name, sizePt: font.sizePt, tableSizePt: font.tableSizePt, margins }, truth };
}

function blockText(b: SeedBlock): string {
  if (b.kind !== 'table') return b.runs.map((r) => r.text).join('');
  return b.rows.map((r) => r.cells.map((c) => c.runs.map((x) => x.text).join(' ')).join('\t')).join('\n');
}
