import { fireEvent, screen, within } from '@testing-library/react';
import { getToken } from '../../../api/session';
import { notice } from '../../../testing/fixtures';
import { mockApi, renderApp } from '../../../testing/mock-api';

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
    const { calls } = mockApi({ 'GET /public/notices': { status: 200, body: { items: notices } } });
    renderApp('/public');
    const cards = await screen.findAllByTestId('notice-card');
    expect(cards).toHaveLength(2);
    expect(cards[1].textContent).toContain('45,000.00 元');
    expect(getToken()).toBeNull();
    expect(calls[0].headers['Authorization']).toBeUndefined();
  });

  it('filters by township and then village', async () => {
    mockApi({ 'GET /public/notices': { status: 200, body: { items: notices } } });
    renderApp('/public');
    await screen.findAllByTestId('notice-card');
    fireEvent.change(screen.getByTestId('filter-township'), { target: { value: '草河掌镇' } });
    expect(screen.getAllByTestId('notice-card')).toHaveLength(1);
    const villages = within(screen.getByTestId('filter-village')).getAllByRole('option').map((o) => o.textContent);
    expect(villages).toEqual(['全部村', '双岭村']);
  });

  it('requires a reason, then files the objection and says 异议已提交', async () => {
    const { calls } = mockApi({
      'GET /public/notices': { status: 200, body: { items: notices } },
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
      'GET /public/notices': { status: 200, body: { items: notices } },
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
    mockApi({ 'GET /public/notices': { status: 200, body: { items: [notice({ onHold: true })] } } });
    renderApp('/public');
    expect((await screen.findByTestId('notice-on-hold')).textContent).toContain('公示暂停');
  });

  it('says when nothing is on notice', async () => {
    mockApi({ 'GET /public/notices': { status: 200, body: { items: [] } } });
    renderApp('/public');
    expect((await screen.findByTestId('notices-empty')).textContent).toContain('目前没有正在公示的事项');
  });
});
