// The indicator catalogue: one canonical key per appendix row of the periodic CCHC statistical
// forms ("Biểu mẫu 1..7"), with the relations between rows that the conflict rules check.
// Rows are numbered and worded differently between provinces and years, so an entry carries its
// usual code(s) and several label variants; matching (src/extract/catalogue-match.ts) uses both.
// Relations live here, not in the rules, so a rule never hard-codes a row code.
import { z } from 'zod';
import { FACT_KEY_SET } from './fact-keys.js';

/** How a row's value is written. */
export const UNIT_KINDS = [
  'count', // a whole number of things (văn bản, hồ sơ, người, thủ tục)
  'percent', // 0..100
  'money_million', // triệu đồng
  'yesno', // a code from a two-value set printed in the unit cell ("Có = 1; Không = 0")
  'enum', // a code from a larger set ("Chưa = 0 Đang làm = 1 Hoàn thành = 2")
  'ratio_text', // "đạt/tổng" printed as "8/8" on purpose
  'heading', // a group row that only titles its sub-rows (no value of its own)
] as const;
export const UnitKindSchema = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKindSchema>;

/**
 * How a figure behaves across periods:
 * - additive: a flow in the period (dossiers received); a year is the sum of its quarters;
 * - cumulative_year: "lũy kế đến thời điểm báo cáo" since 1 January; never falls within a year;
 * - cumulative: running total over all time (units converted to joint-stock companies); never falls;
 * - stock: a level at the report date (headcount, procedures in force); neither summed nor monotone;
 * - rate: computed from other rows, never summed.
 */
export const AGGREGATIONS = ['additive', 'cumulative_year', 'cumulative', 'stock', 'rate'] as const;
export const AggregationSchema = z.enum(AGGREGATIONS);
export type Aggregation = z.infer<typeof AggregationSchema>;

/** Administrative level a row speaks of: the same wording repeats for tỉnh/huyện/xã. */
export const AdminLevelSchema = z.enum(['tinh', 'huyen', 'xa']);
export type AdminLevel = z.infer<typeof AdminLevelSchema>;

/** The level whose rows a unit's narrative speaks of; null when the unit kind is unknown. */
export function levelOfUnitKind(unitKind: string | null | undefined): AdminLevel | null {
  switch (unitKind) {
    case 'xã':
    case 'phường':
    case 'thị trấn':
      return 'xa';
    case 'huyện':
    case 'quận':
    case 'thị xã':
    case 'thành phố':
    // A phòng is an office of the district's people's committee.
    case 'phòng':
      return 'huyen';
    case 'tỉnh':
    case 'sở':
      return 'tinh';
    default:
      return null;
  }
}

/**
 * A narrative fact (schemas/fact-keys.ts) or a sum of facts that states the same figure. `or`:
 * other facts that state the same figure in other wordings, read when `key` is not stated
 * (staff present: "biên chế có mặt" or "hiện có 19 cán bộ, công chức").
 */
export const FactExprSchema = z.union([
  z.object({ key: z.string(), or: z.array(z.string()).min(1).optional() }),
  z.object({ sum: z.array(z.string()).min(2) }),
]);
export type FactExpr = z.infer<typeof FactExprSchema>;

export const IndicatorDefSchema = z.object({
  key: z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/),
  form: z.number().int().positive(),
  /** Usual printed code(s), trailing dot removed. Empty for rows only known from newer forms. */
  codes: z.array(z.string()),
  /** Label variants as printed (NFC). The first is the one shown to reviewers. */
  labels: z.array(z.string()).min(1),
  unit: UnitKindSchema,
  /** Allowed codes of a yesno/enum row and what they mean. */
  codeValues: z.array(z.object({ code: z.number().int(), label: z.string() })).optional(),
  /** The row this one is numbered under (display and matching context). */
  parent: z.string().optional(),
  /** This row is a rate: numerator / denominator × 100. */
  rate: z.object({ numerator: z.string(), denominator: z.string() }).optional(),
  /**
   * This row totals others. exhaustive: the parts cover the total (sum must equal it);
   * otherwise the parts are some of it (their sum must not exceed it).
   */
  total: z.object({ of: z.array(z.string()).min(1), exhaustive: z.boolean() }).optional(),
  /**
   * This row counts a subset of another (dossiers received online ≤ dossiers received).
   * strict: cannot be larger by definition (error); otherwise it is only suspicious (warning).
   */
  within: z.array(z.object({ key: z.string(), strict: z.boolean() })).optional(),
  /** This row counts what is provided out of what is eligible (provided ≤ eligible). */
  eligible: z.string().optional(),
  aggregation: AggregationSchema,
  /** The narrative fact that states the same figure. */
  fact: FactExprSchema.optional(),
  level: AdminLevelSchema.optional(),
  /** Years the row exists in the forms (e.g. district rows end with the 2025 two-level reform). */
  era: z.object({ from: z.number().int().optional(), to: z.number().int().optional() }).optional(),
  note: z.string().optional(),
});
export type IndicatorDef = z.infer<typeof IndicatorDefSchema>;

export const CatalogueFormSchema = z.object({
  form: z.number().int().positive(),
  key: z.string(),
  titles: z.array(z.string()).min(1),
});
export type CatalogueForm = z.infer<typeof CatalogueFormSchema>;

export const CATALOGUE_FORMS: readonly CatalogueForm[] = z.array(CatalogueFormSchema).parse([
  { form: 1, key: 'chi_dao', titles: ['Công tác chỉ đạo điều hành CCHC', 'Công tác chỉ đạo, điều hành cải cách hành chính'] },
  { form: 2, key: 'the_che', titles: ['Cải cách thể chế'] },
  { form: 3, key: 'tthc', titles: ['Cải cách thủ tục hành chính', 'Cải cách TTHC'] },
  { form: 4, key: 'bo_may', titles: ['Cải cách bộ máy hành chính nhà nước', 'Cải cách tổ chức bộ máy hành chính nhà nước'] },
  { form: 5, key: 'cong_vu', titles: ['Cải cách chế độ công vụ'] },
  { form: 6, key: 'tai_chinh', titles: ['Cải cách tài chính công'] },
  {
    form: 7,
    key: 'cqs',
    titles: ['Xây dựng chính quyền điện tử, Chính quyền số', 'Xây dựng và phát triển Chính quyền điện tử, Chính quyền số', 'Chuyển đổi số'],
  },
]);

type Def = z.input<typeof IndicatorDefSchema>;

const YES_NO = [
  { code: 0, label: 'Không' },
  { code: 1, label: 'Có' },
];

