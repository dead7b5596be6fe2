// End to end in a real browser: Debian's Chromium driven by playwright-core against the real server
// on an ephemeral port, with the seed report (PDF) imported into a temp embedded store. A reviewer
// signs in, opens the Biểu mẫu 1 rate conflict (100% printed, 20/26 in its parts), corrects it with
// the keyboard, sees it resolved and in the history, and finds the value in the CSV export; the
// admin pages refuse the reviewer; requests without a session or with a bad CSRF token change nothing.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../src/pipeline.js';
import { correctionHistory, getConflict, listConflicts, openStore, storeReport, type Db } from '../src/store/index.js';
import { upsertUser } from '../src/store/web-queries.js';
import { buildApp } from '../src/web/app.js';
import { hashPassword } from '../src/web/password.js';
import { ARTIFACTS, E2E_SECRET, fillSignIn, launchChromium, runBrowserTests, signIn } from './e2e.browser.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'tien-dong-2023-q3.pdf');

describe.skipIf(!runBrowserTests)('review in a real browser', () => {
  let dir: string;
  let db: Db;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let browser: Browser;
  let rateConflict: number;
  let reportId: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-e2e-'));
    await mkdir(ARTIFACTS, { recursive: true });
    db = await openStore({ dataDir: dir });
    const { value: record } = await extractFile(SEED);
    ({ reportId } = await storeReport(db, record, { paths: [SEED] }));
    await upsertUser(db, { name: 'lan.nguyen', role: 'reviewer', passwordHash: await hashPassword('mật-khẩu-rà-soát') });
    await upsertUser(db, { name: 'quan.tri', role: 'admin', passwordHash: await hashPassword('mật-khẩu-quản-trị') });
    const found = (await listConflicts(db, { rule: 'rate_mismatch' })).find((c) => c.refs[0] === 'form1:2');
    if (!found) throw new Error('the rules did not raise the Biểu mẫu 1 item 2 rate conflict');
    rateConflict = found.id;
    app = await buildApp({ db, secret: E2E_SECRET });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a reviewer corrects the rate, sees it resolved and in the history, and exports it', async () => {
    const context = await browser.newContext({ acceptDownloads: true, locale: 'vi-VN', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();

    // Every page needs a session: the queue sends us to sign in, then back.
    await page.goto(`${base}/queue`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await fillSignIn(page, 'lan.nguyen', 'mật-khẩu-rà-soát');
    await page.waitForURL(`${base}/queue`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hàng đợi xung đột');
    await page.screenshot({ path: join(ARTIFACTS, 'queue.png'), fullPage: true });

    // Filter to the rule, open the conflict from the queue.
    await page.getByLabel('Quy tắc').selectOption('rate_mismatch');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/rule=rate_mismatch/);
    await page.getByRole('link', { name: /Biểu mẫu 1 dòng 2 ghi 100%/ }).click();
    await page.waitForURL(new RegExp(`/conflicts/${rateConflict}\\?`));
    const body = page.locator('main');
    await expect.poll(() => body.textContent()).toContain('20/26 × 100 = 76,92%');
    // Each side with its label and unit; the rows as small tables with the value marked; page and file.
    const sides = page.locator('table.sides tbody tr');
    expect(await sides.count()).toBe(3);
    expect(await sides.nth(0).textContent()).toMatch(/Biểu mẫu 1 dòng 2.*Tỷ lệ hoàn thành Kế hoạch CCHC năm.*%.*100/s);
    expect(await sides.nth(1).textContent()).toMatch(/Biểu mẫu 1 dòng 2\.2.*Số nhiệm vụ đã hoàn thành.*Nhiệm vụ.*20/s);
    expect(await sides.nth(2).textContent()).toMatch(/Biểu mẫu 1 dòng 2\.1.*Số nhiệm vụ đề ra trong kế hoạch.*Nhiệm vụ.*26/s);
    expect(await page.locator('table.row-evidence mark').allTextContents()).toEqual(['100', '20', '26']);
    expect(await page.locator('.where').first().textContent()).toMatch(/trang \d+, bảng 1 dòng \d+ — .*tien-dong-2023-q3\.pdf/);
    expect(await page.locator('.suggestion').textContent()).toContain('76,92');
    expect(await page.locator('.legend').textContent()).toContain('xung đột tiếp theo');
    await page.screenshot({ path: join(ARTIFACTS, 'conflict.png'), fullPage: true });

    // Keyboard only: "s" focuses the correction field; a wrong value is refused and nothing changes.
    await page.locator('body').press('Escape');
    await page.keyboard.press('s');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('value');
    await page.keyboard.type('bảy mươi');
    await page.keyboard.press('Enter');
    await page.waitForLoadState();
    expect(await page.getByRole('alert').textContent()).toContain('không phải là số');
    expect((await getConflict(db, rateConflict)).conflict.status).toBe('open');

    await page.locator('#value').fill('');
    await page.keyboard.press('Escape'); // leave the field so the next key is a shortcut again
    await page.keyboard.press('s');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('value');
    await page.keyboard.type('76,92');
    await page.locator('#comment').fill('Tính lại từ 20/26 nhiệm vụ');
    await page.locator('#value').press('Enter');
    // The page moves on to the next open conflict of the same filter.
    await page.waitForURL((u) => u.pathname !== `/conflicts/${rateConflict}` && u.searchParams.get('ok') === 'correct');
    expect(await page.getByRole('status').textContent()).toContain('Đã lưu giá trị sửa');
    expect(page.url()).toContain('rule=rate_mismatch');

    // Resolved, with the correction (who, old, new, reason) in its history.
    await page.goto(`${base}/conflicts/${rateConflict}`);
    expect(await page.locator('.meta').textContent()).toMatch(/Đã xử lý.*bởi lan\.nguyen/s);
    const historyRow = page.locator('table.history tbody tr').first();
    expect(await historyRow.textContent()).toMatch(/lan\.nguyen.*Biểu mẫu 1 dòng 2.*100.*76,92.*Tính lại từ 20\/26 nhiệm vụ/s);
    const [stored] = await correctionHistory(db, { reportId, ref: 'form1:2' });
    expect(stored).toMatchObject({ oldValue: 100, newValue: 76.92, author: 'lan.nguyen' });

    // The report page marks the value and its history.
    await page.goto(`${base}/reports/${reportId}`);
    expect(await page.locator('td.corrected', { hasText: '76,92' }).first().textContent()).toContain('đã sửa');
    expect(await page.locator('#lich-su + table.history').textContent()).toContain('76,92');

    // Export CSV from the report page: the corrected value is in it, marked.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const line = csv.split('\n').find((l) => l.includes(',form1:2,'));
    expect(line).toContain(',100,100,76.92,đã sửa,');
    expect(download.suggestedFilename()).toBe('sohoa-2023-Q3.csv');

    // A reviewer is refused the admin pages.
    const admin = await page.goto(`${base}/admin/users`);
    expect(admin?.status()).toBe(403);
    expect(await page.locator('main').textContent()).toContain('chỉ dành cho quản trị viên');
    const board = await page.goto(`${base}/admin/queues`);
    expect(board?.status()).toBe(403);

    // A bad CSRF token changes nothing, even with a valid session.
    const target = (await listConflicts(db, { status: 'open', rule: 'fact_vs_table' }))[0]!;
    const before = await correctionHistory(db, { limit: 1000 });
    const forged = await page.request.post(`${base}/conflicts/${target.id}/decide`, {
      form: { _csrf: 'not-the-token', action: 'keep', comment: 'giả mạo' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect((await getConflict(db, target.id)).conflict.status).toBe('open');
    expect(await correctionHistory(db, { limit: 1000 })).toEqual(before);
    await context.close();

    // No session at all: refused, nothing changes.
    const stranger = await browser.newContext();
    const noSession = await stranger.request.post(`${base}/conflicts/${target.id}/decide`, {
      form: { action: 'correct', ref: target.refs[0]!, value: '1' },
      maxRedirects: 0,
    });
    expect(noSession.status()).toBe(401);
    const anonPage = await stranger.newPage();
    await anonPage.goto(`${base}/export?format=csv`);
    expect(new URL(anonPage.url()).pathname).toBe('/login');
    expect((await getConflict(db, target.id)).conflict.status).toBe('open');
    expect(await correctionHistory(db, { limit: 1000 })).toEqual(before);
    await stranger.close();
  }, 180_000);

  it('every rule kind shows all its sides; a document cited with two dates shows both and its suggestion applies with "g"', async () => {
    const page = await signIn(browser, base, 'lan.nguyen', 'mật-khẩu-rà-soát');
    const context = page.context();

    // One conflict of each rule the seed raises: as many rows as the rule has sides (one field with
    // several values: a row per value), each showing a value.
    const all = await listConflicts(db, { limit: 1000 });
    const firstOfRule = [...new Map(all.map((c) => [c.rule, c])).values()];
    expect(firstOfRule.length).toBeGreaterThanOrEqual(10);
    for (const c of firstOfRule) {
      await page.goto(`${base}/conflicts/${c.id}`);
      const rows = page.locator('table.sides tbody tr');
      const expected = c.refs.length === 1 && c.values.length > 1 ? c.values.length : c.refs.length;
      expect(await rows.count(), c.rule).toBe(expected);
      for (let i = 0; i < expected; i++) expect((await rows.nth(i).locator('td').nth(4).textContent())?.trim(), `${c.rule} side ${i}`).not.toBe('');
    }

    const cited = all.find((c) => c.rule === 'citation_date_conflict' && c.status === 'open');
    if (!cited) throw new Error('the seed no longer raises citation_date_conflict');
    await page.goto(`${base}/conflicts/${cited.id}`);
    const rows = page.locator('table.sides tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/1.*Ngày văn bản số 05\/KH-UBND.*20\/02\/2022/s);
    expect(await rows.nth(1).textContent()).toMatch(/2.*Ngày văn bản số 05\/KH-UBND.*20\/02\/2023/s);
    expect(await page.getByRole('button', { name: /Áp dụng gợi ý \(20\/02\/2023\)/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /Xác nhận Ngày văn bản số 05\/KH-UBND = 20\/02\/2022/ }).count()).toBe(1);
    expect(await page.locator('#value').getAttribute('placeholder')).toMatch(/\d\d\/\d\d\/\d{4}/);
    await page.screenshot({ path: join(ARTIFACTS, 'conflict-citation-dates.png'), fullPage: true });

    await page.locator('body').press('Escape');
    await page.keyboard.press('g');
    await page.waitForURL((u) => u.pathname !== `/conflicts/${cited.id}` && u.searchParams.get('ok') === 'suggestion');
    const after = await getConflict(db, cited.id);
    expect(after.conflict.status).toBe('resolved');
    expect(after.fields[0]).toMatchObject({ ref: 'citation:05/KH-UBND', current: '2023-02-20', corrected: true });
    const [stored] = await correctionHistory(db, { reportId, ref: 'citation:05/KH-UBND' });
    expect(stored).toMatchObject({ newValue: '2023-02-20', author: 'lan.nguyen' });
    await page.goto(`${base}/conflicts/${cited.id}`);
    expect(await page.locator('table.history tbody tr').first().textContent()).toMatch(/lan\.nguyen.*Ngày văn bản số 05\/KH-UBND.*20\/02\/2023/s);
    await context.close();
  }, 120_000);

  it('an admin sees the admin pages', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('quan.tri');
    await page.getByLabel('Mật khẩu').fill('mật-khẩu-quản-trị');
    await page.getByLabel('Mật khẩu').press('Enter');
    await page.waitForURL(`${base}/`);
    const res = await page.goto(`${base}/admin/users`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('table').textContent()).toContain('lan.nguyen');
    await context.close();
  }, 60_000);
});
