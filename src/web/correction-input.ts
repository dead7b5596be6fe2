// Turns what a reviewer typed into a field value, the Vietnamese way ("1.000" is one thousand,
// "76,92" is 76.92), with a Vietnamese message instead of a guess when it is not a value.
import { parseVietnameseNumber } from '../normalise/number.js';
import { parseRef, type RefValue } from '../store/refs.js';

export type ParsedInput = { ok: true; value: RefValue } | { ok: false; message: string };

// Typed on purpose to say "not reported": an empty box is more likely a slip than a decision.
const NOT_REPORTED = /^(trống|để trống|không báo cáo|khong bao cao|trong|-|—)$/iu;

export function parseCorrectionValue(raw: string, ref: string): ParsedInput {
  const parsed = parseRef(ref);
  if (!parsed) return { ok: false, message: `Trường ${ref} không sửa được trực tiếp.` };
  const s = raw.normalize('NFC').trim();
  if (s === '') return { ok: false, message: 'Chưa nhập giá trị. Gõ một số (ví dụ 76,92 hoặc 1.000), hoặc "trống" nếu đơn vị không báo cáo.' };
  if (NOT_REPORTED.test(s)) return { ok: true, value: null };

  if ((parsed.kind === 'report' && parsed.field === 'date') || parsed.kind === 'citation') {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return { ok: false, message: `"${s}" không phải là ngày. Nhập theo dạng ngày/tháng/năm, ví dụ 08/09/2023.` };
    const [y, mo, d] = s.includes('/') ? [Number(m[3]), Number(m[2]), Number(m[1])] : [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
      return { ok: false, message: `Ngày ${s} không tồn tại.` };
    return { ok: true, value: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
  }
  if (parsed.kind === 'report' && parsed.field !== 'period.number' && parsed.field !== 'period.year') return { ok: true, value: s };

  const n = parseVietnameseNumber(s);
  if (n.kind === 'ratio') return { ok: false, message: `"${s}" là một tỷ số. Nhập một số duy nhất (ví dụ ${n.numerator ?? 8}).` };
  if (n.kind === 'blank') return { ok: true, value: null };
  if (n.kind !== 'number' || n.value === null || !Number.isFinite(n.value))
    return { ok: false, message: `"${s}" không phải là số. Dùng dấu chấm để tách hàng nghìn và dấu phẩy cho phần thập phân, ví dụ 1.000 hoặc 76,92.` };
  // Counts, rates and amounts in these reports are never negative; a minus sign is a slip.
  if (n.value < 0) return { ok: false, message: `"${s}" là số âm; số liệu báo cáo không thể âm.` };
  if (parsed.kind === 'report' && !Number.isInteger(n.value)) return { ok: false, message: `"${s}" phải là số nguyên.` };
  return { ok: true, value: n.value };
}
