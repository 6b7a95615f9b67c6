import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CaseDetail } from '../../../api/types';
import { housingCase } from '../../../testing/fixtures';
import { demoUsers, mockApi, renderApp, signIn } from '../../../testing/mock-api';
import { buildActionRequest } from './action-panel';

const PATH = '/housing/cases/H-2019-0001';

beforeEach(() => signIn(demoUsers.township));
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function stub(getCase: () => CaseDetail, act: Parameters<typeof mockApi>[0][string]) {
  return mockApi({
    'GET /me': { status: 200, body: demoUsers.township },
    [`GET ${PATH}`]: () => ({ status: 200, body: getCase() }),
    [`POST ${PATH}/actions`]: act,
  });
}

describe('case page', () => {
  it('shows data, amounts with their rule, acceptance checks and every transition', async () => {
    stub(() => housingCase(), { status: 500 });
    renderApp('/cases/housing/H-2019-0001');
    expect(await screen.findByRole('heading', { level: 1, name: '张三户危房改造' })).toBeTruthy();
    expect(screen.getByTestId('data-appraisalReport').textContent).toBe('本县鉴字〔2019〕12号');
    expect(screen.getByTestId('data-appraisalGrade').textContent).toBe('D 级（整栋危险）');
    expect(screen.getByTestId('data-method').textContent).toBe('拆除重建');
    expect(screen.getByTestId('data-household.status').textContent).toBe('未脱贫');
    const amount = screen.getByTestId('amount-subsidy');
    expect(amount.textContent).toContain('45,000.00 元');
    expect(amount.textContent).toContain('D 级危房补助 45,000 元');
    expect(screen.getByTestId('acceptance-completionInspection').textContent).toContain('竣工联合验收');
    expect(screen.getByTestId('acceptance-completionInspection').textContent).toContain('待登记');
    // people are named, not shown by id
    expect(screen.getByTestId('acceptance-moveIn').textContent).toContain('王村官');
    expect(screen.getByText('申报人').nextElementSibling?.textContent).toBe('王村官');
    const entries = screen.getAllByTestId('timeline-entry');
    expect(entries).toHaveLength(2);
    expect(entries[0].textContent).toContain('提交');
    expect(entries[0].textContent).toContain('王村官');
    expect(entries[0].textContent).toContain('村级经办');
    expect(entries[0].textContent).toContain('村级');
    expect(entries[0].textContent).toContain('房屋墙体开裂');
    expect(entries[0].textContent).toContain('2019-04-01 10:00');
  });

  it('offers exactly the allowed actions', async () => {
    stub(() => housingCase(), { status: 500 });
    renderApp('/cases/housing/H-2019-0001');
    await screen.findByTestId('action-approve');
    const buttons = within(screen.getByRole('group', { name: '可办理的操作' })).getAllByRole('button');
    expect(buttons.map((b) => b.getAttribute('data-testid'))).toEqual(['action-approve', 'action-return', 'action-reject']);
    expect(screen.queryByTestId('action-accept')).toBeNull();
  });

  it('shows no actions to a reader without any', async () => {
    stub(() => housingCase({ allowedActions: [] }), { status: 500 });
    renderApp('/cases/housing/H-2019-0001');
    expect((await screen.findByTestId('no-actions')).textContent).toContain('当前没有需要您办理的操作');
  });

  it('approves with the comment and the case version, then shows the new state', async () => {
    const { calls } = stub(() => housingCase(), (call) => ({
      status: 200,
      body: housingCase({ version: 4, state: 'review.county', currentLevel: 'county', allowedActions: [] }),
    }));
    renderApp('/cases/housing/H-2019-0001');
    fireEvent.click(await screen.findByTestId('action-approve'));
    fireEvent.change(screen.getByTestId('action-comment'), { target: { value: '情况属实' } });
    fireEvent.click(screen.getByTestId('action-confirm'));
    expect((await screen.findByTestId('action-success')).textContent).toContain('已办理：同意');
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ action: 'approve', expectedVersion: 3, comment: '情况属实' });
    expect(screen.getByTestId('case-version').textContent).toBe('4');
  });

  it('will not reject without a reason', async () => {
    const { calls } = stub(() => housingCase(), { status: 500 });
    renderApp('/cases/housing/H-2019-0001');
    fireEvent.click(await screen.findByTestId('action-reject'));
    fireEvent.click(screen.getByTestId('action-confirm'));
    expect((await screen.findByTestId('error-comment')).textContent).toBe('请填写驳回理由');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('asks whom to return the case to and sends it as data.to', async () => {
    const { calls } = stub(() => housingCase(), { status: 200, body: housingCase({ version: 4, allowedActions: [] }) });
    renderApp('/cases/housing/H-2019-0001');
    fireEvent.click(await screen.findByTestId('action-return'));
    fireEvent.click(screen.getByTestId('action-confirm'));
    expect((await screen.findByTestId('error-returnTo')).textContent).toContain('退回给申报人还是上一级');
    fireEvent.click(screen.getByTestId('action-return-to-applicant'));
    fireEvent.click(screen.getByTestId('action-confirm'));
    await screen.findByTestId('action-success');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'return', expectedVersion: 3, data: { to: 'applicant' } });
  });

  it('on 409 warns that someone else acted, reloads the case and never overwrites', async () => {
    let version = 3;
    const { calls } = stub(
      () => housingCase({ version, state: version === 3 ? 'review.township' : 'review.county', allowedActions: version === 3 ? housingCase().allowedActions : [] }),
      () => {
        version = 4; // another reviewer got there first
        return { status: 409, body: { statusCode: 409, code: 'CASE.STALE_VERSION', message: 'stale' } };
      },
    );
    renderApp('/cases/housing/H-2019-0001');
    fireEvent.click(await screen.findByTestId('action-approve'));
    fireEvent.click(screen.getByTestId('action-confirm'));
    expect((await screen.findByTestId('conflict-banner')).textContent).toContain('该案件已被他人处理，页面已刷新，请核对后重新操作');
    await waitFor(() => expect(screen.getByTestId('case-version').textContent).toBe('4'));
    expect(calls.filter((c) => c.method === 'GET' && c.path === PATH)).toHaveLength(2);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(screen.queryByTestId('action-form')).toBeNull();
    expect(screen.getByTestId('no-actions')).toBeTruthy();
  });

  it('keeps a typed comment if the page is left (e.g. the session expired) and reopened', async () => {
    stub(() => housingCase(), { status: 500 });
    const first = renderApp('/cases/housing/H-2019-0001');
    fireEvent.click(await screen.findByTestId('action-reject'));
    fireEvent.change(screen.getByTestId('action-comment'), { target: { value: '收入超标' } });
    first.unmount();
    renderApp('/cases/housing/H-2019-0001');
    fireEvent.click(await screen.findByTestId('action-reject'));
    expect((screen.getByTestId('action-comment') as HTMLTextAreaElement).value).toBe('收入超标');
  });

  it('shows the server message on 422', async () => {
    stub(() => housingCase(), { status: 422, body: { statusCode: 422, code: 'HOUSING.GRADE_NOT_ELIGIBLE', message: '只有 C 级、D 级危房可以改造' } });
    renderApp('/cases/housing/H-2019-0001');
    fireEvent.click(await screen.findByTestId('action-approve'));
    fireEvent.click(screen.getByTestId('action-confirm'));
    expect((await screen.findByTestId('action-error')).textContent).toBe('只有 C 级、D 级危房可以改造');
  });

  it('says the case is not found (or out of jurisdiction) on 404', async () => {
    mockApi({ 'GET /me': { status: 200, body: demoUsers.township } });
    renderApp('/cases/housing/NOPE');
    expect((await screen.findByTestId('case-not-found')).textContent).toContain('不在您的管辖范围内');
  });

  const maskedMedical = () =>
    housingCase({
      service: 'medical',
      data: {
        kind: 'relief',
        householdId: 'HH-001',
        patient: { name: '王五', idNumber: '2105**********0011' },
        settledOn: '2019-05-03',
        selfPaidFen: '***',
        rateBp: 6500,
        diagnosis: '***',
      },
      personalFields: [
        { path: 'patient.idNumber', kind: 'idNumbers' },
        { path: 'selfPaidFen', kind: 'health' },
        { path: 'diagnosis', kind: 'health' },
      ],
    });

  it('shows personal fields as the gateway masked them, and reveals one with a reason', async () => {
    const reveals: unknown[] = [];
    mockApi({
      'GET /me': { status: 200, body: demoUsers.township },
      [`GET ${PATH}`]: () => ({ status: 200, body: maskedMedical() }),
      'POST /medical/cases/H-2019-0001/reveal': (req) => {
        reveals.push(req.body);
        return { status: 200, body: { caseId: 'H-2019-0001', field: 'diagnosis', kind: 'health', value: '尿毒症', revealId: '1', revealedAt: '2019-05-04T00:00:00Z' } };
      },
    });
    renderApp('/cases/housing/H-2019-0001');
    const id = await screen.findByTestId('data-patient.idNumber');
    expect(id.textContent).toContain('2105**********0011');
    expect(screen.getByTestId('data-rateBp').textContent).toBe('65%');
    expect(screen.getByTestId('data-selfPaidFen').textContent).toContain('（已隐藏）');
    expect(screen.getByTestId('data-diagnosis').textContent).toContain('（已隐藏）');
    fireEvent.click(screen.getByTestId('reveal-diagnosis'));
    fireEvent.change(screen.getByTestId('reveal-reason-diagnosis'), { target: { value: '看' } });
    fireEvent.click(screen.getByTestId('reveal-confirm-diagnosis'));
    expect((await screen.findByTestId('reveal-error-diagnosis')).textContent).toContain('原因');
    expect(reveals).toEqual([]);
    fireEvent.change(screen.getByTestId('reveal-reason-diagnosis'), { target: { value: '审核救助病种' } });
    fireEvent.click(screen.getByTestId('reveal-confirm-diagnosis'));
    expect((await screen.findByTestId('revealed-diagnosis')).textContent).toContain('尿毒症');
    expect(reveals).toEqual([{ field: 'diagnosis', reason: '审核救助病种' }]);
    expect(screen.getByTestId('data-selfPaidFen').textContent).toContain('（已隐藏）');
  });

  it('offers no reveal to the auditor', async () => {
    signIn(demoUsers.auditor);
    mockApi({ 'GET /me': { status: 200, body: demoUsers.auditor }, [`GET ${PATH}`]: () => ({ status: 200, body: maskedMedical() }) });
    renderApp('/cases/housing/H-2019-0001');
    expect((await screen.findByTestId('data-diagnosis')).textContent).toContain('（已隐藏）');
    expect(screen.queryByTestId('reveal-diagnosis')).toBeNull();
  });
});

