import type { Browser } from 'playwright-core';
import { Api, identificationDeclaration } from '../support/api';
import { sharedStack } from '../support/shared-stack';
import { expectPortalServed, launchBrowser, signIn } from './portal-support';

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

describe('personal data on the case page', () => {
  it('shows an official masked values, reveals one after a reason, and the auditor sees the reveal but not the value', async () => {
    const declaration = identificationDeclaration();
    const declared = await api.post('village.xiaoshi', '/identification/cases', declaration);
    const caseId: string = declared.body.id;
    const headId = declaration.data.householdHead.idNumber;

    const officer = await signIn(browser, gatewayUrl, 'village.xiaoshi');
    const page = officer.page;
    await page.goto(`/cases/identification/${caseId}`);
    const idCell = page.getByTestId('data-householdHead.idNumber');
    await idCell.waitFor();
    expect(await idCell.textContent()).toContain(`${headId.slice(0, 4)}**********${headId.slice(-4)}`);
    expect(await page.getByTestId('data-perCapitaNetIncomeYuan').textContent()).toContain('已隐藏');
    expect(await page.content()).not.toContain(headId);

    await page.getByTestId('reveal-householdHead.idNumber').click();
    await page.getByTestId('reveal-reason-householdHead.idNumber').fill('入户核实户主身份');
    await page.getByTestId('reveal-confirm-householdHead.idNumber').click();
    const revealed = page.getByTestId('revealed-householdHead.idNumber');
    await revealed.waitFor();
    expect(await revealed.textContent()).toContain(headId);
    await officer.context.close();

    const auditor = await signIn(browser, gatewayUrl, 'auditor');
    await auditor.page.goto(`/cases/identification/${caseId}`);
    await auditor.page.getByTestId('data-householdHead.idNumber').waitFor();
    expect(await auditor.page.getByTestId('reveal-householdHead.idNumber').count()).toBe(0);
    expect(await auditor.page.content()).not.toContain(headId);
    await auditor.page.goto(`/audit`);
    await auditor.page.getByTestId('audit-case-id').fill(caseId);
    await auditor.page.getByTestId('audit-search').click();
    const row = auditor.page.getByTestId('audit-reveal-row');
    await row.first().waitFor();
    const text = await row.first().textContent();
    expect(text).toContain('入户核实户主身份');
    expect(text).toContain('householdHead.idNumber');
    expect(await auditor.page.content()).not.toContain(headId);
    await auditor.context.close();
  }, 180_000);
});
