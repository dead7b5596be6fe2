// The printed page beside the value, in a real browser (Debian's Chromium through playwright-core):
// the seed report as a text PDF and as a scanned PDF (read by OCR) are imported into a temp embedded
// store; a reviewer opens a conflict of each, sees the source page rendered with the value's box
// drawn over the right cell (checked against where poppler's pdftotext -bbox puts the printed
// number), corrects the value from the page with the keyboard, and finds it in the CSV export with
// the page and box recorded. Images are cached (never rendered twice), refused without a session,
// and a source file gone since import is said so in Vietnamese.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../src/pipeline.js';
import { correctionHistory, getConflict, listConflicts, listReports, openStore, storeReport, type Db } from '../src/store/index.js';
import { upsertUser } from '../src/store/web-queries.js';
import { buildApp } from '../src/web/app.js';
import { PAGE_DPI } from '../src/web/page-images.js';
import { hashPassword } from '../src/web/password.js';
import { ARTIFACTS, E2E_SECRET, launchChromium, runBrowserTests, signIn } from './e2e.browser.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const TEXT_PDF = join(FIXTURES, 'tien-dong-2023-q3.pdf');
const SCANNED_PDF = join(FIXTURES, 'scanned', 'tien-dong-2023-q3.scanned.pdf');

type Box = [number, number, number, number];

/** Words of one page with their boxes (PDF points, top-down), as pdftotext -bbox gives them. */
function pdfWords(file: string, page: number): { text: string; box: Box }[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5]!,
    box: [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])],
  }));
}

/** The highlighted box of one side's figure, converted back from screen pixels to PDF points. */
async function shownBox(page: Page, side: number): Promise<{ box: Box; pageNo: number }> {
  const fig = page.locator(`figure.page-image[data-side="${side}"]`);
  await fig.scrollIntoViewIfNeeded();
  await expect.poll(() => fig.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 60_000 }).toBe(true);
  await expect.poll(() => fig.locator('.page-box').count()).toBe(1);
  const got = await fig.evaluate((el, dpi) => {
    const img = el.querySelector('img') as HTMLImageElement;
    const mark = el.querySelector('.page-box') as HTMLElement;
    const i = img.getBoundingClientRect();
    const m = mark.getBoundingClientRect();
    const cs = getComputedStyle(mark);
    // The mark's border and padding stand outside its content box, which is the value's box.
    const inset = parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft);
    const pt = (img.naturalWidth * 72) / dpi / i.width; // PDF points per CSS pixel
    const left = m.left + inset - i.left;
    const top = m.top + inset - i.top;
    const w = m.width - 2 * inset;
    const h = m.height - 2 * inset;
    return { box: [left * pt, top * pt, (left + w) * pt, (top + h) * pt], pageNo: Number(el.getAttribute('data-page')) };
  }, PAGE_DPI);
  return { box: got.box as Box, pageNo: got.pageNo };
}

const overlap = (a: Box, b: Box) => Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
const area = (a: Box) => (a[2] - a[0]) * (a[3] - a[1]);

/**
 * The box drawn is over the printed value of the right row: it covers most of the word `value` that
 * pdftotext finds on the row whose code is `code` (same line), and no other word of that row.
 */
function expectOverCell(shown: Box, words: { text: string; box: Box }[], code: string, value: string): void {
  const codeWord = words.find((w) => w.text === code);
  expect(codeWord, `row code ${code} printed on the page`).toBeDefined();
  const midY = (b: Box) => (b[1] + b[3]) / 2;
  const sameRow = words.filter((w) => Math.abs(midY(w.box) - midY(codeWord!.box)) < 4);
  const printed = sameRow.find((w) => w.text === value);
  expect(printed, `"${value}" printed on row ${code}`).toBeDefined();
  expect(overlap(shown, printed!.box) / area(printed!.box), `box ${shown.map((n) => n.toFixed(1))} over ${printed!.box}`).toBeGreaterThan(0.6);
  for (const w of sameRow) if (w !== printed) expect(overlap(shown, w.box) / area(w.box), `box over "${w.text}"`).toBeLessThan(0.2);
}

interface Site {
  db: Db;
  app: Awaited<ReturnType<typeof buildApp>>;
  base: string;
  reportId: number;
}

