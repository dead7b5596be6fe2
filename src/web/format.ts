// Presentation helpers for the Vietnamese pages: values the Vietnamese way, field and rule names,
// and evidence text with the conflicting numbers marked. Pure functions, HTML-escaped output.
import { formatVietnameseNumber } from '../normalise/number.js';
import { parseRef, type RefValue } from '../store/refs.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A number the Vietnamese way with the decimals it needs (at most 4): 1000 → "1.000", 76.92 → "76,92". */
export function fmtNumber(n: number): string {
  const rounded = Math.round(n * 10_000) / 10_000;
  const decimals = (String(rounded).split('.')[1] ?? '').length;
  return formatVietnameseNumber(rounded, decimals);
}

/** A field value for display: numbers Vietnamese-style, ISO dates as dd/mm/yyyy, null as "(trống)". */
export function fmtValue(v: RefValue | undefined): string {
  if (v === null || v === undefined) return '(trống)';
  if (typeof v === 'number') return fmtNumber(v);
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return d ? `${d[3]}/${d[2]}/${d[1]}` : v;
}

export const SEVERITY_LABEL: Record<string, string> = { error: 'Lỗi', warning: 'Cảnh báo', info: 'Lưu ý' };

/** Short Vietnamese names of the rules; an unknown rule shows its id. */
export const RULE_LABEL: Record<string, string> = {
  rate_mismatch: 'Tỷ lệ không khớp tử số/mẫu số',
  rate_zero_denominator: 'Tỷ lệ có mẫu số bằng 0',
  rate_blank_computable: 'Tỷ lệ để trống nhưng tính được',
  sum_mismatch: 'Tổng không khớp các dòng thành phần',
  subitem_exceeds_total: 'Dòng thành phần lớn hơn tổng',
  provided_exceeds_eligible: 'Số đang cung cấp vượt số đủ điều kiện',
  percent_out_of_range: 'Tỷ lệ ngoài khoảng 0–100%',
  value_kind_mismatch: 'Kiểu giá trị không đúng',
  fact_vs_table: 'Thuyết minh khác bảng số liệu',
  fact_self_contradiction: 'Thuyết minh tự mâu thuẫn',
  fact_denied_in_text: 'Thuyết minh vừa nêu vừa phủ nhận',
  table_blank_narrative_states: 'Bảng để trống, thuyết minh có số',
  citation_date_conflict: 'Văn bản dẫn với ngày khác nhau',
  citation_subject_conflict: 'Văn bản dẫn với trích yếu khác nhau',
  citation_after_report: 'Văn bản dẫn ghi ngày sau ngày báo cáo',
  plan_dated_outside_year: 'Kế hoạch ghi ngày ngoài năm kế hoạch',
  report_date_outside_period: 'Ngày báo cáo ngoài kỳ báo cáo',
  unit_name_spelling: 'Tên đơn vị viết khác nhau',
  cumulative_decreased: 'Số lũy kế giảm so với kỳ trước',
  period_not_sum_of_quarters: 'Số cả kỳ khác tổng các quý',
  duplicate_import: 'Báo cáo trùng',
  low_confidence: 'Giá trị OCR có độ tin cậy thấp',
  value_not_located: 'Không xác định được ô số liệu',
  fact_sum_mismatch: 'Thuyết minh: các phần không cộng đủ tổng',
  fact_rate_mismatch: 'Thuyết minh: tỷ lệ không khớp với số liệu nêu kèm',
};

export function ruleLabel(rule: string): string {
  return RULE_LABEL[rule] ?? rule;
}

const REPORT_FIELD_LABEL: Record<string, string> = {
  unitKind: 'Cấp đơn vị',
  unitName: 'Tên đơn vị',
  district: 'Huyện',
  province: 'Tỉnh',
  number: 'Số báo cáo',
  place: 'Địa danh',
  date: 'Ngày báo cáo',
  title: 'Tiêu đề',
  'period.kind': 'Loại kỳ',
  'period.number': 'Số kỳ',
  'period.year': 'Năm',
};

