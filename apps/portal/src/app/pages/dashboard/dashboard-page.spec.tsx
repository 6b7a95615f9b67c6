import { fireEvent, screen } from '@testing-library/react';
import { demoUsers, mockApi, renderApp, signIn } from '../../../testing/mock-api';

beforeEach(() => signIn(demoUsers.county));
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('dashboard', () => {
  it('shows counts per township and stage, overdue, money paid and the exit target', async () => {
    const { calls } = mockApi({
      'GET /me': { status: 200, body: demoUsers.county },
      'GET /stats/progress': {
        status: 200,
        body: {
          year: 2019,
          rows: [
            { townshipCode: '100', townshipName: '小市镇', service: 'housing', stage: 'review', count: 3 },
            { townshipCode: '101', townshipName: '草河掌镇', service: 'medical', stage: 'closed', count: 2 },
          ],
          overdue: [{ townshipCode: '100', service: 'housing', count: 1 }],
          paid: [{ service: 'housing', amountFen: 9500000 }],
          exitTarget: {
            households: 96,
            people: 205,
            exitedHouseholds: 48,
            exitedPeople: 100,
            byTownship: [{ townshipCode: '100', townshipName: '小市镇', households: 30, people: 61 }],
          },
        },
      },
    });
    renderApp('/dashboard');
    expect((await screen.findByTestId('progress-households')).textContent).toContain('48 / 96 户（50%）');
    expect(screen.getByTestId('progress-people').textContent).toContain('100 / 205 人');
    expect(calls.find((c) => c.path === '/stats/progress')?.query.get('year')).toBe('2019');
    const rows = screen.getAllByTestId('matrix-row');
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual(['小市镇', '草河掌镇']);
    expect(rows[0].querySelector('[data-testid="matrix-overdue"]')?.textContent).toBe('1');
    expect(screen.getByTestId('paid-table').textContent).toContain('95,000.00 元');
    expect(screen.getByTestId('chart-exit-households').querySelector('svg')?.getAttribute('aria-label')).toContain('小市镇 30户');

    fireEvent.change(screen.getByTestId('dash-service'), { target: { value: 'medical' } });
    expect(screen.getAllByTestId('matrix-row')).toHaveLength(1);
  });
});
