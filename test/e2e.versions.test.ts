// End to end in a real browser (Debian's Chromium through playwright-core, the real server on an
// ephemeral port, a temp embedded store): one unit's second quarter and two files of its third
// quarter — the later-dated one, which stands by default, prints a running total below the second
// quarter's (a cumulative_decreased conflict); the earlier one does not. A reviewer opens the
// report's versions, sees the differing fields side by side with where each value was read,
// chooses the other version, and the CSV export and the cross-report conflicts change with it;
// reverting the choice brings both back. Screenshots go to test-artifacts/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../schemas/catalogue.js';
import type { ReportRecord } from '../schemas/record.js';
import { extractFile } from '../src/pipeline.js';
import { correctionHistory, countVersionItems, listConflicts, listVersionGroups, openStore, storeReport, type Db } from '../src/store/index.js';
import { upsertUser } from '../src/store/web-queries.js';
import { buildApp } from '../src/web/app.js';
import { hashPassword } from '../src/web/password.js';
import { sha } from './store.records.js';
import { ARTIFACTS, E2E_SECRET, launchChromium, runBrowserTests, signIn } from './e2e.browser.js';

const SOURCE = join(import.meta.dirname, '..', 'fixtures', 'corpus', '007-quynh-hung-2023-q3.txt');

function setValue(r: ReportRecord, key: string, value: number): void {
  const ind = r.indicators.find((i) => i.key === key)!;
  ind.value = value;
  ind.raw = String(value);
  ind.valueKind = 'number';
}

