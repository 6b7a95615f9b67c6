import { fireEvent, screen, waitFor } from '@testing-library/react';
import { inboxItem } from '../../../testing/fixtures';
import { demoUsers, mockApi, renderApp, signIn, type RecordedCall } from '../../../testing/mock-api';

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
    mockApi({ 'GET /me': { status: 200, body: demoUsers.county }, 'GET /inbox': { status: 200, body: { items, nextCursor: null, unavailable: [] } } });
    renderApp('/inbox');
    const rows = await screen.findAllByTestId('inbox-row');
    expect(rows.map((r) => r.getAttribute('data-case-id'))).toEqual(['oldest', 'middle', 'newest']);
    expect(rows[0].getAttribute('data-overdue')).toBe('true');
    expect(rows[0].textContent).toContain('逾期');
    expect(screen.getByTestId('inbox-summary').textContent).toContain('1 件逾期');
  });

  it('filters by service, stage and township, keeping the filter in the address', async () => {
    mockApi({ 'GET /me': { status: 200, body: demoUsers.county }, 'GET /inbox': { status: 200, body: { items, nextCursor: null, unavailable: [] } } });
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
      'GET /inbox': () => (fail ? { status: 503 } : { status: 200, body: { items, nextCursor: null, unavailable: [] } }),
    });
    renderApp('/inbox');
    expect((await screen.findByTestId('load-error')).textContent).toContain('服务器暂时不可用');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findAllByTestId('inbox-row')).toHaveLength(3);
  });

  describe('a page at a time', () => {
    const C1 = 'MjAxOS0wNC0xNVQwMHxtaWRkbGU';
    const C2 = 'MjAxOS0wNS0wM1QwMHxuZXdlc3Q';
    const pages: Record<string, { items: typeof items; nextCursor: string | null; unavailable: string[] }> = {
      '': { items: [items[1], items[2]], nextCursor: C1, unavailable: ['medical'] },
      [C1]: { items: [items[0]], nextCursor: C2, unavailable: [] },
      [C2]: { items: [inboxItem({ caseId: 'latest', waitingSince: '2019-06-01T00:00:00Z' })], nextCursor: null, unavailable: [] },
    };
    const paged = (call: RecordedCall) => ({ status: 200, body: pages[call.query.get('cursor') ?? ''] });
    const inboxCalls = (calls: RecordedCall[]) => calls.filter((c) => c.path === '/inbox');
    const ids = () => screen.getAllByTestId('inbox-row').map((r) => r.getAttribute('data-case-id'));

    it('shows the first page, appends the next ones on 加载更多, and stops when nextCursor is null', async () => {
      const { calls } = mockApi({ 'GET /me': { status: 200, body: demoUsers.county }, 'GET /inbox': paged });
      renderApp('/inbox');
      await waitFor(() => expect(ids()).toEqual(['oldest', 'middle']));
      expect(inboxCalls(calls)[0].query.has('cursor')).toBe(false);
      expect(inboxCalls(calls)[0].query.get('limit')).toBe('50');
      let summary = screen.getByTestId('inbox-summary');
      expect(summary.textContent).toContain('已加载 2 件待办');
      expect(summary.textContent).toContain('还有更多待办未加载');
      expect(summary.textContent).not.toContain('共');

      fireEvent.click(screen.getByTestId('load-more'));
      await waitFor(() => expect(ids()).toEqual(['oldest', 'middle', 'newest']));
      expect(inboxCalls(calls).at(-1)?.query.get('cursor')).toBe(C1);
      expect(screen.getByTestId('inbox-summary').textContent).toContain('已加载 3 件待办');

      fireEvent.click(screen.getByTestId('load-more'));
      await waitFor(() => expect(ids()).toEqual(['oldest', 'middle', 'newest', 'latest']));
      expect(inboxCalls(calls).at(-1)?.query.get('cursor')).toBe(C2);
      summary = screen.getByTestId('inbox-summary');
      expect(summary.textContent).toContain('共 4 件待办');
      expect(summary.textContent).not.toContain('还有更多');
      expect(screen.queryByTestId('load-more')).toBeNull();
      expect(inboxCalls(calls)).toHaveLength(3);
    });

    it('keeps naming a service that did not answer on an earlier page', async () => {
      mockApi({ 'GET /me': { status: 200, body: demoUsers.county }, 'GET /inbox': paged });
      renderApp('/inbox');
      expect((await screen.findByTestId('inbox-partial')).textContent).toContain('医疗救助');
      fireEvent.click(screen.getByTestId('load-more'));
      await waitFor(() => expect(ids()).toHaveLength(3));
      expect(screen.getByTestId('inbox-partial').textContent).toContain('医疗救助');
    });

    it('never calls an empty first page the end of the inbox while more is left', async () => {
      mockApi({
        'GET /me': { status: 200, body: demoUsers.county },
        'GET /inbox': (call: RecordedCall) =>
          call.query.get('cursor') === C1
            ? { status: 200, body: { items, nextCursor: null, unavailable: [] } }
            : { status: 200, body: { items: [], nextCursor: C1, unavailable: [] } },
      });
      renderApp('/inbox');
      const empty = await screen.findByTestId('inbox-empty');
      expect(empty.textContent).not.toContain('暂无待办');
      fireEvent.click(screen.getByTestId('load-more'));
      await waitFor(() => expect(ids()).toHaveLength(3));
    });

    it('keeps what was loaded when 加载更多 fails, and retries the same page', async () => {
      let fail = true;
      const { calls } = mockApi({
        'GET /me': { status: 200, body: demoUsers.county },
        'GET /inbox': (call: RecordedCall) => (fail && call.query.get('cursor') === C1 ? { status: 503 } : paged(call)),
      });
      renderApp('/inbox');
      await waitFor(() => expect(ids()).toHaveLength(2));
      fireEvent.click(screen.getByTestId('load-more'));
      expect((await screen.findByTestId('load-error')).textContent).toContain('服务器暂时不可用');
      expect(ids()).toEqual(['oldest', 'middle']);
      fail = false;
      fireEvent.click(screen.getByRole('button', { name: '重试' }));
      await waitFor(() => expect(ids()).toEqual(['oldest', 'middle', 'newest']));
      expect(inboxCalls(calls).map((c) => c.query.get('cursor'))).toEqual([null, C1, C1]);
    });

    it('shows a refused cursor as an error and starts again from the first page', async () => {
      const { calls } = mockApi({
        'GET /me': { status: 200, body: demoUsers.county },
        'GET /inbox': (call: RecordedCall) =>
          call.query.get('cursor') === C1
            ? { status: 400, body: { statusCode: 400, code: 'REQUEST.VALIDATION_FAILED', message: 'cursor: not a cursor this list gave', field: 'cursor' } }
            : paged(call),
      });
      renderApp('/inbox');
      await waitFor(() => expect(ids()).toHaveLength(2));
      fireEvent.click(screen.getByTestId('load-more'));
      expect((await screen.findByTestId('load-error')).textContent).toContain('提交的数据有误');
      fireEvent.click(screen.getByTestId('error-first-page'));
      await waitFor(() => expect(screen.queryByTestId('load-error')).toBeNull());
      expect(ids()).toEqual(['oldest', 'middle']);
      expect(inboxCalls(calls).map((c) => c.query.get('cursor'))).toEqual([null, C1, null]);
    });
  });
});
