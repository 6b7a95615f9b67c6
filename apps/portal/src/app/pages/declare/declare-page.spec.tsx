import { fireEvent, screen, waitFor } from '@testing-library/react';
import { housingCase } from '../../../testing/fixtures';
import { demoUsers, mockApi, renderApp, signIn } from '../../../testing/mock-api';

beforeEach(() => signIn(demoUsers.village));
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

function fillIdentification(headId: string) {
  type('field-householdHead.name', '张三');
  type('field-householdHead.idNumber', headId);
  type('field-perCapitaNetIncomeYuan', '2800');
  type('field-povertyCause', 'illness');
  type('field-attribute', 'general');
  fireEvent.click(screen.getByTestId('field-assessment.food'));
}

describe('declare page', () => {
  it('stops a wrong check digit in the browser and names the field', async () => {
    const { calls } = mockApi({ 'GET /me': { status: 200, body: demoUsers.village } });
    renderApp('/declare/identification');
    await screen.findByTestId('declare-form');
    fillIdentification('210521198001010012');
    fireEvent.click(screen.getByTestId('declare-submit'));
    expect((await screen.findByTestId('error-householdHead.idNumber')).textContent).toBe('户主身份证号校验位不正确，请核对');
    expect(screen.getByTestId('form-errors').textContent).toContain('户主身份证号校验位不正确');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('posts the case with the officer’s township and village, then opens it', async () => {
    const { calls } = mockApi({
      'GET /me': { status: 200, body: demoUsers.village },
      'POST /identification/cases': { status: 201, body: housingCase({ id: 'I-1', service: 'identification', stage: 'application' }) },
      'GET /identification/cases/I-1': { status: 200, body: housingCase({ id: 'I-1', service: 'identification', stage: 'application' }) },
    });
    renderApp('/declare/identification');
    await screen.findByTestId('declare-form');
    fillIdentification('210521198001010011');
    fireEvent.click(screen.getByTestId('member-add'));
    type('field-members.1.name', '李四');
    type('field-members.1.idNumber', '210521197506070031');
    type('field-members.1.relation', '配偶');
    fireEvent.click(screen.getByTestId('declare-submit'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/cases/identification/I-1'));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({
      townshipCode: '210521100000',
      villageCode: '210521100201',
      data: {
        householdHead: { name: '张三', idNumber: '210521198001010011' },
        members: [
          { name: '张三', relation: '户主' },
          { name: '李四', idNumber: '210521197506070031', relation: '配偶' },
        ],
        perCapitaNetIncomeYuan: 2800,
      },
    });
    expect((await screen.findByTestId('action-success')).textContent).toContain('申报已保存');
    expect(sessionStorage.getItem('portal.draft.declare.identification')).toBeNull();
  });

  it('shows a server validation error next to the field it names', async () => {
    mockApi({
      'GET /me': { status: 200, body: demoUsers.village },
      'POST /identification/cases': {
        status: 400,
        body: { statusCode: 400, code: 'REQUEST.VALIDATION_FAILED', message: 'data.perCapitaNetIncomeYuan: Too big: expected number to be <=100000000', field: 'data.perCapitaNetIncomeYuan' },
      },
    });
    renderApp('/declare/identification');
    await screen.findByTestId('declare-form');
    fillIdentification('210521198001010011');
    fireEvent.click(screen.getByTestId('declare-submit'));
    expect((await screen.findByTestId('error-perCapitaNetIncomeYuan')).textContent).toBe(
      '提交的数据有误（data.perCapitaNetIncomeYuan: Too big: expected number to be <=100000000）',
    );
  });

  it('picks a household from the village roster and shows a 422 as a message', async () => {
    const household = (id: string, headName: string) => ({
      id,
      headName,
      townshipCode: '210521100000',
      villageCode: '210521100201',
      villageName: '上堡村',
      size: 3,
      attribute: 'general',
      povertyCause: 'illness',
      status: 'notExited',
    });
    const { calls } = mockApi({
      'GET /me': { status: 200, body: demoUsers.village },
      'GET /households': {
        status: 200,
        body: { items: [household('6f1c0a52-0000-4000-8000-000000000001', '赵六'), household('6f1c0a52-0000-4000-8000-000000000002', '钱七')], nextCursor: null, total: 2, totalCapped: false, pageSize: 200 },
      },
      'POST /housing/cases': { status: 422, body: { statusCode: 422, code: 'HOUSEHOLD.UNKNOWN', message: 'Household is not in the roster' } },
    });
    renderApp('/declare/housing');
    expect(await screen.findAllByTestId('household-option')).toHaveLength(2);
    expect(calls.find((c) => c.path === '/households')?.query.get('village')).toBe('210521100201');
    type('household-search', '赵');
    const options = screen.getAllByTestId('household-option');
    expect(options).toHaveLength(1);
    fireEvent.click(options[0]);
    expect(screen.getByTestId('household-picked').textContent).toContain('赵六');
    type('field-appraisalGrade', 'D');
    fireEvent.click(screen.getByTestId('declare-submit'));
    expect((await screen.findByTestId('declare-error')).textContent).toBe('该农户不在建档立卡名单中（Household is not in the roster）');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      householdId: '6f1c0a52-0000-4000-8000-000000000001',
      townshipCode: '210521100000',
      villageCode: '210521100201',
      data: { householdId: '6f1c0a52-0000-4000-8000-000000000001', appraisalGrade: 'D' },
    });
  });

  it('reads every page of the village roster into the household picker', async () => {
    const household = (id: string, headName: string) => ({
      id,
      headName,
      townshipCode: '210521100000',
      villageCode: '210521100201',
      size: 2,
      attribute: 'general',
      povertyCause: 'illness',
      status: 'notExited',
    });
    const { calls } = mockApi({
      'GET /me': { status: 200, body: demoUsers.village },
      'GET /households': (call) =>
        call.query.get('cursor') === 'MjAxOS0wM3xoaC0x'
          ? { status: 200, body: { items: [household('HH-2', '孙八')], nextCursor: null, total: 2, totalCapped: false, pageSize: 200 } }
          : { status: 200, body: { items: [household('HH-1', '周九')], nextCursor: 'MjAxOS0wM3xoaC0x', total: 2, totalCapped: false, pageSize: 200 } },
    });
    renderApp('/declare/housing');
    await waitFor(() => expect(screen.getAllByTestId('household-option')).toHaveLength(2));
    const rosterCalls = calls.filter((c) => c.path === '/households');
    expect(rosterCalls.map((c) => c.query.get('cursor'))).toEqual([null, 'MjAxOS0wM3xoaC0x']);
    expect(rosterCalls.every((c) => c.query.get('village') === '210521100201' && !c.query.has('page'))).toBe(true);
    expect(screen.queryByTestId('household-roster-partial')).toBeNull();
    type('household-search', '孙');
    fireEvent.click(screen.getByTestId('household-option'));
    expect(screen.getByTestId('household-picked').textContent).toContain('孙八');
  });

  it('lets only village officers declare', async () => {
    signIn(demoUsers.township);
    mockApi({ 'GET /me': { status: 200, body: demoUsers.township } });
    renderApp('/declare/identification');
    expect((await screen.findByRole('heading', { name: '无权访问' })).textContent).toBe('无权访问');
  });

  it('keeps what was typed when the session expires mid-form', async () => {
    mockApi({ 'GET /me': { status: 200, body: demoUsers.village } });
    const first = renderApp('/declare/identification');
    await screen.findByTestId('declare-form');
    type('field-householdHead.name', '张三');
    first.unmount();
    renderApp('/declare/identification');
    expect(await screen.findByTestId('draft-restored')).toBeTruthy();
    expect((screen.getByTestId('field-householdHead.name') as HTMLInputElement).value).toBe('张三');
  });
});
