// Builds ReportRecords for the rule and catalogue tests from real report text: the seed's
// hand-checked appendix (fixtures/tien-dong-2023-q3.expected.json) and facts/citations as the
// narrative of fixtures/tien-dong-2023-q3.txt states them. Not a test file itself.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Citation, Fact, Indicator, Period, ReportMeta, ReportRecord } from '../schemas/record.js';
import { EXTRACTOR_VERSION } from '../schemas/record.js';
import { parseVietnameseNumber } from '../src/normalise/number.js';
import { matchCatalogue } from '../src/extract/catalogue-match.js';

export const SEED_FILE = 'fixtures/tien-dong-2023-q3.txt';
const EXPECTED = fileURLToPath(new URL('../fixtures/tien-dong-2023-q3.expected.json', import.meta.url));

export const FORM_TITLES: Record<number, string> = {
  1: 'Công tác chỉ đạo điều hành CCHC',
  2: 'Cải cách thể chế',
  3: 'Cải cách thủ tục hành chính',
  4: 'Cải cách bộ máy hành chính nhà nước',
  5: 'Cải cách chế độ công vụ',
  6: 'Cải cách tài chính công',
  7: 'Xây dựng chính quyền điện tử, Chính quyền số',
};

let rowCounter = 0;

/** One appendix row, its value normalised the way the appendix extractor does it. */
export function ind(form: number, code: string, label: string, raw: string, opts: Partial<Indicator> = {}): Indicator {
  const n = parseVietnameseNumber(raw);
  const row: Indicator = {
    form,
    formTitle: FORM_TITLES[form] ?? `Biểu mẫu ${form}`,
    code,
    key: null,
    label,
    unit: null,
    raw,
    value: n.value,
    valueKind: n.kind,
    flags: n.flags,
    note: null,
    group: !code.includes('.'),
    provenance: { file: SEED_FILE, block: 300 + form, table: form - 1, row: ++rowCounter, cell: 3 },
    ...opts,
  };
  if (n.kind === 'ratio') row.ratio = { numerator: n.numerator!, denominator: n.denominator! };
  if (n.decimals !== undefined) row.decimals = n.decimals;
  return row;
}

/** Rows given as [form, code, label, raw], matched against the catalogue. */
export function rows(list: [number, string, string, string][]): Indicator[] {
  const r = matchCatalogue(list.map(([f, c, l, v]) => ind(f, c, l, v)));
  return r.value;
}

interface ExpectedRow {
  form: number;
  code: string;
  label: string;
  unit: string | null;
  raw: string;
}

/** Every appendix row of the seed, unmatched (key null). */
export function seedRows(): Indicator[] {
  const data = JSON.parse(readFileSync(EXPECTED, 'utf8')) as { indicators: ExpectedRow[] };
  return data.indicators.map((r) => ind(r.form, r.code, r.label, r.raw, { unit: r.unit }));
}

export function seedIndicators(): Indicator[] {
  return matchCatalogue(seedRows()).value;
}

let factBlock = 10;
export function fact(key: string, value: number | null, raw: string, sentence = raw, opts: Partial<Fact> = {}): Fact {
  return {
    key,
    value,
    unit: null,
    raw,
    sentence,
    ambiguous: false,
    indicatorKey: null,
    provenance: { file: SEED_FILE, block: factBlock++ },
    ...opts,
  };
}

export function citation(docType: string, number: string, date: string | null, subject: string | null, raw: string): Citation {
  const year = date ? Number(date.slice(0, 4)) : null;
  return {
    docType,
    number,
    rawNumber: number,
    issuer: null,
    date,
    year,
    subject,
    identity: `${number}|${year ?? ''}|`,
    raw,
    provenance: { file: SEED_FILE, block: factBlock++ },
  };
}

const DOSSIERS =
  'Số hồ sơ tiếp nhận 259 hồ sơ, giải quyết 259 hồ sơ, trong đó trả trước hạn 258 hồ sơ, đúng hạn 0 hồ sơ, quá hạn 01 hồ sơ.';
