import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { HouseholdSummary, Paged } from '../../../api/types';
import { demoUsers, mockApi, renderApp, signIn, type RecordedCall } from '../../../testing/mock-api';

beforeEach(() => signIn(demoUsers.township));
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function household(id: string, headName: string): HouseholdSummary {
  return {
    id,
    headName,
    townshipCode: '210521100000',
    villageCode: '210521100201',
    villageName: '上堡村',
    size: 3,
    attribute: 'general',
    povertyCause: 'illness',
    status: 'notExited',
  };
}

const NEXT = 'MjAxOS0wNi0wMXxoaA';

function roster(calls: (c: RecordedCall) => Paged<HouseholdSummary>) {
  return mockApi({
    'GET /me': { status: 200, body: demoUsers.township },
    'GET /households': (c: RecordedCall) => ({ status: 200, body: calls(c) }),
  });
}

const names = () => screen.getAllByTestId('household-row').map((r) => r.querySelector('a')?.textContent);

describe('households page', () => {
  it('pages the roster by cursor, keeps the status filter, and returns to the first page', async () => {
    const { calls } = roster((c) =>
      c.query.get('cursor') === NEXT
        ? { items: [household('HH-3', '王五')], nextCursor: null, total: 3, totalCapped: false, pageSize: 200 }
        : { items: [household('HH-1', '张三'), household('HH-2', '李四')], nextCursor: NEXT, total: 3, totalCapped: false, pageSize: 200 },
    );
    renderApp('/households?status=notExited');
    await waitFor(() => expect(names()).toEqual(['张三', '李四']));
    expect(screen.getByTestId('households-summary').textContent).toContain('共 3 户');
    expect(screen.getByTestId('page-number').textContent).toBe('第 1 页');

    fireEvent.click(screen.getByTestId('next-page'));
    await waitFor(() => expect(names()).toEqual(['王五']));
    expect(screen.getByTestId('page-number').textContent).toBe('第 2 页');
    const last = calls.filter((c) => c.path === '/households').at(-1);
    if (!last) throw new Error('no call to GET /households');
    expect(last.query.get('cursor')).toBe(NEXT);
    expect(last.query.get('status')).toBe('notExited');
    expect(screen.getByTestId('location').textContent).toBe(`/households?status=notExited&cursor=${NEXT}`);

    fireEvent.click(screen.getByTestId('first-page'));
    await waitFor(() => expect(names()).toEqual(['张三', '李四']));
    expect(screen.getByTestId('location').textContent).toBe('/households?status=notExited');
    expect(calls.some((c) => c.query.has('page'))).toBe(false);
  });

  it('says 超过 N 户 when the gateway stopped counting', async () => {
    roster(() => ({ items: [household('HH-1', '张三')], nextCursor: NEXT, total: 10000, totalCapped: true, pageSize: 200 }));
    renderApp('/households');
    await screen.findAllByTestId('household-row');
    expect(screen.getByTestId('households-summary').textContent).toBe('超过 10000 户');
  });
});