// Keeps the table below readable: form, code(s), key, unit, labels, then the rest.
function row(form: number, codes: string | string[], key: string, unit: UnitKind, labels: string[], rest: Partial<Def> = {}): Def {
  return { form, codes: typeof codes === 'string' ? [codes] : codes, key, unit, labels, aggregation: 'stock', ...rest };
}
const rate = (numerator: string, denominator: string): Partial<Def> => ({ rate: { numerator, denominator }, aggregation: 'rate' });

const DEFS: Def[] = [
  // ---- Biểu mẫu 1: Công tác chỉ đạo điều hành CCHC ----
  row(1, '1', 'chi_dao.van_ban', 'count', ['Số văn bản chỉ đạo CCHC đã ban hành', 'Số văn bản chỉ đạo, điều hành CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)'], { aggregation: 'additive' }),
  row(1, '2', 'chi_dao.ke_hoach.ty_le', 'percent', ['Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)', 'Tỷ lệ hoàn thành kế hoạch cải cách hành chính năm'], {
    ...rate('chi_dao.ke_hoach.hoan_thanh', 'chi_dao.ke_hoach.nhiem_vu'),
    note: 'Lũy kế: cumulative within the year, but a rate is re-computed, not summed.',
  }),
  row(1, '2.1', 'chi_dao.ke_hoach.nhiem_vu', 'count', ['Số nhiệm vụ đề ra trong kế hoạch', 'Tổng số nhiệm vụ, sản phẩm đề ra trong kế hoạch'], { parent: 'chi_dao.ke_hoach.ty_le' }),
  row(1, '2.2', 'chi_dao.ke_hoach.hoan_thanh', 'count', ['Số nhiệm vụ đã hoàn thành', 'Số nhiệm vụ, sản phẩm đã hoàn thành'], {
    parent: 'chi_dao.ke_hoach.ty_le',
    aggregation: 'cumulative_year',
    within: [{ key: 'chi_dao.ke_hoach.nhiem_vu', strict: true }],
  }),
  row(1, '3', 'chi_dao.kiem_tra', 'heading', ['Kiểm tra CCHC', 'Kiểm tra cải cách hành chính']),
  row(1, '3.1', 'chi_dao.kiem_tra.to_chuc', 'count', ['Số tổ chức đã kiểm tra', 'Số cơ quan, đơn vị đã kiểm tra'], { parent: 'chi_dao.kiem_tra', aggregation: 'additive' }),
  row(1, '3.2', 'chi_dao.kiem_tra.ca_nhan', 'count', ['Số cá nhân đã kiểm tra'], { parent: 'chi_dao.kiem_tra', aggregation: 'additive' }),
  row(1, '3.3', 'chi_dao.kiem_tra.ty_le_xu_ly', 'percent', ['Tỷ lệ xử lý các vấn đề qua kiểm tra', 'Tỷ lệ xử lý các vấn đề phát hiện qua kiểm tra'], {
    parent: 'chi_dao.kiem_tra',
    ...rate('chi_dao.kiem_tra.da_xu_ly', 'chi_dao.kiem_tra.phat_hien'),
  }),
  row(1, '3.3.1', 'chi_dao.kiem_tra.phat_hien', 'count', ['Số vấn đề phát hiện qua kiểm tra'], { parent: 'chi_dao.kiem_tra.ty_le_xu_ly', aggregation: 'additive' }),
  row(1, '3.3.2', 'chi_dao.kiem_tra.da_xu_ly', 'count', ['Số vấn đề phát hiện đã xử lý xong', 'Số vấn đề phát hiện qua kiểm tra đã xử lý xong'], {
    parent: 'chi_dao.kiem_tra.ty_le_xu_ly',
    aggregation: 'additive',
    within: [{ key: 'chi_dao.kiem_tra.phat_hien', strict: true }],
  }),
  row(1, '4', 'chi_dao.nhiem_vu_cap_tren', 'heading', [
    'Thực hiện nhiệm vụ của UBND huyện, Chủ tịch UBND huyện giao',
    'Thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao',
    'Thực hiện nhiệm vụ được cấp trên giao',
  ], { note: 'Worded "UBND huyện" until mid-2025; the two-level reform removed districts, so newer forms say "UBND tỉnh".' }),
  row(1, '4.1', 'chi_dao.nhiem_vu_cap_tren.giao', 'count', ['Tổng số nhiệm vụ được giao'], {
    parent: 'chi_dao.nhiem_vu_cap_tren',
    aggregation: 'additive',
    // Tasks not yet due are in none of 4.2-4.4, so the parts may sum to less than the total.
    total: { of: ['chi_dao.nhiem_vu_cap_tren.dung_han', 'chi_dao.nhiem_vu_cap_tren.qua_han', 'chi_dao.nhiem_vu_cap_tren.chua_hoan_thanh'], exhaustive: false },
  }),
  row(1, '4.2', 'chi_dao.nhiem_vu_cap_tren.dung_han', 'count', ['Số nhiệm vụ đã hoàn thành đúng hạn'], { parent: 'chi_dao.nhiem_vu_cap_tren', aggregation: 'additive' }),
  row(1, '4.3', 'chi_dao.nhiem_vu_cap_tren.qua_han', 'count', ['Số nhiệm vụ đã hoàn thành nhưng quá hạn'], { parent: 'chi_dao.nhiem_vu_cap_tren', aggregation: 'additive' }),
  row(1, '4.4', 'chi_dao.nhiem_vu_cap_tren.chua_hoan_thanh', 'count', ['Số nhiệm vụ quá hạn nhưng chưa hoàn thành'], { parent: 'chi_dao.nhiem_vu_cap_tren', aggregation: 'additive' }),
  row(1, '5', 'chi_dao.khao_sat', 'yesno', ['Khảo sát sự hài lòng của người dân, tổ chức', 'Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính'], { codeValues: YES_NO }),
  row(1, '5.1', 'chi_dao.khao_sat.so_phieu', 'count', ['Số lượng phiếu khảo sát', 'Số phiếu khảo sát'], {
    parent: 'chi_dao.khao_sat',
    aggregation: 'additive',
    // Narratives count people asked ("259 người dân được lấy ý kiến"): one form each.
    fact: { key: 'khao_sat.so_nguoi' },
  }),
  row(1, '5.2', 'chi_dao.khao_sat.hinh_thuc', 'enum', ['Hình thức khảo sát'], {
    parent: 'chi_dao.khao_sat',
    codeValues: [
      { code: 0, label: 'Trực tuyến' },
      { code: 1, label: 'Phát phiếu' },
      { code: 2, label: 'Kết hợp' },
    ],
  }),
  row(1, '6', 'chi_dao.doi_thoai', 'yesno', ['Tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp', 'Tổ chức đối thoại giữa người đứng đầu với người dân, doanh nghiệp'], { codeValues: YES_NO }),

  // ---- Biểu mẫu 2: Cải cách thể chế ----
  row(2, '1', 'the_che.vbqppl', 'count', ['Tổng số Văn bản quy phạm pháp luật (VBQPPL) do địa phương ban hành', 'Tổng số VBQPPL do địa phương ban hành'], {
    aggregation: 'additive',
    total: { of: ['the_che.vbqppl.huyen', 'the_che.vbqppl.xa'], exhaustive: true },
  }),
  row(2, '1.1', 'the_che.vbqppl.huyen', 'count', ['Số VBQPPL do cấp huyện ban hành'], { parent: 'the_che.vbqppl', aggregation: 'additive', level: 'huyen', era: { to: 2025 } }),
  row(2, '1.2', 'the_che.vbqppl.xa', 'count', ['Số VBQPPL do cấp xã ban hành'], { parent: 'the_che.vbqppl', aggregation: 'additive', level: 'xa' }),
  row(2, '2', 'the_che.kiem_tra', 'heading', ['Kiểm tra, xử lý VBQPPL', 'Kiểm tra, xử lý văn bản quy phạm pháp luật']),
  row(2, '2.1', 'the_che.kiem_tra.so_van_ban', 'count', ['Số VBQPPL đã kiểm tra theo thẩm quyền của cấp huyện', 'Số VBQPPL đã kiểm tra theo thẩm quyền'], { parent: 'the_che.kiem_tra', aggregation: 'additive' }),
  row(2, '2.2', 'the_che.kiem_tra.ty_le_xu_ly', 'percent', ['Tỷ lệ xử lý VBQPPL sau kiểm tra'], { parent: 'the_che.kiem_tra', ...rate('the_che.kiem_tra.da_xu_ly', 'the_che.kiem_tra.can_xu_ly') }),
  row(2, '2.2.1', 'the_che.kiem_tra.can_xu_ly', 'count', ['Tổng số VBQPPL cần phải xử lý sau kiểm tra'], { parent: 'the_che.kiem_tra.ty_le_xu_ly', aggregation: 'additive' }),
  row(2, '2.2.2', 'the_che.kiem_tra.da_xu_ly', 'count', ['Số VBQPPL có kiến nghị xử lý đã được xử lý xong'], {
    parent: 'the_che.kiem_tra.ty_le_xu_ly',
    aggregation: 'additive',
    within: [{ key: 'the_che.kiem_tra.can_xu_ly', strict: true }],
  }),
  row(2, '3', 'the_che.ra_soat', 'heading', ['Rà soát VBQPPL', 'Rà soát văn bản quy phạm pháp luật']),
  row(2, '3.1', 'the_che.ra_soat.so_van_ban', 'count', ['Số VBQPPL đã rà soát thuộc thẩm quyền của cấp huyện', 'Số VBQPPL đã rà soát theo thẩm quyền'], { parent: 'the_che.ra_soat', aggregation: 'additive' }),
  row(2, '3.2', 'the_che.ra_soat.ty_le_xu_ly', 'percent', ['Tỷ lệ xử lý VBQPPL sau rà soát'], { parent: 'the_che.ra_soat', ...rate('the_che.ra_soat.da_xu_ly', 'the_che.ra_soat.can_xu_ly') }),
  row(2, '3.2.1', 'the_che.ra_soat.can_xu_ly', 'count', ['Tổng số VBQPPL cần phải xử lý sau rà soát'], { parent: 'the_che.ra_soat.ty_le_xu_ly', aggregation: 'additive' }),
  row(2, '3.2.2', 'the_che.ra_soat.da_xu_ly', 'count', ['Số VBQPPL có kiến nghị xử lý đã được xử lý xong'], {
    parent: 'the_che.ra_soat.ty_le_xu_ly',
    aggregation: 'additive',
    within: [{ key: 'the_che.ra_soat.can_xu_ly', strict: true }],
  }),

  // ---- Biểu mẫu 3: Cải cách thủ tục hành chính ----
  row(3, '1', 'tthc.thong_ke', 'heading', ['Thống kê TTHC', 'Thống kê thủ tục hành chính']),
  row(3, '1.1', 'tthc.don_gian_hoa', 'count', ['Số TTHC đã được phê duyệt phương án đơn giản hóa', 'Số TTHC được phê duyệt phương án cắt giảm, đơn giản hóa'], {
    parent: 'tthc.thong_ke',
    aggregation: 'additive',
    fact: { key: 'tthc.cat_giam' },
  }),
  row(3, '1.2', 'tthc.cong_bo_moi', 'count', ['Số TTHC công bố mới', 'Số TTHC được công bố mới'], { parent: 'tthc.thong_ke', aggregation: 'additive' }),
  row(3, '1.3', 'tthc.bai_bo_thay_the', 'count', ['Số TTHC bãi bỏ, thay thế', 'Số TTHC sửa đổi, bổ sung, bãi bỏ, thay thế'], { parent: 'tthc.thong_ke', aggregation: 'additive' }),
  row(3, '1.4', 'tthc.tong', 'count', ['Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương', 'Tổng số TTHC thuộc thẩm quyền giải quyết của địa phương'], {
    parent: 'tthc.thong_ke',
    // Every procedure handled locally belongs to exactly one level.
    total: { of: ['tthc.tong.tinh', 'tthc.tong.huyen', 'tthc.tong.xa'], exhaustive: true },
  }),
  row(3, '1.4.1', 'tthc.tong.tinh', 'count', ['Số TTHC cấp tỉnh (Bao gồm cả TTHC của cơ quan ngành dọc)', 'Số TTHC cấp tỉnh'], { parent: 'tthc.tong', level: 'tinh' }),
  row(3, '1.4.2', 'tthc.tong.huyen', 'count', ['Số TTHC cấp huyện (Bao gồm cả TTHC của cơ quan ngành dọc)', 'Số TTHC cấp huyện'], { parent: 'tthc.tong', level: 'huyen', era: { to: 2025 } }),
  row(3, '1.4.3', 'tthc.tong.xa', 'count', ['Số TTHC cấp xã (Bao gồm cả TTHC của cơ quan ngành dọc)', 'Số TTHC cấp xã'], {
    parent: 'tthc.tong',
    level: 'xa',
    // The narrative's "Tổng số TTHC được công khai" at a commune is the commune's procedures
    // (cấp xã + ngành dọc), the same population as this row.
    fact: { key: 'tthc.cong_khai.tong' },
  }),
  row(3, '2', 'tthc.mot_cua', 'count', ['Thực hiện cơ chế một cửa, một cửa liên thông'], {
    // A group row: the form gives it no figure of its own, so when a commune prints one it is the
    // sum of the rows under it (the seed: 17 = 17 + 0 + 0). Printed blank, it is simply not
    // checked (a blank total is never compared).
    total: { of: ['tthc.mot_cua.lien_thong_cung_cap', 'tthc.mot_cua.lien_thong_cac_cap', 'tthc.mot_cua.phi_dia_gioi'], exhaustive: true },
  }),
  row(3, '2.1', 'tthc.mot_cua.lien_thong_cung_cap', 'count', ['Số TTHC liên thông cùng cấp'], { parent: 'tthc.mot_cua' }),
  row(3, '2.2', 'tthc.mot_cua.lien_thong_cac_cap', 'count', ['Số TTHC liên thông giữa các cấp chính quyền'], { parent: 'tthc.mot_cua' }),
  row(3, '2.3', 'tthc.mot_cua.phi_dia_gioi', 'count', [
    'Số TTHC đã thực hiện tiếp nhận và giải quyết hồ sơ không phụ thuộc vào địa giới hành chính',
    'Số TTHC tiếp nhận hồ sơ không phụ thuộc vào địa giới hành chính',
  ], { parent: 'tthc.mot_cua' }),
  row(3, '3', 'tthc.hoso', 'heading', ['Kết quả giải quyết TTHC', 'Kết quả giải quyết thủ tục hành chính']),
  row(3, '3.1', 'tthc.hoso.tinh.ty_le_dung_han', 'percent', ['Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn'], {
    parent: 'tthc.hoso',
    level: 'tinh',
    ...rate('tthc.hoso.tinh.dung_han', 'tthc.hoso.tinh.giai_quyet'),
  }),
  row(3, '3.1.1', 'tthc.hoso.tinh.giai_quyet', 'count', ['Tổng số hồ sơ TTHC đã giải quyết xong'], { parent: 'tthc.hoso.tinh.ty_le_dung_han', level: 'tinh', aggregation: 'additive' }),
  row(3, '3.1.2', 'tthc.hoso.tinh.dung_han', 'count', ['Số hồ sơ TTHC giải quyết đúng hạn'], {
    parent: 'tthc.hoso.tinh.ty_le_dung_han',
    level: 'tinh',
    aggregation: 'additive',
    within: [{ key: 'tthc.hoso.tinh.giai_quyet', strict: true }],
  }),
  row(3, '3.2', 'tthc.hoso.huyen.ty_le_dung_han', 'percent', ['Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn'], {
    parent: 'tthc.hoso',
    level: 'huyen',
    era: { to: 2025 },
    ...rate('tthc.hoso.huyen.dung_han', 'tthc.hoso.huyen.giai_quyet'),
  }),
  row(3, '3.2.1', 'tthc.hoso.huyen.giai_quyet', 'count', ['Tổng số hồ sơ TTHC đã giải quyết xong'], { parent: 'tthc.hoso.huyen.ty_le_dung_han', level: 'huyen', era: { to: 2025 }, aggregation: 'additive' }),
  row(3, '3.2.2', 'tthc.hoso.huyen.dung_han', 'count', ['Số hồ sơ TTHC giải quyết đúng hạn'], {
    parent: 'tthc.hoso.huyen.ty_le_dung_han',
    level: 'huyen',
    era: { to: 2025 },
    aggregation: 'additive',
    within: [{ key: 'tthc.hoso.huyen.giai_quyet', strict: true }],
  }),
  row(3, '3.3', 'tthc.hoso.xa.ty_le_dung_han', 'percent', ['Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn', 'Tỷ lệ hồ sơ TTHC cấp xã giải quyết đúng hạn'], {
    parent: 'tthc.hoso',
    level: 'xa',
    ...rate('tthc.hoso.xa.dung_han', 'tthc.hoso.xa.giai_quyet'),
  }),
  row(3, '3.3.1', 'tthc.hoso.xa.giai_quyet', 'count', ['Tổng số hồ sơ TTHC đã giải quyết xong'], {
    parent: 'tthc.hoso.xa.ty_le_dung_han',
    level: 'xa',
    aggregation: 'additive',
    fact: { key: 'hoso.giai_quyet' },
  }),
  row(3, '3.3.2', 'tthc.hoso.xa.dung_han', 'count', ['Số hồ sơ TTHC giải quyết đúng hạn'], {
    parent: 'tthc.hoso.xa.ty_le_dung_han',
    level: 'xa',
    aggregation: 'additive',
    within: [{ key: 'tthc.hoso.xa.giai_quyet', strict: true }],
    // "Đúng hạn" in the form means on time or early; the narrative splits the two.
    fact: { sum: ['hoso.truoc_han', 'hoso.dung_han'] },
  }),
  row(3, '3.4', 'tthc.pakn.ty_le', 'percent', ['Tỷ lệ giải quyết phản ánh, kiến nghị (PAKN) về quy định TTHC', 'Tỷ lệ giải quyết phản ánh, kiến nghị về quy định hành chính'], {
    parent: 'tthc.hoso',
    ...rate('tthc.pakn.giai_quyet', 'tthc.pakn.tiep_nhan'),
  }),
  row(3, '3.4.1', 'tthc.pakn.tiep_nhan', 'count', ['Tổng số PAKN đã tiếp nhận (trực tiếp hoặc do cơ quan có thẩm quyền chuyển đến)'], { parent: 'tthc.pakn.ty_le', aggregation: 'additive' }),
  row(3, '3.4.2', 'tthc.pakn.giai_quyet', 'count', ['Số PAKN đã giải quyết xong'], {
    parent: 'tthc.pakn.ty_le',
    aggregation: 'additive',
    within: [{ key: 'tthc.pakn.tiep_nhan', strict: true }],
  }),

  // ---- Biểu mẫu 4: Cải cách bộ máy hành chính nhà nước ----
  row(4, '1', 'bo_may.sap_xep', 'heading', ['Sắp xếp, kiện toàn tổ chức bộ máy']),
  row(4, '1.1', 'bo_may.sap_xep.ty_le', 'percent', [
    'Tỷ lệ các tổ chức đã hoàn thành việc sắp xếp cơ cấu tổ chức và bố trí các bộ phận chuyên môn đáp ứng các tiêu chí theo quy định của Chính phủ',
  ], { parent: 'bo_may.sap_xep' }),
  row(4, '1.2', 'bo_may.to_chuc_lien_nganh', 'count', ['Số tổ chức liên ngành do cấp xã thành lập', 'Số tổ chức phối hợp liên ngành được thành lập'], { parent: 'bo_may.sap_xep' }),
  row(4, '2', 'bo_may.bien_che', 'heading', ['Số liệu về biên chế công chức']),
  row(4, '2.1', 'bo_may.bien_che.giao', 'count', ['Tổng số biên chế được giao trong năm', 'Số biên chế được giao'], { parent: 'bo_may.bien_che', fact: { key: 'bien_che.giao' } }),
  row(4, '2.2', 'bo_may.bien_che.co_mat', 'count', ['Tổng số biên chế có mặt tại thời điểm báo cáo', 'Số biên chế có mặt'], {
    parent: 'bo_may.bien_che',
    // Over-staffing happens (pending a reshuffle), so only suspicious.
    within: [{ key: 'bo_may.bien_che.giao', strict: false }],
    // The staff present are the cán bộ and công chức the narrative counts.
    fact: { key: 'bien_che.co_mat', or: ['nhan_su.tong'] },
  }),
  row(4, '2.3', 'bo_may.hop_dong', 'count', ['Số hợp đồng lao động làm việc tại UBND cấp xã', 'Số hợp đồng lao động'], { parent: 'bo_may.bien_che' }),
  // Not linked to bien_che.giam: the narrative's "số biên chế giảm" is usually giao − có mặt
  // (vacancies), not staff cut under the streamlining policy counted here.
  row(4, '2.4', 'bo_may.bien_che.tinh_gian', 'count', ['Số biên chế đã tinh giản trong kỳ báo cáo'], { parent: 'bo_may.bien_che', aggregation: 'additive' }),
  row(4, '2.5', 'bo_may.bien_che.tinh_gian_ty_le_2015', 'percent', ['Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015', 'Tỷ lệ % biên chế đã tinh giản so với năm 2015'], {
    parent: 'bo_may.bien_che',
    aggregation: 'cumulative',
  }),
  row(4, '3', 'bo_may.khong_chuyen_trach', 'heading', ['Số người hoạt động không chuyên trách ở cấp xã, thôn, khu dân cư', 'Người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố']),
  row(4, '3.1', 'bo_may.khong_chuyen_trach.giao', 'count', ['Tổng số người làm việc được giao'], { parent: 'bo_may.khong_chuyen_trach' }),
  row(4, '3.2', 'bo_may.khong_chuyen_trach.co_mat', 'count', ['Tổng số người làm việc có mặt'], {
    parent: 'bo_may.khong_chuyen_trach',
    within: [{ key: 'bo_may.khong_chuyen_trach.giao', strict: false }],
    fact: { sum: ['nhan_su.khong_chuyen_trach.xa', 'nhan_su.khong_chuyen_trach.thon'] },
  }),
  row(4, '3.3', 'bo_may.khong_chuyen_trach.tinh_gian', 'count', ['Số người đã tinh giản trong kỳ báo cáo'], { parent: 'bo_may.khong_chuyen_trach', aggregation: 'additive' }),
  row(4, '3.4', 'bo_may.khong_chuyen_trach.tinh_gian_ty_le_2015', 'percent', ['Tỷ lệ % đã tinh giản so với năm 2015'], { parent: 'bo_may.khong_chuyen_trach', aggregation: 'cumulative' }),

  // ---- Biểu mẫu 5: Cải cách chế độ công vụ ----
  row(5, '1', 'cong_vu.vi_tri_viec_lam', 'heading', ['Vị trí việc làm của công chức', 'Vị trí việc làm của cán bộ, công chức']),
  row(5, '1.1', 'cong_vu.vi_tri_viec_lam.phe_duyet', 'count', ['Số cán bộ, công chức đã được phê duyệt vị trí việc làm theo quy định'], {
    parent: 'cong_vu.vi_tri_viec_lam',
    // Every official with an approved position is placed either according to it (1.2) or not (1.3).
    total: { of: ['cong_vu.vi_tri_viec_lam.dung', 'cong_vu.vi_tri_viec_lam.khong_dung'], exhaustive: true },
  }),
  row(5, '1.2', 'cong_vu.vi_tri_viec_lam.dung', 'count', ['Số cán bộ, công chức đã được bố trí theo đúng vị trí việc làm theo quy định'], { parent: 'cong_vu.vi_tri_viec_lam' }),
  row(5, '1.3', 'cong_vu.vi_tri_viec_lam.khong_dung', 'count', ['Số cán bộ, công chức không được bố trí theo đúng vị trí việc làm theo quy định'], { parent: 'cong_vu.vi_tri_viec_lam' }),
  row(5, '2', 'cong_vu.tuyen_dung', 'heading', ['Tuyển dụng công chức']),
  row(5, '2.1', 'cong_vu.tuyen_dung.thi_xet_tuyen', 'count', ['Số công chức được tuyển dụng (thi tuyển, xét tuyển)'], { parent: 'cong_vu.tuyen_dung', aggregation: 'additive' }),
  row(5, '2.2', 'cong_vu.tuyen_dung.dac_biet', 'count', ['Số công chức được tuyển dụng theo trường hợp đặc biệt'], { parent: 'cong_vu.tuyen_dung', aggregation: 'additive' }),
  row(5, '2.3', 'cong_vu.tuyen_dung.chuyen_cap_tren', 'count', ['Số cán bộ, công chức cấp xã được xét chuyển thành công chức cấp huyện trở lên', 'Số cán bộ, công chức cấp xã được xét chuyển thành công chức cấp tỉnh'], {
    parent: 'cong_vu.tuyen_dung',
    aggregation: 'additive',
  }),
  row(5, '3', 'cong_vu.ky_luat', 'count', ['Số lượng cán bộ, công chức bị kỷ luật (cả về Đảng và chính quyền)', 'Số cán bộ, công chức bị kỷ luật'], {
    aggregation: 'additive',
    total: { of: ['cong_vu.ky_luat.lanh_dao', 'cong_vu.ky_luat.cong_chuc'], exhaustive: false },
    fact: { key: 'ky_luat.so_nguoi' },
  }),
  row(5, '3.1', 'cong_vu.ky_luat.lanh_dao', 'count', ['Số lãnh đạo cấp xã bị kỷ luật'], { parent: 'cong_vu.ky_luat', aggregation: 'additive' }),
  row(5, '3.2', 'cong_vu.ky_luat.cong_chuc', 'count', ['Số công chức cấp xã bị kỷ luật'], { parent: 'cong_vu.ky_luat', aggregation: 'additive' }),

  // ---- Biểu mẫu 6: Cải cách tài chính công ----
  row(6, '1', 'tai_chinh.giai_ngan.ty_le', 'percent', ['Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công', 'Tỷ lệ giải ngân vốn đầu tư công'], {
    ...rate('tai_chinh.giai_ngan.da_thuc_hien', 'tai_chinh.giai_ngan.ke_hoach'),
  }),
  row(6, '1.1', 'tai_chinh.giai_ngan.ke_hoach', 'money_million', ['Kế hoạch được giao', 'Kế hoạch vốn đầu tư công được giao'], { parent: 'tai_chinh.giai_ngan.ty_le' }),
  row(6, '1.2', 'tai_chinh.giai_ngan.da_thuc_hien', 'money_million', ['Đã thực hiện', 'Số vốn đã giải ngân'], {
    parent: 'tai_chinh.giai_ngan.ty_le',
    aggregation: 'cumulative_year',
    within: [{ key: 'tai_chinh.giai_ngan.ke_hoach', strict: false }],
  }),
  row(6, '2', 'tai_chinh.tu_chu', 'count', ['Thực hiện tự chủ tài chính của cơ quan, đơn vị tại địa phương (lũy kế đến thời điểm báo cáo)'], {
    // The four financial-autonomy groups of Nghị định 60/2021 cover every public service unit.
    total: { of: ['tai_chinh.tu_chu.chi_tx_va_dau_tu', 'tai_chinh.tu_chu.chi_tx', 'tai_chinh.tu_chu.mot_phan', 'tai_chinh.tu_chu.nha_nuoc'], exhaustive: true },
  }),
  row(6, ['2.1', '2.2'], 'tai_chinh.tu_chu.chi_tx_va_dau_tu', 'count', ['Số Đơn vị tự bảo đảm chi thường xuyên và chi đầu tư'], { parent: 'tai_chinh.tu_chu' }),
  row(6, ['2.2', '2.3'], 'tai_chinh.tu_chu.chi_tx', 'count', ['Số Đơn vị tự bảo đảm chi thường xuyên'], { parent: 'tai_chinh.tu_chu' }),
  row(6, ['2.3', '2.4'], 'tai_chinh.tu_chu.mot_phan', 'count', ['Số Đơn vị tự bảo đảm một phần chi thường xuyên'], {
    parent: 'tai_chinh.tu_chu',
    total: { of: ['tai_chinh.tu_chu.mot_phan.70_100', 'tai_chinh.tu_chu.mot_phan.30_70', 'tai_chinh.tu_chu.mot_phan.10_30'], exhaustive: false },
  }),
  row(6, ['2.3.1', '2.4.1'], 'tai_chinh.tu_chu.mot_phan.70_100', 'count', ['Số Đơn vị tự bảo đảm từ 70% - dưới 100% chi thường xuyên'], { parent: 'tai_chinh.tu_chu.mot_phan' }),
  row(6, ['2.3.2', '2.4.2'], 'tai_chinh.tu_chu.mot_phan.30_70', 'count', ['Số Đơn vị tự bảo đảm từ 30% - dưới 70% chi thường xuyên'], { parent: 'tai_chinh.tu_chu.mot_phan' }),
  row(6, ['2.3.3', '2.4.3'], 'tai_chinh.tu_chu.mot_phan.10_30', 'count', ['Số Đơn vị tự bảo đảm từ 10% - dưới 30% chi thường xuyên'], { parent: 'tai_chinh.tu_chu.mot_phan' }),
  row(6, ['2.4', '2.5'], 'tai_chinh.tu_chu.nha_nuoc', 'count', ['Số Đơn vị do Nhà nước bảo đảm chi thường xuyên'], { parent: 'tai_chinh.tu_chu' }),
  row(6, ['2.5', '2.6'], 'tai_chinh.co_phan_hoa', 'count', ['Số lượng Đơn vị đã chuyển đổi thành công ty cổ phần (lũy kế đến thời điểm báo cáo)'], {
    parent: 'tai_chinh.tu_chu',
    aggregation: 'cumulative',
  }),

  // ---- Biểu mẫu 7: Xây dựng chính quyền điện tử, chính quyền số ----
  row(7, '1', 'cqs.kien_truc', 'yesno', ['Cập nhật Kiến trúc chính quyền điện tử phiên bản mới nhất', 'Cập nhật Kiến trúc chính quyền số phiên bản mới nhất'], {
    codeValues: [
      { code: 0, label: 'Chưa' },
      { code: 1, label: 'Hoàn thành' },
    ],
  }),
  row(7, '2', 'cqs.hop_truc_tuyen', 'yesno', ['Xây dựng và vận hành Hệ thống họp trực tuyến', 'Xây dựng và vận hành Hệ thống họp trực tuyến Liên thông Từ UBND tỉnh đến 100% UBND cấp huyện, cấp xã'], {
    codeValues: [
      { code: 0, label: 'Chưa có' },
      { code: 1, label: 'Có' },
    ],
  }),
  row(7, '3', 'cqs.bao_cao_dien_tu.ty_le', 'percent', ['Tỷ lệ báo cáo định kỳ được gửi, nhận qua Hệ thống thông tin báo cáo quốc gia', 'Tỷ lệ báo cáo định kỳ được gửi, nhận qua Hệ thống thông tin báo cáo']),
  row(7, '4', 'cqs.lgsp', 'enum', ['Triển khai xây dựng nền tảng chia sẻ, tích hợp dùng chung (LGSP)'], {
    codeValues: [
      { code: 0, label: 'Chưa' },
      { code: 1, label: 'Đang làm' },
      { code: 2, label: 'Hoàn thành' },
    ],
  }),
  row(7, '5', 'cqs.van_ban', 'heading', ['Số liệu về trao đổi văn bản điện tử']),
  row(7, '5.1', 'cqs.van_ban.ket_noi', 'percent', ['Thực hiện kết nối, liên thông các Hệ thống quản lý văn bản điều hành từ cấp tỉnh đến cấp xã'], { parent: 'cqs.van_ban' }),
  row(7, '5.1.1', 'cqs.van_ban.ket_noi.xa', 'percent', ['Tỷ lệ UBND cấp xã đã kết nối, liên thông với UBND huyện', 'Tỷ lệ UBND cấp xã đã kết nối, liên thông với UBND tỉnh'], { parent: 'cqs.van_ban.ket_noi', level: 'xa' }),
  row(7, '5.2', 'cqs.van_ban.dien_tu.ty_le', 'percent', [
    'Tỷ lệ sử dụng văn bản điện tử của địa phương',
    'Tỷ lệ sử dụng văn bản điện tử của địa phương (Chỉ thống kê tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử; sử dụng chữ ký số, chứng thư số và gửi trên môi trường điện tử)',
  ], { parent: 'cqs.van_ban' }),
  row(7, '5.2.1', 'cqs.van_ban.dien_tu.ty_le_xa', 'percent', ['Tỷ lệ sử dụng văn bản điện tử của UBND cấp xã'], { parent: 'cqs.van_ban.dien_tu.ty_le', level: 'xa' }),
  row(7, '5.3', 'cqs.mot_cua_dien_tu', 'heading', ['Xây dựng, vận hành Hệ thống thông tin một cửa điện tử tập trung của tỉnh', 'Hệ thống thông tin giải quyết TTHC của tỉnh'], { parent: 'cqs.van_ban' }),
  row(7, '5.3.1', 'cqs.mot_cua_dien_tu.ty_le_xa', 'percent', ['Tỷ lệ đơn vị cấp xã đã kết nối liên thông với Hệ thống'], { parent: 'cqs.mot_cua_dien_tu', level: 'xa' }),
  row(7, '6', 'cqs.dvctt', 'heading', ['Cung cấp dịch vụ công trực tuyến']),
  // Online services: "mức độ 3" (before Nghị định 42/2022) became "một phần" (partial), and
  // "mức độ 4" became "toàn trình" (end-to-end); the keys are era-neutral.
  row(7, '6.4', 'cqs.dvctt.mot_phan.ty_le', 'percent', [
    'Tỷ lệ TTHC đủ điều kiện được cung cấp trực tuyến mức độ 3',
    'Tỷ lệ TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến một phần',
  ], { parent: 'cqs.dvctt', ...rate('cqs.dvctt.mot_phan.cung_cap', 'cqs.dvctt.mot_phan.du_dieu_kien') }),
  row(7, '6.4.1', 'cqs.dvctt.mot_phan.du_dieu_kien', 'count', [
    'Tổng số TTHC đủ điều kiện cung cấp trực tuyến mức độ 3',
    'Tổng số TTHC đủ điều kiện cung cấp dịch vụ công trực tuyến một phần',
  ], { parent: 'cqs.dvctt.mot_phan.ty_le' }),
  row(7, '6.4.2', 'cqs.dvctt.mot_phan.cung_cap', 'count', ['Số TTHC đang cung cấp trực tuyến mức độ 3', 'Số TTHC đang cung cấp dịch vụ công trực tuyến một phần'], {
    parent: 'cqs.dvctt.mot_phan.ty_le',
    eligible: 'cqs.dvctt.mot_phan.du_dieu_kien',
  }),
  row(7, '6.4.3', 'cqs.dvctt.mot_phan.co_ho_so', 'count', [
    'Số TTHC đang cung cấp trực tuyến mức độ 3 có phát sinh hồ sơ nộp trực tuyến',
    'Số TTHC cung cấp dịch vụ công trực tuyến một phần có phát sinh hồ sơ trực tuyến',
  ], { parent: 'cqs.dvctt.mot_phan.ty_le', eligible: 'cqs.dvctt.mot_phan.cung_cap' }),
  row(7, '6.5', 'cqs.dvctt.toan_trinh.ty_le', 'percent', [
    'Tỷ lệ TTHC đủ điều kiện được cung cấp trực tuyến mức độ 4',
    'Tỷ lệ TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình',
  ], { parent: 'cqs.dvctt', ...rate('cqs.dvctt.toan_trinh.cung_cap', 'cqs.dvctt.toan_trinh.du_dieu_kien') }),
  row(7, '6.5.1', 'cqs.dvctt.toan_trinh.du_dieu_kien', 'count', [
    'Tổng số TTHC đủ điều kiện cung cấp trực tuyến mức độ 4',
    'Tổng số TTHC đủ điều kiện cung cấp dịch vụ công trực tuyến toàn trình',
  ], { parent: 'cqs.dvctt.toan_trinh.ty_le' }),
  row(7, '6.5.2', 'cqs.dvctt.toan_trinh.cung_cap', 'count', ['Số TTHC đang cung cấp trực tuyến mức độ 4', 'Số TTHC đang cung cấp dịch vụ công trực tuyến toàn trình'], {
    parent: 'cqs.dvctt.toan_trinh.ty_le',
    eligible: 'cqs.dvctt.toan_trinh.du_dieu_kien',
  }),
  row(7, '6.5.3', 'cqs.dvctt.toan_trinh.co_ho_so', 'count', [
    'Số TTHC đang cung cấp trực tuyến mức độ 4 có phát sinh hồ sơ nộp trực tuyến',
    'Số TTHC cung cấp dịch vụ công trực tuyến toàn trình có phát sinh hồ sơ trực tuyến',
  ], { parent: 'cqs.dvctt.toan_trinh.ty_le', eligible: 'cqs.dvctt.toan_trinh.cung_cap' }),
  row(7, '6.6', 'cqs.dvctt.dvcqg.ty_le', 'percent', [
    'Tỷ lệ TTHC cung cấp trực tuyến mức độ 3 và 4 đã tích hợp, công khai trên Cổng DVC quốc gia',
    'Tỷ lệ dịch vụ công trực tuyến toàn trình và một phần được tích hợp, công khai trên Cổng Dịch vụ công quốc gia',
  ], { parent: 'cqs.dvctt', ...rate('cqs.dvctt.dvcqg.tich_hop', 'cqs.dvctt.dang_cung_cap') }),
  row(7, '6.6.1', 'cqs.dvctt.dang_cung_cap', 'count', [
    'Tổng số TTHC đang cung cấp trực tuyến mức độ 3 và 4 của địa phương',
    'Tổng số dịch vụ công trực tuyến toàn trình và một phần của địa phương',
  ], {
    parent: 'cqs.dvctt.dvcqg.ty_le',
    // Online services in force are exactly the partial (level 3) plus the full (level 4) ones.
    total: { of: ['cqs.dvctt.mot_phan.cung_cap', 'cqs.dvctt.toan_trinh.cung_cap'], exhaustive: true },
  }),
  row(7, '6.6.2', 'cqs.dvctt.dvcqg.tich_hop', 'count', [
    'Số TTHC cung cấp trực tuyến mức độ 3 và 4 đã tích hợp, công khai trên Cổng DVC quốc gia',
    'Số dịch vụ công trực tuyến đã tích hợp, công khai trên Cổng Dịch vụ công quốc gia',
  ], { parent: 'cqs.dvctt.dvcqg.ty_le', within: [{ key: 'cqs.dvctt.dang_cung_cap', strict: true }] }),
  row(7, '6.7', 'cqs.hoso_truc_tuyen.ty_le', 'percent', [
    'Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến mức độ 3 và 4 (Chỉ thống kê đối với các TTHC mức độ 3 và 4 có phát sinh hồ sơ)',
    'Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến mức độ 3 và 4',
    'Tỷ lệ hồ sơ TTHC được tiếp nhận và giải quyết trực tuyến toàn trình và một phần',
    'Tỷ lệ hồ sơ trực tuyến',
  ], { parent: 'cqs.dvctt', ...rate('cqs.hoso_truc_tuyen.truc_tuyen', 'cqs.hoso_truc_tuyen.tiep_nhan'), fact: { key: 'hoso.truc_tuyen_ty_le' } }),
  row(7, '6.7.1', 'cqs.hoso_truc_tuyen.tiep_nhan', 'count', ['Tổng số hồ sơ TTHC đã tiếp nhận (cả trực tiếp và trực tuyến)', 'Tổng số hồ sơ TTHC đã tiếp nhận'], {
    parent: 'cqs.hoso_truc_tuyen.ty_le',
    aggregation: 'additive',
    fact: { key: 'hoso.tiep_nhan' },
  }),
  row(7, '6.7.2', 'cqs.hoso_truc_tuyen.truc_tuyen', 'count', ['Số hồ sơ TTHC đã tiếp nhận trực tuyến', 'Số hồ sơ TTHC được tiếp nhận trực tuyến toàn trình và một phần'], {
    parent: 'cqs.hoso_truc_tuyen.ty_le',
    aggregation: 'additive',
    within: [{ key: 'cqs.hoso_truc_tuyen.tiep_nhan', strict: true }],
    fact: { key: 'hoso.truc_tuyen' },
  }),
  row(7, '6.8', 'cqs.thanh_toan_truc_tuyen.ty_le', 'percent', ['Tỷ lệ TTHC được tích hợp, triển khai thanh toán trực tuyến'], {
    parent: 'cqs.dvctt',
    ...rate('cqs.thanh_toan_truc_tuyen.da_tich_hop', 'cqs.thanh_toan_truc_tuyen.co_phi'),
  }),
  row(7, '6.8.1', 'cqs.thanh_toan_truc_tuyen.co_phi', 'count', ['Tổng số TTHC có yêu cầu nghĩa vụ tài chính (tất cả các TTHC có phát sinh phí, lệ phí, ...)', 'Tổng số TTHC có yêu cầu nghĩa vụ tài chính'], {
    parent: 'cqs.thanh_toan_truc_tuyen.ty_le',
  }),
  row(7, '6.8.2', 'cqs.thanh_toan_truc_tuyen.da_tich_hop', 'count', [
    'Số TTHC đã được tích hợp, triển khai thanh toán trực tuyến trên Cổng DVC quốc gia hoặc trên Cổng DVC của tỉnh',
    'Số TTHC đã triển khai thanh toán trực tuyến',
  ], { parent: 'cqs.thanh_toan_truc_tuyen.ty_le', within: [{ key: 'cqs.thanh_toan_truc_tuyen.co_phi', strict: true }] }),
  // Rows of the newer forms (digitisation of dossiers and results, from 2023). Their codes vary
  // by province, so they are matched by label only.
  row(7, [], 'cqs.so_hoa.ket_qua.ty_le', 'percent', ['Tỷ lệ số hóa kết quả giải quyết TTHC', 'Tỷ lệ hồ sơ TTHC được số hóa kết quả giải quyết'], {
    parent: 'cqs.dvctt',
    aggregation: 'rate',
    era: { from: 2023 },
    fact: { key: 'hoso.so_hoa_ket_qua_ty_le' },
  }),
  row(7, [], 'cqs.so_hoa.ket_qua', 'count', ['Số hồ sơ TTHC được số hóa kết quả giải quyết', 'Số hồ sơ đã số hóa kết quả'], {
    parent: 'cqs.so_hoa.ket_qua.ty_le',
    aggregation: 'additive',
    era: { from: 2023 },
    fact: { key: 'hoso.so_hoa_ket_qua' },
  }),
  row(7, [], 'cqs.so_hoa.thanh_phan.ty_le', 'percent', ['Tỷ lệ số hóa thành phần hồ sơ TTHC', 'Tỷ lệ hồ sơ TTHC được số hóa thành phần hồ sơ'], {
    parent: 'cqs.dvctt',
    aggregation: 'rate',
    era: { from: 2023 },
    fact: { key: 'hoso.so_hoa_thanh_phan_ty_le' },
  }),
  row(7, [], 'cqs.so_hoa.thanh_phan', 'count', ['Số hồ sơ TTHC được số hóa thành phần hồ sơ', 'Số hồ sơ đã số hóa thành phần'], {
    parent: 'cqs.so_hoa.thanh_phan.ty_le',
    aggregation: 'additive',
    era: { from: 2023 },
    fact: { key: 'hoso.so_hoa_thanh_phan' },
  }),
];

