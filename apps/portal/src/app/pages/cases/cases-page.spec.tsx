import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useNavigate } from 'react-router-dom';
import type { CaseSummary, Paged } from '../../../api/types';
import { demoUsers, mockApi, renderApp, signIn, type RecordedCall } from '../../../testing/mock-api';

beforeEach(() => signIn(demoUsers.county));
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function summary(id: string): CaseSummary {
  return {
    id,
    service: 'identification',
    title: `${id} 户建档立卡`,
    townshipName: '小市镇',
    villageName: '上堡村',
    stage: 'review',
    state: 'review.township',
    currentLevel: 'township',
    updatedAt: '2019-04-02T02:00:00Z',
  };
}

function page(ids: string[], nextCursor: string | null, patch: Partial<Paged<CaseSummary>> = {}): Paged<CaseSummary> {
  return { items: ids.map(summary), nextCursor, total: 45, totalCapped: false, pageSize: 20, ...patch };
}

/** Three pages, newest first, as the gateway gives them: each names the cursor of the next. */
const PAGES: Record<string, Paged<CaseSummary>> = {
  '': page(['A-1', 'A-2'], 'MjAxOS0wNC0wMnxh'),
  MjAxOS0wNC0wMnxh: page(['B-1', 'B-2'], 'MjAxOS0wMy0wMXxi'),
  MjAxOS0wMy0wMXxi: page(['C-1'], null),
};

function gateway() {
  return mockApi({
    'GET /me': { status: 200, body: demoUsers.county },
    'GET /identification/cases': (call: RecordedCall) => {
      const p = PAGES[call.query.get('cursor') ?? ''];
      return p ? { status: 200, body: p } : { status: 400, body: { statusCode: 400, code: 'REQUEST.VALIDATION_FAILED', message: 'bad cursor', field: 'cursor' } };
    },
  });
}

const rowIds = () => screen.getAllByTestId('case-row').map((r) => r.getAttribute('data-case-id'));
function lastList(calls: RecordedCall[]): RecordedCall {
  const last = calls.filter((c) => c.path === '/identification/cases').at(-1);
  if (!last) throw new Error('no call to GET /identification/cases');
  return last;
}
const isDisabled = (testId: string) => (screen.getByTestId(testId) as HTMLButtonElement).disabled;

async function showsPage(first: string, n: string) {
  await waitFor(() => expect(rowIds()[0]).toBe(first));
  expect(screen.getByTestId('page-number').textContent).toBe(n);
}

function BackButton() {
  const navigate = useNavigate();
  return (
    <button type="button" onClick={() => navigate(-1)}>
      browser-back
    </button>
  );
}

