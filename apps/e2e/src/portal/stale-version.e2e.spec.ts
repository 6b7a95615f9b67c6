import type { Browser } from 'playwright-core';
import { Api, identificationCase } from '../support/api';
import { sharedStack } from '../support/shared-stack';
import { act, caseVersion, expectPortalServed, launchBrowser, signIn } from './portal-support';

const gatewayUrl = sharedStack().gatewayUrl;
const api = new Api(gatewayUrl);
let browser: Browser;

beforeAll(async () => {
  await expectPortalServed(gatewayUrl);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('a stale version on the case page', () => {
  it('explains that someone else acted first and refreshes the page instead of overwriting', async () => {
    const caseId = await identificationCase(api, 'county');
    const first = await signIn(browser, gatewayUrl, 'county.poverty');
    const second = await signIn(browser, gatewayUrl, 'county.poverty.2');
    for (const { page } of [first, second]) {
      await page.goto(`/cases/identification/${caseId}`);
      await page.getByTestId('action-approve').waitFor();
    }
    const seen = await caseVersion(second.page);
    expect(await caseVersion(first.page)).toBe(seen);

    await act(first.page, 'approve', (f) => f.getByTestId('action-comment').fill('县扶贫办审定'));
    await second.page.getByTestId('action-approve').click();
    await second.page.getByTestId('action-comment').fill('同意');
    await second.page.getByTestId('action-confirm').click();

    const banner = second.page.getByTestId('conflict-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('该案件已被他人处理，页面已刷新');
    await second.page.waitForFunction(
      (v) => Number(document.querySelector('[data-testid="case-page"]')?.getAttribute('data-version')) > v,
      seen,
    );
    expect(await second.page.getByTestId('action-approve').count()).toBe(0);
    // The refreshed page shows who acted first.
    expect(await second.page.getByTestId('case-timeline').textContent()).toContain('刘洋');
    expect(await second.page.getByTestId('action-success').count()).toBe(0);
    // One approval at the county level, by the officer who acted first.
    const history = (await api.get('county.poverty', `/identification/cases/${caseId}`)).body.history as Array<{ action: string; level: string | null; actorName: string }>;
    expect(history.filter((h) => h.action === 'approve' && h.level === 'county').map((h) => h.actorName)).toEqual([expect.stringContaining('刘洋')]);
  }, 180_000);
});
