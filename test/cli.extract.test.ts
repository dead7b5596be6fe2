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
