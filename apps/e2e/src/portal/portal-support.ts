/**
 * Browser tests of the portal: Debian's chromium driven by playwright-core against the shared
 * stack's gateway, which serves dist/apps/portal (global setup builds it when stale). Run alone:
 *   E2E_PRIVATE_NATS=1 E2E_DB=poverty_e2e_portal npx jest -c apps/e2e/jest.config.cts portal
 * Screenshots go to screenshots/ at the repository root (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/api';

/** Debian's chromium; playwright-core drives it and never downloads a browser of its own. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Waits (not assertions) are generous: the stack and the browser share two busy cores. */
export const WAIT_MS = 45_000;
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };
export const SCREENSHOT_DIR = join(__dirname, '../../../../screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Fails early and clearly when the gateway was started without a built portal. */
export async function expectPortalServed(gatewayUrl: string): Promise<void> {
  const response = await fetch(`${gatewayUrl}/public`);
  const html = await response.text();
  if (!response.ok || !html.includes('<div id="root"')) {
    throw new Error(`the gateway does not serve the portal (GET /public → ${response.status}); build it with \`npx nx build portal\``);
  }
}

/** A fresh browser session: its own cookies and sessionStorage, as on another person's device. */
export async function newSession(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: DESKTOP });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  const page = await context.newPage();
  return { context, page };
}

/** Signs a demo user in through the login form; lands on the user's home page. */
export async function signIn(browser: Browser, baseURL: string, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const session = await newSession(browser, baseURL);
  const { page } = session;
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  return session;
}

export const byCaseId = (page: Page, testId: string, caseId: string): Locator =>
  page.locator(`[data-testid="${testId}"][data-case-id="${caseId}"]`);

/**
 * Shows the case's row in the 待办 inbox, loading more pages (oldest first, 50 a page) the way an
 * approver does while the row is not on those loaded yet.
 */
export async function findInInbox(page: Page, caseId: string): Promise<Locator> {
  await page.getByTestId('nav-inbox').click();
  const row = byCaseId(page, 'inbox-row', caseId);
  const more = page.getByTestId('load-more');
  await page.locator('[data-testid="inbox-summary"], [data-testid="inbox-empty"]').first().waitFor();
  for (;;) {
    if ((await row.count()) > 0) return row;
    if ((await more.count()) === 0) throw new Error(`case ${caseId} is not in the inbox`);
    const shown = await page.getByTestId('inbox-row').count();
    await more.click();
    await page.waitForFunction((before) => document.querySelectorAll('[data-testid="inbox-row"]').length > before || !document.querySelector('[data-testid="load-more"]'), shown);
  }
}

/** Opens a case the way an approver does: from the 待办 inbox. */
export async function openFromInbox(page: Page, caseId: string): Promise<void> {
  await (await findInInbox(page, caseId)).getByTestId('inbox-link').click();
  await page.getByTestId('case-page').waitFor();
}

/** Takes one of the allowed actions on the open case page and waits for the server's answer. */
export async function act(page: Page, action: string, fill: (form: Locator) => Promise<void> = async () => undefined): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  const form = page.getByTestId('action-form');
  await fill(form);
  await form.getByTestId('action-confirm').click();
  // Done when the form closes (success) or an error shows; a flash left by the page before does not count.
  await page.waitForFunction(() =>
    ['action-error', 'conflict-banner', 'form-errors'].some((id) => document.querySelector(`[data-testid="${id}"]`)) ||
    !document.querySelector('[data-testid="action-form"]'),
  );
  const refused = page.locator('[data-testid="action-error"], [data-testid="conflict-banner"], [data-testid="form-errors"]');
  if (await refused.count()) throw new Error(`${action} was refused: ${await refused.first().textContent()}`);
  expect(await page.getByTestId('action-success').textContent()).toContain('已办理');
}

export async function caseVersion(page: Page): Promise<number> {
  return Number(await page.getByTestId('case-page').getAttribute('data-version'));
}

/**
 * Reloads until `target` shows. For what changes on the server without this page's doing
 * (a timer ending the notice, a case reaching the board); `loaded` marks a finished render.
 */
export async function reloadUntil(page: Page, target: Locator, loaded: Locator, what: string, timeoutMs = WAIT_MS, pauseMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await loaded.first().waitFor();
    if ((await target.count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    if (pauseMs) await page.waitForTimeout(pauseMs);
    await page.reload();
  }
}

/** Full-page screenshots at phone and desktop width: `screenshots/<name>-375.png`, `<name>-1280.png`. */
export async function screenshotBothWidths(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const files: string[] = [];
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const file = `${name}-${viewport.width}.png`;
    await page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage: true });
    files.push(file);
  }
  return files;
}