describe.skipIf(!runBrowserTests)('the printed page beside the value', () => {
  let dir: string;
  let cache: string;
  let browser: Browser;
  // One store each: two files of one unit and period would be versions of one report, and the export
  // carries only the standing one; each file here is reviewed and exported as a report of its own.
  let text: Site;
  let scan: Site;
  let scanCopy: string;
  const savedCache = process.env.SOHOA_PAGE_CACHE;

  async function site(name: string, file: string): Promise<Site> {
    const db = await openStore({ dataDir: join(dir, name) });
    const { value: record } = await extractFile(file);
    const { reportId } = await storeReport(db, record, { paths: [file] });
    await upsertUser(db, { name: 'lan.nguyen', role: 'reviewer', passwordHash: await hashPassword('mật-khẩu-rà-soát') });
    const app = await buildApp({ db, secret: E2E_SECRET });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    return { db, app, base, reportId };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-e2e-pages-'));
    cache = join(dir, 'page-images');
    process.env.SOHOA_PAGE_CACHE = cache;
    await mkdir(ARTIFACTS, { recursive: true });
    // The scan is imported from a copy, so the test can take the file away later.
    scanCopy = join(dir, 'bao-cao-scan.pdf');
    await copyFile(SCANNED_PDF, scanCopy);
    text = await site('text', TEXT_PDF);
    scan = await site('scan', scanCopy);
    expect(await listReports(scan.db)).toHaveLength(1);
    const { rows } = await scan.db.query<{ record: { pageInfo: { method: string }[] } }>('SELECT record FROM reports');
    expect(rows[0]!.record.pageInfo.some((p) => p.method === 'ocr')).toBe(true);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of [text, scan]) {
      await s?.app.close();
      await s?.db.close();
    }
    if (savedCache === undefined) delete process.env.SOHOA_PAGE_CACHE;
    else process.env.SOHOA_PAGE_CACHE = savedCache;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function csvLine(page: Page, { base, reportId }: Site, ref: string): Promise<string | undefined> {
    const res = await page.request.get(`${base}/export?format=csv`);
    expect(res.status()).toBe(200);
    return (await res.text()).split('\n').find((l) => l.includes(`,${ref},`) && l.trimEnd().endsWith(`,${reportId}`));
  }

  it('text PDF: the page with the box over the rate cell; corrected from the page, in the export', async () => {
    const { db, base, reportId } = text;
    const conflict = (await listConflicts(db, { reportId, rule: 'rate_mismatch' })).find((c) => c.refs[0] === 'form1:2');
    if (!conflict) throw new Error('the text PDF no longer raises the Biểu mẫu 1 item 2 rate conflict');
    const page = await signIn(browser, base, 'lan.nguyen', 'mật-khẩu-rà-soát');
    await page.goto(`${base}/conflicts/${conflict.id}`);
    expect(await page.locator('figure.page-image').count()).toBe(3);
    expect(await page.locator('figure.page-image img').first().getAttribute('loading')).toBe('lazy');

    const { box, pageNo } = await shownBox(page, 0);
    expect(pageNo).toBe(11);
    expectOverCell(box, pdfWords(TEXT_PDF, pageNo), '2.', '100');
    // The other sides: 2.2 (20) and 2.1 (26), each over its own cell.
    expectOverCell((await shownBox(page, 1)).box, pdfWords(TEXT_PDF, 11), '2.2.', '20');
    expectOverCell((await shownBox(page, 2)).box, pdfWords(TEXT_PDF, 11), '2.1.', '26');
    await page.screenshot({ path: join(ARTIFACTS, 'page-image-text-pdf.png'), fullPage: true });

    // Rendered once into the cache: the same page again comes from it.
    const files = await readdir(join(cache, (await getConflict(db, conflict.id)).report.sourceSha256.slice(0, 2)));
    expect(files.filter((f) => f.endsWith('-p11-110.png'))).toHaveLength(1);
    const again = await page.request.get(`${base}/pages/${reportId}/11.png`);
    expect(again.headers()['content-type']).toBe('image/png');
    expect(again.headers()['x-sohoa-render']).toBe('cache');

    // Keyboard: "t" shows the whole page and back; "r" takes the first side's field to the value box.
    await page.locator('body').press('Escape');
    const windowHeight = () => page.locator('figure.page-image[data-side="0"] .page-window').evaluate((e) => e.clientHeight);
    const cropped = await windowHeight();
    await page.keyboard.press('t');
    await expect.poll(windowHeight).toBeGreaterThan(cropped * 2);
    await page.locator('figure.page-image[data-side="0"]').screenshot({ path: join(ARTIFACTS, 'page-image-text-pdf-full-page.png') });
    await page.keyboard.press('t');
    await expect.poll(windowHeight).toBe(cropped);
    await page.keyboard.press('r');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('value');
    expect(await page.locator('#ref').inputValue()).toBe('form1:2');
    await page.keyboard.type('76,92');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname !== `/conflicts/${conflict.id}` && u.searchParams.get('ok') === 'correct');

    const [stored] = await correctionHistory(db, { reportId, ref: 'form1:2' });
    expect(stored).toMatchObject({ oldValue: 100, newValue: 76.92, author: 'lan.nguyen' });
    expect(stored!.readFrom?.page).toBe(11);
    expectOverCell(stored!.readFrom!.box!, pdfWords(TEXT_PDF, 11), '2.', '100');
    await page.goto(`${base}/conflicts/${conflict.id}`);
    expect(await page.locator('table.history tbody tr').first().textContent()).toMatch(/76,92.*trang 11/s);
    expect(await csvLine(page, text, 'form1:2')).toContain(',100,100,76.92,đã sửa,');
    await page.context().close();
  }, 240_000);

  it('scanned PDF: the scan page with the OCR box over the cell; corrected from the page, in the export', async () => {
    const { db, base, reportId } = scan;
    const conflict = (await listConflicts(db, { reportId, rule: 'subitem_exceeds_total' })).find((c) => c.refs[0] === 'form3:1.4');
    if (!conflict) throw new Error('the scanned PDF no longer raises the Biểu mẫu 3 row 1.4 conflict');
    const page = await signIn(browser, base, 'lan.nguyen', 'mật-khẩu-rà-soát');
    await page.goto(`${base}/conflicts/${conflict.id}`);
    const { box, pageNo } = await shownBox(page, 0);
    expect(pageNo).toBe(12);
    // The scan has no text layer: the cell's place is checked against the same page of the text PDF
    // the scan was printed from.
    expectOverCell(box, pdfWords(TEXT_PDF, pageNo), '1.4', '164');
    await page.screenshot({ path: join(ARTIFACTS, 'page-image-scanned-pdf.png'), fullPage: true });

    await page.locator('body').press('Escape');
    await page.keyboard.press('r');
    expect(await page.locator('#ref').inputValue()).toBe('form3:1.4');
    await page.keyboard.type('176');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname !== `/conflicts/${conflict.id}` && u.searchParams.get('ok') === 'correct');
    const [stored] = await correctionHistory(db, { reportId, ref: 'form3:1.4' });
    expect(stored).toMatchObject({ oldValue: 164, newValue: 176 });
    expect(stored!.readFrom?.page).toBe(12);
    expect(await csvLine(page, scan, 'form3:1.4')).toContain(',164,164,176,đã sửa,');

    // The file taken away and the cache cleared: the page says so in Vietnamese, the image URL too.
    await rm(scanCopy);
    await rm(cache, { recursive: true, force: true });
    await page.goto(`${base}/conflicts/${conflict.id}`);
    expect(await page.locator('.page-missing').textContent()).toContain('Không tìm thấy tệp gốc');
    expect(await page.locator('figure.page-image').count()).toBe(0);
    const gone = await page.request.get(`${base}/pages/${reportId}/12.png`);
    expect(gone.status()).toBe(404);
    expect(await gone.text()).toContain('Không tìm thấy tệp gốc');
    await page.screenshot({ path: join(ARTIFACTS, 'page-image-source-gone.png'), fullPage: true });
    await page.context().close();
  }, 240_000);

  it('never serves a page image without a session', async () => {
    const stranger = await browser.newContext();
    for (const url of [`${text.base}/pages/${text.reportId}/11.png`, `${scan.base}/pages/${scan.reportId}/1.png`, `${text.base}/pages/assets/page-image.js`]) {
      const res = await stranger.request.get(url, { maxRedirects: 0 });
      expect([303, 401], url).toContain(res.status());
      expect(res.headers()['content-type'] ?? '', url).not.toContain('image/png');
      if (res.status() === 303) expect(res.headers().location).toMatch(/^\/login\?next=/);
      const json = await stranger.request.get(url, { maxRedirects: 0, headers: { accept: 'application/json' } });
      expect([303, 401]).toContain(json.status());
    }
    await stranger.close();
  }, 60_000);
});