const ONLINE = 'Số hồ sơ thực hiện dịch vụ công mức độ 3,4 là 258/259 hồ sơ phát sinh bằng 99,6% .';

/** Facts as the seed's narrative states them (what the narrative extractor is to produce). */
export function seedFacts(): Fact[] {
  return [
    fact('hoso.tiep_nhan', 259, 'Số hồ sơ tiếp nhận 259 hồ sơ', DOSSIERS),
    fact('hoso.giai_quyet', 259, 'giải quyết 259 hồ sơ', DOSSIERS),
    fact('hoso.truoc_han', 258, 'trả trước hạn 258 hồ sơ', DOSSIERS),
    fact('hoso.dung_han', 0, 'đúng hạn 0 hồ sơ', DOSSIERS),
    fact('hoso.qua_han', 1, 'quá hạn 01 hồ sơ', DOSSIERS),
    fact('hoso.truc_tuyen', 258, 'Số hồ sơ thực hiện dịch vụ công mức độ 3,4 là 258/259 hồ sơ', ONLINE),
    fact('hoso.truc_tuyen_ty_le', 99.6, 'bằng 99,6%', ONLINE),
    fact('khao_sat.so_nguoi', 259, 'có 259 người dân được lấy ý kiến', 'kết quả có 259 người dân được lấy ý kiến, 100% ý kiến đều hài lòng'),
    fact('tthc.cong_khai.tong', 176, 'Tổng số TTHC được công khai:176'),
    fact('tthc.cong_khai.xa', 142, 'Cấp xã:142'),
    fact('tthc.cat_giam', 0, 'Số lượng TTHC đã được phê duyệt, thực thi phương án cắt giảm, đơn giản hóa ...:0'),
    fact('bien_che.giao', 20, 'Tổng số biên chế được giao trong năm 20', 'Tổng số biên chế được giao trong năm 20, (hiện có 10 cán bộ, 9 công chức).'),
    fact('bien_che.giao', 20, 'Biên chế được giao: 20 biên chế'),
    fact('bien_che.co_mat', 19, 'Biên chế có mặt: 19 biên chế'),
    fact('nhan_su.khong_chuyen_trach.xa', 12, 'cán bộ không chuyên trách cấp xã còn 12 người đảm nhiệm'),
    fact('nhan_su.khong_chuyen_trach.thon', 14, 'cán bộ không chuyên trách ở thôn còn 14 người đảm nhiệm'),
    fact('thiet_bi.mot_cua.may_scan', 2, '02 máy scan', 'Tình hình tổ chức và hoạt động của Bộ phận Một cửa: Gồm 06 máy tính, 03 máy in, 02 máy scan.'),
    fact('tai_chinh.tiet_kiem', 69000000, 'Số kinh phí tiết kiệm theo dự toán: 69.000.000 đồng'),
  ];
}

