import { fireEvent, screen } from '@testing-library/react';
import { mockApi, renderApp, signIn } from '../../../testing/mock-api';

const evaluator = { id: 'u-e', username: 'evaluator', displayName: '第三方评估组', roles: ['evaluator' as const] };

beforeEach(() => signIn(evaluator));
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('evaluator workspace', () => {
  it('shows a clear empty state while the evaluation API answers 404', async () => {
    mockApi({ 'GET /me': { status: 200, body: evaluator } });
    renderApp('/evaluation');
    expect((await screen.findByTestId('evaluation-unavailable')).textContent).toContain('评估任务暂不可用');
  });

  it('lists the sample with each finding and the 三率一度', async () => {
    mockApi({
      'GET /me': { status: 200, body: evaluator },
      'GET /evaluation/engagements/E1/sample': {
        status: 200,
        body: { items: [{ householdId: 'HH-1', headName: '张三', townshipName: '小市镇', villageName: '上堡村', finding: { verdict: 'wronglyExited', satisfied: false } }] },
      },
      'GET /evaluation/engagements/E1/rates': { status: 200, body: { wrongExitRate: 0.0125, missedRate: 0, satisfactionRate: 0.97 } },
    });
    renderApp('/evaluation/E1');
    const row = await screen.findByTestId('sample-row');
    expect(row.textContent).toContain('错误退出');
    expect(row.textContent).toContain('不认可');
    const rates = await screen.findByTestId('rates');
    expect(rates.textContent).toContain('错退率1.25%');
    expect(rates.textContent).toContain('群众认可度97.00%');
  });

  it('records a finding for a sampled household', async () => {
    const { calls } = mockApi({
      'GET /me': { status: 200, body: evaluator },
      'GET /evaluation/engagements/E1/households/HH-1': {
        status: 200,
        body: {
          household: { id: 'HH-1', headName: '张三', townshipCode: '210521100', villageCode: '210521100201', size: 3, attribute: 'general', povertyCause: '因病', status: 'exited' },
          exitCase: null,
          cases: [],
          history: [],
        },
      },
      'POST /evaluation/engagements/E1/findings': { status: 201, body: {} },
    });
    renderApp('/evaluation/E1/households/HH-1');
    await screen.findByTestId('finding-form');
    fireEvent.click(screen.getByTestId('finding-verdict-wronglyExited'));
    fireEvent.click(screen.getByTestId('finding-satisfied-no'));
    fireEvent.click(screen.getByTestId('finding-submit'));
    expect((await screen.findByTestId('error-notes')).textContent).toBe('错退或漏评须填写核查说明');
    fireEvent.change(screen.getByTestId('finding-notes'), { target: { value: '人均纯收入低于标准' } });
    fireEvent.click(screen.getByTestId('finding-submit'));
    expect(await screen.findByTestId('finding-saved')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      householdId: 'HH-1',
      verdict: 'wronglyExited',
      satisfied: false,
      notes: '人均纯收入低于标准',
    });
  });
});
