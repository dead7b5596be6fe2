import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFacts, ruleMatches } from '../src/extract/facts.js';
import { FACT_RULES } from '../src/extract/facts/rules.js';
import { NUM, QuantityPlaces, maskNonQuantities, mayHoldQuantity } from '../src/extract/facts/prose.js';
import { execAll } from '../src/text/regex.js';
import { foldSameLength } from '../src/text/fold.js';
import { parseTextReport } from '../src/readers/text.js';
import { FACT_KEY_SET } from '../schemas/fact-keys.js';
import { FactSchema, type Fact } from '../schemas/record.js';
import { docFromLines } from './extract.doc-helper.js';

const facts = (lines: string[]) => extractFacts(docFromLines(lines)).value;
/** key → values, in order of appearance. */
const byKey = (fs: Fact[]) => {
  const out: Record<string, Array<number | null>> = {};
  for (const f of fs) (out[f.key] ??= []).push(f.value);
  return out;
};

describe('dossier counts', () => {
  it('reads the seed sentence: received, resolved, early, on time, late', () => {
    const s = 'Kết quả giải quyết các thủ tục hành chính, cụ thể như sau: Số hồ sơ tiếp nhận 259 hồ sơ, giải quyết 259 hồ sơ, trong đó trả trước hạn 258 hồ sơ, đúng hạn 0 hồ sơ, quá hạn 01 hồ sơ.';
    const fs = facts([s]);
    expect(byKey(fs)).toEqual({
      'hoso.tiep_nhan': [259],
      'hoso.giai_quyet': [259],
      'hoso.truoc_han': [258],
      'hoso.dung_han': [0],
      'hoso.qua_han': [1],
    });
    const late = fs.find((f) => f.key === 'hoso.qua_han')!;
    expect(late).toMatchObject({ raw: 'quá hạn 01 hồ sơ', unit: 'hồ sơ', ambiguous: false, indicatorKey: null });
    expect(s.slice(...late.provenance.span!)).toBe('quá hạn 01 hồ sơ');
    expect(late.sentence).toBe(s);
  });

  it('does not take dossiers still being resolved ("đang giải quyết") for resolved ones', () => {
    const s = 'Trong kỳ, Bộ phận một cửa đã tiếp nhận 632 hồ sơ, giải quyết xong 622 hồ sơ, trong đó: giải quyết trước hạn 597 hồ sơ, đúng hạn 25 hồ sơ, quá hạn 0 hồ sơ; đang giải quyết 10 hồ sơ chưa đến hạn.';
    expect(byKey(facts([s]))['hoso.giai_quyet']).toEqual([622]);
  });

  it.each([
    ['Số hồ sơ tiếp nhận: 259', 259],
    ['Trong kỳ, UBND xã đã tiếp nhận tổng số 312 hồ sơ.', 312],
    ['Bộ phận một cửa tiếp nhận 1.204 hồ sơ, đã giải quyết xong 1.200 hồ sơ.', 1204],
    ['Có 87 hồ sơ được tiếp nhận trong quý.', 87],
  ])('received: %s', (s, v) => {
    expect(byKey(facts([s]))['hoso.tiep_nhan']).toEqual([v]);
  });

  it('reads other word orders for early/late and a negative statement', () => {
    expect(byKey(facts(['Có 45 hồ sơ được giải quyết trước hạn, 3 hồ sơ trễ hạn.']))).toMatchObject({ 'hoso.truoc_han': [45], 'hoso.qua_han': [3] });
    expect(byKey(facts(['Trong quý III/2023 có 01 hồ sơ trễ hạn.']))).toEqual({ 'hoso.qua_han': [1] });
    expect(byKey(facts(['Trong kỳ không có hồ sơ nào quá hạn.']))).toEqual({ 'hoso.qua_han': [0] });
  });

  it('reads one-stop, online and digitised counts with their shares', () => {
    const s =
      'Số hồ sơ giải quyết theo cơ chế một cửa, một cửa liên thông 259 hồ sơ, đạt 100% tổng số hồ sơ tiếp nhận giải quyết. Số hồ sơ thực hiện dịch vụ công mức độ 3,4 là 258/259 hồ sơ phát sinh bằng 99,6% . Số hóa kết quả được 259/259 hồ sơ, đạt 100%, số hóa thành phần hồ sơ 259/259 hồ sơ, đạt 100%.';
    expect(byKey(facts([s]))).toEqual({
      'hoso.mot_cua': [259],
      'hoso.mot_cua_ty_le': [100],
      'hoso.truc_tuyen': [258],
      'hoso.truc_tuyen_ty_le': [99.6],
      'hoso.so_hoa_ket_qua': [259],
      'hoso.so_hoa_ket_qua_ty_le': [100],
      'hoso.so_hoa_thanh_phan': [259],
      'hoso.so_hoa_thanh_phan_ty_le': [100],
    });
  });

  it('never reads "mức độ 3,4" as the value 3.4', () => {
    const fs = facts(['Số hồ sơ trực tuyến mức độ 3, 4: 120 hồ sơ, chiếm 45,5%.']);
    expect(fs.some((f) => f.value === 3.4 || f.value === 3)).toBe(false);
  });
});