export const CATALOGUE: readonly IndicatorDef[] = z.array(IndicatorDefSchema).parse(DEFS);

const BY_KEY = new Map(CATALOGUE.map((d) => [d.key, d]));

export function catalogueEntry(key: string): IndicatorDef | undefined {
  return BY_KEY.get(key);
}

/** A year's value is the sum of its quarters. */
export function isAdditive(def: IndicatorDef): boolean {
  return def.aggregation === 'additive';
}

/** A running total that must not fall from one period to the next (within the year for cumulative_year). */
export function isCumulative(def: IndicatorDef): boolean {
  return def.aggregation === 'cumulative' || def.aggregation === 'cumulative_year';
}

/** Keys a fact expression reads (alternatives included). */
export function factKeysOf(expr: FactExpr): string[] {
  return 'key' in expr ? [expr.key, ...(expr.or ?? [])] : expr.sum;
}

/** Integrity problems: unknown keys in relations or fact links, duplicate keys. Empty when sound. */
export function checkCatalogue(defs: readonly IndicatorDef[] = CATALOGUE): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const d of defs) {
    if (keys.has(d.key)) problems.push(`duplicate key ${d.key}`);
    keys.add(d.key);
  }
  const known = (k: string, where: string) => {
    if (!keys.has(k)) problems.push(`${where} refers to unknown key ${k}`);
  };
  for (const d of defs) {
    if (d.parent) known(d.parent, `${d.key}.parent`);
    if (d.rate) {
      known(d.rate.numerator, `${d.key}.rate`);
      known(d.rate.denominator, `${d.key}.rate`);
      if (d.unit !== 'percent') problems.push(`${d.key} is a rate but its unit is ${d.unit}`);
    }
    d.total?.of.forEach((k) => known(k, `${d.key}.total`));
    d.within?.forEach((w) => known(w.key, `${d.key}.within`));
    if (d.eligible) known(d.eligible, `${d.key}.eligible`);
    if ((d.unit === 'yesno' || d.unit === 'enum') && !d.codeValues?.length) problems.push(`${d.key} has no code values`);
    if (d.fact) for (const k of factKeysOf(d.fact)) if (!FACT_KEY_SET.has(k)) problems.push(`${d.key}.fact refers to unknown fact key ${k}`);
  }
  return problems;
}
