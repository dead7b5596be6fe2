// The imports page end to end in a real browser (Debian's Chromium via playwright-core) against the
// real server on an ephemeral port. `sohoa import` (embedded) reads a folder with one good report and
// one broken one (a truncated .docx) into a temp store; an admin opens "Lượt nhập", sees the run with
// the failed file and its reason and the good one linked to its report, fixes the file on disk,
// presses "Thử lại" and sees it imported by the server. Reviewers are refused (403), strangers sent
// to sign in (GET) or refused (POST 401), and a retry without a valid CSRF token changes nothing.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/cli/commands/import.js';
import { countRuns, getRun, listRunFiles, listRuns } from '../src/store/import-runs.js';
import { openStore, type Db } from '../src/store/index.js';
import { upsertUser } from '../src/store/web-queries.js';
import { buildApp } from '../src/web/app.js';
import { hashPassword } from '../src/web/password.js';
import { ARTIFACTS, E2E_SECRET, fillSignIn, launchChromium, runBrowserTests, signIn } from './e2e.browser.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');

describe.skipIf(!runBrowserTests)('imports page in a real browser', () => {
  let dir: string;
  let input: string;
  let db: Db;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-e2e-imports-'));
    input = join(dir, 'bao-cao');
    await mkdir(join(input, '2023'), { recursive: true });
    await mkdir(ARTIFACTS, { recursive: true });
    await copyFile(join(FIX, 'tien-dong-2023-q3.docx'), join(input, '2023', 'tien-dong-q3.docx'));
    await copyFile(join(FIX, 'bad', 'truncated.docx'), join(input, '2023', 'hong.docx'));
    // The real command, embedded: no Redis, no PostgreSQL, the store in a temp folder.
    const env: NodeJS.ProcessEnv = { ...process.env, SOHOA_DATA: join(dir, 'data') };
    delete env.REDIS_URL;
    delete env.DATABASE_URL;
    const summary = await importPaths([input], { env, threads: 0, progress: false, log: () => undefined });
    expect(summary).toMatchObject({ files: 2, imported: 1, failed: 1 });

    db = await openStore({ dataDir: join(dir, 'data') });
    await upsertUser(db, { name: 'quan.tri', role: 'admin', passwordHash: await hashPassword('mật-khẩu-quản-trị') });
    await upsertUser(db, { name: 'lan.nguyen', role: 'reviewer', passwordHash: await hashPassword('mật-khẩu-rà-soát') });
    app = await buildApp({ db, secret: E2E_SECRET });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('an admin sees the run with the failed file and its reason, fixes the file and retries it from the page', async () => {
    const [first] = await listRuns(db);
    expect(first).toMatchObject({ kind: 'import', mode: 'embedded', files: 2, imported: 1, failed: 1, pending: 0 });
    expect(first!.endedAt).not.toBeNull();

    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/admin/imports`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await fillSignIn(page, 'quan.tri', 'mật-khẩu-quản-trị');
    await page.waitForURL(`${base}/admin/imports`);
    expect(await page.locator('h1').textContent()).toBe('Lượt nhập');
    expect(await page.getByRole('link', { name: 'Lượt nhập' }).getAttribute('aria-current')).toBe('page');
    const row = page.locator('table.runs tbody tr').first();
    const cells = (await row.locator('td').allTextContents()).map((t) => t.trim().replace(/\s+/g, ' '));
    // Run, kind, who, started, duration, files, imported, flagged, skipped, failed, pending, state.
    expect(cells[0]).toBe(`#${first!.id}`);
    expect(cells[1]).toBe('Nhập (lệnh sohoa import)');
    expect(cells[2]).toContain('(dòng lệnh)');
    expect(cells[2]).toContain(input);
    expect(cells.slice(5, 11)).toEqual(['2', '1', String(first!.flagged), '0', '1', '0']);
    expect(cells[11]).toBe('xong, có tệp lỗi');
    await page.screenshot({ path: join(ARTIFACTS, 'imports.png'), fullPage: true });

    // The run: the failed file with its one-line reason, the imported one linked to its report.
    await row.getByRole('link', { name: `#${first!.id}` }).click();
    await page.waitForURL(`${base}/admin/imports/${first!.id}`);
    const broken = join(input, '2023', 'hong.docx');
    const failedRow = page.locator('table.failed-files tbody tr');
    expect(await failedRow.count()).toBe(1);
    expect(await failedRow.locator('code').textContent()).toBe(broken);
    expect(await failedRow.locator('td.reason').textContent()).toMatch(/hong\.docx: file is corrupt/);
    const reportLink = page.locator('table.imported-files a');
    const [imported] = await listRunFiles(db, first!.id, { outcome: 'imported' });
    expect(await reportLink.getAttribute('href')).toBe(`/reports/${imported!.reportId}`);
    await page.screenshot({ path: join(ARTIFACTS, 'imports-run-failed.png'), fullPage: true });

    // A retry before the file is fixed fails again, with the same reason, as a run of its own.
    await failedRow.getByRole('button', { name: 'Thử lại' }).click();
    await page.waitForURL((u) => /^\/admin\/imports\/\d+$/.test(u.pathname) && u.pathname !== `/admin/imports/${first!.id}`);
    const stillBroken = Number(new URL(page.url()).pathname.split('/').pop());
    await expect.poll(async () => (await getRun(db, stillBroken))?.endedAt ?? null, { timeout: 60_000 }).not.toBeNull();
    expect(await getRun(db, stillBroken)).toMatchObject({ kind: 'retry', retryOf: first!.id, startedBy: 'quan.tri', failed: 0, skipped: 1 });
    // The broken bytes failed for good last time: the same content is not read again.
    expect((await listRunFiles(db, stillBroken))[0]).toMatchObject({ path: broken, outcome: 'skipped' });
    expect((await listRunFiles(db, stillBroken))[0]!.reason).toMatch(/^failed before: .*file is corrupt/);

    // Fixed on disk: a readable report now sits at the broken file's path.
    await copyFile(join(FIX, 'tien-dong-2023-q3.vni.docx'), broken);
    await page.goto(`${base}/admin/imports/${first!.id}`);
    await page.locator('table.failed-files').getByRole('button', { name: 'Thử lại' }).click();
    await page.waitForURL((u) => /^\/admin\/imports\/\d+$/.test(u.pathname) && u.searchParams.get('ok') === 'retry' && u.pathname !== `/admin/imports/${stillBroken}`);
    const retryRun = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await page.getByRole('status').textContent()).toContain('Đã bắt đầu thử lại tệp');
    // The server processes it on its own thread; the page reloads itself while the run is going.
    await expect.poll(async () => (await page.locator('dd.state').textContent())?.trim(), { timeout: 90_000, intervals: [500, 1000, 2000] }).toBe('xong');
    const done = (await getRun(db, retryRun))!;
    expect(done).toMatchObject({ kind: 'retry', retryOf: first!.id, mode: 'embedded', files: 1, imported: 1, failed: 0, pending: 0 });
    const retried = page.locator('table.imported-files tbody tr');
    expect(await retried.locator('code').textContent()).toBe(broken);
    const [fixed] = await listRunFiles(db, retryRun, { outcome: 'imported' });
    expect(fixed!.reportId).toBeGreaterThan(imported!.reportId!);
    await page.screenshot({ path: join(ARTIFACTS, 'imports-retry.png'), fullPage: true });
    await retried.getByRole('link', { name: `báo cáo #${fixed!.reportId}` }).click();
    await page.waitForURL(`${base}/reports/${fixed!.reportId}`);
    expect(await page.locator('h1').textContent()).toMatch(/Tiên Động/);

    // Back on the first run, the failed file shows what its latest retry came to.
    await page.goto(`${base}/admin/imports/${first!.id}`);
    expect(await page.locator('table.failed-files .retry-outcome').textContent()).toMatch(new RegExp(`lượt #${retryRun}\\): đã nhập — xem báo cáo`));
    expect(await page.locator('table.failed-files .retry-outcome a', { hasText: 'xem báo cáo' }).getAttribute('href')).toBe(`/reports/${fixed!.reportId}`);
    await page.screenshot({ path: join(ARTIFACTS, 'imports-run-retried.png'), fullPage: true });

    // A forged retry (no valid CSRF token) changes nothing, even from an admin's session.
    const runsBefore = await countRuns(db);
    const fileId = (await listRunFiles(db, first!.id, { outcome: 'failed' }))[0]!.id;
    const forged = await page.request.post(`${base}/admin/imports/files/${fileId}/retry`, { form: { _csrf: 'not-the-token' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await countRuns(db)).toBe(runsBefore);
    await context.close();

    // A reviewer is refused the page and the action; a stranger is sent to sign in, or refused.
    const rp = await signIn(browser, base, 'lan.nguyen', 'mật-khẩu-rà-soát', {});
    const reviewer = rp.context();
    expect(await rp.getByRole('link', { name: 'Lượt nhập' }).count()).toBe(0);
    expect((await rp.goto(`${base}/admin/imports`))?.status()).toBe(403);
    expect((await rp.goto(`${base}/admin/imports/${first!.id}`))?.status()).toBe(403);
    const token = await rp.locator('input[name="_csrf"]').first().getAttribute('value');
    const byReviewer = await rp.request.post(`${base}/admin/imports/files/${fileId}/retry`, { form: { _csrf: token! }, maxRedirects: 0 });
    expect(byReviewer.status()).toBe(403);
    await reviewer.close();
    const stranger = await browser.newContext();
    const sp = await stranger.newPage();
    await sp.goto(`${base}/admin/imports/${first!.id}`);
    expect(new URL(sp.url()).pathname).toBe('/login');
    const anon = await stranger.request.post(`${base}/admin/imports/files/${fileId}/retry`, { form: {}, maxRedirects: 0 });
    expect(anon.status()).toBe(401);
    await stranger.close();
    expect(await countRuns(db)).toBe(runsBefore);
  }, 240_000);
});