/** "Biểu mẫu 1 dòng 2", "Thuyết minh: hoso.tiep_nhan", "Ngày báo cáo", or the ref itself. */
export function refLabel(ref: string): string {
  const p = parseRef(ref);
  if (!p) return ref;
  if (p.kind === 'indicator') return `Biểu mẫu ${p.form} dòng ${p.code}${/#(\d+)$/.test(ref) ? ` (lần ${/#(\d+)$/.exec(ref)![1]})` : ''}`;
  if (p.kind === 'fact') return `Thuyết minh: ${p.key}`;
  if (p.kind === 'citation') return `Ngày văn bản số ${p.number}`;
  return REPORT_FIELD_LABEL[p.field] ?? p.field;
}

/** Whether a reviewer can enter a value for this ref (rows, facts, report fields, a cited document's date; not free text). */
export function isCorrectable(ref: string): boolean {
  return parseRef(ref) !== null;
}

/** Whether the ref takes a number (parsed the Vietnamese way) rather than text. */
export function isNumericRef(ref: string): boolean {
  const p = parseRef(ref);
  if (p === null || p.kind === 'citation') return false;
  return p.kind !== 'report' || p.field === 'period.number' || p.field === 'period.year';
}

/** The ways a value may be printed in a report, for finding it in a sentence. */
export function valueNeedles(v: RefValue): string[] {
  if (v === null) return [];
  if (typeof v === 'number') {
    const out = new Set<string>([fmtNumber(v), String(v)]);
    if (Number.isInteger(v) && v >= 0 && v < 10) out.add(`0${v}`);
    // 76.92 may be printed with one or no decimal ("76,9").
    if (!Number.isInteger(v)) out.add(formatVietnameseNumber(v, 1));
    return [...out];
  }
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (d) {
    const [, y, m, day] = d;
    return [`${day}/${m}/${y}`, `${Number(day)}/${Number(m)}/${y}`, `${day}/${Number(m)}/${y}`, `${Number(day)}/${m}/${y}`];
  }
  return v.trim() ? [v.trim()] : [];
}

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The text, HTML-escaped, with every occurrence of a needle in <mark>. Numeric needles only match
 * whole numbers ("25" does not mark inside "259" or "2,5"); longer needles win over shorter ones.
 */
export function highlight(text: string, needles: string[]): string {
  const uniq = [...new Set(needles.filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  if (uniq.length === 0) return escapeHtml(text);
  const alts = uniq.map((n) => (/^[\d.,/]+$/.test(n) ? `(?<![\\d.,])${reEscape(n)}(?![\\d]|[.,]\\d)` : reEscape(n)));
  const re = new RegExp(alts.join('|'), 'giu');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(re)) {
    out += escapeHtml(text.slice(last, m.index)) + `<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/** Where a piece of evidence is: "trang 3, bảng 1 dòng 5 — fixtures/x.pdf". */
export function whereLabel(p: { file?: string; page?: number; pages?: number[]; table?: number; row?: number; block?: number }): string {
  const parts: string[] = [];
  if (p.pages && p.pages.length > 1) parts.push(`trang ${p.pages.join('–')}`);
  else if (p.page !== undefined) parts.push(`trang ${p.page}`);
  if (p.table !== undefined) parts.push(`bảng ${p.table + 1}${p.row !== undefined ? ` dòng ${p.row + 1}` : ''}`);
  else if (p.block !== undefined) parts.push(`đoạn ${p.block + 1}`);
  const where = parts.join(', ');
  return p.file ? (where ? `${where} — ${p.file}` : p.file) : where;
}

/** "18/06/2024 14:05" in Vietnam's time zone (the reviewers' clock, whatever the server's). */
export function fmtTime(d: Date | string | null): string {
  if (!d) return '';
  const date = typeof d === 'string' ? new Date(d) : d;
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}
