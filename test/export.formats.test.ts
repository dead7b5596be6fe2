// Export of reviewed values: one row per unit, period and field, corrected values and a column
// saying which were corrected, in CSV, XLSX and JSON — through the library and through `sohoa export`.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correctionMark, outputRows, writeExport, type ExportFormat } from '../src/export/index.js';
import { extractFile } from '../src/pipeline.js';
import { applyCorrection, openStore, storeReport, type Db } from '../src/store/index.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'tien-dong-2023-q3.txt');
// The TypeScript entry through tsx, not bin/sohoa.js, which prefers a possibly stale dist/.
const CLI = ['--import', 'tsx', join(import.meta.dirname, '..', 'src', 'cli', 'main.ts')];
let dir: string;
let db: Db;

async function exportToBuffer(format: ExportFormat, filter = {}): Promise<{ buf: Buffer; n: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const n = await writeExport(format, outputRows(db, filter), out);
  return { buf: Buffer.concat(chunks), n };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sohoa-export-'));
  db = await openStore({ dataDir: dir });
  const { value: record } = await extractFile(SEED);
  const { reportId } = await storeReport(db, record, { paths: [SEED] });
  await applyCorrection(db, { reportId, ref: 'form1:2', value: 76.92, reason: 'tính lại từ 2.2/2.1', author: 'lan.nguyen' });
  // A confirmation: the printed value is vouched for, not changed.
  await applyCorrection(db, { reportId, ref: 'form3:1.4', value: 164, reason: 'xác nhận', author: 'lan.nguyen' });
}, 120_000);
afterAll(async () => {
  await db?.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('export', () => {
  it('marks corrected and confirmed values apart', () => {
    expect(correctionMark({ corrected: true, extracted: 100, current: 76.92 })).toBe('đã sửa');
    expect(correctionMark({ corrected: true, extracted: 164, current: 164 })).toBe('đã xác nhận');
    expect(correctionMark({ corrected: false, extracted: 5, current: 5 })).toBe('');
  });

  it('CSV: BOM, Vietnamese headers, one row per field with the corrected value', async () => {
    const { buf, n } = await exportToBuffer('csv');
    const text = buf.toString('utf8');
    expect(text.startsWith('\ufeffĐơn vị,Huyện,Tỉnh,Mã kỳ,Kỳ báo cáo')).toBe(true);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(n + 1);
    expect(lines.find((l) => l.includes(',form1:2,'))).toContain('xã Tiên Động,Tứ Kỳ,,2023-Q3,Quý III/2023,2023-09-08,chỉ tiêu,form1:2,');
    expect(lines.find((l) => l.includes(',form1:2,'))).toContain(',%,100,100,76.92,đã sửa,');
    expect(lines.find((l) => l.includes(',form3:1.4,'))).toContain(',164,164,164,đã xác nhận,');
    // Blank stays blank (not reported), never 0.
    expect(lines.find((l) => l.includes(',form1:4.1,'))).toMatch(/,Nhiệm vụ,,,,,/);
    expect(lines.some((l) => l.includes(',thuyết minh,fact:hoso.tiep_nhan,'))).toBe(true);
  });

  it('filters by period and unit', async () => {
    expect((await exportToBuffer('json', { periodYear: 2023, periodKind: 'quarter', periodNumber: 3, unit: 'tien dong' })).n).toBeGreaterThan(100);
    expect((await exportToBuffer('json', { periodYear: 2022 })).n).toBe(0);
    expect((await exportToBuffer('json', { periodYear: 2022 })).buf.toString()).toBe('[]\n');
  });

  it('JSON: an array of rows with numbers as numbers', async () => {
    const rows = JSON.parse((await exportToBuffer('json')).buf.toString('utf8')) as Record<string, unknown>[];
    expect(rows.find((r) => r.ma === 'form1:2')).toMatchObject({ giaTriTrichXuat: 100, giaTri: 76.92, daSua: 'đã sửa', donVi: 'xã Tiên Động', ky: '2023-Q3' });
  });

  it('XLSX: a sheet Excel opens, corrected values as numbers', async () => {
    const { buf, n } = await exportToBuffer('xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Số liệu')!;
    expect(ws.rowCount).toBe(n + 1);
    expect(ws.getRow(1).getCell(1).value).toBe('Đơn vị');
    let found = false;
    ws.eachRow((row) => {
      if (row.getCell(8).value === 'form1:2') {
        found = true;
        expect(row.getCell(14).value).toBe(76.92);
        expect(row.getCell(15).value).toBe('đã sửa');
      }
    });
    expect(found).toBe(true);
  });

  it('`sohoa export --format csv --period 2023-Q3 --unit "Tiên Động" --out FILE` writes the same rows', async () => {
    await db.close(); // the embedded store has one owner at a time
    const out = join(dir, 'out.csv');
    const run = promisify(execFile);
    const { stderr } = await run(process.execPath, [...CLI, 'export', '--format', 'csv', '--period', '2023-Q3', '--unit', 'Tiên Động', '--out', out], {
      env: { ...process.env, SOHOA_DATA: dir, DATABASE_URL: '' },
      timeout: 60_000,
    });
    expect(stderr).toMatch(/exported \d+ rows/);
    const text = await readFile(out, 'utf8');
    expect(text.split('\n').find((l) => l.includes(',form1:2,'))).toContain(',76.92,đã sửa,');
    await expect(run(process.execPath, [...CLI, 'export', '--period', 'quý 3'], { env: { ...process.env, SOHOA_DATA: dir } })).rejects.toThrow(/2023-Q3/);
    db = await openStore({ dataDir: dir });
  }, 90_000);
});