describe('survey, procedures, QR codes, news', () => {
  it('reads the survey', () => {
    expect(byKey(facts(['Các bộ phận chuyên môn thường xuyên khảo sát, kết quả có 259 người dân được lấy ý kiến, 100% ý kiến đều hài lòng và đánh giá cao.']))).toEqual({
      'khao_sat.so_nguoi': [259],
      'khao_sat.hai_long_ty_le': [100],
    });
    expect(byKey(facts(['Tỷ lệ hài lòng đạt 98,5% trên tổng số 200 phiếu khảo sát.']))['khao_sat.hai_long_ty_le']).toEqual([98.5]);
  });

  it('reads the procedures made public with the list context', () => {
    const fs = facts([
      'b) Việc công khai thủ tục hành chính tại UBND xã: UBND xã đã niêm yết công khai các thủ tục hành chính thuộc thẩm quyền giải quyết của cấp xã.',
      '- Tổng số TTHC được công khai:176',
      '- Cấp xã:142',
      '- Số lượng TTHC thuộc các cơ quan ngành dọc đóng tại địa phương:34',
      '(Trong đó 14 TT thuộc Quân sự; 20 thuộc Công an)',
    ]);
    expect(byKey(fs)).toEqual({
      'tthc.cong_khai.tong': [176],
      'tthc.cong_khai.xa': [142],
      'tthc.cong_khai.nganh_doc': [34],
      'tthc.cong_khai.quan_su': [14],
      'tthc.cong_khai.cong_an': [20],
    });
  });

  it('reads the level before its count inside the list sentence', () => {
    const fs = facts([
      'Tổng số TTHC được công khai là 188 thủ tục, trong đó: cấp xã 155 thủ tục; cơ quan ngành dọc đóng tại địa phương 33 thủ tục (13 thủ tục thuộc lĩnh vực Quân sự, 20 thủ tục thuộc lĩnh vực Công an).',
    ]);
    expect(byKey(fs)).toEqual({
      'tthc.cong_khai.tong': [188],
      'tthc.cong_khai.xa': [155],
      'tthc.cong_khai.nganh_doc': [33],
      'tthc.cong_khai.quan_su': [13],
      'tthc.cong_khai.cong_an': [20],
    });
  });

  it('does not read "Cấp xã: 5" as public procedures outside that list', () => {
    expect(facts(['# 3. Cải cách tổ chức bộ máy', '- Cấp xã: 5']).length).toBe(0);
  });

  it('reads QR codes, review and cuts, news items', () => {
    expect(byKey(facts(['Bộ mã QR- code niêm yết công khai 142 mã QR-code tương ứng với 34 lĩnh vực giải quyết TTHC như Hộ tịch, Chứng thực.']))).toEqual({
      'tthc.qr.so_ma': [142],
      'tthc.qr.so_linh_vuc': [34],
    });
    expect(byKey(facts(['- Số lượng TTHC được rà soát: 05', '- Số lượng TTHC đã được phê duyệt, thực thi phương án cắt giảm, đơn giản hóa; đánh giá về cắt giảm chi phí tuân thủ):0']))).toEqual({
      'tthc.ra_soat': [5],
      'tthc.cat_giam': [0],
    });
    expect(byKey(facts(['Đã thực hiện được 55 lượt tin, bài tuyên truyền qua hệ thống Đài truyền thanh xã.']))).toEqual({ 'tuyen_truyen.tin_bai': [55] });
  });
});

