// The narrative fact rules: each is a pattern over a sentence's folded, masked view (see
// prose.ts) with a named group `n` for the quantity. Patterns describe the *shape* of the
// statement (a label then its number, or a number then its counted noun), never one report's
// wording, and are tested on rephrasings. Rules run in order; a number used by one rule is not
// reused by a later one, so specific rules come first.
import { NUM } from './prose.js';

export type FactUnitKind = 'count' | 'percent' | 'money_dong';

export interface FactRule {
  key: string;
  kind: FactUnitKind;
  /** Unit word written into Fact.unit (counts); '%' and 'đồng' are implied by kind. */
  unit?: string;
  /** Pattern over the masked folded sentence; groups: n (number), d (denominator), mu (money unit). */
  re: RegExp;
  /** The sentence must also match this (topic words anywhere in it). */
  when?: RegExp;
  /** Context the sentence must be in (see FactContext). */
  context?: 'cong_khai' | 'mot_cua';
  /** A percent right after the count ("259/259 hồ sơ, đạt 100%") becomes this key. */
  percentKey?: string;
  /** A count in brackets right after the percent ("đạt 89,5% (559 hồ sơ)") becomes this key. */
  countKey?: string;
  /** Fixed value for negative statements ("không có … kỷ luật" → 0); the pattern has no `n`. */
  value?: number;
}

const N = String.raw`(?<n>${NUM})`;
// A count, possibly written as a ratio of the total ("258/259"): the numerator is the count.
const C = String.raw`${N}(?:\s*\/\s*(?<d>\d+(?:[.,]\d+)?))?(?!\s*%)(?!\s*\/)`;
const P = String.raw`(?<n>\d+(?:[.,]\d+)?)\s*%`;
const MONEY = String.raw`${N}\s*(?<mu>ty dong|trieu dong|nghin dong|ngan dong|dong|vnd|d)(?![a-z])`;
// Connecting words between a label and its number: "là", "được", ":", "có", "đạt", "tổng số".
const LINK = String.raw`(?:\s*(?:la|duoc|dat|co|gom|con|tong so|tong cong|:|\)))*\s*`;
// A short gap without digits or clause breaks.
const gap = (max: number) => String.raw`[^\d;.]{0,${max}}?`;

const rx = (src: string) => new RegExp(src, 'gd');
// "mức độ 3,4" / "mức độ 3 và 4" after an online-service label (its digits are masked as '#').
const LEVEL = String.raw`(?:\s+(?:muc do|md)\s*#(?:\s*(?:,|va|-|\/)\s*#)?)?`;

// "HS" is how notices abbreviate hồ sơ ("tiếp nhận 5,65 ngàn hồ sơ (HS) … đã giải quyết: 4.561/5.650 HS").
const HOSO = /ho so|\bhs\b/;
const TRAINING = /dao tao|boi duong|tap huan|hoc lop|lop hoc|lop tap|tham gia hoc/;