describe('buildActionRequest', () => {
  const c = housingCase();

  it('requires an outcome, and a next step when the objection is upheld', () => {
    const a = { action: 'resolveObjection', label: '处理异议', needs: ['objectionOutcome' as const] };
    const base = { comment: '', returnTo: '', outcome: '', then: '', check: '', evidence: '', review: {}, editDraft: null };
    expect(buildActionRequest(c, a, base).errors).toEqual({ outcome: '请选择异议处理结果' });
    expect(buildActionRequest(c, a, { ...base, outcome: 'upheld' }).errors).toEqual({ then: '请选择异议成立后的处理方式' });
    expect(buildActionRequest(c, a, { ...base, outcome: 'upheld', then: 'rejected' }).body).toEqual({
      action: 'resolveObjection',
      expectedVersion: 3,
      data: { outcome: 'upheld', then: 'rejected' },
    });
    expect(buildActionRequest(c, a, { ...base, outcome: 'dismissed', then: 'review' }).body?.data).toEqual({ outcome: 'dismissed' });
  });

  it('records an acceptance check with its evidence', () => {
    const a = { action: 'recordAcceptance', label: '登记验收', needs: ['acceptanceCheck' as const] };
    const base = { comment: '', returnTo: '', outcome: '', then: '', check: 'moveIn', evidence: '', review: {}, editDraft: null };
    expect(buildActionRequest(c, a, base).errors).toEqual({ evidence: '请填写验收依据' });
    expect(buildActionRequest(c, a, { ...base, evidence: '照片 IMG_0012' }).body?.data).toEqual({ check: 'moveIn', evidence: '照片 IMG_0012' });
  });

  it('asks the county for the appraisal grade when approving an ungraded housing case', () => {
    const a = { action: 'approve', needs: ['comment' as const] };
    const base = { comment: '', returnTo: '', outcome: '', then: '', check: '', evidence: '', review: {}, editDraft: null };
    const ungraded = housingCase({ currentLevel: 'county', data: { householdId: 'HH-001' } });
    expect(buildActionRequest(ungraded, a, base).errors).toEqual({ appraisalGrade: '请选择危房鉴定等级' });
    expect(buildActionRequest(ungraded, a, { ...base, review: { appraisalGrade: 'C' } }).body?.data).toEqual({ appraisalGrade: 'C' });
    // a declared grade may stand; nothing extra is sent unless the county changes it
    const graded = housingCase({ currentLevel: 'county' });
    expect(buildActionRequest(graded, a, base).body).toEqual({ action: 'approve', expectedVersion: 3 });
    // below the county nobody records the grade
    expect(buildActionRequest(housingCase({ data: { householdId: 'HH-001' } }), a, base).errors).toEqual({});
  });
});
