import { fireEvent, screen } from '@testing-library/react';
import { inboxItem } from '../../../testing/fixtures';
import { demoUsers, mockApi, renderApp, signIn } from '../../../testing/mock-api';

beforeEach(() => signIn(demoUsers.county));
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const items = [
  inboxItem({ caseId: 'newest', waitingSince: '2019-05-03T00:00:00Z' }),
  inboxItem({ caseId: 'oldest', service: 'medical', waitingSince: '2019-04-01T00:00:00Z', overdue: true, townshipName: '草河掌镇' }),
  inboxItem({ caseId: 'middle', stage: 'acceptance', waitingSince: '2019-04-15T00:00:00Z' }),
];

describe('inbox', () => {
  it('lists the oldest first and flags overdue items', async () => {
    mockApi({ 'GET /me': { status: 200, body: demoUsers.county }, 'GET /inbox': { status: 200, body: { items } } });
    renderApp('/inbox');
    const rows = await screen.findAllByTestId('inbox-row');
    expect(rows.map((r) => r.getAttribute('data-case-id'))).toEqual(['oldest', 'middle', 'newest']);
    expect(rows[0].getAttribute('data-overdue')).toBe('true');
    expect(rows[0].textContent).toContain('逾期');
    expect(screen.getByTestId('inbox-summary').textContent).toContain('1 件逾期');
  });

  it('filters by service, stage and township, keeping the filter in the address', async () => {
    mockApi({ 'GET /me': { status: 200, body: demoUsers.county }, 'GET /inbox': { status: 200, body: { items } } });
    renderApp('/inbox');
    await screen.findAllByTestId('inbox-row');
    fireEvent.change(screen.getByTestId('filter-service'), { target: { value: 'housing' } });
    expect(screen.getAllByTestId('inbox-row').map((r) => r.getAttribute('data-case-id'))).toEqual(['middle', 'newest']);
    fireEvent.change(screen.getByTestId('filter-stage'), { target: { value: 'acceptance' } });
    expect(screen.getAllByTestId('inbox-row').map((r) => r.getAttribute('data-case-id'))).toEqual(['middle']);
    expect(screen.getByTestId('location').textContent).toBe('/inbox?service=housing&stage=acceptance');
    fireEvent.change(screen.getByTestId('filter-township'), { target: { value: '草河掌镇' } });
    expect(screen.getByTestId('inbox-empty')).toBeTruthy();
  });

  it('offers a retry when the network fails', async () => {
    let fail = true;
    mockApi({
      'GET /me': { status: 200, body: demoUsers.county },
      'GET /inbox': () => (fail ? { status: 503 } : { status: 200, body: { items } }),
    });
    renderApp('/inbox');
    expect((await screen.findByTestId('load-error')).textContent).toContain('服务器暂时不可用');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findAllByTestId('inbox-row')).toHaveLength(3);
  });
});
