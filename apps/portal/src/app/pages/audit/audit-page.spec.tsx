import { fireEvent, screen, within } from '@testing-library/react';
import type { User } from '../../../api/types';
import { AUDITED_CASE, auditTrail, auditVerify } from '../../../testing/fixtures';
import { demoUsers, gatewayUser, mockApi, renderApp, signIn } from '../../../testing/mock-api';

const auditor: User = { id: 'u-a', username: 'auditor', displayName: '县审计局', roles: ['auditor'] };

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function as(user: User) {
  signIn(user);
  return { 'GET /me': { status: 200, body: gatewayUser(user) } };
}

describe('audit page (auditor, read-only)', () => {
  it('shows a case trail (GET /audit?caseId=) with its chain verdict', async () => {
    const { calls } = mockApi({ ...as(auditor), 'GET /audit': { status: 200, body: auditTrail() } });
    renderApp('/audit');
    fireEvent.change(await screen.findByTestId('audit-case-id'), { target: { value: AUDITED_CASE } });
    fireEvent.click(screen.getByTestId('audit-search'));
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows).toHaveLength(2);
    expect(rows[1].textContent).toContain('提交');
    expect(rows[1].textContent).toContain('王村官');
    expect(screen.getByTestId('audit-chain-ok').textContent).toContain('共 2 条');
    expect(calls.find((c) => c.path === '/audit')?.query.get('caseId')).toBe(AUDITED_CASE);
  });

  it('marks the broken row of a broken chain', async () => {
    mockApi({
      ...as(auditor),
      'GET /audit': {
        status: 200,
        body: auditTrail({
          chain: { ok: false, rows: 2, brokenAt: { id: 'a-2', caseId: AUDITED_CASE, seq: 2, reason: 'hash does not match the row contents' } },
        }),
      },
    });
    renderApp(`/audit`);
    fireEvent.change(await screen.findByTestId('audit-case-id'), { target: { value: AUDITED_CASE } });
    fireEvent.click(screen.getByTestId('audit-search'));
    expect((await screen.findByTestId('audit-chain-broken')).textContent).toContain('第 2 条');
    expect(screen.getAllByTestId('audit-row')[1].getAttribute('data-broken')).toBe('true');
  });

  it('checks the case id before asking, and says when no service holds the case', async () => {
    const { calls } = mockApi({ ...as(auditor) });
    renderApp('/audit');
    fireEvent.change(await screen.findByTestId('audit-case-id'), { target: { value: 'H-2019-1' } });
    fireEvent.click(screen.getByTestId('audit-search'));
    expect((await screen.findByTestId('error-caseId')).textContent).toContain('UUID');
    expect(calls.some((c) => c.path === '/audit')).toBe(false);
    fireEvent.change(screen.getByTestId('audit-case-id'), { target: { value: AUDITED_CASE } });
    fireEvent.click(screen.getByTestId('audit-search'));
    expect((await screen.findByTestId('audit-error')).textContent).toContain('没有找到');
  });

  it('verifies every chain (POST /audit/verify) and lists each service', async () => {
    const { calls } = mockApi({
      ...as(auditor),
      'POST /audit/verify': {
        status: 200,
        body: auditVerify({
          ok: false,
          firstBroken: { service: 'housing', id: 'a-2', caseId: AUDITED_CASE, seq: 2, reason: 'prevHash does not match the previous row' },
          unavailable: ['medical'],
        }),
      },
    });
    renderApp('/audit');
    fireEvent.click(await screen.findByTestId('audit-verify'));
    const result = await screen.findByTestId('audit-verify-result');
    expect(result.getAttribute('data-ok')).toBe('false');
    expect(screen.getByTestId('audit-verify-failed').textContent).toContain(`危房改造 案件 ${AUDITED_CASE} 第 2 条`);
    expect(screen.getByTestId('audit-verify-failed').textContent).toContain('未应答的业务：医疗救助');
    const services = within(result).getAllByTestId('audit-verify-service');
    expect(services.map((s) => s.getAttribute('data-service'))).toContain('exit-verification');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/audit/verify']);
  });

  it('lists the personal-data reveals of the searched case: who, which field, why (never the value)', async () => {
    const reveal = {
      id: '7', at: '2019-05-04T02:00:00Z', actorId: 'u-1', actorName: '王村官', role: 'village_officer', service: 'identification',
      caseId: AUDITED_CASE, householdId: null, field: 'householdHead.idNumber', kind: 'idNumbers', reason: '入户核实户主身份',
    };
    const { calls } = mockApi({
      ...as(auditor),
      'GET /audit': { status: 200, body: auditTrail() },
      'GET /audit/reveals': (call) => ({ status: 200, body: { items: call.query.get('caseId') ? [reveal] : [], total: 1, page: 1, pageSize: 50 } }),
    });
    renderApp('/audit');
    expect(await screen.findByTestId('audit-reveals-empty')).toBeTruthy();
    fireEvent.change(screen.getByTestId('audit-case-id'), { target: { value: AUDITED_CASE } });
    fireEvent.click(screen.getByTestId('audit-search'));
    const row = await screen.findByTestId('audit-reveal-row');
    expect(row.textContent).toContain('王村官');
    expect(row.textContent).toContain('身份证号');
    expect(row.textContent).toContain('入户核实户主身份');
    expect(calls.filter((c) => c.path === '/audit/reveals').at(-1)?.query.get('caseId')).toBe(AUDITED_CASE);
  });

  it('is for auditors only; the header links to it only for them', async () => {
    mockApi({ ...as(auditor) });
    renderApp('/audit');
    expect(await screen.findByTestId('nav-audit')).toBeTruthy();
    expect(screen.getByTestId('nav-evaluation')).toBeTruthy();
  });

  it('does not show the audit page to a county officer', async () => {
    mockApi({ ...as(demoUsers['county']) });
    renderApp('/audit');
    await screen.findByTestId('nav-evaluation');
    expect(screen.queryByTestId('audit-page')).toBeNull();
    expect(screen.queryByTestId('nav-audit')).toBeNull();
  });
});