describe.skipIf(!runBrowserTests)('versions of one report in a real browser', () => {
  let dir: string;
  let db: Db;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let browser: Browser;
  let key: string;
  let ref: string;
  let q2Total: number;
  const ids: Record<'q2' | 'late' | 'early', number> = { q2: 0, late: 0, early: 0 };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-e2e-versions-'));
    await mkdir(ARTIFACTS, { recursive: true });
    db = await openStore({ dataDir: dir });
    const record = (await extractFile(SOURCE)).value!;
    const def = CATALOGUE.find((d) => d.aggregation === 'cumulative_year' && record.indicators.some((i) => i.key === d.key && i.valueKind === 'number'))!;
    key = def.key;
    const row = record.indicators.find((i) => i.key === key)!;
    ref = `form${row.form}:${row.code}`;
    const printed = row.value!;
    q2Total = printed + 10;
    const copy = (name: string, change: (r: ReportRecord) => void) => {
      const r = structuredClone(record);
      r.source = { ...r.source, sha256: sha(`e2e-versions-${name}`), file: `/archive/quynh-hung/${name}.txt` };
      change(r);
      return r;
    };
    const q2 = copy('quy-2', (r) => {
      r.report!.period = { kind: 'quarter', number: 2, year: 2023, raw: 'Quý II năm 2023' };
      r.report!.date = '2023-06-16';
      setValue(r, key, q2Total);
    });
    // The re-submission, dated later: below the second quarter's running total.
    const late = copy('quy-3-gui-lai', (r) => {
      r.report!.date = '2023-10-02';
      setValue(r, key, printed);
    });
    // The first submission: its running total is above the second quarter's.
    const early = copy('quy-3-ban-dau', (r) => {
      r.report!.date = '2023-09-20';
      setValue(r, key, q2Total + 5);
    });
    for (const [name, r] of [['q2', q2], ['late', late], ['early', early]] as const) {
      ids[name] = (await storeReport(db, r, { paths: [r.source.file], fromPipeline: true })).reportId;
    }
    await upsertUser(db, { name: 'lan.nguyen', role: 'reviewer', passwordHash: await hashPassword('mật-khẩu-rà-soát') });
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

  /** The third quarter's rows of the CSV export, as the signed-in browser downloads it. */
  async function exportedQ3(page: Page): Promise<string[]> {
    const res = await page.request.get(`${base}/export?format=csv&period=2023-Q3`);
    expect(res.status()).toBe(200);
    return (await res.text()).split('\n').filter((l) => l.includes(',2023-Q3,'));
  }

  const openDecreases = async () => (await listConflicts(db, { rule: 'cumulative_decreased', status: 'open' })).map((c) => c.reportId);

  it('a reviewer chooses the other version: the export and the cross-report conflicts follow, and a revert undoes it', async () => {
    // As imported: the later-dated file stands; its running total falls from the second quarter's.
    expect(await countVersionItems(db)).toBe(1);
    expect(await openDecreases()).toEqual([ids.late]);

    const page = await signIn(browser, base, 'lan.nguyen', 'mật-khẩu-rà-soát');
    const context = page.context();

    let rows = await exportedQ3(page);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((l) => l.includes('quy-3-gui-lai.txt'))).toBe(true);
    expect(rows.find((l) => l.includes(`,${ref},`))).toContain(`,${ids.late}`);

    // The report page says it has versions, and whether it is the one used.
    await page.goto(`${base}/reports/${ids.early}`);
    expect(await page.getByRole('link', { name: /Báo cáo này có 2 bản \(đây không phải bản được dùng\)/ }).count()).toBe(1);

    // The review item, from the navigation.
    await page.getByRole('link', { name: 'Báo cáo nhiều bản' }).click();
    await page.waitForURL(`${base}/versions`);
    expect(await page.locator('table.versions-list tbody tr').count()).toBe(1);
    await page.locator('table.versions-list a').first().click();
    await page.waitForURL(/\/versions\/\d+$/);
    const groupUrl = page.url();
    expect(await page.locator('.standing-reason').textContent()).toMatch(/chọn tự động.*ngày báo cáo muộn nhất.*02\/10\/2023/s);
    // Side by side: the standing version first, a value per version with where it was read.
    const diffRow = page.locator(`table.diff tbody tr[data-key="indicator:${key}"]`);
    const cells = diffRow.locator('td');
    expect(await cells.count()).toBe(2);
    expect(await cells.nth(0).locator('.value').textContent()).toBe(String(q2Total - 10));
    expect(await cells.nth(1).locator('.value').textContent()).toBe(String(q2Total + 5));
    expect(await cells.nth(1).locator('.where').textContent()).toMatch(/bảng \d+ dòng \d+/);
    expect(await page.locator('table.diff tbody tr[data-key="report:date"]').textContent()).toMatch(/02\/10\/2023|2023-10-02/);
    await page.screenshot({ path: join(ARTIFACTS, 'versions.png'), fullPage: true });

    // Choose the first submission.
    await page.getByLabel('Lý do chọn quy-3-ban-dau.txt').fill('bản có dấu đỏ của UBND');
    await page.getByRole('button', { name: 'Dùng bản quy-3-ban-dau.txt' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'version');
    expect(await page.getByRole('status').textContent()).toContain('Đã chọn bản được dùng');
    expect(await page.locator('.standing-reason').textContent()).toMatch(/người rà soát chọn.*lan\.nguyen.*bản có dấu đỏ của UBND/s);
    expect(await page.locator('table.choices tbody tr').first().textContent()).toMatch(/lan\.nguyen.*quy-3-gui-lai\.txt.*quy-3-ban-dau\.txt.*bản có dấu đỏ/s);
    await page.screenshot({ path: join(ARTIFACTS, 'versions-chosen.png'), fullPage: true });

    // The export now holds the chosen version's values; the running total no longer falls.
    rows = await exportedQ3(page);
    expect(rows.every((l) => l.includes('quy-3-ban-dau.txt'))).toBe(true);
    expect(rows.find((l) => l.includes(`,${ref},`))).toContain(`,${q2Total + 5},`);
    expect(await openDecreases()).toEqual([]);
    expect(await countVersionItems(db)).toBe(0);
    expect((await listVersionGroups(db, { status: 'resolved' }))[0]).toMatchObject({ standingReportId: ids.early, standingHow: 'reviewer' });

    // Take one value from the other file: a correction of the standing version, in its history.
    await page.locator(`table.diff tbody tr[data-key="indicator:${key}"] td`).nth(1).getByRole('button', { name: 'Lấy giá trị này' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'field');
    const [picked] = await correctionHistory(db, { reportId: ids.early, ref });
    expect(picked).toMatchObject({ oldValue: q2Total + 5, newValue: q2Total - 10, author: 'lan.nguyen', reason: expect.stringContaining('quy-3-gui-lai.txt') });
    expect(await page.locator('#lich-su + table.history').textContent()).toContain('quy-3-gui-lai.txt');
    expect(await openDecreases()).toEqual([ids.early]);
    rows = await exportedQ3(page);
    expect(rows.find((l) => l.includes(`,${ref},`))).toMatch(new RegExp(`,${q2Total - 10},đã sửa,`));
    // Reverted like any correction.
    await page.locator('#lich-su + table.history').getByRole('button', { name: 'Hoàn tác' }).first().click();
    await page.waitForLoadState();
    expect(await openDecreases()).toEqual([]);

    // Revert the choice: the default stands again, the conflict and the export come back.
    await page.goto(groupUrl);
    await page.locator('table.choices').getByRole('button', { name: 'Hoàn tác' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'revert');
    expect(await page.locator('.standing-reason').textContent()).toContain('chọn tự động');
    // The item is open again; the reviewer may also confirm the default choice as it is.
    expect(await page.getByRole('button', { name: 'Xác nhận dùng bản này' }).count()).toBe(1);
    // Every standing report of the unit was checked again: the fall shows from both quarters' side.
    expect((await openDecreases()).sort()).toEqual([ids.q2, ids.late].sort());
    expect(await countVersionItems(db)).toBe(1);
    rows = await exportedQ3(page);
    expect(rows.every((l) => l.includes('quy-3-gui-lai.txt'))).toBe(true);
    await context.close();
  }, 180_000);
});