describe('staffing', () => {
  it('reads quota, present staff and the split, without reading "năm 2023" as a value', () => {
    expect(byKey(facts(['Tổng số biên chế được giao trong năm 20, (hiện có 10 cán bộ, 9 công chức).']))).toEqual({
      'bien_che.giao': [20],
      'nhan_su.can_bo': [10],
      'nhan_su.cong_chuc': [9],
    });
    expect(byKey(facts(['+ Biên chế được giao năm 2024: 22 biên chế', '+ Biên chế có mặt: 21 biên chế', '+ Số biên chế giảm là: 01']))).toEqual({
      'bien_che.giao': [22],
      'bien_che.co_mat': [21],
      'bien_che.giam': [1],
    });
    expect(byKey(facts(['Hiện tại, xã có 19 cán bộ, công chức (trong đó: có 10 cán bộ, 9 công chức) cụ thể:']))).toEqual({
      'nhan_su.tong': [19],
      'nhan_su.can_bo': [10],
      'nhan_su.cong_chuc': [9],
    });
  });

  it('reads the non-specialised staff of commune and villages', () => {
    expect(
      byKey(facts(['Đối với cán bộ không chuyên trách từ xã đến thôn: cán bộ không chuyên trách cấp xã còn 12 người đảm nhiệm, cán bộ không chuyên trách ở thôn còn 14 người đảm nhiệm.'])),
    ).toEqual({ 'nhan_su.khong_chuyen_trach.xa': [12], 'nhan_su.khong_chuyen_trach.thon': [14] });
  });

  it('reads qualification splits, count AND percent, with the group from an earlier line', () => {
    const fs = facts([
      '- Cán bộ cấp xã có 10 người, trong đó:',
      '+ Trình độ chuyên môn: Thạc sỹ 2/10 = 20 %, Đại học 6/10 đồng chí = 60%, Cao đẳng 1/10 = 10% và 01 ch a qua ào tạo = 10%.',
      '+ Lý luận chính trị: Cao cấp 1/10= 10%, Trung cấp 8/10 đồng chí = 80%, Sơ cấp 1/10= 10 %.',
      '- Công chức xã có 9 người: (Hiện tại xã còn thiếu 01 công chức văn hóa - xã hội).',
      '+ Trình độ chuyên môn: Đại học 9/9 đồng chí = 100%.',
      '+ Lý luận chính trị: Trung cấp 5/9 đồng chí = 55,55%, 2 đồng chí đang học lớp trung cấp lý luận chính trị mở tại Trung chính trị huyện Tứ Kỳ.',
    ]);
    expect(byKey(fs)).toEqual({
      'nhan_su.can_bo': [10],
      'nhan_su.can_bo.chuyen_mon.thac_si.so_luong': [2],
      'nhan_su.can_bo.chuyen_mon.thac_si.ty_le': [20],
      'nhan_su.can_bo.chuyen_mon.dai_hoc.so_luong': [6],
      'nhan_su.can_bo.chuyen_mon.dai_hoc.ty_le': [60],
      'nhan_su.can_bo.chuyen_mon.cao_dang.so_luong': [1],
      'nhan_su.can_bo.chuyen_mon.cao_dang.ty_le': [10],
      'nhan_su.can_bo.chuyen_mon.chua_dao_tao.so_luong': [1],
      'nhan_su.can_bo.chuyen_mon.chua_dao_tao.ty_le': [10],
      'nhan_su.can_bo.ly_luan.cao_cap.so_luong': [1],
      'nhan_su.can_bo.ly_luan.cao_cap.ty_le': [10],
      'nhan_su.can_bo.ly_luan.trung_cap.so_luong': [8],
      'nhan_su.can_bo.ly_luan.trung_cap.ty_le': [80],
      'nhan_su.can_bo.ly_luan.so_cap.so_luong': [1],
      'nhan_su.can_bo.ly_luan.so_cap.ty_le': [10],
      'nhan_su.cong_chuc': [9],
      'nhan_su.cong_chuc.chuyen_mon.dai_hoc.so_luong': [9],
      'nhan_su.cong_chuc.chuyen_mon.dai_hoc.ty_le': [100],
      'nhan_su.cong_chuc.ly_luan.trung_cap.so_luong': [5],
      'nhan_su.cong_chuc.ly_luan.trung_cap.ty_le': [55.55],
    });
  });

  it('accepts "thạc sĩ" spelling and a level stated after its count; warns without a group', () => {
    const ok = facts(['Công chức cấp xã gồm 8 người.', 'Trình độ chuyên môn: thạc sĩ 1/8 = 12,5%, 7 đại học = 87,5%.']);
    expect(byKey(ok)).toMatchObject({
      'nhan_su.cong_chuc.chuyen_mon.thac_si.so_luong': [1],
      'nhan_su.cong_chuc.chuyen_mon.thac_si.ty_le': [12.5],
      'nhan_su.cong_chuc.chuyen_mon.dai_hoc.so_luong': [7],
    });
    const r = extractFacts(docFromLines(['Trình độ chuyên môn: Đại học 5/5 = 100%.']));
    expect(r.value).toEqual([]);
    expect(r.messages.map((m) => m.code)).toContain('fact.qualification_group_unknown');
  });
});

