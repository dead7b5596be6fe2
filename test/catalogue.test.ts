import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  catalogueEntry,
  checkCatalogue,
  factKeysOf,
  IndicatorDefSchema,
  isAdditive,
  isCumulative,
  levelOfUnitKind,
} from '../schemas/catalogue.js';
import { FACT_KEY_SET } from '../schemas/fact-keys.js';
import { catalogueFormOf, labelSimilarity, linkFacts, matchCatalogue } from '../src/extract/catalogue-match.js';
import { fact, ind, seedIndicators, seedRows } from './rules.builder.js';

const seed = seedIndicators();
const keyOf = (form: number, code: string) => seed.find((i) => i.form === form && i.code === code)?.key;

describe('catalogue', () => {
  it('is internally consistent: unique keys, known relation targets, known fact keys', () => {
    expect(checkCatalogue()).toEqual([]);
    for (const def of CATALOGUE) {
      expect(IndicatorDefSchema.safeParse(def).success).toBe(true);
      if (def.fact) for (const k of factKeysOf(def.fact)) expect(FACT_KEY_SET.has(k)).toBe(true);
    }
  });

  it('reports a broken relation', () => {
    const broken = [{ ...catalogueEntry('tthc.tong')!, total: { of: ['tthc.tong.khong_co'], exhaustive: true } }];
    expect(checkCatalogue(broken)).toContain('tthc.tong.total refers to unknown key tthc.tong.khong_co');
  });

  it('encodes the relations between the seed rows by their catalogue keys', () => {
    // form 1 item 2 = 2.2 / 2.1
    expect(catalogueEntry(keyOf(1, '2')!)!.rate).toEqual({ numerator: keyOf(1, '2.2'), denominator: keyOf(1, '2.1') });
    // form 3 3.1 = 3.1.2 / 3.1.1 and 3.3 = 3.3.2 / 3.3.1
    expect(catalogueEntry(keyOf(3, '3.1')!)!.rate).toEqual({ numerator: keyOf(3, '3.1.2'), denominator: keyOf(3, '3.1.1') });
    expect(catalogueEntry(keyOf(3, '3.3')!)!.rate).toEqual({ numerator: keyOf(3, '3.3.2'), denominator: keyOf(3, '3.3.1') });
    // form 3 1.4 = 1.4.1 + 1.4.2 + 1.4.3
    expect(catalogueEntry(keyOf(3, '1.4')!)!.total).toEqual({ of: [keyOf(3, '1.4.1'), keyOf(3, '1.4.2'), keyOf(3, '1.4.3')], exhaustive: true });
    // Biểu mẫu 5: approved positions = placed rightly + wrongly; Biểu mẫu 3 group row 2 = 2.1 + 2.2 + 2.3
    expect(catalogueEntry(keyOf(5, '1.1')!)!.total).toEqual({ of: [keyOf(5, '1.2'), keyOf(5, '1.3')], exhaustive: true });
    expect(catalogueEntry(keyOf(3, '2')!)!.total).toEqual({ of: [keyOf(3, '2.1'), keyOf(3, '2.2'), keyOf(3, '2.3')], exhaustive: true });
    // form 7 provided ≤ eligible
    expect(catalogueEntry(keyOf(7, '6.4.2')!)!.eligible).toBe(keyOf(7, '6.4.1'));
    expect(catalogueEntry(keyOf(7, '6.5.2')!)!.eligible).toBe(keyOf(7, '6.5.1'));
    expect(catalogueEntry(keyOf(7, '6.4.3')!)!.eligible).toBe(keyOf(7, '6.4.2'));
    // online dossiers ⊆ dossiers received
    expect(catalogueEntry(keyOf(7, '6.7.2')!)!.within).toEqual([{ key: keyOf(7, '6.7.1'), strict: true }]);
  });

  it('links rows to the narrative facts that state the same figure', () => {
    expect(catalogueEntry(keyOf(3, '3.3.1')!)!.fact).toEqual({ key: 'hoso.giai_quyet' });
    expect(catalogueEntry(keyOf(3, '3.3.2')!)!.fact).toEqual({ sum: ['hoso.truoc_han', 'hoso.dung_han'] });
    expect(catalogueEntry(keyOf(3, '1.4.3')!)!.fact).toEqual({ key: 'tthc.cong_khai.tong' });
    expect(catalogueEntry(keyOf(4, '2.1')!)!.fact).toEqual({ key: 'bien_che.giao' });
    expect(catalogueEntry(keyOf(4, '2.2')!)!.fact).toEqual({ key: 'bien_che.co_mat', or: ['nhan_su.tong'] });
    expect(catalogueEntry(keyOf(7, '6.7.1')!)!.fact).toEqual({ key: 'hoso.tiep_nhan' });
  });

  it('tells additive flows from stocks and running totals', () => {
    expect(isAdditive(catalogueEntry('tthc.hoso.xa.giai_quyet')!)).toBe(true);
    expect(isAdditive(catalogueEntry('bo_may.bien_che.co_mat')!)).toBe(false);
    expect(isCumulative(catalogueEntry('bo_may.bien_che.co_mat')!)).toBe(false);
    expect(isCumulative(catalogueEntry('chi_dao.ke_hoach.hoan_thanh')!)).toBe(true);
    expect(isCumulative(catalogueEntry('tai_chinh.co_phan_hoa')!)).toBe(true);
    expect(isAdditive(catalogueEntry('tthc.hoso.xa.ty_le_dung_han')!)).toBe(false);
  });

  it('knows the code sets of yes/no and enum rows', () => {
    expect(catalogueEntry('cqs.lgsp')!.codeValues!.map((c) => c.code)).toEqual([0, 1, 2]);
    expect(catalogueEntry('chi_dao.khao_sat.hinh_thuc')!.codeValues!.find((c) => c.code === 2)!.label).toBe('Kết hợp');
  });

  it('maps unit kinds to levels', () => {
    expect(levelOfUnitKind('phường')).toBe('xa');
    expect(levelOfUnitKind('huyện')).toBe('huyen');
    expect(levelOfUnitKind(null)).toBeNull();
  });
});