/** The seed's plan citations, including 05/KH-UBND cited with 2023 and 2022. */
export function seedCitations(): Citation[] {
  return [
    citation('Kế hoạch', '52/KH-UBND', '2022-12-30', 'công tác cải cách hành chính xã Tiên Động năm 2023',
      'Kế hoạch số: 52/KH-UBND ngày 30/12/2022 về công tác cải cách hành chính xã Tiên Động năm 2023.'),
    citation('Kế hoạch', '05/KH-UBND', '2023-02-20', 'đào tạo bồi dưỡng cán bộ, công chức năm 2023',
      'Kế hoạch số: 05/KH-UBND ngày 20/02/2023 về đào tạo bồi dưỡng cán bộ, công chức năm 2023.'),
    citation('Kế hoạch', '05/KH-UBND', '2022-02-20', 'đào tạo bồi dưỡng cán bộ, công chức năm 2023',
      'UBND xã đã ban hành Kế hoạch số 05/KH-UBND ngày 20/02/2022 về đào tạo bồi dưỡng cán bộ, công chức năm 2023.'),
    citation('Kế hoạch', '12/KH-UBND', '2023-02-28',
      'kiểm soát thủ tục hành chính, triển khai cơ chế một cửa, một cửa liên thông và thực hiện thủ tục hành chính trên môi trường điện tử trong giải quyết thủ tục hành chính của UBND xã Tiên Động năm 2023',
      'Kế hoạch số: 12-KH-UBND, ngày 28/02/2023 về kiểm soát thủ tục hành chính, triển khai cơ chế một cửa, một cửa liên thông ...'),
    citation('Kế hoạch', '12/KH-UBND', '2023-02-28',
      'Kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính năm 2023',
      'Ngày 28/2/2023 UBND xã đã ban hành Kế hoạch số 12/KH-UBND Kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính năm 2023.'),
    citation('Kế hoạch', '20/KH-UBND', '2023-03-10', 'tuyên truyền cải cách hành chính năm 2023',
      'Kế hoạch số 20/KH-UBND ngày 10/3/2023 về tuyên truyền cải cách hành chính năm 2023.'),
  ];
}

export function period(kind: Period['kind'], number: number | null, year: number, raw = `${kind} ${number ?? ''} ${year}`): Period {
  return { kind, number, year, raw };
}

export function meta(over: Partial<ReportMeta> = {}): ReportMeta {
  return {
    unitKind: 'xã',
    unitName: 'Tiên Động',
    district: 'Tứ Kỳ',
    province: null,
    number: null,
    place: 'Tiên Động',
    date: '2023-09-08',
    title: 'Công tác cải cách hành chính Quý III năm 2023',
    period: period('quarter', 3, 2023, 'Quý III năm 2023'),
    signer: { name: 'Nguyễn Văn Thương', title: 'Phó Chủ tịch', onBehalfOf: 'TM. Ủy ban nhân dân' },
    recipients: [],
    provenance: {},
    ...over,
  };
}

export function record(parts: {
  indicators?: Indicator[];
  facts?: Fact[];
  citations?: Citation[];
  report?: Partial<ReportMeta>;
  sha?: string;
  file?: string;
} = {}): ReportRecord {
  const file = parts.file ?? SEED_FILE;
  return {
    schemaVersion: 1,
    extractorVersion: EXTRACTOR_VERSION,
    source: { file, sha256: parts.sha ?? 'a'.repeat(64), format: 'txt', size: 42990, pages: null },
    status: 'complete',
    report: meta(parts.report),
    indicators: parts.indicators ?? [],
    facts: parts.facts ?? [],
    citations: parts.citations ?? [],
    conflicts: [],
    warnings: [],
    narrative: [],
    pageInfo: [],
  };
}

export function seedRecord(): ReportRecord {
  return record({ indicators: seedIndicators(), facts: seedFacts(), citations: seedCitations() });
}

/** The appendix title and the narrative sentences the seed's name and denial checks read. */
export const SEED_TEXTS = [
  { text: 'BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ XÃ TIỀN ĐỘNG', provenance: { file: SEED_FILE, block: 290 } },
  { text: 'UBND xã Tiên Động báo cáo kết quả triển khai, thực hiện nhiệm vụ cải cách hành chính Quý III năm 2023, như sau:', provenance: { file: SEED_FILE, block: 3 } },
  { text: 'Trên đây là báo cáo công tác cải cách hành chính Quý III/2023 của UBND xã Tiên Động./.', provenance: { file: SEED_FILE, block: 120 } },
  { text: '- Định mức khoán hiện nay còn thấp; nên không thực hiện được tiết kiệm chi.', provenance: { file: SEED_FILE, block: 110 } },
  { text: 'Quý III năm 2023 xã không có cán bộ, công chức vi phạm phải xử lý kỷ luật.', provenance: { file: SEED_FILE, block: 60 } },
];