describe('equipment, training, discipline, budget', () => {
  it('tells the one-stop equipment from the office equipment, and reads number words', () => {
    const fs = facts([
      '- Tình hình tổ chức và hoạt động của Bộ phận Một cửa: Gồm 06 máy tính, 03 máy in, 02 máy scan. Cơ sở vật chất đảm bảo.',
      '- Các công chức đều được trang bị các thiết bị công nghệ thông tin để phục vụ công việc như: Máy vi tính, máy in, máy scan: trang bị 20 máy tính cho cán bộ công chức, các ngành, đoàn thể đạt tỉ lệ 100%; có một máy scan phục vụ cho việc scan các văn bản để số hóa.',
      '- Một số máy tính của cán bộ, công chức được cài đặt phần mềm diệt virus có bản quyền.',
    ]);
    expect(byKey(fs)).toEqual({
      'thiet_bi.mot_cua.may_tinh': [6],
      'thiet_bi.mot_cua.may_in': [3],
      'thiet_bi.mot_cua.may_scan': [2],
      'thiet_bi.may_tinh': [20],
      'thiet_bi.may_scan': [1],
    });
    expect(fs.find((f) => f.key === 'thiet_bi.may_scan')!.raw).toBe('một máy scan');
  });

  it('keeps one training fact per clause', () => {
    const fs = facts([
      'Trong Quý III đã cử 36 đồng chí là cán bộ Hội Phụ nữ, Hội Nông dân, MTTQ xã và 01 đồng chí tham gia học lớp sơ cấp lý luận tại Trung tâm Chính trị huyện. Cử 7 cán bộ, công chức tham gia lớp tập huấn CCHC (về giải quyết TTHC trực tuyến mức độ 3,4 tại huyện).',
    ]);
    expect(byKey(fs)).toEqual({ 'dao_tao.so_nguoi': [36, 1, 7] });
  });

  it('reads discipline stated negatively and positively', () => {
    expect(byKey(facts(['Quý III năm 2023 xã không có cán bộ, công chức vi phạm phải xử lý kỷ luật.']))).toEqual({ 'ky_luat.so_nguoi': [0] });
    expect(byKey(facts(['Trong năm có 02 công chức bị xử lý kỷ luật bằng hình thức khiển trách.']))).toEqual({ 'ky_luat.so_nguoi': [2] });
  });

  it('reads money in đồng, with triệu multipliers and "năm 2023" skipped', () => {
    expect(byKey(facts(['- Tổng kinh phí được giao năm 2023 là: 4.852.000.000 đồng', 'Số kinh phí tiết kiệm theo dự toán: 69.000.000 đồng']))).toEqual({
      'tai_chinh.kinh_phi_giao': [4852000000],
      'tai_chinh.tiet_kiem': [69000000],
    });
    const fs = facts(['Kinh phí được giao: 3.500 triệu đồng; tiết kiệm được 45,5 triệu đồng.']);
    expect(byKey(fs)).toEqual({ 'tai_chinh.kinh_phi_giao': [3500000000], 'tai_chinh.tiet_kiem': [45500000] });
    expect(fs[0]!.ambiguous).toBe(true); // "3.500 triệu": thousands or 3,5? said, not guessed
    expect(fs[1]!.ambiguous).toBe(false);
  });
});

