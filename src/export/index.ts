// Export of reviewed values (CSV, XLSX, JSON), shared by `sohoa export` and the web download.
export { parsePeriodCode, periodCode, periodLabel, type PeriodParts } from './period.js';
export { EXPORT_COLUMNS, correctionMark, outputRows, toOutputRow, type OutputRow } from './rows.js';
export { CONTENT_TYPES, EXPORT_FORMATS, isExportFormat, writeExport, type ExportFormat } from './write.js';
