// The seven appendix forms (Biểu mẫu 1..7) with the seed's row codes and labels, their cells filled
// from a World. Rates are computed from the rows they summarise and rounded as printed; totals are
// sums of their parts; "not reported" is a blank cell, never 0.
import type { Rng } from './prng.js';
import type { TruthIndicator } from './truth.js';
import { rate, vnCount, vnNumber } from './vn.js';
import type { World } from './world.js';

export interface Cell {
  raw: string;
  value: number | null;
  kind: 'number' | 'blank' | 'ratio';
  ratio?: { numerator: number; denominator: number };
}

export interface FormRow {
  code: string;
  label: string;
  /** Italic explanation after a bold group label: "(Lũy kế đến thời điểm báo cáo)". */
  note?: string;
  unit: string;
  cell: Cell;
  /** Bold group row ("1.", "2."). */
  group: boolean;
  /** Italic sub-sub row ("3.3.1."). */
  italic: boolean;
}

export interface Form {
  form: number;
  title: string;
  rows: FormRow[];
}

export const blank = (): Cell => ({ raw: '', value: null, kind: 'blank' });
export const num = (value: number, pad = false): Cell => ({ raw: vnCount(value, pad), value, kind: 'number' });
export const ratioCell = (n: number, d: number): Cell => ({ raw: `${n}/${d}`, value: null, kind: 'ratio', ratio: { numerator: n, denominator: d } });

/** A rate row: blank when nothing was counted (0/0 is not 0 %). */
export function rateCell(part: number, whole: number, decimals: number): Cell {
  if (whole === 0) return blank();
  const r = rate(part, whole, decimals);
  return { raw: r.text, value: r.value, kind: 'number' };
}

export const isRateUnit = (unit: string) => unit.trim() === '%';

/** Which rows are rates of which (for planting and for consistency tests): rate code → [numerator, denominator]. */
export const RATE_PARTS: Record<string, [string, string]> = {
  'form1:2': ['form1:2.2', 'form1:2.1'],
  'form1:3.3': ['form1:3.3.2', 'form1:3.3.1'],
  'form2:3.2': ['form2:3.2.2', 'form2:3.2.1'],
  'form3:3.3': ['form3:3.3.2', 'form3:3.3.1'],
  'form3:3.4': ['form3:3.4.2', 'form3:3.4.1'],
  'form6:1': ['form6:1.2', 'form6:1.1'],
  'form7:6.4': ['form7:6.4.2', 'form7:6.4.1'],
  'form7:6.5': ['form7:6.5.2', 'form7:6.5.1'],
  'form7:6.6': ['form7:6.6.2', 'form7:6.6.1'],
  'form7:6.7': ['form7:6.7.2', 'form7:6.7.1'],
  'form7:6.8': ['form7:6.8.2', 'form7:6.8.1'],
};

/** Totals and the parts they add up to (blank parts are not reported and do not count). */
export const SUM_PARTS: Record<string, string[]> = {
  'form1:4.1': ['form1:4.2', 'form1:4.3', 'form1:4.4'],
  'form3:1.4': ['form3:1.4.1', 'form3:1.4.2', 'form3:1.4.3'],
  'form3:2': ['form3:2.1', 'form3:2.2', 'form3:2.3'],
  'form5:1.1': ['form5:1.2', 'form5:1.3'],
};

/** Pairs where the first may never exceed the second (provided ≤ eligible, part ≤ whole). */
export const NOT_ABOVE: [string, string][] = [
  ['form7:6.4.2', 'form7:6.4.1'],
  ['form7:6.5.2', 'form7:6.5.1'],
  ['form7:6.4.3', 'form7:6.4.2'],
  ['form7:6.5.3', 'form7:6.5.2'],
  ['form7:6.7.2', 'form7:6.7.1'],
  ['form4:2.2', 'form4:2.1'],
  ['form1:2.2', 'form1:2.1'],
];

type RowSpec = [code: string, label: string, unit: string, cell: Cell, style?: 'g' | 'i', note?: string];

