// One export row per unit, period and field, with the current (corrected) value and whether it was
// corrected. Shared by the CSV, XLSX and JSON writers, the CLI and the web download.
import type { Db } from '../store/db.js';
import { exportRows, type ExportRow, type ReportFilter } from '../store/review.js';
import { periodCode, periodLabel } from './period.js';

export interface ExportColumn {
  key: keyof OutputRow;
  header: string;
  width?: number;
}

export interface OutputRow {
  donVi: string;
  huyen: string;
  tinh: string;
  ky: string;
  kyBaoCao: string;
  ngayBaoCao: string;
  loai: string;
  ma: string;
  khoa: string;
  chiTieu: string;
  donViTinh: string;
  giaTriIn: string;
  giaTriTrichXuat: number | null;
  giaTri: number | null;
  daSua: string;
  xungDotMo: number;
  tep: string;
  baoCaoId: number;
}

/** Column order and Vietnamese headers (the spreadsheet is read by people, the keys by programs). */
export const EXPORT_COLUMNS: ExportColumn[] = [
  { key: 'donVi', header: 'Đơn vị', width: 22 },
  { key: 'huyen', header: 'Huyện', width: 14 },
  { key: 'tinh', header: 'Tỉnh', width: 14 },
  { key: 'ky', header: 'Mã kỳ', width: 10 },
  { key: 'kyBaoCao', header: 'Kỳ báo cáo', width: 16 },
  { key: 'ngayBaoCao', header: 'Ngày báo cáo', width: 12 },
  { key: 'loai', header: 'Loại', width: 12 },
  { key: 'ma', header: 'Mã trường', width: 14 },
  { key: 'khoa', header: 'Khoá danh mục', width: 28 },
  { key: 'chiTieu', header: 'Chỉ tiêu', width: 60 },
  { key: 'donViTinh', header: 'Đơn vị tính', width: 12 },
  { key: 'giaTriIn', header: 'Giá trị in', width: 12 },
  { key: 'giaTriTrichXuat', header: 'Giá trị trích xuất', width: 14 },
  { key: 'giaTri', header: 'Giá trị hiện tại', width: 14 },
  { key: 'daSua', header: 'Đã sửa', width: 12 },
  { key: 'xungDotMo', header: 'Xung đột chưa xử lý', width: 10 },
  { key: 'tep', header: 'Tệp nguồn', width: 40 },
  { key: 'baoCaoId', header: 'Mã báo cáo', width: 8 },
];

/**
 * "đã sửa" when a correction changed the value, "đã xác nhận" when a reviewer confirmed the printed
 * value (a correction whose new value equals the extracted one), "" when untouched.
 */
export function correctionMark(row: Pick<ExportRow, 'corrected' | 'extracted' | 'current'>): string {
  if (!row.corrected) return '';
  return row.current === row.extracted ? 'đã xác nhận' : 'đã sửa';
}

export function toOutputRow(r: ExportRow): OutputRow {
  return {
    donVi: [r.unitKind, r.unitName].filter(Boolean).join(' '),
    huyen: r.district ?? '',
    tinh: r.province ?? '',
    ky: periodCode(r),
    kyBaoCao: periodLabel(r),
    ngayBaoCao: r.reportDate ?? '',
    loai: r.kind === 'indicator' ? 'chỉ tiêu' : 'thuyết minh',
    ma: r.ref,
    khoa: r.key ?? '',
    chiTieu: r.label,
    donViTinh: r.unit ?? '',
    giaTriIn: r.raw,
    giaTriTrichXuat: r.extracted,
    giaTri: r.current,
    daSua: correctionMark(r),
    xungDotMo: r.openConflicts,
    tep: r.path ?? '',
    baoCaoId: r.reportId,
  };
}

export async function* outputRows(db: Db, filter: ReportFilter): AsyncGenerator<OutputRow> {
  for await (const r of exportRows(db, filter)) yield toOutputRow(r);
}
