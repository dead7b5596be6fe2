// The canonical keys of narrative facts. The narrative extractor emits only these keys; the
// indicator catalogue links appendix rows to them (IndicatorDef.factKey).
export interface FactKeyDef {
  key: string;
  /** Vietnamese label shown to reviewers. */
  label: string;
  /** Expected unit kind of the value. */
  unit: 'count' | 'percent' | 'money_dong' | 'yesno';
  /**
   * 'parts' when one report may state the fact several times for different groups that add up
   * (trainees: "cử 36 đồng chí … và 01 đồng chí …; cử 7 cán bộ"): differing values are then not
   * a contradiction. Default: one value per report.
   */
  mentions?: 'parts';
}

/**
 * Facts the narrative states as a whole and its parts, where the parts cover the whole by
 * definition: dossiers resolved are resolved early, on time or late; procedures made public are
 * the commune's and the vertical agencies'; those are the military's and the police's. The rule
 * fact_sum_mismatch reads these; the relation lives here, not in the rule.
 */
export const FACT_SUMS: readonly { total: string; parts: readonly string[] }[] = [
  { total: 'hoso.giai_quyet', parts: ['hoso.truoc_han', 'hoso.dung_han', 'hoso.qua_han'] },
  { total: 'tthc.cong_khai.tong', parts: ['tthc.cong_khai.xa', 'tthc.cong_khai.nganh_doc'] },
  { total: 'tthc.cong_khai.nganh_doc', parts: ['tthc.cong_khai.quan_su', 'tthc.cong_khai.cong_an'] },
  { total: 'nhan_su.tong', parts: ['nhan_su.can_bo', 'nhan_su.cong_chuc'] },
];

