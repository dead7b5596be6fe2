// What the browser tests share: Debian's Chromium (headless, no sandbox), whether to run them (CI
// sets SOHOA_REQUIRE_SERVICES and installs chromium: there a missing browser is a failure, not a
// skip), the server's test secret, where screenshots go, and signing in through the real form.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');
export const runBrowserTests = existsSync(CHROMIUM) || Boolean(process.env.SOHOA_REQUIRE_SERVICES);
export const E2E_SECRET = 'e2e-secret-0123456789-0123456789-0123456789';
export const REVIEWER_CONTEXT: BrowserContextOptions = { locale: 'vi-VN', viewport: { width: 1366, height: 900 } };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Fills the sign-in form the page is on and sends it. */
export async function fillSignIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(name);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** A new context signed in as `name`, on the home page. */
export async function signIn(browser: Browser, base: string, name: string, password: string, context: BrowserContextOptions = REVIEWER_CONTEXT): Promise<Page> {
  const page = await (await browser.newContext(context)).newPage();
  await page.goto(`${base}/login`);
  await fillSignIn(page, name, password);
  await page.waitForURL(`${base}/`);
  return page;
}