export const FACT_RULES: readonly FactRule[] = [
  // ---- Hồ sơ TTHC
  { key: 'hoso.mot_cua', kind: 'count', unit: 'hồ sơ', when: HOSO, percentKey: 'hoso.mot_cua_ty_le',
    re: rx(String.raw`(?:theo|thuc hien|qua)\s+co che mot cua(?:\s*(?:,|va)\s*(?:co che\s+)?mot cua lien thong|\s+lien thong)?${LINK}${C}`) },
  { key: 'hoso.truc_tuyen', kind: 'count', unit: 'hồ sơ', when: HOSO, percentKey: 'hoso.truc_tuyen_ty_le',
    re: rx(String.raw`(?:dich vu cong|dvc)(?:\s+truc tuyen)?${LEVEL}${LINK}${C}`) },
  { key: 'hoso.truc_tuyen', kind: 'count', unit: 'hồ sơ', when: HOSO, percentKey: 'hoso.truc_tuyen_ty_le',
    re: rx(String.raw`(?:tiep nhan|nop)\s+truc tuyen${LEVEL}${LINK}${C}`) },
  { key: 'hoso.so_hoa_ket_qua', kind: 'count', unit: 'hồ sơ', percentKey: 'hoso.so_hoa_ket_qua_ty_le',
    re: rx(String.raw`so hoa ket qua(?:\s+giai quyet)?(?:\s+(?:tthc|ho so))?${LINK}${C}`) },
  { key: 'hoso.so_hoa_thanh_phan', kind: 'count', unit: 'hồ sơ', percentKey: 'hoso.so_hoa_thanh_phan_ty_le',
    re: rx(String.raw`so hoa thanh phan(?:\s+ho so)?${LINK}${C}`) },
  // The rate stated first, its count in brackets: "Tỷ lệ số hóa kết quả … đạt 89,5% (559 hồ sơ)".
  { key: 'hoso.so_hoa_ket_qua_ty_le', kind: 'percent', countKey: 'hoso.so_hoa_ket_qua', re: rx(String.raw`ty le so hoa ket qua${gap(30)}${LINK}${P}`) },
  { key: 'hoso.so_hoa_thanh_phan_ty_le', kind: 'percent', countKey: 'hoso.so_hoa_thanh_phan', re: rx(String.raw`ty le so hoa thanh phan${gap(30)}${LINK}${P}`) },
  { key: 'hoso.truc_tuyen_ty_le', kind: 'percent', countKey: 'hoso.truc_tuyen',
    re: rx(String.raw`ty le (?:ho so\s+)?(?:(?:nop|tiep nhan|giai quyet)\s+)?(?:truc tuyen|dich vu cong truc tuyen)${LEVEL}${gap(20)}${LINK}${P}`) },
  { key: 'hoso.tiep_nhan', kind: 'count', unit: 'hồ sơ', when: HOSO,
    re: rx(String.raw`(?:tiep nhan|nhan duoc)(?:\s+(?:moi|tong so|tong cong))?${LINK}${C}`) },
  { key: 'hoso.tiep_nhan', kind: 'count', unit: 'hồ sơ',
    re: rx(String.raw`${C}\s*ho so(?:\s+tthc)?\s+(?:duoc\s+|da\s+)?tiep nhan`) },
  { key: 'hoso.truoc_han', kind: 'count', unit: 'hồ sơ', when: HOSO, re: rx(String.raw`truoc han${LINK}${C}`) },
  { key: 'hoso.truoc_han', kind: 'count', unit: 'hồ sơ',
    re: rx(String.raw`${C}\s*ho so(?:\s+(?:duoc|da))?(?:\s+(?:giai quyet|tra ket qua|tra))?\s+truoc han`) },
  { key: 'hoso.dung_han', kind: 'count', unit: 'hồ sơ', when: HOSO, re: rx(String.raw`(?<!truoc va )dung han${LINK}${C}`) },
  { key: 'hoso.dung_han', kind: 'count', unit: 'hồ sơ',
    re: rx(String.raw`${C}\s*ho so(?:\s+(?:duoc|da))?(?:\s+(?:giai quyet|tra ket qua|tra))?\s+dung han`) },
  { key: 'hoso.qua_han', kind: 'count', unit: 'hồ sơ', when: HOSO, re: rx(String.raw`(?:qua|tre|cham) han${LINK}${C}`) },
  { key: 'hoso.qua_han', kind: 'count', unit: 'hồ sơ',
    re: rx(String.raw`${C}\s*ho so(?:\s+(?:bi|da|duoc))?(?:\s+(?:giai quyet|tra ket qua|tra))?\s+(?:qua|tre|cham) han`) },
  { key: 'hoso.qua_han', kind: 'count', unit: 'hồ sơ', value: 0,
    re: rx(String.raw`khong (?:co|de xay ra|phat sinh)(?:\s+(?:tinh trang|truong hop))?\s+ho so(?:\s+nao)?(?:\s+(?:bi|giai quyet|tra ket qua))?\s+(?:qua|tre|cham) han`) },
  { key: 'hoso.giai_quyet', kind: 'count', unit: 'hồ sơ', when: HOSO,
    // "đang giải quyết 10 hồ sơ" is work in progress, not dossiers resolved.
    re: rx(String.raw`(?<!theo co che mot cua[^\d]{0,40})(?<!(?:dang|chua)\s+)giai quyet(?:\s+(?:xong|duoc))?(?:\s+(?:tong so|tong cong))?${LINK}${C}`) },
  { key: 'hoso.giai_quyet', kind: 'count', unit: 'hồ sơ',
    re: rx(String.raw`${C}\s*ho so(?:\s+tthc)?\s+(?:da\s+|duoc\s+)*giai quyet(?!\s+(?:theo|dung|truoc|qua|tre))`) },

  // ---- Khảo sát
  { key: 'khao_sat.so_nguoi', kind: 'count', unit: 'người',
    re: rx(String.raw`${N}\s*(?<u>nguoi dan|nguoi|luot nguoi|luot|phieu|to chuc, ca nhan|ca nhan, to chuc)${gap(30)}(?:duoc\s+)?(?:lay y kien|khao sat|danh gia)`) },
  { key: 'khao_sat.so_nguoi', kind: 'count', unit: 'người',
    re: rx(String.raw`(?:lay y kien|khao sat)(?:\s+(?:duoc|cua|doi voi))?${LINK}${N}\s*(?:nguoi|luot|phieu)`) },
  { key: 'khao_sat.hai_long_ty_le', kind: 'percent', re: rx(String.raw`${P}${gap(30)}hai long`) },
  { key: 'khao_sat.hai_long_ty_le', kind: 'percent', re: rx(String.raw`hai long${gap(20)}${LINK}${P}`) },

  // ---- Công khai TTHC (the list after "Tổng số TTHC được công khai" sets context 'cong_khai')
  { key: 'tthc.cong_khai.tong', kind: 'count', unit: 'thủ tục',
    re: rx(String.raw`tong so (?:tthc|thu tuc hanh chinh|thu tuc)(?:\s+(?:duoc|da duoc|da))?\s+(?:cong khai|niem yet)${gap(30)}${LINK}${N}`) },
  // The prose list: "đã công khai tổng số 182 TTHC, gồm 158 TTHC cấp xã và 24 TTHC thuộc các cơ
  // quan ngành dọc (9 thủ tục lĩnh vực Quân sự, 15 thủ tục lĩnh vực Công an)".
  { key: 'tthc.cong_khai.tong', kind: 'count', unit: 'thủ tục',
    re: rx(String.raw`(?:cong khai|niem yet)(?:\s+(?:duoc|cong khai|day du))?(?:\s+(?:tong so|tong cong|tat ca))\s*:?\s*${N}\s*(?:tthc|thu tuc)`) },
  { key: 'tthc.cong_khai.xa', kind: 'count', unit: 'thủ tục', context: 'cong_khai', when: /cong khai|niem yet/,
    re: rx(String.raw`${N}\s*(?:tthc|thu tuc(?: hanh chinh)?)\s+(?:thuoc\s+)?(?:tham quyen\s+(?:giai quyet\s+)?(?:cua\s+)?)?cap xa(?![a-z])`) },
  { key: 'tthc.cong_khai.nganh_doc', kind: 'count', unit: 'thủ tục', context: 'cong_khai',
    re: rx(String.raw`${N}\s*(?:tthc|thu tuc(?: hanh chinh)?)\s+(?:thuoc\s+)?(?:cac\s+)?(?:co quan\s+)?(?:nganh doc|trung uong)`) },
  { key: 'tthc.cong_khai.xa', kind: 'count', unit: 'thủ tục', context: 'cong_khai',
    re: rx(String.raw`^\W*(?:so luong\s+)?(?:tthc\s+|thu tuc\s+)?(?:thuoc\s+)?(?:tham quyen\s+(?:giai quyet\s+)?(?:cua\s+)?)?cap xa${LINK}${N}`) },
  // The level first inside the list: "…, trong đó: cấp xã 155 thủ tục; cơ quan ngành dọc …".
  { key: 'tthc.cong_khai.xa', kind: 'count', unit: 'thủ tục', context: 'cong_khai',
    re: rx(String.raw`(?:tthc\s+|thu tuc\s+)?(?:thuoc\s+)?cap xa${LINK}${N}\s*(?:tthc|thu tuc)`) },
  { key: 'tthc.cong_khai.xa', kind: 'count', unit: 'thủ tục',
    re: rx(String.raw`${N}\s*(?:tthc|thu tuc(?: hanh chinh)?)\s+(?:thuoc\s+(?:tham quyen\s+(?:giai quyet\s+)?(?:cua\s+)?)?)?cap xa(?=${gap(30)}cong khai)`) },
  { key: 'tthc.cong_khai.nganh_doc', kind: 'count', unit: 'thủ tục', context: 'cong_khai',
    re: rx(String.raw`nganh doc[^\d;.(]{0,40}?${LINK}${N}`) },
  { key: 'tthc.cong_khai.quan_su', kind: 'count', unit: 'thủ tục', context: 'cong_khai',
    re: rx(String.raw`${N}\s*(?:tt|tthc|thu tuc)?\s*(?:thuoc\s+)?(?:linh vuc\s+|co quan\s+)?(?:ban chi huy\s+)?quan su`) },
  { key: 'tthc.cong_khai.cong_an', kind: 'count', unit: 'thủ tục', context: 'cong_khai',
    re: rx(String.raw`${N}\s*(?:tt|tthc|thu tuc)?\s*(?:thuoc\s+)?(?:linh vuc\s+|co quan\s+)?cong an`) },
  { key: 'tthc.qr.so_ma', kind: 'count', unit: 'mã', re: rx(String.raw`${N}\s*ma\s*qr`) },
  { key: 'tthc.qr.so_linh_vuc', kind: 'count', unit: 'lĩnh vực', when: /qr/, re: rx(String.raw`${N}\s*linh vuc`) },
  { key: 'tthc.ra_soat', kind: 'count', unit: 'thủ tục',
    re: rx(String.raw`(?:tthc|thu tuc hanh chinh|thu tuc)(?:\s+(?:duoc|da duoc|da))?\s+ra soat${LINK}${N}`) },
  { key: 'tthc.ra_soat', kind: 'count', unit: 'thủ tục', re: rx(String.raw`ra soat\s+${N}\s*(?:tthc|thu tuc)`) },
  { key: 'tthc.cat_giam', kind: 'count', unit: 'thủ tục',
    re: rx(String.raw`phuong an (?:cat giam|don gian hoa)[^\d.]{0,160}?(?::|\)|la)\s*${N}`) },
  // The count first: "trong đó 3 TTHC được phê duyệt phương án cắt giảm, đơn giản hóa".
  { key: 'tthc.cat_giam', kind: 'count', unit: 'thủ tục',
    re: rx(String.raw`${N}\s*(?:tthc|thu tuc(?: hanh chinh)?)\s+(?:da\s+)?(?:duoc\s+)?(?:phe duyet|thong qua|thuc thi|de xuat)[^\d;.]{0,40}?phuong an (?:cat giam|don gian hoa)`) },
  { key: 'tthc.cat_giam', kind: 'count', unit: 'thủ tục',
    re: rx(String.raw`(?:cat giam|don gian hoa)(?:\s*(?:,|va)\s*(?:don gian hoa|cat giam))?\s+(?:duoc\s+)?${N}\s*(?:tthc|thu tuc)`) },

  // ---- Tuyên truyền
  { key: 'tuyen_truyen.tin_bai', kind: 'count', unit: 'tin, bài', when: /tuyen truyen|thong tin|dang tai|phat thanh/,
    re: rx(String.raw`${N}\s*(?:luot\s+)?(?:tin\s*,?\s*bai|tin\s+bai|bai viet|tin)(?![a-z])`) },
  // The label first: "Số lượt tin, bài tuyên truyền về CCHC: 45 lượt".
  { key: 'tuyen_truyen.tin_bai', kind: 'count', unit: 'tin, bài',
    re: rx(String.raw`so (?:luong\s+)?(?:luot\s+)?(?:tin\s*,?\s*bai|bai viet)(?:\s+tuyen truyen)?${gap(60)}${LINK}${N}`) },

  // ---- Đào tạo: one fact per clause (same key); the clauses may overlap, so they are not summed
  { key: 'dao_tao.so_nguoi', kind: 'count', unit: 'người', when: TRAINING,
    re: rx(String.raw`(?:cu|cu di|da cu|tham gia)\s+${N}\s*(?:dong chi|can bo|cong chuc|nguoi|hoc vien|luot)`) },
  { key: 'dao_tao.so_nguoi', kind: 'count', unit: 'người', when: TRAINING,
    re: rx(String.raw`${N}\s*(?:dong chi|can bo|cong chuc|nguoi)(?:\s*,\s*cong chuc)?\s+(?:duoc cu\s+|di\s+)?(?:tham gia|di hoc|dao tao|boi duong|tap huan)`) },

  // ---- Kỷ luật
  { key: 'ky_luat.so_nguoi', kind: 'count', unit: 'người', value: 0,
    re: rx(String.raw`khong co\s+(?:truong hop\s+)?(?:can bo|cong chuc|cbcc|nguoi|ai)${gap(40)}(?:bi|phai)?\s*(?:xu ly\s+|xem xet\s+)?ky luat`) },
  { key: 'ky_luat.so_nguoi', kind: 'count', unit: 'người',
    re: rx(String.raw`${N}\s*(?:can bo|cong chuc|nguoi|truong hop|dong chi)(?:\s*,\s*cong chuc)?${gap(30)}(?:bi|phai)\s*(?:xu ly\s+)?ky luat`) },

  // ---- Biên chế, nhân sự (after training and discipline: "có 02 công chức bị kỷ luật" is not a headcount)
  { key: 'bien_che.giao', kind: 'count', unit: 'biên chế', re: rx(String.raw`bien che (?:duoc )?giao${gap(25)}${LINK}${N}`) },
  { key: 'bien_che.co_mat', kind: 'count', unit: 'biên chế', re: rx(String.raw`bien che (?:co mat|hien co)${gap(25)}${LINK}${N}`) },
  { key: 'bien_che.giam', kind: 'count', unit: 'biên chế', re: rx(String.raw`bien che (?:giam|da tinh gian|tinh gian)${gap(20)}${LINK}${N}`) },
  { key: 'bien_che.giam', kind: 'count', unit: 'biên chế', re: rx(String.raw`(?:giam|tinh gian)\s+${N}\s*bien che`) },
  { key: 'nhan_su.khong_chuyen_trach.thon', kind: 'count', unit: 'người',
    re: rx(String.raw`khong chuyen trach\s+(?:o\s+|tai\s+)?(?:thon|khu dan cu|to dan pho|khu pho|ap|ban)${gap(25)}${LINK}${N}`) },
  // The place alone after a first clause: "… không chuyên trách cấp xã: 12 người; ở thôn: 19 người".
  { key: 'nhan_su.khong_chuyen_trach.thon', kind: 'count', unit: 'người', when: /khong chuyen trach/,
    re: rx(String.raw`[;,]\s*(?:va\s+)?(?:o|tai)\s+(?:cac\s+)?(?:thon|khu dan cu|to dan pho|khu pho|ap|ban)(?:\s*,\s*(?:thon|to dan pho|khu pho|ap))?${LINK}${N}\s*(?:nguoi|dong chi)`) },
  { key: 'nhan_su.khong_chuyen_trach.xa', kind: 'count', unit: 'người',
    re: rx(String.raw`khong chuyen trach\s+(?:o\s+)?(?:cap xa|xa|phuong|thi tran)${gap(25)}${LINK}${N}`) },
  { key: 'nhan_su.tong', kind: 'count', unit: 'người',
    re: rx(String.raw`(?:co|hien co|tong so|gom)\s+${N}\s*(?:can bo\s*,?\s*cong chuc|cbcc)(?!\s*(?:,|va)?\s*vien chuc)(?!${gap(30)}(?:tham gia|duoc cu|di hoc))`) },
  { key: 'nhan_su.can_bo', kind: 'count', unit: 'người',
    re: rx(String.raw`can bo(?:\s+cap xa|\s+xa)?\s+(?:co|gom|la)\s*:?\s*${N}\s*(?:nguoi|dong chi)`) },
  { key: 'nhan_su.cong_chuc', kind: 'count', unit: 'người',
    re: rx(String.raw`cong chuc(?:\s+cap xa|\s+xa)?\s+(?:co|gom|la)\s*:?\s*${N}\s*(?:nguoi|dong chi)`) },
  { key: 'nhan_su.can_bo', kind: 'count', unit: 'người',
    re: rx(String.raw`(?:co|hien co|gom|trong do)\s*:?\s*(?:co\s+)?${N}\s*can bo(?![a-z])(?!\s*,?\s*cong chuc)(?!\s+khong chuyen)`) },
  { key: 'nhan_su.cong_chuc', kind: 'count', unit: 'người',
    re: rx(String.raw`(?:(?:co|hien co|gom|trong do)\s*:?\s*(?:co\s+)?|can bo\s*(?:,|va)\s*)${N}\s*cong chuc(?![a-z])(?!\s*(?:,|va)?\s*vien chuc)`) },

  // ---- Trang thiết bị: Bộ phận Một cửa first (context 'mot_cua'), then the office as a whole
  { key: 'thiet_bi.mot_cua.may_tinh', kind: 'count', unit: 'máy', context: 'mot_cua', re: rx(String.raw`${N}\s*(?:bo\s+)?may (?:vi )?tinh`) },
  { key: 'thiet_bi.mot_cua.may_in', kind: 'count', unit: 'máy', context: 'mot_cua', re: rx(String.raw`${N}\s*may in`) },
  { key: 'thiet_bi.mot_cua.may_scan', kind: 'count', unit: 'máy', context: 'mot_cua', re: rx(String.raw`${N}\s*may (?:scan|quet)`) },
  { key: 'thiet_bi.may_tinh', kind: 'count', unit: 'máy', re: rx(String.raw`${N}\s*(?:bo\s+)?may (?:vi )?tinh`) },
  { key: 'thiet_bi.may_scan', kind: 'count', unit: 'máy', re: rx(String.raw`${N}\s*may (?:scan|quet)`) },

  // ---- Tài chính (values in đồng)
  { key: 'tai_chinh.kinh_phi_giao', kind: 'money_dong', re: rx(String.raw`kinh phi (?:duoc )?giao${gap(40)}${LINK}${MONEY}`) },
  { key: 'tai_chinh.tiet_kiem', kind: 'money_dong', re: rx(String.raw`tiet kiem${gap(40)}${LINK}${MONEY}`) },

  // ---- Văn bản chỉ đạo
  { key: 'chi_dao.ke_hoach_ban_hanh', kind: 'count', unit: 'kế hoạch',
    re: rx(String.raw`(?:ban hanh|xay dung)(?:\s+(?:duoc|tong so))?\s+${N}\s*ke hoach`) },
];

/** A count in brackets right after a rate: "đạt 89,5% (559 hồ sơ)", "(559/625 hồ sơ)". */
export const FOLLOWING_COUNT = new RegExp(String.raw`^\s*\(\s*(?:(?:tuong ung|voi|gom)\s+)?(?<n>${NUM})(?:\s*\/\s*\d+(?:\.\d{3})*)?\s*ho so`, 'd');

/** A percent right after a count: "259 hồ sơ, đạt 100%", "258/259 hồ sơ phát sinh bằng 99,6%". */
export const FOLLOWING_PERCENT = /^(?:\s*ho so)?[^\d;.]{0,40}?(?:dat|bang|chiem|=|la)\s*(?:ty le\s*)?(?<n>\d+(?:[.,]\d+)?)\s*%/d;
