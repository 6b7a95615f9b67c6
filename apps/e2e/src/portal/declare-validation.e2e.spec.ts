import type { Browser, Page, Request } from 'playwright-core';
import { nextIdNumber, withBadCheckDigit } from '../support/api';
import { sharedStack } from '../support/shared-stack';
import { expectPortalServed, launchBrowser, signIn } from './portal-support';

const gatewayUrl = sharedStack().gatewayUrl;
let browser: Browser;
let page: Page;
const declarations: Request[] = [];

beforeAll(async () => {
  await expectPortalServed(gatewayUrl);
  browser = await launchBrowser();
  ({ page } = await signIn(browser, gatewayUrl, 'village.xiaoshi'));
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/identification/cases') declarations.push(r);
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

/** A form that is valid apart from what each test changes. */
async function fillDeclaration(headName: string, headIdNumber: string) {
  await page.goto('/declare/identification');
  const form = page.getByTestId('declare-form');
  await form.getByTestId('field-householdHead.name').fill(headName);
  await form.getByTestId('field-householdHead.idNumber').fill(headIdNumber);
  await form.getByTestId('field-perCapitaNetIncomeYuan').fill('2500');
  await form.getByTestId('field-povertyCause').selectOption('illness');
  await form.getByTestId('field-attribute').selectOption('general');
}

describe('validation errors on the declare form', () => {
  it('catches an ID number with a bad check digit before sending, naming the field in Chinese', async () => {
    const valid = nextIdNumber();
    const badCheckDigit = withBadCheckDigit(valid);
    await fillDeclaration('冯秋实', badCheckDigit);
    await page.getByTestId('declare-submit').click();

    const error = page.getByTestId('error-householdHead.idNumber');
    await error.waitFor();
    expect(await error.textContent()).toBe('户主身份证号校验位不正确，请核对');
    expect(await page.getByTestId('form-errors').textContent()).toContain('户主身份证号校验位不正确');
    expect(await page.getByTestId('field-householdHead.idNumber').getAttribute('aria-invalid')).toBe('true');
    expect(declarations).toHaveLength(0);
    expect(new URL(page.url()).pathname).toBe('/declare/identification');
  });

  it('shows a field error the server found next to that field', async () => {
    declarations.length = 0;
    // Longer than the 50 characters the contract allows; the browser does not check length.
    await fillDeclaration('冯'.repeat(51), nextIdNumber());
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/identification/cases');
    await page.getByTestId('declare-submit').click();
    expect((await answered).status()).toBe(400);

    const error = page.getByTestId('error-householdHead.name');
    await error.waitFor();
    expect(await error.textContent()).toContain('提交的数据有误');
    expect(await page.getByTestId('field-householdHead.name').getAttribute('aria-invalid')).toBe('true');
    expect(declarations).toHaveLength(1);
    expect(new URL(page.url()).pathname).toBe('/declare/identification');
  });
});