export const FACT_KEYS: readonly FactKeyDef[] = [
  // Hồ sơ TTHC (dossiers)
  { key: 'hoso.tiep_nhan', label: 'Số hồ sơ tiếp nhận', unit: 'count' },
  { key: 'hoso.giai_quyet', label: 'Số hồ sơ đã giải quyết', unit: 'count' },
  { key: 'hoso.truoc_han', label: 'Số hồ sơ trả trước hạn', unit: 'count' },
  { key: 'hoso.dung_han', label: 'Số hồ sơ trả đúng hạn', unit: 'count' },
  { key: 'hoso.qua_han', label: 'Số hồ sơ quá hạn', unit: 'count' },
  { key: 'hoso.mot_cua', label: 'Số hồ sơ giải quyết theo cơ chế một cửa, một cửa liên thông', unit: 'count' },
  { key: 'hoso.mot_cua_ty_le', label: 'Tỷ lệ hồ sơ giải quyết theo cơ chế một cửa', unit: 'percent' },
  { key: 'hoso.truc_tuyen', label: 'Số hồ sơ thực hiện dịch vụ công trực tuyến mức độ 3, 4', unit: 'count' },
  { key: 'hoso.truc_tuyen_ty_le', label: 'Tỷ lệ hồ sơ trực tuyến mức độ 3, 4', unit: 'percent' },
  { key: 'hoso.so_hoa_ket_qua', label: 'Số hồ sơ đã số hóa kết quả', unit: 'count' },
  { key: 'hoso.so_hoa_ket_qua_ty_le', label: 'Tỷ lệ số hóa kết quả', unit: 'percent' },
  { key: 'hoso.so_hoa_thanh_phan', label: 'Số hồ sơ đã số hóa thành phần', unit: 'count' },
  { key: 'hoso.so_hoa_thanh_phan_ty_le', label: 'Tỷ lệ số hóa thành phần hồ sơ', unit: 'percent' },
  // Khảo sát (satisfaction survey)
  { key: 'khao_sat.so_nguoi', label: 'Số người dân được lấy ý kiến', unit: 'count' },
  { key: 'khao_sat.hai_long_ty_le', label: 'Tỷ lệ ý kiến hài lòng', unit: 'percent' },
  // Công khai TTHC (procedures made public)
  { key: 'tthc.cong_khai.tong', label: 'Tổng số TTHC được công khai', unit: 'count' },
  { key: 'tthc.cong_khai.xa', label: 'Số TTHC cấp xã được công khai', unit: 'count' },
  { key: 'tthc.cong_khai.nganh_doc', label: 'Số TTHC thuộc cơ quan ngành dọc', unit: 'count' },
  { key: 'tthc.cong_khai.quan_su', label: 'Số TTHC thuộc Quân sự', unit: 'count' },
  { key: 'tthc.cong_khai.cong_an', label: 'Số TTHC thuộc Công an', unit: 'count' },
  { key: 'tthc.qr.so_ma', label: 'Số mã QR-code niêm yết', unit: 'count' },
  { key: 'tthc.qr.so_linh_vuc', label: 'Số lĩnh vực có mã QR-code', unit: 'count' },
  { key: 'tthc.ra_soat', label: 'Số TTHC được rà soát', unit: 'count' },
  { key: 'tthc.cat_giam', label: 'Số TTHC được phê duyệt phương án cắt giảm, đơn giản hóa', unit: 'count' },
  // Tuyên truyền
  { key: 'tuyen_truyen.tin_bai', label: 'Số lượt tin, bài tuyên truyền', unit: 'count' },
  // Biên chế, nhân sự (staffing)
  { key: 'bien_che.giao', label: 'Tổng số biên chế được giao', unit: 'count' },
  { key: 'bien_che.co_mat', label: 'Số biên chế có mặt', unit: 'count' },
  { key: 'bien_che.giam', label: 'Số biên chế giảm', unit: 'count' },
  { key: 'nhan_su.can_bo', label: 'Số cán bộ cấp xã', unit: 'count' },
  { key: 'nhan_su.cong_chuc', label: 'Số công chức cấp xã', unit: 'count' },
  { key: 'nhan_su.tong', label: 'Tổng số cán bộ, công chức', unit: 'count' },
  { key: 'nhan_su.khong_chuyen_trach.xa', label: 'Người hoạt động không chuyên trách cấp xã', unit: 'count' },
  { key: 'nhan_su.khong_chuyen_trach.thon', label: 'Người hoạt động không chuyên trách ở thôn', unit: 'count' },
  // Qualification splits: nhan_su.{can_bo|cong_chuc}.{chuyen_mon|ly_luan}.{thac_si|dai_hoc|cao_dang|chua_dao_tao|cao_cap|trung_cap|so_cap}
  // each as a count (…​.so_luong) and a percent (…​.ty_le); generated below.
  // Trang thiết bị (equipment)
  { key: 'thiet_bi.mot_cua.may_tinh', label: 'Số máy tính tại Bộ phận một cửa', unit: 'count' },
  { key: 'thiet_bi.mot_cua.may_in', label: 'Số máy in tại Bộ phận một cửa', unit: 'count' },
  { key: 'thiet_bi.mot_cua.may_scan', label: 'Số máy scan tại Bộ phận một cửa', unit: 'count' },
  { key: 'thiet_bi.may_tinh', label: 'Số máy tính trang bị cho cán bộ, công chức', unit: 'count' },
  { key: 'thiet_bi.may_scan', label: 'Số máy scan (toàn cơ quan)', unit: 'count' },
  // Đào tạo, kỷ luật
  { key: 'dao_tao.so_nguoi', label: 'Số người được cử đi đào tạo, bồi dưỡng, tập huấn', unit: 'count', mentions: 'parts' },
  { key: 'ky_luat.so_nguoi', label: 'Số cán bộ, công chức bị kỷ luật', unit: 'count' },
  // Tài chính (đồng)
  { key: 'tai_chinh.kinh_phi_giao', label: 'Tổng kinh phí được giao', unit: 'money_dong' },
  { key: 'tai_chinh.tiet_kiem', label: 'Số kinh phí tiết kiệm', unit: 'money_dong' },
  // Văn bản chỉ đạo
  { key: 'chi_dao.ke_hoach_ban_hanh', label: 'Số kế hoạch CCHC đã ban hành', unit: 'count' },
] as const;

const GROUPS = { can_bo: 'cán bộ', cong_chuc: 'công chức' } as const;
const LEVELS = {
  chuyen_mon: ['thac_si', 'dai_hoc', 'cao_dang', 'trung_cap', 'chua_dao_tao'],
  ly_luan: ['cao_cap', 'trung_cap', 'so_cap'],
} as const;

/** Qualification split keys, e.g. nhan_su.can_bo.chuyen_mon.dai_hoc.so_luong / .ty_le */
export const QUALIFICATION_FACT_KEYS: readonly FactKeyDef[] = Object.entries(GROUPS).flatMap(([g, gl]) =>
  Object.entries(LEVELS).flatMap(([area, levels]) =>
    levels.flatMap((lv) => [
      { key: `nhan_su.${g}.${area}.${lv}.so_luong`, label: `Số ${gl} (${area}, ${lv})`, unit: 'count' as const },
      { key: `nhan_su.${g}.${area}.${lv}.ty_le`, label: `Tỷ lệ ${gl} (${area}, ${lv})`, unit: 'percent' as const },
    ]),
  ),
);

export const ALL_FACT_KEYS: readonly FactKeyDef[] = [...FACT_KEYS, ...QUALIFICATION_FACT_KEYS];
export const FACT_KEY_SET: ReadonlySet<string> = new Set(ALL_FACT_KEYS.map((f) => f.key));

/** Fact keys whose several mentions in one report are parts of a whole, not rival values. */
export const PARTS_FACT_KEYS: ReadonlySet<string> = new Set(ALL_FACT_KEYS.filter((f) => f.mentions === 'parts').map((f) => f.key));

