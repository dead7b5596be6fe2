// The narrative (sections I-IV) of a generated report: several phrasings per fact, chosen by the
// PRNG, with the facts left as {{key}} placeholders so the printed value and the truth come from
// one place. Citations are collected as they are written.
import { QUALIFICATION_FACT_KEYS } from '../../schemas/fact-keys.js';
import type { Rng } from './prng.js';
import { rate, vnCount, vnDate, vnNumber, periodLabel, nextPeriodLabel, type DateStyle, type YMD, iso } from './vn.js';
import type { Qualification, World } from './world.js';

export interface FactValue {
  value: number;
  /** How to print it: counts may be zero-padded, percents keep their decimals, money is grouped. */
  style: 'count' | 'pad' | 'pct' | 'money';
  decimals?: number;
}

export interface CitedDoc {
  docType: string;
  number: string;
  date: string | null;
}

export interface Section {
  id: string;
  lines: string[];
}

export interface Narrative {
  sections: Section[];
  facts: Map<string, FactValue>;
  /** Keys stated in words rather than digits ("không có ... kỷ luật" states 0). */
  statedInWords: Set<string>;
  citations: CitedDoc[];
}

const QUAL_KEYS = new Set(QUALIFICATION_FACT_KEYS.map((f) => f.key));

export function formatFact(f: FactValue): string {
  switch (f.style) {
    case 'pad':
      return vnCount(f.value, true);
    case 'count':
    case 'money':
      return vnNumber(f.value);
    case 'pct':
      return vnNumber(f.value, f.decimals ?? 0);
  }
}

/** Renders "{{key}}" placeholders; unknown keys are a generator bug, so they throw. */
export function fill(line: string, facts: Map<string, FactValue>): string {
  return line.replace(/\{\{([a-z_.0-9]+)\}\}/g, (_, key: string) => {
    const f = facts.get(key);
    if (!f) throw new Error(`narrative uses unknown fact ${key}`);
    return formatFact(f);
  });
}

export function usedFactKeys(n: Narrative): Set<string> {
  const used = new Set<string>(n.statedInWords);
  for (const s of n.sections) for (const l of s.lines) for (const m of l.matchAll(/\{\{([a-z_.0-9]+)\}\}/g)) used.add(m[1]!);
  return used;
}

const LEVEL_LABEL: Record<string, string[]> = {
  thac_si: ['Thạc sỹ', 'Thạc sĩ'],
  dai_hoc: ['Đại học'],
  cao_dang: ['Cao đẳng'],
  trung_cap: ['Trung cấp'],
  chua_dao_tao: ['Chưa qua đào tạo'],
  cao_cap: ['Cao cấp'],
  so_cap: ['Sơ cấp'],
};

export function citeNumber(rng: Rng, n: number, suffix: string): { printed: string; normalised: string } {
  const nn = n < 10 && rng.chance(0.5) ? `0${n}` : String(n);
  const r = rng.next();
  const printed = r < 0.8 ? `${nn}/${suffix}` : r < 0.9 ? `${nn}/ ${suffix}` : `${nn}-${suffix}`;
  return { printed, normalised: `${n}/${suffix}` };
}

