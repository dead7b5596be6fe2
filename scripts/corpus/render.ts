// Prints a report draft in the seed's text form (markdown-ish narrative, appendix forms as TAB lines
// with inline <b>/<i>), the one contract shared with the .docx builder (scripts/lib/seed-source.ts).
import type { Form, FormRow } from './forms.js';
import { fill, type Narrative } from './narrative.js';
import type { Rng } from './prng.js';
import { periodLabel, periodShort, upper, vnDate } from './vn.js';
import type { World } from './world.js';

/** Per-report layout choices: wording of the table headers, codes with or without a trailing dot... */
export interface Layout {
  letterhead: boolean;
  districtInLetterhead: boolean;
  placeIsDistrict: boolean;
  titleStyle: 'cong_tac' | 'ket_qua';
  labelHeader: string;
  resultHeader: string;
  valueHeader: string;
  headerHint: boolean;
  codeDot: boolean;
  boldCodes: boolean;
  formHeading: 'two_lines' | 'one_line';
}

export function chooseLayout(rng: Rng): Layout {
  return {
    letterhead: rng.chance(0.7),
    districtInLetterhead: rng.chance(0.5),
    placeIsDistrict: rng.chance(0.25),
    titleStyle: rng.pick(['cong_tac', 'cong_tac', 'ket_qua'] as const),
    labelHeader: rng.pick(['Chỉ tiêu thống kê', 'Chỉ tiêu thống kê', 'Nội dung chỉ tiêu']),
    resultHeader: rng.pick(['Kết quả thống kê', 'Kết quả thống kê', 'Kết quả']),
    valueHeader: rng.pick(['Số lượng/ Tỷ lệ', 'Số lượng/Tỷ lệ', 'Số liệu']),
    headerHint: rng.chance(0.7),
    codeDot: rng.chance(0.8),
    boldCodes: rng.chance(0.5),
    formHeading: rng.pick(['two_lines', 'two_lines', 'one_line'] as const),
  };
}

export interface Draft {
  world: World;
  forms: Form[];
  narrative: Narrative;
  layout: Layout;
  /** Names printed for the unit in the appendix title and the closing line (a planted misspelling goes here). */
  unitNameInAppendix: string;
  unitNameInClosing: string;
}

export function reportTitle(draft: Draft): string {
  const p = periodLabel(draft.world.period);
  return draft.layout.titleStyle === 'cong_tac' ? `Công tác cải cách hành chính ${p}` : `Kết quả thực hiện công tác cải cách hành chính ${p}`;
}

export function reportPlace(draft: Draft): string {
  return draft.layout.placeIsDistrict ? draft.world.place.district.name : draft.world.place.unit.name;
}

export function formRowLine(row: FormRow, layout: Layout): string {
  const code = row.code + (layout.codeDot ? '.' : '');
  const note = row.note ? ` <i>${row.note}</i>` : '';
  if (row.group) {
    const c = layout.boldCodes ? `<b>${code}</b>` : code;
    return [c, `<b>${row.label}</b>${note}`, row.unit, row.cell.raw, ''].join('\t');
  }
  if (row.italic) {
    const it = (s: string) => (s ? `<i>${s}</i>` : '');
    return [code, it(row.label), it(row.unit), it(row.cell.raw), ''].join('\t');
  }
  return [code, row.label + note, row.unit, row.cell.raw, ''].join('\t');
}

function formBlock(form: Form, layout: Layout): string[] {
  const hint = layout.headerHint ? ' <i>(sử dụng cho kỳ báo cáo hàng quý, 6 tháng, năm)</i>' : '';
  const heading =
    layout.formHeading === 'two_lines' ? [`**Biểu mẫu ${form.form}**  `, `**${form.title}**`] : [`**Biểu mẫu số ${form.form}: ${form.title}**`];
  return [
    ...heading,
    '',
    [`STT`, `${layout.labelHeader}${hint}`, layout.resultHeader, '', 'Ghi chú'].join('\t'),
    ['', '', 'Đơn vị tính', layout.valueHeader, ''].join('\t'),
    ...form.rows.map((r) => formRowLine(r, layout)),
    '',
  ];
}

export function renderText(draft: Draft): string {
  const { world: w, layout, narrative } = draft;
  const k = w.place.unit.kind;
  const out: string[] = [];
  if (layout.letterhead) {
    if (layout.districtInLetterhead) out.push(`UBND ${upper(w.place.district.kind)} ${upper(w.place.district.name)}  `);
    out.push(`**ỦY BAN NHÂN DÂN**  `, `**${upper(k)} ${upper(w.place.unit.name)}**`, '');
    out.push('**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  ', '**Độc lập - Tự do - Hạnh phúc**', '');
  }
  out.push(`Số: ${w.reportNumber === null ? '' : w.reportNumber}/BC-UBND`, '');
  out.push(`*${reportPlace(draft)}, ngày ${vnDate(w.reportDate, 'words')}*`, '');
  out.push('**BÁO CÁO**  ', `**${reportTitle(draft)}**`, '');
  for (const section of narrative.sections) {
    for (const line of section.lines) out.push(fill(line, narrative.facts), '');
  }
  out.push(`Trên đây là báo cáo công tác cải cách hành chính ${periodShort(w.period)} của UBND ${k} ${draft.unitNameInClosing}./.`, '');
  out.push('***Nơi nhận:***', '', `- UBND ${w.place.district.kind} ${w.place.district.name};`, '- Thường trực Đảng ủy, HĐND;', '- Lưu: VP.', '');
  out.push(`**TM. ỦY BAN NHÂN DÂN  `, `${w.signer.title}**`, '', `**${w.signer.name}**`, '');
  out.push('## PHỤ LỤC', '', `### BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ ${upper(k)} ${upper(draft.unitNameInAppendix)}`, '');
  for (const form of draft.forms) out.push(...formBlock(form, layout));
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