describe('cases page', () => {
  it('pages forward by nextCursor, back through the cursors seen, and to the first page', async () => {
    const { calls } = gateway();
    renderApp('/cases');
    await showsPage('A-1', '第 1 页');
    expect(screen.getByTestId('cases-summary').textContent).toContain('共 45 件');
    expect(screen.getByTestId('cases-table')).toBeTruthy();
    expect(lastList(calls).query.has('cursor')).toBe(false);
    expect(lastList(calls).query.get('pageSize')).toBe('20');
    expect(isDisabled('previous-page')).toBe(true);
    expect(isDisabled('first-page')).toBe(true);

    fireEvent.click(screen.getByTestId('next-page'));
    await showsPage('B-1', '第 2 页');
    expect(lastList(calls).query.get('cursor')).toBe('MjAxOS0wNC0wMnxh');
    expect(screen.getByTestId('location').textContent).toBe('/cases?cursor=MjAxOS0wNC0wMnxh');

    fireEvent.click(screen.getByTestId('next-page'));
    await showsPage('C-1', '第 3 页');
    expect(rowIds()).toEqual(['C-1']);
    expect(lastList(calls).query.get('cursor')).toBe('MjAxOS0wMy0wMXxi');
    expect(isDisabled('next-page')).toBe(true);

    fireEvent.click(screen.getByTestId('previous-page'));
    await showsPage('B-1', '第 2 页');
    expect(lastList(calls).query.get('cursor')).toBe('MjAxOS0wNC0wMnxh');
    expect(screen.getByTestId('location').textContent).toBe('/cases?cursor=MjAxOS0wNC0wMnxh');
    expect(isDisabled('previous-page')).toBe(false);

    fireEvent.click(screen.getByTestId('first-page'));
    await showsPage('A-1', '第 1 页');
    expect(lastList(calls).query.has('cursor')).toBe(false);
    expect(screen.getByTestId('location').textContent).toBe('/cases');
    expect(calls.some((c) => c.query.has('page'))).toBe(false);
  });

  it('keeps the earlier cursors in history, so the browser back button and then 上一页 still work', async () => {
    gateway();
    renderApp('/cases', <BackButton />);
    await showsPage('A-1', '第 1 页');
    fireEvent.click(screen.getByTestId('next-page'));
    await showsPage('B-1', '第 2 页');
    fireEvent.click(screen.getByTestId('next-page'));
    await showsPage('C-1', '第 3 页');
    fireEvent.click(screen.getByRole('button', { name: 'browser-back' }));
    await showsPage('B-1', '第 2 页');
    fireEvent.click(screen.getByTestId('previous-page'));
    await showsPage('A-1', '第 1 页');
    expect(screen.getByTestId('location').textContent).toBe('/cases');
  });

  it('opens a shared link at its cursor, with no page number to claim and no 上一页', async () => {
    const { calls } = gateway();
    renderApp('/cases?cursor=MjAxOS0wNC0wMnxh');
    await showsPage('B-1', '链接打开的页');
    expect(lastList(calls).query.get('cursor')).toBe('MjAxOS0wNC0wMnxh');
    expect(isDisabled('previous-page')).toBe(true);
    expect(isDisabled('first-page')).toBe(false);
    fireEvent.click(screen.getByTestId('next-page'));
    await showsPage('C-1', '链接打开的页');
    fireEvent.click(screen.getByTestId('previous-page'));
    await showsPage('B-1', '链接打开的页');
  });

  it('says 超过 N 件 when the total is capped', async () => {
    mockApi({
      'GET /me': { status: 200, body: demoUsers.county },
      'GET /identification/cases': { status: 200, body: page(['A-1'], 'MjAxOS0wNC0wMnxh', { total: 10000, totalCapped: true }) },
    });
    renderApp('/cases');
    await screen.findAllByTestId('case-row');
    const text = screen.getByTestId('cases-summary').textContent;
    expect(text).toContain('超过 10000 件');
    expect(text).not.toContain('共');
  });

  it('goes back to the first page when a filter changes', async () => {
    const { calls } = gateway();
    renderApp('/cases');
    await showsPage('A-1', '第 1 页');
    fireEvent.click(screen.getByTestId('next-page'));
    await showsPage('B-1', '第 2 页');
    fireEvent.change(screen.getByTestId('filter-stage'), { target: { value: 'review' } });
    await showsPage('A-1', '第 1 页');
    expect(screen.getByTestId('location').textContent).toBe('/cases?stage=review');
    expect(lastList(calls).query.get('stage')).toBe('review');
    expect(lastList(calls).query.has('cursor')).toBe(false);
    expect(isDisabled('previous-page')).toBe(true);
  });

  it('shows a bad cursor as an error and offers the first page', async () => {
    const { calls } = gateway();
    renderApp('/cases?cursor=not-a-cursor');
    const error = await screen.findByTestId('load-error');
    expect(error.textContent).toContain('提交的数据有误');
    expect(error.textContent).toContain('回到第一页');
    expect(screen.queryByTestId('case-row')).toBeNull();
    fireEvent.click(screen.getByTestId('error-first-page'));
    await showsPage('A-1', '第 1 页');
    expect(screen.queryByTestId('load-error')).toBeNull();
    expect(lastList(calls).query.has('cursor')).toBe(false);
    expect(screen.getByTestId('location').textContent).toBe('/cases');
  });
});
