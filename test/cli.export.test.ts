// Issue 16, defect 2: `sohoa export` to stdout as users run it — redirected to a file by the shell,
// into a pipe whose reader stops early (`| head`), into a pipe nobody reads for a while — always
// ends, writes every row, and never prints a stack trace. The real CLI (bin/sohoa, compiled), on an
// embedded store filled by `sohoa import`.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './ingest.build.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'sohoa');
const CORPUS = join(ROOT, 'fixtures', 'corpus');
const run = promisify(execFile);

let dir: string;
let data: string;
let empty: string;

interface Done {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  ms: number;
}

/** Runs a shell command line with SOHOA_DATA set; kills it (and says so) past `deadline` ms. */
function shell(line: string, env: Record<string, string>, deadline = 60_000): Promise<Done> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn('bash', ['-c', line], { cwd: dir, env: { ...EMBEDDED_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), deadline);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr, ms: Date.now() - t0 });
    });
  });
}

// The embedded store, always: with DATABASE_URL/REDIS_URL set (CI), the CLI would use PostgreSQL and
// the queue, and the import would wait for a worker that is not there.
const EMBEDDED_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'REDIS_URL'));

const NO_STACK = /\bat .*:\d+:\d+|EPIPE|Error:|unsettled|Warning/;

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'sohoa-cli-export-'));
  data = join(dir, 'data');
  empty = join(dir, 'empty');
  // Text reports import fast; six of them give ~1,100 rows, ~300 KB of CSV: more than a pipe holds.
  const input = join(dir, 'archive');
  await mkdir(input);
  for (const f of (await readdir(CORPUS)).filter((f) => f.endsWith('.txt'))) await copyFile(join(CORPUS, f), join(input, f));
  await run(BIN, ['import', input], { cwd: dir, env: { ...EMBEDDED_ENV, SOHOA_DATA: data }, maxBuffer: 16 * 1024 * 1024 });
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sohoa export to stdout', () => {
  let rows = 0;

  it('> q3.csv (the README command): every row, and the process exits', async () => {
    const r = await shell(`"${BIN}" export --format csv > q3.csv`, { SOHOA_DATA: data });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    const m = /exported (\d+) rows/.exec(r.stderr);
    expect(m).not.toBeNull();
    rows = Number(m![1]);
    expect(rows).toBeGreaterThan(500);
    const csv = await readFile(join(dir, 'q3.csv'));
    expect(csv.length).toBeGreaterThan(128 * 1024);
    const text = csv.toString('utf8');
    expect(text.startsWith('\ufeffĐơn vị,')).toBe(true);
    // Header plus one line per row (no field here holds a line break).
    expect(text.trimEnd().split('\n')).toHaveLength(rows + 1);
    // The same bytes as --out writes.
    const out = await shell(`"${BIN}" export --format csv --out q3-out.csv`, { SOHOA_DATA: data });
    expect(out.code).toBe(0);
    expect((await readFile(join(dir, 'q3-out.csv'))).equals(csv)).toBe(true);
  }, 90_000);

  it('> file for JSON and XLSX too', async () => {
    const j = await shell(`"${BIN}" export --format json > all.json`, { SOHOA_DATA: data });
    expect(j.code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'all.json'), 'utf8'))).toHaveLength(rows);
    const x = await shell(`"${BIN}" export --format xlsx > all.xlsx`, { SOHOA_DATA: data });
    expect(x.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'all.xlsx'));
    expect(wb.worksheets[0]!.rowCount).toBe(rows + 1);
  }, 90_000);

  it('> file on an empty store: exit 0 with just the header (was: exit 13, unsettled top-level await)', async () => {
    const r = await shell(`"${BIN}" export --format csv > empty.csv`, { SOHOA_DATA: empty });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/exported 0 rows/);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect((await readFile(join(dir, 'empty.csv'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
  }, 60_000);

  it('| head: ends quietly, like coreutils (status 141, no message)', async () => {
    for (const format of ['csv', 'json', 'xlsx']) {
      const r = await shell(`set -o pipefail; "${BIN}" export --format ${format} | head -c 300 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`, { SOHOA_DATA: data });
      expect(r.stderr.trim()).toBe('status 141');
    }
    const lines = await shell(`"${BIN}" export --format csv | head -n 3`, { SOHOA_DATA: data });
    expect(lines.code).toBe(0);
    expect(lines.stdout.toString('utf8').split('\n')).toHaveLength(4);
    expect(lines.stderr).toBe('');
  }, 90_000);

  it('a reader that closes the pipe after the first chunk: the process ends at once, quietly', async () => {
    const t0 = Date.now();
    const child = spawn(BIN, ['export', '--format', 'csv'], { cwd: dir, env: { ...EMBEDDED_ENV, SOHOA_DATA: data }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((res) => child.on('close', (c, s) => res([c, s])));
    clearTimeout(timer);
    expect(signal).toBeNull();
    expect(code).toBe(141);
    expect(stderr).toBe('');
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 60_000);

  it('a full pipe, read slowly after a pause: every byte arrives and the process exits 0', async () => {
    const child = spawn(BIN, ['export', '--format', 'csv'], { cwd: dir, env: { ...EMBEDDED_ENV, SOHOA_DATA: data }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Nobody reads for 3 s: the pipe (64 KB) fills and the export has to wait.
    await new Promise((r) => setTimeout(r, 3000));
    expect(child.exitCode).toBeNull();
    // Then a slow reader: at most 16 KB every 20 ms.
    const chunks: Buffer[] = [];
    const closed = new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    // A 'readable' listener, or Node's child_process resumes (and drops) unread output once the child exits.
    child.stdout.on('readable', () => undefined);
    const slow = setInterval(() => {
      const c = (child.stdout.read(16 * 1024) ?? child.stdout.read()) as Buffer | null;
      if (c) chunks.push(c);
    }, 20);
    const code = await closed;
    clearInterval(slow);
    expect(code).toBe(0);
    expect(stderr).toMatch(/exported \d+ rows/);
    const got = Buffer.concat(chunks);
    const ref = await shell(`"${BIN}" export --format csv --out slow-ref.csv`, { SOHOA_DATA: data });
    expect(ref.code).toBe(0);
    const expected = await readFile(join(dir, 'slow-ref.csv'));
    expect(expected.length).toBeGreaterThan(128 * 1024);
    expect(got.length).toBe(expected.length);
    expect(got.equals(expected)).toBe(true);
  }, 90_000);
});