export function buildNarrative(w: World, rng: Rng): Narrative {
  const facts = new Map<string, FactValue>();
  const statedInWords = new Set<string>();
  const citations: CitedDoc[] = [];
  const sections: Section[] = [];
  const pad = rng.chance(0.35);
  const count = (key: string, value: number) => facts.set(key, { value, style: pad && value < 10 ? 'pad' : 'count' });
  const pct = (key: string, part: number, whole: number, decimals: number) => facts.set(key, { value: rate(part, whole, decimals).value, style: 'pct', decimals });
  const money = (key: string, value: number) => facts.set(key, { value, style: 'money' });
  const dateStyle = (): DateStyle => rng.pick(['slash', 'slash', 'slash_padded', 'words'] as const);
  const dateText = (d: YMD) => vnDate(d, dateStyle());
  const k = w.place.unit.kind; // "xã", "phường", "thị trấn"
  const unit = `${k} ${w.place.unit.name}`;
  const period = periodLabel(w.period);
  const periodCap = period.charAt(0).toUpperCase() + period.slice(1);
  const year = w.period.year;
  const thon = k === 'xã' ? 'thôn' : 'tổ dân phố';
  const dec = rng.pick([1, 1, 2]);
  const section = (id: string, lines: string[]) => sections.push({ id, lines });
  const plan = (p: { number: number; date: YMD | null; subject: string }, lead: string) => {
    const num = citeNumber(rng, p.number, 'KH-UBND');
    citations.push({ docType: 'Kế hoạch', number: num.normalised, date: p.date ? iso(p.date) : null });
    const when = p.date ? (rng.chance(0.8) ? ` ngày ${dateText(p.date)}` : `, ngày ${dateText(p.date)}`) : '';
    return `${lead}Kế hoạch số${rng.chance(0.5) ? ':' : ''} ${num.printed}${when} ${p.subject} năm ${year}.`;
  };

  // Intro: the instruction from above, the annual plan.
  const ins = w.instruction;
  citations.push({ docType: 'Công văn', number: `${ins.number}/${ins.suffix}`, date: iso(ins.date) });
  const district = `${w.place.district.kind} ${w.place.district.name}`;
  const withProvince = rng.chance(0.5);
  section('intro', [
    `Thực hiện Công văn số ${ins.number}/${ins.suffix} ngày ${vnDate(ins.date, 'words')} của UBND ${district}${withProvince ? `, ${w.place.provinceKind} ${w.place.province}` : ''} về việc triển khai thực hiện chế độ báo cáo cải cách hành chính định kỳ. UBND ${unit} báo cáo kết quả triển khai, thực hiện nhiệm vụ cải cách hành chính ${period}, như sau:`,
  ]);

  const annual = citeNumber(rng, w.annualPlan.number, 'KH-UBND');
  citations.push({ docType: 'Kế hoạch', number: annual.normalised, date: iso(w.annualPlan.date!) });
  count('chi_dao.ke_hoach_ban_hanh', w.plans.length);
  section('I', [
    '**I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH**',
    `Căn cứ Kế hoạch số ${annual.printed}, ngày ${vnDate(w.annualPlan.date!, 'words')} về cải cách hành chính nhà nước ${unit} năm ${year}. Căn cứ chức năng, nhiệm vụ của cán bộ, công chức; UBND ${k} đã phân công cụ thể trách nhiệm cho từng cán bộ, công chức thực hiện các nhiệm vụ cải cách hành chính.`,
    rng.pick([
      `Trong ${period}, UBND ${k} đã xây dựng và ban hành {{chi_dao.ke_hoach_ban_hanh}} kế hoạch triển khai công tác CCHC theo chỉ đạo của cấp trên, cụ thể:`,
      `${periodCap}, UBND ${k} ban hành {{chi_dao.ke_hoach_ban_hanh}} kế hoạch về công tác cải cách hành chính, gồm:`,
    ]),
    ...w.plans.map((p) => plan(p, '- ')),
    `Việc tuân thủ và triển khai các nội dung chỉ đạo CCHC của cấp huyện và cấp tỉnh được thực hiện đầy đủ và kịp thời.`,
  ]);

  count('tuyen_truyen.tin_bai', w.propaganda);
  section('I.2', [
    '## ***2. Công tác tuyên truyền cải cách hành chính***',
    rng.pick([
      `Đã thực hiện được {{tuyen_truyen.tin_bai}} lượt tin, bài tuyên truyền qua hệ thống Đài truyền thanh ${k}; tuyên truyền trên Trang thông tin điện tử ${k}; niêm yết công khai các TTHC và quy trình giải quyết.`,
      `Trong kỳ, Đài truyền thanh ${k} đã phát {{tuyen_truyen.tin_bai}} tin, bài tuyên truyền về cải cách hành chính.`,
      `Số lượt tin, bài tuyên truyền về CCHC: {{tuyen_truyen.tin_bai}} lượt.`,
    ]),
    'Qua thực hiện công tác tuyên truyền đã góp phần nâng cao nhận thức, tinh thần trách nhiệm của đội ngũ cán bộ, công chức; giúp tổ chức, công dân nắm bắt được mục đích, yêu cầu, nội dung trong công tác CCHC.',
  ]);

  section('II.1', [
    '## **II. KẾT QUẢ THỰC HIỆN**',
    '### **1. Cải cách thể chế**',
    `UBND ${k} đã chỉ đạo, quán triệt, triển khai và tổ chức thực hiện đầy đủ các kế hoạch, các văn bản chỉ đạo của cấp trên liên quan đến công tác phổ biến, giáo dục pháp luật trên địa bàn ${k}.`,
  ]);

  // Thủ tục hành chính
  const t = w.tthc;
  count('tthc.ra_soat', t.reviewed);
  count('tthc.cat_giam', t.simplified);
  count('tthc.cong_khai.tong', t.xa + t.quanSu + t.congAn);
  count('tthc.cong_khai.xa', t.xa);
  count('tthc.cong_khai.nganh_doc', t.quanSu + t.congAn);
  count('tthc.cong_khai.quan_su', t.quanSu);
  count('tthc.cong_khai.cong_an', t.congAn);
  count('tthc.qr.so_ma', t.xa);
  count('tthc.qr.so_linh_vuc', t.qrFields);
  const h = w.hoso;
  count('hoso.tiep_nhan', h.received);
  count('hoso.giai_quyet', h.received);
  count('hoso.truoc_han', h.early);
  count('hoso.dung_han', h.onTime);
  count('hoso.qua_han', h.late);
  count('hoso.mot_cua', h.received);
  facts.set('hoso.mot_cua_ty_le', { value: 100, style: 'pct', decimals: 0 });
  count('hoso.truc_tuyen', h.online);
  pct('hoso.truc_tuyen_ty_le', h.online, h.received, dec);
  count('hoso.so_hoa_ket_qua', h.digitisedResult);
  pct('hoso.so_hoa_ket_qua_ty_le', h.digitisedResult, h.received, dec);
  count('hoso.so_hoa_thanh_phan', h.digitisedParts);
  pct('hoso.so_hoa_thanh_phan_ty_le', h.digitisedParts, h.received, dec);
  count('khao_sat.so_nguoi', w.survey.people);
  facts.set('khao_sat.hai_long_ty_le', { value: w.survey.satisfied, style: 'pct', decimals: 0 });
  count('thiet_bi.mot_cua.may_tinh', w.equipment.oneStopPcs);
  count('thiet_bi.mot_cua.may_in', w.equipment.oneStopPrinters);
  count('thiet_bi.mot_cua.may_scan', w.equipment.oneStopScanners);
  const received = vnNumber(h.received);

  section('II.2', [
    '## **2. Cải cách thủ tục hành chính**',
    '### *a) Kiểm soát thủ tục hành chính*',
    rng.pick([
      `Bộ mã QR-code niêm yết công khai {{tthc.qr.so_ma}} mã QR-code tương ứng với {{tthc.qr.so_linh_vuc}} lĩnh vực giải quyết TTHC như Hộ tịch, Chứng thực, Đất đai, Tiếp công dân.`,
      `UBND ${k} đã niêm yết {{tthc.qr.so_ma}} mã QR-code thuộc {{tthc.qr.so_linh_vuc}} lĩnh vực để công dân tra cứu TTHC bằng điện thoại thông minh.`,
    ]),
    'Kết quả rà soát, cắt giảm, đơn giản hóa TTHC:',
    ...rng.pick([
      ['- Số lượng TTHC được rà soát: {{tthc.ra_soat}}', '- Số lượng TTHC đã được phê duyệt, thực thi phương án cắt giảm, đơn giản hóa: {{tthc.cat_giam}}'],
      [`Trong kỳ đã rà soát {{tthc.ra_soat}} TTHC, trong đó {{tthc.cat_giam}} TTHC được phê duyệt phương án cắt giảm, đơn giản hóa.`],
    ]),
    `b) Việc công khai thủ tục hành chính tại UBND ${k}:`,
    ...rng.pick([
      ['- Tổng số TTHC được công khai: {{tthc.cong_khai.tong}}', '- Cấp xã: {{tthc.cong_khai.xa}}', '- Số lượng TTHC thuộc các cơ quan ngành dọc đóng tại địa phương: {{tthc.cong_khai.nganh_doc}}  \n(Trong đó {{tthc.cong_khai.quan_su}} TT thuộc Quân sự; {{tthc.cong_khai.cong_an}} thuộc Công an)'],
      [`UBND ${k} đã công khai tổng số {{tthc.cong_khai.tong}} TTHC, gồm {{tthc.cong_khai.xa}} TTHC cấp xã và {{tthc.cong_khai.nganh_doc}} TTHC thuộc các cơ quan ngành dọc ({{tthc.cong_khai.quan_su}} thủ tục lĩnh vực Quân sự, {{tthc.cong_khai.cong_an}} thủ tục lĩnh vực Công an).`],
    ]),
    'c) Thực hiện cơ chế một cửa, cơ chế một cửa liên thông',
    [
      rng.pick([
        'Kết quả giải quyết các thủ tục hành chính, cụ thể như sau: Số hồ sơ tiếp nhận {{hoso.tiep_nhan}} hồ sơ, giải quyết {{hoso.giai_quyet}} hồ sơ, trong đó trả trước hạn {{hoso.truoc_han}} hồ sơ, đúng hạn {{hoso.dung_han}} hồ sơ, quá hạn {{hoso.qua_han}} hồ sơ.',
        'Số hồ sơ tiếp nhận: {{hoso.tiep_nhan}}; số hồ sơ đã giải quyết: {{hoso.giai_quyet}} (trước hạn: {{hoso.truoc_han}}; đúng hạn: {{hoso.dung_han}}; quá hạn: {{hoso.qua_han}}).',
        'Trong kỳ, Bộ phận Một cửa đã tiếp nhận tổng số {{hoso.tiep_nhan}} hồ sơ, đã giải quyết {{hoso.giai_quyet}} hồ sơ, trong đó {{hoso.truoc_han}} hồ sơ trả trước hạn, {{hoso.dung_han}} hồ sơ trả đúng hạn, {{hoso.qua_han}} hồ sơ quá hạn.',
      ]),
      rng.pick([
        'Số hồ sơ giải quyết theo cơ chế một cửa, một cửa liên thông {{hoso.mot_cua}} hồ sơ, đạt {{hoso.mot_cua_ty_le}}% tổng số hồ sơ tiếp nhận giải quyết.',
        'Số hồ sơ giải quyết theo cơ chế một cửa, một cửa liên thông: {{hoso.mot_cua}} hồ sơ (đạt {{hoso.mot_cua_ty_le}}%).',
      ]),
      rng.pick([
        `Số hồ sơ thực hiện dịch vụ công mức độ 3,4 là {{hoso.truc_tuyen}}/${received} hồ sơ phát sinh bằng {{hoso.truc_tuyen_ty_le}}%.`,
        'Số hồ sơ nộp trực tuyến mức độ 3, 4: {{hoso.truc_tuyen}} hồ sơ, đạt tỷ lệ {{hoso.truc_tuyen_ty_le}}%.',
      ]),
      rng.pick([
        `Số hóa kết quả được {{hoso.so_hoa_ket_qua}}/${received} hồ sơ, đạt {{hoso.so_hoa_ket_qua_ty_le}}%, số hóa thành phần hồ sơ {{hoso.so_hoa_thanh_phan}}/${received} hồ sơ, đạt {{hoso.so_hoa_thanh_phan_ty_le}}%.`,
        'Tỷ lệ số hóa kết quả giải quyết TTHC đạt {{hoso.so_hoa_ket_qua_ty_le}}% ({{hoso.so_hoa_ket_qua}} hồ sơ); tỷ lệ số hóa thành phần hồ sơ đạt {{hoso.so_hoa_thanh_phan_ty_le}}% ({{hoso.so_hoa_thanh_phan}} hồ sơ).',
      ]),
    ].join(' '),
    rng.pick([
      '- Tình hình tổ chức và hoạt động của Bộ phận Một cửa: Gồm {{thiet_bi.mot_cua.may_tinh}} máy tính, {{thiet_bi.mot_cua.may_in}} máy in, {{thiet_bi.mot_cua.may_scan}} máy scan. Cơ sở vật chất đảm bảo cho việc thực hiện theo cơ chế một cửa, một cửa liên thông.',
      '- Bộ phận Một cửa được trang bị {{thiet_bi.mot_cua.may_tinh}} máy tính, {{thiet_bi.mot_cua.may_in}} máy in và {{thiet_bi.mot_cua.may_scan}} máy scan.',
    ]),
    // Only a unit that ran the survey (Biểu mẫu 1 row 5 = 1) reports who was asked.
    ...(w.direction.survey ? [] : ['- Trong kỳ chưa tổ chức khảo sát sự hài lòng của người dân, tổ chức.']),
    ...[rng.pick([
      `- Trong quá trình giải quyết TTHC, các bộ phận chuyên môn thường xuyên khảo sát, lấy ý kiến người dân và tổ chức, kết quả có {{khao_sat.so_nguoi}} người dân được lấy ý kiến, {{khao_sat.hai_long_ty_le}}% ý kiến hài lòng với chất lượng giải quyết TTHC.`,
      `- Đã lấy ý kiến của {{khao_sat.so_nguoi}} lượt người dân, tổ chức; tỷ lệ hài lòng đạt {{khao_sat.hai_long_ty_le}}%.`,
    ])].filter(() => w.direction.survey),
  ]);

  // Bộ máy, biên chế
  const s = w.staff;
  count('bien_che.giao', s.quota);
  count('bien_che.co_mat', s.canBo + s.congChuc);
  count('bien_che.giam', s.quota - s.canBo - s.congChuc);
  count('nhan_su.can_bo', s.canBo);
  count('nhan_su.cong_chuc', s.congChuc);
  count('nhan_su.tong', s.canBo + s.congChuc);
  count('nhan_su.khong_chuyen_trach.xa', s.kctXa);
  count('nhan_su.khong_chuyen_trach.thon', s.kctThon);
  section('II.3', [
    '### **3. Cải cách tổ chức bộ máy hành chính nhà nước**',
    `Thực hiện theo đúng các quy định của Trung ương, Tỉnh, Huyện về công tác sắp xếp tổ chức bộ máy hành chính cấp xã và ${thon}.`,
    rng.pick([
      'Tổng số biên chế được giao trong năm {{bien_che.giao}}, (hiện có {{nhan_su.can_bo}} cán bộ, {{nhan_su.cong_chuc}} công chức).',
      'Biên chế được giao: {{bien_che.giao}} người; hiện có {{nhan_su.tong}} cán bộ, công chức (gồm {{nhan_su.can_bo}} cán bộ và {{nhan_su.cong_chuc}} công chức).',
    ]),
    rng.pick([
      `Đối với cán bộ không chuyên trách: cán bộ không chuyên trách cấp xã còn {{nhan_su.khong_chuyen_trach.xa}} người đảm nhiệm, cán bộ không chuyên trách ở ${thon} còn {{nhan_su.khong_chuyen_trach.thon}} người đảm nhiệm.`,
      `Số người hoạt động không chuyên trách cấp xã: {{nhan_su.khong_chuyen_trach.xa}} người; ở ${thon}: {{nhan_su.khong_chuyen_trach.thon}} người.`,
    ]),
  ]);

  // Công vụ: the qualification splits.
  const qualLines = (group: 'can_bo' | 'cong_chuc', size: number, q: Qualification): string[] => {
    const style = rng.pick(['ratio', 'count'] as const);
    const item = (area: 'chuyen_mon' | 'ly_luan', level: string, n: number) => {
      const base = `nhan_su.${group}.${area}.${level}`;
      if (!QUAL_KEYS.has(`${base}.so_luong`)) throw new Error(`no fact key ${base}`);
      count(`${base}.so_luong`, n);
      const r = rate(n, size, 2);
      facts.set(`${base}.ty_le`, { value: r.value, style: 'pct', decimals: 2 });
      const label = rng.pick(LEVEL_LABEL[level]!);
      return style === 'ratio'
        ? `${label} {{${base}.so_luong}}/${size}${rng.chance(0.5) ? ' đồng chí' : ''} = {{${base}.ty_le}}%`
        : `${label}: {{${base}.so_luong}} đồng chí (chiếm {{${base}.ty_le}}%)`;
    };
    return [
      `+ Trình độ chuyên môn: ${q.chuyenMon.map((c) => item('chuyen_mon', c.level, c.count)).join(', ')}.`,
      `+ Lý luận chính trị: ${q.lyLuan.map((c) => item('ly_luan', c.level, c.count)).join(', ')}.`,
    ];
  };
  const disciplined = s.disciplinedLeaders + s.disciplinedStaff;
  count('ky_luat.so_nguoi', disciplined);
  count('dao_tao.so_nguoi', s.trained);
  let kyLuat: string;
  if (disciplined === 0) {
    statedInWords.add('ky_luat.so_nguoi');
    kyLuat = `${periodCap} ${k} không có cán bộ, công chức vi phạm phải xử lý kỷ luật.`;
  } else {
    kyLuat = `Trong ${period} có {{ky_luat.so_nguoi}} cán bộ, công chức bị xử lý kỷ luật.`;
  }
  section('II.4', [
    '### **4. Cải cách chế độ công vụ**',
    `- Cán bộ, công chức UBND ${k} cơ bản đáp ứng về trình độ, năng lực, phẩm chất chính trị theo yêu cầu vị trí việc làm. Hiện tại, ${k} có {{nhan_su.tong}} cán bộ, công chức (*trong đó: có {{nhan_su.can_bo}} cán bộ, {{nhan_su.cong_chuc}} công chức*) cụ thể:`,
    `- Cán bộ cấp xã có {{nhan_su.can_bo}} người, trong đó:`,
    ...qualLines('can_bo', s.canBo, w.qualification.canBo),
    `- Công chức ${k} có {{nhan_su.cong_chuc}} người:`,
    ...qualLines('cong_chuc', s.congChuc, w.qualification.congChuc),
    kyLuat,
    rng.pick([
      `Cử {{dao_tao.so_nguoi}} cán bộ, công chức tham gia lớp tập huấn CCHC (về giải quyết TTHC trực tuyến mức độ 3,4 tại huyện).`,
      `Trong kỳ đã cử {{dao_tao.so_nguoi}} lượt cán bộ, công chức đi đào tạo, bồi dưỡng, tập huấn.`,
    ]),
  ]);

  money('tai_chinh.kinh_phi_giao', w.finance.budgetDong);
  money('tai_chinh.tiet_kiem', w.finance.savedDong);
  const withStaffInFinance = rng.chance(0.6);
  citations.push({ docType: 'Thông tư', number: '144/2017/TT-BTC', date: '2017-12-29' });
  citations.push({ docType: 'Nghị định', number: '151/2017/NĐ-CP', date: '2017-12-26' });
  section('II.5', [
    '## **5. Cải cách Tài chính công**',
    'Căn cứ Thông tư số 144/2017/TT-BTC ngày 29 tháng 12 năm 2017 của Bộ Tài chính hướng dẫn thực hiện Nghị định số 151/2017/NĐ-CP ngày 26/12/2017 của Chính phủ quy định chi tiết một số điều Luật quản lý, sử dụng tài sản công;',
    '- Kết quả thực hiện cơ chế tự chủ tài chính tại cơ quan, đơn vị:',
    ...(withStaffInFinance ? ['+ Biên chế được giao: {{bien_che.giao}} biên chế', '+ Biên chế có mặt: {{bien_che.co_mat}} biên chế', '+ Số biên chế giảm là: {{bien_che.giam}}'] : []),
    rng.pick([`- Tổng kinh phí được giao năm ${year} là: {{tai_chinh.kinh_phi_giao}} đồng`, '- Tổng kinh phí được giao: {{tai_chinh.kinh_phi_giao}} đồng.']),
    rng.pick(['Số kinh phí tiết kiệm theo dự toán: {{tai_chinh.tiet_kiem}} đồng', `Qua thực hiện cơ chế tự chủ, ${k} đã tiết kiệm được {{tai_chinh.tiet_kiem}} đồng.`]),
  ]);

  count('thiet_bi.may_tinh', w.equipment.pcs);
  citations.push({ docType: 'Nghị định', number: '43/2011/NĐ-CP', date: '2011-06-13' });
  section('II.6', [
    '## **6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số**',
    rng.pick([
      `- Các công chức, bộ phận chuyên môn thuộc UBND ${k} đều được trang bị thiết bị công nghệ thông tin: trang bị {{thiet_bi.may_tinh}} máy tính cho cán bộ công chức, các ngành, đoàn thể đạt tỉ lệ 100%.`,
      `- UBND ${k} đã trang bị {{thiet_bi.may_tinh}} máy tính phục vụ công việc của cán bộ, công chức.`,
    ]),
    `- Trang thông tin điện tử của ${k} cung cấp đầy đủ thông tin theo quy định tại Nghị định 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ về cung cấp thông tin trên Cổng thông tin điện tử.`,
  ]);

  section('III', [
    '### **III. ĐÁNH GIÁ CHUNG**',
    '#### **1. Mặt tích cực**',
    `${periodCap}, UBND ${k} đã tiếp tục triển khai đầy đủ, kịp thời các nhiệm vụ trong công tác cải cách hành chính, bước đầu có chuyển biến tích cực.`,
    '#### **2. Những tồn tại, hạn chế, nguyên nhân**',
    '- Công tác tuyên truyền, phổ biến pháp luật đạt hiệu quả chưa cao;',
    '- Ngân sách nhà nước bố trí hoạt động ứng dụng CNTT còn hạn chế.',
  ]);

  section('IV', [
    `### **IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM ${nextPeriodLabel(w.period)}**`,
    '1. Tiếp tục đẩy mạnh công tác tuyên truyền và triển khai đồng bộ các nội dung cải cách hành chính.',
    '2. Nâng cao chất lượng thực hiện giải quyết thủ tục hành chính theo cơ chế một cửa tại cơ quan.',
  ]);

  return { sections, facts, statedInWords, citations };
}