describe('labelSimilarity', () => {
  it('ignores tones, case, abbreviations and parenthesised notes', () => {
    expect(labelSimilarity('Số TTHC công bố mới', 'SỐ THỦ TỤC HÀNH CHÍNH CÔNG BỐ MỚI')).toBe(1);
    expect(labelSimilarity('Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị)', 'So van ban chi dao CCHC da ban hanh')).toBe(1);
  });
  it('keeps levels apart', () => {
    expect(labelSimilarity('Số TTHC cấp tỉnh', 'Số TTHC cấp huyện')).toBeLessThan(0.72);
    expect(labelSimilarity('Số TTHC đang cung cấp trực tuyến mức độ 3', 'Số TTHC đang cung cấp trực tuyến mức độ 4')).toBeLessThan(
      labelSimilarity('Số TTHC đang cung cấp trực tuyến mức độ 3', 'Số TTHC đang cung cấp trực tuyến mức độ 3'),
    );
  });
});

describe('matchCatalogue', () => {
  it('maps every appendix row of the seed to a key, one key per row within a form', () => {
    const r = matchCatalogue(seedRows());
    expect(r.value).toHaveLength(seedRows().length);
    expect(r.value.filter((i) => i.key === null).map((i) => `${i.form}:${i.code}`)).toEqual([]);
    for (const form of [1, 2, 3, 4, 5, 6, 7]) {
      const keys = r.value.filter((i) => i.form === form).map((i) => i.key);
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(r.messages.filter((m) => m.code === 'catalogue_unmatched')).toEqual([]);
  });

  it('tells the repeated "Tổng số hồ sơ TTHC đã giải quyết xong" rows apart by their parent', () => {
    expect(keyOf(3, '3.1.1')).toBe('tthc.hoso.tinh.giai_quyet');
    expect(keyOf(3, '3.2.1')).toBe('tthc.hoso.huyen.giai_quyet');
    expect(keyOf(3, '3.3.1')).toBe('tthc.hoso.xa.giai_quyet');
    expect(keyOf(3, '3.3.2')).toBe('tthc.hoso.xa.dung_han');
  });

  it('matches the seed row split across a page ("trực tuyển mức độ 4")', () => {
    expect(keyOf(7, '6.5.1')).toBe('cqs.dvctt.toan_trinh.du_dieu_kien');
  });

  it('follows the parent when a commune form numbers its own rows 3.1.x', () => {
    const r = matchCatalogue([
      ind(3, '3', 'Kết quả giải quyết TTHC', ''),
      ind(3, '3.1', 'Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn', '98,5'),
      ind(3, '3.1.1', 'Tổng số hồ sơ TTHC đã giải quyết xong', '200'),
      ind(3, '3.1.2', 'Số hồ sơ TTHC giải quyết đúng hạn', '197'),
    ]);
    expect(r.value.map((i) => i.key)).toEqual(['tthc.hoso', 'tthc.hoso.xa.ty_le_dung_han', 'tthc.hoso.xa.giai_quyet', 'tthc.hoso.xa.dung_han']);
    expect(r.messages.some((m) => m.code === 'catalogue_code_differs')).toBe(true);
  });

  it('prefers a label match elsewhere in the form over a code match with a different label', () => {
    // A province that drops "công bố mới": the row numbered 1.2 is the "bãi bỏ, thay thế" row.
    const r = matchCatalogue([
      ind(3, '1.1', 'Số TTHC đã được phê duyệt phương án đơn giản hóa', '2'),
      ind(3, '1.2', 'Số TTHC bãi bỏ, thay thế', '3'),
    ]);
    expect(r.value[1]!.key).toBe('tthc.bai_bo_thay_the');
  });

  it('matches the newer wording (toàn trình / một phần, UBND tỉnh after 2025) under other numbers', () => {
    const r = matchCatalogue([
      ind(7, '6', 'Cung cấp dịch vụ công trực tuyến', ''),
      ind(7, '6.1', 'Tỷ lệ TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình', '80'),
      ind(7, '6.1.1', 'Tổng số TTHC đủ điều kiện cung cấp dịch vụ công trực tuyến toàn trình', '50'),
      ind(7, '6.1.2', 'Số TTHC đang cung cấp dịch vụ công trực tuyến toàn trình', '40'),
      ind(7, '6.2', 'Tỷ lệ TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến một phần', '100'),
      ind(1, '4', 'Thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao', ''),
      ind(7, '5.1.1', 'Tỷ lệ UBND cấp xã đã kết nối, liên thông với UBND tỉnh', '100'),
    ]);
    expect(r.value.map((i) => i.key)).toEqual([
      'cqs.dvctt',
      'cqs.dvctt.toan_trinh.ty_le',
      'cqs.dvctt.toan_trinh.du_dieu_kien',
      'cqs.dvctt.toan_trinh.cung_cap',
      'cqs.dvctt.mot_phan.ty_le',
      'chi_dao.nhiem_vu_cap_tren',
      'cqs.van_ban.ket_noi.xa',
    ]);
  });

  it('recognises a form by its title when its number differs', () => {
    expect(catalogueFormOf(2, 'CẢI CÁCH THỦ TỤC HÀNH CHÍNH')).toBe(3);
    expect(catalogueFormOf(2, 'Biểu lạ')).toBe(2);
    const r = matchCatalogue([ind(2, '1.4', 'Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương', '150', { formTitle: 'Cải cách thủ tục hành chính' })]);
    expect(r.value[0]!.key).toBe('tthc.tong');
  });

  it('keeps a row it cannot match, with key null and a warning', () => {
    const r = matchCatalogue([ind(1, '7', 'Số sáng kiến cải cách hành chính được công nhận', '3')]);
    expect(r.value).toHaveLength(1);
    expect(r.value[0]!.key).toBeNull();
    expect(r.value[0]!.value).toBe(3);
    expect(r.messages[0]).toMatchObject({ type: 'warning', code: 'catalogue_unmatched' });
  });
});

describe('linkFacts', () => {
  it('fills indicatorKey from the catalogue for facts linked directly to a row', () => {
    const facts = linkFacts([
      fact('hoso.giai_quyet', 259, 'giải quyết 259 hồ sơ'),
      fact('hoso.tiep_nhan', 259, 'Số hồ sơ tiếp nhận 259 hồ sơ'),
      fact('bien_che.giao', 20, 'Biên chế được giao: 20 biên chế'),
      fact('hoso.truoc_han', 258, 'trả trước hạn 258 hồ sơ'),
      fact('tuyen_truyen.tin_bai', 55, '55 lượt tin, bài tuyên truyền'),
    ]);
    expect(facts.map((f) => f.indicatorKey)).toEqual([
      'tthc.hoso.xa.giai_quyet',
      'cqs.hoso_truc_tuyen.tiep_nhan',
      'bo_may.bien_che.giao',
      null,
      null,
    ]);
  });
  it('does not link a district report\'s facts to commune rows', () => {
    expect(linkFacts([fact('hoso.giai_quyet', 900, 'giải quyết 900 hồ sơ')], { level: 'huyen' })[0]!.indicatorKey).toBeNull();
    expect(linkFacts([fact('bien_che.giao', 50, 'Biên chế được giao: 50')], { level: 'huyen' })[0]!.indicatorKey).toBe('bo_may.bien_che.giao');
  });
});
