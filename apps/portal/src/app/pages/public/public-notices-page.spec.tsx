import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { getToken } from '../../../api/session';
import { notice } from '../../../testing/fixtures';
import { mockApi, renderApp, type RecordedCall } from '../../../testing/mock-api';

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const notices = [
  notice(),
  notice({ caseId: 'H-2019-0002', service: 'housing', title: '危房改造公示', townshipName: '草河掌镇', villageName: '双岭村', category: 'D 级', amounts: [{ label: '补助金额', amountFen: 4500000 }] }),
];

describe('public notice board', () => {
  it('lists active notices to anyone, without logging in', async () => {
    const { calls } = mockApi({ 'GET /public/notices': { status: 200, body: { items: notices, nextCursor: null } } });
    renderApp('/public');
    const cards = await screen.findAllByTestId('notice-card');
    expect(cards).toHaveLength(2);
    expect(cards[1].textContent).toContain('45,000.00 元');
    expect(getToken()).toBeNull();
    expect(calls[0].headers['Authorization']).toBeUndefined();
  });

  it('filters by township and then village', async () => {
    mockApi({ 'GET /public/notices': { status: 200, body: { items: notices, nextCursor: null } } });
    renderApp('/public');
    await screen.findAllByTestId('notice-card');
    fireEvent.change(screen.getByTestId('filter-township'), { target: { value: '草河掌镇' } });
    expect(screen.getAllByTestId('notice-card')).toHaveLength(1);
    const villages = within(screen.getByTestId('filter-village')).getAllByRole('option').map((o) => o.textContent);
    expect(villages).toEqual(['全部村', '双岭村']);
  });

  it('requires a reason, then files the objection and says 异议已提交', async () => {
    const { calls } = mockApi({
      'GET /public/notices': { status: 200, body: { items: notices, nextCursor: null } },
      'POST /public/notices/E-2019-0007/objections': { status: 202 },
    });
    renderApp('/public');
    const card = (await screen.findAllByTestId('notice-card'))[0];
    fireEvent.click(within(card).getByTestId('objection-open'));
    fireEvent.click(within(card).getByTestId('objection-submit'));
    expect(within(card).getByTestId('error-reason').textContent).toBe('请填写异议理由');
    fireEvent.change(within(card).getByTestId('objection-reason'), { target: { value: '该户家中有小轿车' } });
    fireEvent.click(within(card).getByTestId('objection-submit'));
    expect((await within(card).findByTestId('objection-success')).textContent).toContain('异议已提交');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ reason: '该户家中有小轿车' });
  });

  it('explains a rate limit instead of failing silently', async () => {
    mockApi({
      'GET /public/notices': { status: 200, body: { items: notices, nextCursor: null } },
      'POST /public/notices/E-2019-0007/objections': { status: 429, body: { statusCode: 429, code: 'RATE_LIMITED', message: '提交过于频繁，请稍后再试' } },
    });
    renderApp('/public');
    const card = (await screen.findAllByTestId('notice-card'))[0];
    fireEvent.click(within(card).getByTestId('objection-open'));
    fireEvent.change(within(card).getByTestId('objection-reason'), { target: { value: '情况不实' } });
    fireEvent.change(within(card).getByTestId('objection-contact'), { target: { value: '13912345678' } });
    fireEvent.click(within(card).getByTestId('objection-submit'));
    expect((await within(card).findByTestId('objection-error')).textContent).toBe('提交过于频繁，请稍后再试');
  });

  it('marks a notice held by an objection', async () => {
    mockApi({ 'GET /public/notices': { status: 200, body: { items: [notice({ onHold: true })], nextCursor: null } } });
    renderApp('/public');
    expect((await screen.findByTestId('notice-on-hold')).textContent).toContain('公示暂停');
  });

  it('says when nothing is on notice', async () => {
    mockApi({ 'GET /public/notices': { status: 200, body: { items: [], nextCursor: null } } });
    renderApp('/public');
    expect((await screen.findByTestId('notices-empty')).textContent).toContain('目前没有正在公示的事项');
  });

  it('appends the next page on 加载更多 and stops when nextCursor is null', async () => {
    const NEXT = 'MjAxOS0wOS0wMnxoLTI';
    const later = notice({ caseId: 'M-2019-0003', service: 'medical', title: '医疗救助公示', noticeUpdatedAt: '2019-09-03T00:00:00.000Z' });
    const { calls } = mockApi({
      'GET /public/notices': (call: RecordedCall) =>
        call.query.get('cursor') === NEXT
          ? { status: 200, body: { items: [later], nextCursor: null } }
          : { status: 200, body: { items: notices, nextCursor: NEXT } },
    });
    renderApp('/public');
    expect(await screen.findAllByTestId('notice-card')).toHaveLength(2);
    expect(calls[0].query.has('cursor')).toBe(false);
    expect(calls[0].query.get('limit')).toBe('100');
    expect(screen.getByTestId('notices-summary').textContent).toBe('已加载 2 项公示，还有更多未加载，请点“加载更多”。');
    fireEvent.change(screen.getByTestId('filter-township'), { target: { value: '草河掌镇' } });
    expect(screen.getByTestId('notices-summary').textContent).toContain('其中该地区 1 项；还有更多未加载');
    fireEvent.change(screen.getByTestId('filter-township'), { target: { value: '' } });

    fireEvent.click(screen.getByTestId('load-more'));
    await waitFor(() => expect(screen.getAllByTestId('notice-card')).toHaveLength(3));
    expect(screen.getAllByTestId('notice-card').map((c) => c.getAttribute('data-case-id'))).toEqual(['E-2019-0007', 'H-2019-0002', 'M-2019-0003']);
    expect(calls[1].query.get('cursor')).toBe(NEXT);
    expect(calls[1].headers['Authorization']).toBeUndefined();
    expect(screen.getByTestId('notices-summary').textContent).toBe('正在公示 3 项');
    expect(screen.queryByTestId('load-more')).toBeNull();
    expect(calls).toHaveLength(2);
  });
});
