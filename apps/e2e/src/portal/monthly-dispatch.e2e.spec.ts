import type { Browser } from 'playwright-core';
import { sharedStack } from '../support/shared-stack';
import { expectPortalServed, launchBrowser, signIn } from './portal-support';

const gatewayUrl = sharedStack().gatewayUrl;
let browser: Browser;

beforeAll(async () => {
  await expectPortalServed(gatewayUrl);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the 月度调度 page', () => {
  it('shows every township with charts, and downloads the month as XLSX and PDF', async () => {
    const { context, page } = await signIn(browser, gatewayUrl, 'county.poverty');
    await page.getByTestId('nav-dispatch').click();
    await page.getByTestId('dispatch-table').waitFor();
    expect(await page.getByTestId('dispatch-row').count()).toBe(13);
    expect(await page.getByTestId('chart-money').locator('svg').getAttribute('aria-label')).toContain('小市镇');
    for (const format of ['xlsx', 'pdf'] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`dispatch-export-${format}`).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^一月一调度-2019-12\\.${format}$`));
    }
    expect(await page.getByTestId('dispatch-export-error').count()).toBe(0);
    await context.close();
  }, 180_000);

  it('gives a township reviewer their own township only', async () => {
    const { context, page } = await signIn(browser, gatewayUrl, 'township.xiaoshi');
    await page.goto('/dispatch?year=2019&month=6');
    await page.getByTestId('dispatch-table').waitFor();
    const rows = page.getByTestId('dispatch-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-township')).toBe('210521100000');
    await context.close();
  }, 180_000);
});
