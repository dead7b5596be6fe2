// Writes export rows as CSV, XLSX or JSON to a stream, row by row where the format allows, so an
// archive-sized export never sits in memory at once (XLSX uses exceljs's streaming writer).
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { EXPORT_COLUMNS, type OutputRow } from './rows.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function end(out: Writable): Promise<void> {
  const finished = once(out, 'finish');
  out.end();
  await finished;
}

/**
 * CSV with a UTF-8 byte-order mark (Excel otherwise reads Vietnamese as mojibake) and numbers with a
 * '.' decimal point, so other programs read them as numbers.
 */
async function writeCsv(rows: AsyncIterable<OutputRow>, out: Writable): Promise<number> {
  const csv = stringify({ header: true, bom: true, columns: EXPORT_COLUMNS.map((c) => ({ key: c.key, header: c.header })) });
  csv.pipe(out);
  let n = 0;
  for await (const row of rows) {
    n++;
    if (!csv.write(row)) await once(csv, 'drain');
  }
  const finished = once(out, 'finish');
  csv.end();
  await finished;
  return n;
}

async function writeJson(rows: AsyncIterable<OutputRow>, out: Writable): Promise<number> {
  let n = 0;
  await write(out, '[');
  for await (const row of rows) {
    await write(out, `${n === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`);
    n++;
  }
  await write(out, n === 0 ? ']\n' : '\n]\n');
  await end(out);
  return n;
}

async function writeXlsx(rows: AsyncIterable<OutputRow>, out: Writable): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet('Số liệu', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width ?? 12 }));
  ws.getRow(1).font = { bold: true };
  let n = 0;
  for await (const row of rows) {
    const r = ws.addRow(row);
    // Corrected values stand out when the sheet is printed or skimmed.
    if (row.daSua === 'đã sửa') r.getCell('giaTri').font = { bold: true, color: { argb: 'FF9C2A00' } };
    r.commit();
    n++;
  }
  ws.commit();
  await wb.commit();
  return n;
}

/** Writes every row to `out` in `format` and ends it; returns the number of rows. */
export function writeExport(format: ExportFormat, rows: AsyncIterable<OutputRow>, out: Writable): Promise<number> {
  if (format === 'csv') return writeCsv(rows, out);
  if (format === 'json') return writeJson(rows, out);
  return writeXlsx(rows, out);
}
