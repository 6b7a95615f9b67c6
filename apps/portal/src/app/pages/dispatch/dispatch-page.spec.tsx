import { screen, within } from '@testing-library/react';
import type { MonthlyDispatch, ServiceDispatch, TownshipDispatch } from '../../../api/types';
import { SERVICE_CODES } from '../../../api/types';
import { demoUsers, mockApi, renderApp, signIn } from '../../../testing/mock-api';

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const service = (paidFen = 0): ServiceDispatch => ({ open: { application: 1, review: 1, publicNotice: 0, acceptance: 0 }, overdue: 0, committedFen: 0, paidFen, closedInMonth: 0, paidInMonthFen: 0 });
const township = (code: string, name: string, paidFen: number): TownshipDispatch => ({
  townshipCode: code,
  townshipName: name,
  exits: { yearHouseholds: 3, yearPeople: 7, monthHouseholds: 1, monthPeople: 2 },
  services: Object.fromEntries(SERVICE_CODES.map((s) => [s, service(s === 'housing' ? paidFen : 0)])) as TownshipDispatch['services'],
  openCases: 10,
  overdue: { cases: 2, tasks: 1 },
  flags: { raised: 2, closed: 1, open: 1 },
  money: { committedFen: 500_000, paidFen, paidInMonthFen: 0 },
});
const report = (): MonthlyDispatch => {
  const a = township('210521100000', '小市镇', 4_500_000);
  const b = township('210521101000', '草河掌镇', 500_000);
  const { townshipCode: _c, townshipName: _n, ...totals } = a;
  return { year: 2019, month: 6, exitTarget: { households: 96, people: 205 }, townships: [a, b], totals: { ...totals, money: { committedFen: 1_000_000, paidFen: 5_000_000, paidInMonthFen: 0 } }, unavailable: [], generatedAt: '2019-07-01T00:00:00Z' };
};

describe('monthly dispatch page', () => {
  it('shows the month per township with charts and the figures, asking for the chosen month', async () => {
    signIn(demoUsers.county);
    const { calls } = mockApi({ 'GET /me': { status: 200, body: demoUsers.county }, 'GET /reports/monthly': { status: 200, body: report() } });
    renderApp('/dispatch?year=2019&month=6');
    const rows = await screen.findAllByTestId('dispatch-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('小市镇')).toBeTruthy();
    expect(rows[0].textContent).toContain('45,000.00');
    expect(screen.getByTestId('fig-paid').textContent).toContain('50,000.00');
    expect(screen.getByTestId('fig-flags').textContent).toContain('本月新增 2');
    expect(screen.getByTestId('chart-money').querySelector('svg')?.getAttribute('aria-label')).toContain('小市镇 45,000元');
    const call = calls.find((c) => c.path === '/reports/monthly')!;
    expect([call.query.get('year'), call.query.get('month')]).toEqual(['2019', '6']);
    expect(screen.getByTestId('nav-dispatch')).toBeTruthy();
  });

  it('is not offered to a village officer', async () => {
    signIn(demoUsers.village);
    mockApi({ 'GET /me': { status: 200, body: demoUsers.village } });
    renderApp('/dispatch');
    await screen.findByTestId('nav-inbox');
    expect(screen.queryByTestId('dispatch-page')).toBeNull();
    expect(screen.queryByTestId('nav-dispatch')).toBeNull();
  });
});