function rows(specs: RowSpec[]): FormRow[] {
  return specs.map(([code, label, unit, cell, style, note]) => ({
    code,
    label,
    unit,
    cell,
    group: style === 'g',
    italic: style === 'i',
    ...(note ? { note } : {}),
  }));
}

export function buildForms(w: World, rng: Rng): Form[] {
  const pad = rng.chance(0.3); // this clerk writes "01"
  const n = (v: number) => num(v, pad && rng.chance(0.5));
  const dec = rng.pick([1, 1, 2]);
  const d = w.direction;
  const h = w.hoso;
  const o = w.online;
  const s = w.staff;
  const onTimeTotal = h.early + h.onTime;
  const kct = s.kctXa + s.kctThon;
  const coMat = s.canBo + s.congChuc;
  const xaTotal = w.tthc.xa + w.tthc.quanSu + w.tthc.congAn;
  const lienThong = w.tthc.lienThongCungCap + w.tthc.lienThongCacCap + w.tthc.khongDiaGioi;
  const planned = Math.max(d.documents, d.documents + (rng.chance(0.6) ? 0 : rng.int(1, 3)));
  const up = d.upperTasks;
  const legalReviewed = w.legal.reviewed;

  const form1 = rows([
    ['1', 'Số văn bản chỉ đạo CCHC đã ban hành', 'Văn bản', rng.chance(0.5) ? ratioCell(d.documents, planned) : n(d.documents), 'g', '(Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)'],
    ['2', 'Tỷ lệ hoàn thành Kế hoạch CCHC năm', '%', rateCell(d.tasksDone, d.tasks, dec), 'g', '(Lũy kế đến thời điểm báo cáo)'],
    ['2.1', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', n(d.tasks)],
    ['2.2', 'Số nhiệm vụ đã hoàn thành', 'Nhiệm vụ', n(d.tasksDone)],
    ['3', 'Kiểm tra CCHC', '', blank(), 'g'],
    ['3.1', 'Số tổ chức đã kiểm tra', 'Tổ chức', n(d.inspectedOrgs)],
    ['3.2', 'Số cá nhân đã kiểm tra', 'Cá nhân', n(0)],
    ['3.3', 'Tỷ lệ xử lý các vấn đề qua kiểm tra', '%', rateCell(d.issuesFixed, d.issuesFound, dec)],
    ['3.3.1', 'Số vấn đề phát hiện qua kiểm tra', 'Vấn đề', n(d.issuesFound), 'i'],
    ['3.3.2', 'Số vấn đề phát hiện đã xử lý xong', 'Vấn đề', n(d.issuesFixed), 'i'],
    ['4', 'Thực hiện nhiệm vụ của UBND huyện, Chủ tịch UBND huyện giao', '', blank(), 'g'],
    ['4.1', 'Tổng số nhiệm vụ được giao', 'Nhiệm vụ', up ? n(up.total) : blank()],
    ['4.2', 'Số nhiệm vụ đã hoàn thành đúng hạn', 'Nhiệm vụ', up ? n(up.onTime) : blank()],
    ['4.3', 'Số nhiệm vụ đã hoàn thành nhưng quá hạn', 'Nhiệm vụ', up ? n(up.late) : blank()],
    ['4.4', 'Số nhiệm vụ quá hạn nhưng chưa hoàn thành', 'Nhiệm vụ', up ? n(up.overdue) : blank()],
    ['5', 'Khảo sát sự hài lòng của người dân, tổ chức', 'Có = 1; Không = 0', num(d.survey ? 1 : 0), 'g'],
    // One form per person asked: the narrative's "N người dân được lấy ý kiến" is this row.
    ['5.1', 'Số lượng phiếu khảo sát', 'Phiếu', d.survey ? n(w.survey.people) : blank()],
    ['5.2', 'Hình thức khảo sát', 'Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2', d.survey ? num(d.surveyMode) : blank()],
    ['6', 'Tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp', 'Không = 0 Có = 1', num(d.dialogue ? 1 : 0), 'g'],
  ]);

  const needFix = w.legal.needFix;
  const form2 = rows([
    ['1', 'Tổng số Văn bản quy phạm pháp luật (VBQPPL) do địa phương ban hành', '', blank(), 'g'],
    ['1.1', 'Số VBQPPL do cấp huyện ban hành', 'Văn bản', blank()],
    ['1.2', 'Số VBQPPL do cấp xã ban hành', 'Văn bản', n(w.legal.vbqpplXa)],
    ['2', 'Kiểm tra, xử lý VBQPPL', '', blank(), 'g'],
    ['2.1', 'Số VBQPPL đã kiểm tra theo thẩm quyền của cấp huyện', 'Văn bản', blank()],
    ['2.2', 'Tỷ lệ xử lý VBQPPL sau kiểm tra', '%', blank()],
    ['2.2.1', 'Tổng số VBQPPL cần phải xử lý sau kiểm tra', 'Văn bản', blank(), 'i'],
    ['2.2.2', 'Số VBQPPL có kiến nghị xử lý đã được xử lý xong', 'Văn bản', blank(), 'i'],
    ['3', 'Rà soát VBQPPL', '', blank(), 'g'],
    ['3.1', 'Số VBQPPL đã rà soát thuộc thẩm quyền của cấp huyện', 'Văn bản', legalReviewed === null ? blank() : n(legalReviewed)],
    ['3.2', 'Tỷ lệ xử lý VBQPPL sau rà soát', '%', legalReviewed === null ? blank() : rateCell(needFix, needFix, dec)],
    ['3.2.1', 'Tổng số VBQPPL cần phải xử lý sau rà soát', 'Văn bản', legalReviewed === null ? blank() : n(needFix), 'i'],
    ['3.2.2', 'Số VBQPPL có kiến nghị xử lý đã được xử lý xong', 'Văn bản', legalReviewed === null ? blank() : n(needFix), 'i'],
  ]);

  const form3 = rows([
    ['1', 'Thống kê TTHC', 'Thủ tục', blank(), 'g'],
    ['1.1', 'Số TTHC đã được phê duyệt phương án đơn giản hóa', 'Thủ tục', n(w.tthc.simplified)],
    ['1.2', 'Số TTHC công bố mới', 'Thủ tục', n(w.tthc.newlyPublished)],
    ['1.3', 'Số TTHC bãi bỏ, thay thế', 'Thủ tục', n(w.tthc.abolished)],
    ['1.4', 'Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương', 'Thủ tục', n(xaTotal)],
    ['1.4.1', 'Số TTHC cấp tỉnh (Bao gồm cả TTHC của cơ quan ngành dọc)', 'Thủ tục', blank(), 'i'],
    ['1.4.2', 'Số TTHC cấp huyện (Bao gồm cả TTHC của cơ quan ngành dọc)', 'Thủ tục', blank(), 'i'],
    ['1.4.3', 'Số TTHC cấp xã (Bao gồm cả TTHC của cơ quan ngành dọc)', 'Thủ tục', n(xaTotal), 'i'],
    ['2', 'Thực hiện cơ chế một cửa, một cửa liên thông', '', n(lienThong), 'g'],
    ['2.1', 'Số TTHC liên thông cùng cấp', 'Thủ tục', n(w.tthc.lienThongCungCap)],
    ['2.2', 'Số TTHC liên thông giữa các cấp chính quyền', 'Thủ tục', n(w.tthc.lienThongCacCap)],
    ['2.3', 'Số TTHC đã thực hiện tiếp nhận và giải quyết hồ sơ không phụ thuộc vào địa giới hành chính.', 'Thủ tục', n(w.tthc.khongDiaGioi)],
    ['3', 'Kết quả giải quyết TTHC', '', blank(), 'g'],
    ['3.1', 'Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn', '%', blank()],
    ['3.1.1', 'Tổng số hồ sơ TTHC đã giải quyết xong', 'Hồ sơ', blank(), 'i'],
    ['3.1.2', 'Số hồ sơ TTHC giải quyết đúng hạn', 'Hồ sơ', blank(), 'i'],
    ['3.2', 'Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn', '%', blank()],
    ['3.2.1', 'Tổng số hồ sơ TTHC đã giải quyết xong', 'Hồ sơ', blank(), 'i'],
    ['3.2.2', 'Số hồ sơ TTHC giải quyết đúng hạn', 'Hồ sơ', blank(), 'i'],
    ['3.3', 'Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn', '%', rateCell(onTimeTotal, h.received, dec)],
    ['3.3.1', 'Tổng số hồ sơ TTHC đã giải quyết xong', 'Hồ sơ', n(h.received), 'i'],
    ['3.3.2', 'Số hồ sơ TTHC giải quyết đúng hạn', 'Hồ sơ', n(onTimeTotal), 'i'],
    ['3.4', 'Tỷ lệ giải quyết phản ánh, kiến nghị (PAKN) về quy định TTHC', '%', rateCell(w.pakn.resolved, w.pakn.received, dec)],
    ['3.4.1', 'Tổng số PAKN đã tiếp nhận (trực tiếp hoặc do cơ quan có thẩm quyền chuyển đến)', 'PAKN', n(w.pakn.received), 'i'],
    ['3.4.2', 'Số PAKN đã giải quyết xong', 'PAKN', n(w.pakn.resolved), 'i'],
  ]);

  const form4 = rows([
    ['1', 'Sắp xếp, kiện toàn tổ chức bộ máy', '', blank(), 'g'],
    ['1.1', 'Tỷ lệ các tổ chức đã hoàn thành việc sắp xếp cơ cấu tổ chức và bố trí các bộ phận chuyên môn đáp ứng các tiêu chí theo quy định của Chính phủ', '%', rng.chance(0.6) ? num(100) : blank()],
    ['1.2', 'Số tổ chức liên ngành do cấp xã thành lập', 'Tổ chức', n(rng.int(0, 3))],
    ['2', 'Số liệu về biên chế công chức', '', blank(), 'g'],
    ['2.1', 'Tổng số biên chế được giao trong năm', 'Người', n(s.quota)],
    ['2.2', 'Tổng số biên chế có mặt tại thời điểm báo cáo', 'Người', n(coMat)],
    ['2.3', 'Số hợp đồng lao động làm việc tại UBND cấp xã', 'Người', n(s.contract)],
    ['2.4', 'Số biên chế đã tinh giản trong kỳ báo cáo', 'Người', n(s.cutInPeriod)],
    ['2.5', 'Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015', '%', num(s.cutSince2015Pct)],
    ['3', 'Số người hoạt động không chuyên trách ở cấp xã, thôn, khu dân cư', '', blank(), 'g'],
    ['3.1', 'Tổng số người làm việc được giao', 'Người', n(kct)],
    ['3.2', 'Tổng số người làm việc có mặt', 'Người', n(kct)],
    ['3.3', 'Số người đã tinh giản trong kỳ báo cáo', 'Người', n(s.kctCut)],
    ['3.4', 'Tỷ lệ % đã tinh giản so với năm 2015', '%', num(s.kctCutPct)],
  ]);

  const form5 = rows([
    ['1', 'Vị trí việc làm của công chức', '', blank(), 'g'],
    ['1.1', 'Số cán bộ, công chức đã được phê duyệt vị trí việc làm theo quy định', 'Cán bộ, công chức', n(coMat)],
    ['1.2', 'Số cán bộ, công chức đã được bố trí theo đúng vị trí việc làm theo quy định', 'Cán bộ, công chức', n(s.arrangedCorrectly)],
    ['1.3', 'Số cán bộ, công chức không được bố trí theo đúng vị trí việc làm theo quy định', 'Cán bộ, công chức', n(coMat - s.arrangedCorrectly)],
    ['2', 'Tuyển dụng công chức', '', blank(), 'g'],
    ['2.1', 'Số công chức được tuyển dụng', 'Người', n(s.recruited), undefined, '(thi tuyển, xét tuyển)'],
    ['2.2', 'Số công chức được tuyển dụng theo trường hợp đặc biệt', 'Người', n(0)],
    ['2.3', 'Số cán bộ, công chức cấp xã được xét chuyển thành công chức cấp huyện trở lên', 'Người', n(0)],
    ['3', 'Số lượng cán bộ, công chức bị kỷ luật', '', blank(), 'g', '(cả về Đảng và chính quyền).'],
    ['3.1', 'Số lãnh đạo cấp xã bị kỷ luật', 'Người', n(s.disciplinedLeaders)],
    ['3.2', 'Số công chức cấp xã bị kỷ luật', 'Người', n(s.disciplinedStaff)],
  ]);

  const money = (v: number): Cell => ({ raw: vnNumber(v), value: v, kind: 'number' });
  const form6 = rows([
    ['1', 'Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công', '%', rateCell(w.finance.investDoneMillion, w.finance.investPlanMillion, dec), 'g'],
    ['1.1', 'Kế hoạch được giao', 'Triệu đồng', money(w.finance.investPlanMillion)],
    ['1.2', 'Đã thực hiện', 'Triệu đồng', money(w.finance.investDoneMillion)],
    ['2', 'Thực hiện tự chủ tài chính của cơ quan, đơn vị tại địa phương', 'Đơn vị', blank(), 'g', '(lũy kế đến thời điểm báo cáo)'],
    ['2.2', 'Số Đơn vị tự bảo đảm chi thường xuyên và chi đầu tư', 'Đơn vị', blank()],
    ['2.3', 'Số Đơn vị tự bảo đảm chi thường xuyên', 'Đơn vị', blank()],
    ['2.4', 'Số Đơn vị tự bảo đảm một phần chi thường xuyên', 'Đơn vị', blank()],
    ['2.5', 'Số Đơn vị do Nhà nước bảo đảm chi thường xuyên', 'Đơn vị', rng.chance(0.5) ? n(1) : blank()],
  ]);

  const eligibleOnline = o.provided3 + o.provided4;
  const form7 = rows([
    ['1', 'Cập nhật Kiến trúc chính quyền điện tử phiên bản mới nhất', 'Chưa = 0 Hoàn thành = 1', num(rng.chance(0.8) ? 1 : 0), 'g'],
    ['2', 'Xây dựng và vận hành Hệ thống họp trực tuyến', 'Chưa có = 0', num(1), 'g'],
    ['3', 'Tỷ lệ báo cáo định kỳ được gửi, nhận qua Hệ thống thông tin báo cáo quốc gia', '%', num(o.reportsOnlinePct), 'g'],
    ['4', 'Triển khai xây dựng nền tảng chia sẻ, tích hợp dùng chung (LGSP)', 'Chưa = 0 Đang làm = 1 Hoàn thành = 2', num(o.lgsp), 'g'],
    ['5', 'Số liệu về trao đổi văn bản điện tử', '', blank(), 'g'],
    ['5.1', 'Thực hiện kết nối, liên thông các Hệ thống quản lý văn bản điều hành từ cấp tỉnh đến cấp xã', '', num(100)],
    ['5.1.1', 'Tỷ lệ UBND cấp xã đã kết nối, liên thông với UBND huyện.', '%', num(100), 'i'],
    ['5.2', 'Tỷ lệ sử dụng văn bản điện tử của địa phương', '%', num(rng.pick([100, 98, 95])), undefined],
    ['6', 'Cung cấp dịch vụ công trực tuyến', '', blank(), 'g'],
    ['6.4', 'Tỷ lệ TTHC đủ điều kiện được cung cấp trực tuyến mức độ 3', '%', rateCell(o.provided3, o.eligible3, dec)],
    ['6.4.1', 'Tổng số TTHC đủ điều kiện cung cấp trực tuyến mức độ 3', 'Thủ tục', n(o.eligible3), 'i'],
    ['6.4.2', 'Số TTHC đang cung cấp trực tuyến mức độ 3', 'Thủ tục', n(o.provided3), 'i'],
    ['6.4.3', 'Số TTHC đang cung cấp trực tuyến mức độ 3 có phát sinh hồ sơ nộp trực tuyến', 'Thủ tục', n(o.withDossiers3), 'i'],
    ['6.5', 'Tỷ lệ TTHC đủ điều kiện được cung cấp trực tuyến mức độ 4', '%', rateCell(o.provided4, o.eligible4, dec)],
    ['6.5.1', 'Tổng số TTHC đủ điều kiện cung cấp trực tuyến mức độ 4', 'Thủ tục', n(o.eligible4), 'i'],
    ['6.5.2', 'Số TTHC đang cung cấp trực tuyến mức độ 4', 'Thủ tục', n(o.provided4), 'i'],
    ['6.5.3', 'Số TTHC đang cung cấp trực tuyến mức độ 4 có phát sinh hồ sơ nộp trực tuyến', 'Thủ tục', n(o.withDossiers4), 'i'],
    ['6.6', 'Tỷ lệ TTHC cung cấp trực tuyến mức độ 3 và 4 đã tích hợp, công khai trên Cổng DVC quốc gia', '%', rateCell(o.integrated, eligibleOnline, dec)],
    ['6.6.1', 'Tổng số TTHC đang cung cấp trực tuyến mức độ 3 và 4 của địa phương', 'Thủ tục', n(eligibleOnline), 'i'],
    ['6.6.2', 'Số TTHC cung cấp trực tuyến mức độ 3 và 4 đã tích hợp, công khai trên Cổng DVC quốc gia', 'Thủ tục', n(o.integrated), 'i'],
    ['6.7', 'Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến mức độ 3 và 4', '%', rateCell(h.online, h.received, dec), undefined, '(Chỉ thống kê đối với các TTHC mức độ 3 và 4 có phát sinh hồ sơ)'],
    ['6.7.1', 'Tổng số hồ sơ TTHC đã tiếp nhận (cả trực tiếp và trực tuyến)', 'Hồ sơ', n(h.received), 'i'],
    ['6.7.2', 'Số hồ sơ TTHC đã tiếp nhận trực tuyến', 'Hồ sơ', n(h.online), 'i'],
    ['6.8', 'Tỷ lệ TTHC được tích hợp, triển khai thanh toán trực tuyến', '%', rateCell(o.feeOnline, o.feeProcedures, dec)],
    ['6.8.1', 'Tổng số TTHC có yêu cầu nghĩa vụ tài chính (tất cả các TTHC có phát sinh phí, lệ phí, ...)', 'Thủ tục', n(o.feeProcedures), 'i'],
    ['6.8.2', 'Số TTHC đã được tích hợp, triển khai thanh toán trực tuyến trên Cổng DVC quốc gia hoặc trên Cổng DVC của tỉnh.', 'Thủ tục', n(o.feeOnline), 'i'],
  ]);

  return [
    { form: 1, title: 'Công tác chỉ đạo điều hành CCHC', rows: form1 },
    { form: 2, title: 'Cải cách thể chế', rows: form2 },
    { form: 3, title: 'Cải cách thủ tục hành chính', rows: form3 },
    { form: 4, title: 'Cải cách bộ máy hành chính nhà nước', rows: form4 },
    { form: 5, title: 'Cải cách chế độ công vụ', rows: form5 },
    { form: 6, title: 'Cải cách tài chính công', rows: form6 },
    { form: 7, title: 'Xây dựng chính quyền điện tử, Chính quyền số', rows: form7 },
  ];
}

export function findRow(forms: Form[], ref: string): FormRow | undefined {
  const m = /^form(\d+):(.+)$/.exec(ref);
  if (!m) return undefined;
  return forms.find((f) => f.form === Number(m[1]))?.rows.find((r) => r.code === m[2]);
}

/** The truth's indicators: what each row of the forms prints. */
export function truthIndicators(forms: Form[]): TruthIndicator[] {
  return forms.flatMap((f) =>
    f.rows.map((r) => ({
      form: f.form,
      code: r.code,
      raw: r.cell.raw,
      value: r.cell.value,
      valueKind: r.cell.kind,
      ...(r.cell.ratio ? { ratio: r.cell.ratio } : {}),
    })),
  );
}
