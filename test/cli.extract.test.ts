// The CLI as a user meets it: the compiled `sohoa` binary on the committed fixtures.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = new URL('../bin/sohoa.js', import.meta.url).pathname;

async function sohoa(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('sohoa extract on bad input', () => {
  it.each([
    ['fixtures/bad/empty.pdf', /file is empty/],
    ['fixtures/bad/empty.docx', /file is empty/],
    ['fixtures/bad/truncated.pdf', /file is corrupt/],
    ['fixtures/bad/truncated.docx', /file is corrupt/],
    ['fixtures/bad/not-a-zip.docx', /file is corrupt/],
    ['fixtures/bad/not-ole.doc', /file is corrupt/],
    ['fixtures/bad/png-renamed.pdf', /unsupported file type \(a PNG image\)/],
    ['fixtures/bad/encrypted.pdf', /encrypted/],
    ['fixtures/does-not-exist.pdf', /file not found/],
    ['fixtures/bad', /unsupported file type \(a folder/],
  ])('%s → one clear line and a non-zero exit', async (file, reason) => {
    const { code, stdout, stderr } = await sohoa('extract', file, '--json');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(reason);
    expect(stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack trace
  });
});

describe('sohoa extract on readable files', () => {
  it('prints the summary with the report, forms and conflicts in Vietnamese', async () => {
    const { code, stdout } = await sohoa('extract', 'fixtures/tien-dong-2023-q3.pdf');
    expect(code).toBe(0);
    expect(stdout).toContain('Đơn vị: xã Tiên Động');
    expect(stdout).toContain('Kỳ báo cáo: Quý III năm 2023');
    expect(stdout).toMatch(/Phụ lục: 7 biểu mẫu, 123 chỉ tiêu/);
    expect(stdout).toMatch(/LỖI \(\d+\)/);
    expect(stdout).toContain('[rate_mismatch] Biểu mẫu 1 dòng 2 ghi 100%');
  });

  it('never calls a text without a report in it complete', async () => {
    const { code, stdout } = await sohoa('extract', 'test/data/not-a-report.txt', '--json');
    expect(code).toBe(0);
    const record = JSON.parse(stdout);
    expect(record.status).toBe('partial');
    expect(record.warnings.map((w: { code: string }) => w.code)).toContain('record_partial');
  });
});
