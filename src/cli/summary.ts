// The readable (non-JSON) view of a record for `sohoa extract`.
import type { Conflict, ReportRecord } from '../../schemas/record.js';

const SEVERITY_ORDER = ['error', 'warning', 'info'] as const;
const SEVERITY_VI: Record<string, string> = { error: 'LỖI', warning: 'CẢNH BÁO', info: 'THÔNG TIN' };

function where(e: Conflict['evidence'][number]): string {
  const parts = [e.file];
  if (e.page) parts.push(`trang ${e.page}`);
  if (e.table !== undefined) parts.push(`bảng ${e.table + 1}`);
  if (e.row !== undefined) parts.push(`dòng ${e.row + 1}`);
  if (e.table === undefined) parts.push(`khối ${e.block + 1}`);
  return parts.join(', ');
}

export function formatRecord(record: ReportRecord): string {
  const out: string[] = [];
  const { source, report } = record;
  out.push(`${source.file}  [${source.format}${source.pages ? `, ${source.pages} pages` : ''}, sha256 ${source.sha256.slice(0, 12)}…]`);
  if (report) {
    const unit = [report.unitKind, report.unitName].filter(Boolean).join(' ');
    const period = report.period?.raw ?? '';
    out.push(`Đơn vị: ${unit || '?'}${report.district ? `, ${report.district}` : ''}${report.province ? `, ${report.province}` : ''}`);
    out.push(`Kỳ báo cáo: ${period || '?'}   Ngày: ${report.date ?? '?'}   Số: ${report.number ?? '(trống)'}`);
    if (report.signer?.name) out.push(`Người ký: ${report.signer.name}${report.signer.title ? ` (${report.signer.title})` : ''}`);
  }
  const forms = new Map<number, ReportRecord['indicators']>();
  for (const i of record.indicators) forms.set(i.form, [...(forms.get(i.form) ?? []), i]);
  out.push('');
  out.push(`Phụ lục: ${forms.size} biểu mẫu, ${record.indicators.length} chỉ tiêu`);
  for (const [form, rows] of forms) {
    const reported = rows.filter((r) => r.valueKind !== 'blank').length;
    out.push(`  Biểu mẫu ${form}: ${rows[0]?.formTitle ?? ''} — ${rows.length} dòng, ${reported} có số liệu`);
  }
  out.push(`Sự kiện trong phần thuyết minh: ${record.facts.length}; văn bản được trích dẫn: ${record.citations.length}`);
  if (record.conflicts.length > 0) {
    out.push('');
    out.push(`Mâu thuẫn: ${record.conflicts.length}`);
    for (const sev of SEVERITY_ORDER) {
      const list = record.conflicts.filter((c) => c.severity === sev);
      if (list.length === 0) continue;
      out.push(`  ${SEVERITY_VI[sev]} (${list.length})`);
      for (const c of list) {
        out.push(`   - [${c.rule}] ${c.message}`);
        for (const e of c.evidence) out.push(`       ${where(e)}${e.text ? `: “${e.text}”` : ''}`);
        if (c.suggestion) out.push(`       Đề xuất: ${c.suggestion.ref} = ${c.suggestion.value} (${c.suggestion.why})`);
      }
    }
  }
  if (record.warnings.length > 0) {
    out.push('');
    out.push(`Warnings: ${record.warnings.length}`);
    for (const w of record.warnings.slice(0, 20)) out.push(`  - ${w.code}: ${w.message}`);
  }
  return `${out.join('\n')}\n`;
}
