// The imports pages through fastify inject against an embedded store (no browser): who may see
// them and retry (admins only, with a CSRF token), what they show for runs of each kind, and the
// refusals (unknown run or file, a file that did not fail) changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatStatus } from '../src/cli/commands/status.js';
import { addRunFiles, countRuns, failRun, getRun, listRuns, startRun, submitRun } from '../src/store/import-runs.js';
import { fmtDuration, runState } from '../src/web/routes/imports.js';
import { Client, makeEnv, type WebEnv } from './web.helpers.js';

let env: WebEnv;
let importRun: number;
let scanRun: number;
let failedFile: number;
let skippedFile: number;

beforeAll(async () => {
  env = await makeEnv();
  importRun = await startRun(env.db, { kind: 'import', mode: 'embedded', startedBy: 'hoa', inputs: ['/lưu-trữ/2023'] });
  [failedFile, skippedFile] = await addRunFiles(env.db, importRun, [
    { path: '/lưu-trữ/2023/hỏng <b>.docx', outcome: 'failed', reason: '/lưu-trữ/2023/hỏng <b>.docx: file is corrupt (not a Word document)' },
    { path: '/lưu-trữ/2023/ghi-chú.csv', outcome: 'skipped', reason: 'not a report: a text file named .csv' },
  ]) as [number, number];
  await submitRun(env.db, importRun);
  scanRun = await startRun(env.db, { kind: 'scan', mode: 'queue', startedBy: 'watch-0123456789', inputs: ['/mnt/chia-se'] });
  await addRunFiles(env.db, scanRun, [{ path: '/mnt/chia-se/moi.pdf', sha256: 'a'.repeat(64), outcome: 'pending' }]);
  await submitRun(env.db, scanRun, { unlisted: 12, unsettled: 2, disappeared: 1 });
}, 120_000);
afterAll(async () => env?.cleanup());

describe('imports pages', () => {
  it('are for admins only: strangers are sent to sign in or refused, reviewers and viewers get 403', async () => {
    const anon = new Client(env.app);
    expect((await anon.get('/admin/imports')).headers.location).toBe('/login?next=%2Fadmin%2Fimports');
    await anon.get('/login');
    expect((await anon.post(`/admin/imports/files/${failedFile}/retry`, {})).statusCode).toBe(401);
    for (const who of ['lan.nguyen', 'chi.xem'] as const) {
      const c = new Client(env.app);
      await c.login(who);
      expect((await c.get('/admin/imports')).statusCode).toBe(403);
      expect((await c.get(`/admin/imports/${importRun}`)).statusCode).toBe(403);
      await c.get('/');
      expect((await c.post(`/admin/imports/files/${failedFile}/retry`, {})).statusCode).toBe(403);
      expect(c.lastHtml).not.toContain('href="/admin/imports"');
    }
    const before = await countRuns(env.db);
    const admin = new Client(env.app);
    await admin.login('quan.tri');
    await admin.get('/admin/imports');
    expect((await admin.post(`/admin/imports/files/${failedFile}/retry`, {}, { csrf: null })).statusCode).toBe(403);
    expect((await admin.post(`/admin/imports/files/${failedFile}/retry`, {}, { csrf: 'forged' })).statusCode).toBe(403);
    expect(await countRuns(env.db)).toBe(before);
  });

  it('list the runs of each kind with their counts and state, newest first, and filter them', async () => {
    const admin = new Client(env.app);
    await admin.login('quan.tri');
    const list = await admin.get('/admin/imports');
    expect(list.statusCode).toBe(200);
    const body = list.body;
    expect(body).toContain('<h1>Lượt nhập</h1>');
    expect(body.indexOf(`>#${scanRun}<`)).toBeLessThan(body.indexOf(`>#${importRun}<`));
    expect(body).toContain('lịch watch-0123456789');
    expect(body).toContain('đang xử lý (1 tệp chờ)');
    expect(body).toContain('hoa (dòng lệnh)');
    expect(body).toContain('xong, có tệp lỗi');
    // A run still going makes the page reload itself.
    expect(body).toContain('http-equiv="refresh"');
    const scans = await admin.get('/admin/imports?kind=scan');
    expect(scans.body).toContain(`>#${scanRun}<`);
    expect(scans.body).not.toContain(`>#${importRun}<`);
  });

  it("show a run's failed files with their reasons (escaped), skipped ones with why, and a retry form", async () => {
    const admin = new Client(env.app);
    await admin.login('quan.tri');
    const page = await admin.get(`/admin/imports/${importRun}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('hỏng &lt;b&gt;.docx: file is corrupt (not a Word document)');
    expect(page.body).not.toContain('hỏng <b>');
    expect(page.body).toContain(`action="/admin/imports/files/${failedFile}/retry"`);
    expect(page.body).toContain('not a report: a text file named .csv');
    expect(page.body).not.toContain('http-equiv="refresh"');
    const scan = await admin.get(`/admin/imports/${scanRun}`);
    expect(scan.body).toContain('13 tệp');
    expect(scan.body).toContain('2 tệp mới hoặc đang thay đổi');
    expect(scan.body).toContain('/mnt/chia-se/moi.pdf');
  });

  it('refuse unknown runs and files, and a retry of a file that did not fail, changing nothing', async () => {
    const admin = new Client(env.app);
    await admin.login('quan.tri');
    expect((await admin.get('/admin/imports/999999')).statusCode).toBe(404);
    expect((await admin.get('/admin/imports/abc')).statusCode).toBe(404);
    await admin.get(`/admin/imports/${importRun}`);
    const before = await countRuns(env.db);
    expect((await admin.post('/admin/imports/files/999999/retry', {})).statusCode).toBe(404);
    expect((await admin.post(`/admin/imports/files/${skippedFile}/retry`, {})).statusCode).toBe(409);
    expect(await countRuns(env.db)).toBe(before);
  });
});

describe('sohoa status', () => {
  it('lists the latest runs and points at the imports page', async () => {
    const text = formatStatus({
      store: 'embedded database in /tmp/x',
      mode: 'embedded',
      sources: { queued: 0, processing: 0, done: 1, failed: 0, total: 1 },
      failedSources: [],
      runs: await listRuns(env.db, { limit: 5 }),
      queue: null,
    });
    expect(text).toContain('latest runs (all of them, with each failed file: the web page, /admin/imports)');
    expect(text).toMatch(new RegExp(`#${importRun} import .* hoa: 2 files, 0 imported, 1 skipped, 1 failed \\(ended in \\d+s\\)`));
    expect(text).toMatch(new RegExp(`#${scanRun} scan .* watch-0123456789: 13 files, 0 imported, 0 skipped, 0 failed \\(1 pending\\)`));
  });
});

describe('wording', () => {
  it('durations and states in Vietnamese', async () => {
    expect(fmtDuration(4200)).toBe('4,2 giây');
    expect(fmtDuration(185_000)).toBe('3 phút 5 giây');
    expect(fmtDuration(3_725_000)).toBe('1 giờ 2 phút');
    expect(fmtDuration(null)).toBe('');
    const run = await startRun(env.db, { kind: 'import', mode: 'embedded', startedBy: 'hoa', inputs: [] });
    await failRun(env.db, run, 'interrupted');
    expect(runState((await getRun(env.db, run))!)).toBe('bị ngắt giữa chừng');
  });
});