describe('ambiguous prose numbers', () => {
  it('marks a fraction where a count belongs and a ratio that may be a date', () => {
    const a = facts(['Số hồ sơ tiếp nhận: 10.5 hồ sơ'])[0]!;
    expect(a).toMatchObject({ key: 'hoso.tiep_nhan', value: 10.5, ambiguous: true });
    const b = facts(['Số hồ sơ đúng hạn: 21/7'])[0]!;
    expect(b).toMatchObject({ key: 'hoso.dung_han', ambiguous: true });
    const c = facts(['Số hồ sơ đúng hạn: 5/9 hồ sơ'])[0]!;
    expect(c).toMatchObject({ value: 5, ambiguous: false });
  });
  it('does not read dates, plan numbers or section numbers as values', () => {
    const fs = facts([
      'Ngày 28/2/2023 UBND xã đã ban hành Kế hoạch số 12/KH-UBND về tiếp nhận hồ sơ.',
      '1. Tiếp tục đẩy mạnh công tác tuyên truyền về tiếp nhận hồ sơ trực tuyến.',
    ]);
    expect(fs).toEqual([]);
  });
});

describe('mayHoldQuantity (lets number rules skip sentences with nothing to read)', () => {
  it('is true wherever a quantity pattern matches, digits or number words', () => {
    const seed = readFileSync(new URL('../fixtures/tien-dong-2023-q3.txt', import.meta.url), 'utf8');
    const samples = [...seed.split(/\n|(?<=\.)\s/), 'Bộ phận Một cửa có một máy scan và hai máy in', 'năm người', 'không có hồ sơ quá hạn'];
    const num = new RegExp(NUM);
    let seen = 0;
    for (const line of samples) {
      const folded = foldSameLength(line.normalize('NFC'));
      if (num.test(folded)) {
        seen++;
        expect(mayHoldQuantity(folded), line).toBe(true);
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect(mayHoldQuantity(foldSameLength('không có hồ sơ quá hạn'))).toBe(false);
  });
  it('keeps number-word counts and fixed-value statements in sentences without digits', () => {
    expect(byKey(facts(['Văn phòng được trang bị một máy scan.']))).toEqual({ 'thiet_bi.may_scan': [1] });
    expect(byKey(facts(['Trong kỳ không có hồ sơ quá hạn.']))).toEqual({ 'hoso.qua_han': [0] });
  });
});

describe('ruleMatches (number-first rules tried only where a number starts)', () => {
  it('finds what a global search of each rule finds, on the seed and reworded sentences', () => {
    const seed = readFileSync(new URL('../fixtures/tien-dong-2023-q3.txt', import.meta.url), 'utf8');
    const lines = seed.split(/\n|(?<=[.;])\s/);
    const variants = [
      ...lines,
      ...lines.map((l) => l.replace(/(\d)/g, '$1 $1')),
      ...lines.map((l) => l.replace(/ (\d)/g, '$1')),
      'tiếp nhận 12 hồ sơ, 3 hồ sơ quá hạn, 4/5 hồ sơ đúng hạn, hai máy tính và một máy scan',
    ];
    const plain = (ms: RegExpExecArray[]) => ms.map((m) => [m.index, m[0], m.indices?.groups?.n]);
    let found = 0;
    for (const line of variants) {
      const masked = maskNonQuantities(foldSameLength(line.normalize('NFC')));
      const places = new QuantityPlaces(masked);
      for (const rule of FACT_RULES) {
        const expected = plain(execAll(rule.re, masked));
        found += expected.length;
        expect(plain(ruleMatches(rule, masked, places)), `${rule.key}: ${line}`).toEqual(expected);
      }
    }
    expect(found).toBeGreaterThan(50);
  });
});

describe('extractFacts on the whole seed', () => {
  const text = readFileSync(new URL('../fixtures/tien-dong-2023-q3.txt', import.meta.url), 'utf8');
  const { blocks } = parseTextReport(text, 'seed.txt');
  const { value, messages } = extractFacts({ ...docFromLines([]), blocks });

  it('emits only canonical keys, valid facts, and spans that point at the raw text', () => {
    expect(messages).toEqual([]);
    for (const f of value) {
      expect(FACT_KEY_SET.has(f.key)).toBe(true);
      expect(() => FactSchema.parse(f)).not.toThrow();
      const block = blocks[f.provenance.block]!;
      expect(block.kind).not.toBe('table');
      if (block.kind !== 'table') expect(block.text.slice(...f.provenance.span!)).toBe(f.raw);
    }
  });
  it('finds the seed facts, including the late dossier repeated in section III', () => {
    const k = byKey(value);
    expect(k['hoso.qua_han']).toEqual([1, 1]);
    expect(k['hoso.tiep_nhan']).toEqual([259]);
    expect(k['tthc.cong_khai.tong']).toEqual([176]);
    expect(k['bien_che.giao']).toEqual([20, 20]);
    expect(k['tai_chinh.kinh_phi_giao']).toEqual([4852000000]);
    expect(k['thiet_bi.may_scan']).toEqual([1]);
    expect(k['dao_tao.so_nguoi']).toEqual([36, 1, 7]);
    expect(k['ky_luat.so_nguoi']).toEqual([0]);
    expect(value.length).toBeGreaterThanOrEqual(60);
  });
});

describe('splitSentences (the units facts are read from)', () => {
  it('splits at sentence ends but not at numbering, thousands or abbreviations', async () => {
    const { splitSentences } = await import('../src/extract/sentences.js');
    const t = 'I. CÔNG TÁC CHỈ ĐẠO. Tổng kinh phí 4.852.000.000 đồng. TM. ỦY BAN NHÂN DÂN ký. Trên đây là báo cáo./.';
    expect(splitSentences(t).map(([a, b]) => t.slice(a, b))).toEqual([
      'I. CÔNG TÁC CHỈ ĐẠO.',
      'Tổng kinh phí 4.852.000.000 đồng.',
      'TM. ỦY BAN NHÂN DÂN ký.',
      'Trên đây là báo cáo./.',
    ]);
  });
});

describe('phrasings: rate before count, label after number, elliptical clauses', () => {
  it('reads a rate stated before its bracketed count, and never a count from the rate\'s "89" of "89,5%"', () => {
    const k = byKey(facts(['Tỷ lệ số hóa kết quả giải quyết TTHC đạt 89,5% (559 hồ sơ); tỷ lệ số hóa thành phần hồ sơ đạt 82% (515 hồ sơ).']));
    expect(k).toEqual({
      'hoso.so_hoa_ket_qua_ty_le': [89.5],
      'hoso.so_hoa_ket_qua': [559],
      'hoso.so_hoa_thanh_phan_ty_le': [82],
      'hoso.so_hoa_thanh_phan': [515],
    });
    expect(byKey(facts(['Tỷ lệ hồ sơ nộp trực tuyến đạt 45,5% (120/264 hồ sơ).']))).toEqual({ 'hoso.truc_tuyen_ty_le': [45.5], 'hoso.truc_tuyen': [120] });
  });
  it('reads online dossiers with the service level between label and number', () => {
    expect(byKey(facts(['Số hồ sơ nộp trực tuyến mức độ 3, 4: 489 hồ sơ, đạt tỷ lệ 81,5%.']))).toEqual({ 'hoso.truc_tuyen': [489], 'hoso.truc_tuyen_ty_le': [81.5] });
  });
  it('reads procedures approved for simplification when the count comes first', () => {
    expect(byKey(facts(['Trong kỳ đã rà soát 15 TTHC, trong đó 03 TTHC được phê duyệt phương án cắt giảm, đơn giản hóa.']))).toEqual({ 'tthc.ra_soat': [15], 'tthc.cat_giam': [3] });
    expect(byKey(facts(['Đã cắt giảm, đơn giản hóa 4 thủ tục hành chính thuộc lĩnh vực hộ tịch.']))['tthc.cat_giam']).toEqual([4]);
  });
  it('reads the prose list of published procedures, the bracketed breakdown not taken for the ngành dọc total', () => {
    const k = byKey(facts(['UBND phường đã công khai tổng số 182 TTHC, gồm 158 TTHC cấp xã và 24 TTHC thuộc các cơ quan ngành dọc (9 thủ tục lĩnh vực Quân sự, 15 thủ tục lĩnh vực Công an).']));
    expect(k).toEqual({
      'tthc.cong_khai.tong': [182],
      'tthc.cong_khai.xa': [158],
      'tthc.cong_khai.nganh_doc': [24],
      'tthc.cong_khai.quan_su': [9],
      'tthc.cong_khai.cong_an': [15],
    });
    const list = byKey(facts(['b) Việc công khai thủ tục hành chính tại UBND xã:', '- Số lượng TTHC thuộc các cơ quan ngành dọc đóng tại địa phương (Trong đó 12 TT thuộc Quân sự; 15 thuộc Công an)']));
    expect(list['tthc.cong_khai.nganh_doc']).toBeUndefined();
    expect(list['tthc.cong_khai.quan_su']).toEqual([12]);
  });
  it('reads "ở thôn: 19 người" after the commune-level clause of non-specialised staff', () => {
    expect(byKey(facts(['Số người hoạt động không chuyên trách cấp xã: 12 người; ở tổ dân phố: 19 người.']))).toEqual({
      'nhan_su.khong_chuyen_trach.thon': [19],
      'nhan_su.khong_chuyen_trach.xa': [12],
    });
    // Without the topic the place alone is nothing.
    expect(byKey(facts(['Đã tổ chức họp dân; ở thôn: 19 người tham dự.']))['nhan_su.khong_chuyen_trach.thon']).toBeUndefined();
  });
  it('reads news items with the label first', () => {
    expect(byKey(facts(['Số lượt tin, bài tuyên truyền về CCHC: 45 lượt.']))['tuyen_truyen.tin_bai']).toEqual([45]);
    expect(byKey(facts(['Số tin, bài đăng tải trên Trang thông tin điện tử xã là 12.']))['tuyen_truyen.tin_bai']).toEqual([12]);
  });
});
