// Reports written as HTML for LibreOffice to lay out, with and without the official header block
// (and signature block), and the metadata each must give: shared by formats.header-block.test.ts.
import type { ReportMeta } from '../schemas/record.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Text with runs of spaces kept (a blank number or day is printed as spaces). */
const keep = (s: string) => esc(s).replace(/ {2,}/g, (m) => '&nbsp;'.repeat(m.length));
const lines = (ls: string[], bold = false) => ls.map((l) => `<p style="text-align:center;margin:0">${bold ? `<b>${keep(l)}</b>` : keep(l)}</p>`).join('');

/** A borderless two-column table, as the decree's header and signature blocks are set. */
function twoColumns(left: string, right: string, widths = [40, 60]): string {
  const td = (html: string, w: number) => `<td width="${w}%" valign="top" style="border:none;font-size:13pt">${html}</td>`;
  return `<table width="100%" cellspacing="0" cellpadding="2" border="0"><tr>${td(left, widths[0]!)}${td(right, widths[1]!)}</tr></table>`;
}

const BODY = [
  'Thực hiện Công văn số 269/UBND-NV ngày 01/5/2022 của Ủy ban nhân dân cấp trên về việc báo cáo định kỳ công tác cải cách hành chính, đơn vị báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính trong kỳ như sau:',
  'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
  'Trong kỳ, đơn vị tiếp tục quán triệt, triển khai thực hiện công tác cải cách hành chính, đã xây dựng đầy đủ các kế hoạch theo chỉ đạo của cấp trên; công tác kiểm tra, tuyên truyền được thực hiện thường xuyên.',
];

function page(head: string, title: string, closing: string, signature: string): string {
  const body = BODY.map((p) => `<p style="text-align:justify">${esc(p)}</p>`).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font-family:'Times New Roman';font-size:14pt}</style></head><body>${head}<p style="text-align:center"><b>BÁO CÁO</b></p><p style="text-align:center"><b>${esc(title)}</b></p>${body}<p style="text-align:justify">${esc(closing)}</p>${signature}</body></html>`;
}

const signatureBlock = (recipients: string[], right: string[]) =>
  twoColumns(`<p style="margin:0"><b><i>Nơi nhận:</i></b></p>${recipients.map((r) => `<p style="margin:0;font-size:11pt">${esc(r)}</p>`).join('')}`, `${lines(right.slice(0, -1), true)}<p>&nbsp;</p><p>&nbsp;</p>${lines(right.slice(-1), true)}`, [45, 55]);

export interface Case {
  name: string;
  html: string;
  expected: Partial<ReportMeta>;
}

export const CASES: Case[] = [
  {
    name: 'commune-block',
    html: page(
      twoColumns(lines(['UBND HUYỆN TỨ KỲ']) + lines(['UBND XÃ AN PHÚ'], true) + lines(['Số: 45/BC-UBND']), lines(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'], true) + `<p style="text-align:center"><i>An Phú, ngày 07 tháng 12 năm 2022</i></p>`),
      'Công tác cải cách hành chính năm 2022',
      'Trên đây là báo cáo công tác cải cách hành chính năm 2022 của UBND xã An Phú./.',
      signatureBlock(['- UBND huyện Tứ Kỳ (b/c);', '- Đảng ủy, HĐND xã;', '- Lưu: VP.'], ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Thị Lan']),
    ),
    expected: {
      unitKind: 'xã',
      unitName: 'An Phú',
      district: 'Tứ Kỳ',
      number: '45/BC-UBND',
      place: 'An Phú',
      date: '2022-12-07',
      signer: { name: 'Nguyễn Thị Lan', title: 'Phó Chủ tịch', onBehalfOf: 'Ủy ban nhân dân' },
    },
  },
  {
    name: 'district-blank',
    html: page(
      twoColumns(lines(['UBND TỈNH HẢI DƯƠNG']) + lines(['UBND HUYỆN GIA LỘC'], true) + lines(['Số:        /BC-UBND']), lines(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'], true) + `<p style="text-align:center"><i>${keep('Gia Lộc, ngày      tháng 9 năm 2023')}</i></p>`),
      'Kết quả công tác cải cách hành chính 9 tháng năm 2023',
      'Trên đây là báo cáo công tác cải cách hành chính 9 tháng năm 2023 của UBND huyện Gia Lộc./.',
      signatureBlock(['- UBND tỉnh Hải Dương (b/c);', '- Sở Nội vụ;', '- Lưu: VT.'], ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', 'Trần Văn Hùng']),
    ),
    expected: {
      unitKind: 'huyện',
      unitName: 'Gia Lộc',
      district: 'Gia Lộc',
      province: 'Hải Dương',
      number: null,
      place: 'Gia Lộc',
      date: null,
      dateMonth: '2023-09',
      signer: { name: 'Trần Văn Hùng', title: 'Chủ tịch', onBehalfOf: 'Ủy ban nhân dân' },
    },
  },
  {
    name: 'no-block',
    html: page(
      `<p style="text-align:center">Số: 12/BC-UBND</p><p style="text-align:right"><i>Tiên Động, ngày 08 tháng 9 năm 2023</i></p>`,
      'Công tác cải cách hành chính Quý III năm 2023',
      'Trên đây là báo cáo công tác cải cách hành chính Quý III/2023 của UBND xã Tiên Động./.',
      `<p><b><i>Nơi nhận:</i></b></p><p>- UBND huyện Tứ Kỳ;</p><p>- Lưu: VP.</p>${lines(['TM. ỦY BAN NHÂN DÂN', 'PHÓ CHỦ TỊCH'], true)}<p>&nbsp;</p>${lines(['Nguyễn Văn Thương'], true)}`,
    ),
    expected: {
      unitKind: 'xã',
      unitName: 'Tiên Động',
      number: '12/BC-UBND',
      place: 'Tiên Động',
      date: '2023-09-08',
      signer: { name: 'Nguyễn Văn Thương', title: 'Phó Chủ tịch', onBehalfOf: 'Ủy ban nhân dân' },
    },
  },
];

