import { screen } from '@testing-library/react';
import { housingCase } from '../../../testing/fixtures';
import { demoUsers, mockApi, renderApp, signIn } from '../../../testing/mock-api';

beforeEach(() => signIn(demoUsers.village));
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('household page', () => {
  it('shows the household, its members and every case across services in one timeline', async () => {
    mockApi({
      'GET /me': { status: 200, body: demoUsers.village },
      'GET /households/HH-1': {
        status: 200,
        body: {
          id: 'HH-1',
          headName: '张三',
          townshipCode: '210521100',
          villageCode: '210521100201',
          size: 2,
          attribute: 'minimumLiving',
          povertyCause: '因病',
          status: 'notExited',
          members: [
            { name: '张三', idNumberMasked: '210521********0011', relation: '户主' },
            { name: '李四', idNumberMasked: '210521********0031', relation: '配偶' },
          ],
          cases: [
            { service: 'identification', caseId: 'I-1', stage: 'closed', state: 'closed', title: '张三户精准识别', updatedAt: '2019-03-01T00:00:00Z' },
            { service: 'medical', caseId: 'M-1', stage: 'review', state: 'review.county', title: '张三医疗救助', updatedAt: '2019-05-01T00:00:00Z' },
          ],
          timeline: [
            { service: 'medical', caseId: 'M-1', at: '2019-05-01T00:00:00Z', action: 'submit', actorName: '王村官', toState: 'review.township' },
            { service: 'identification', caseId: 'I-1', at: '2019-03-01T00:00:00Z', action: 'accept', actorName: '赵扶贫', toState: 'closed' },
          ],
        },
      },
    });
    renderApp('/households/HH-1');
    expect(await screen.findByRole('heading', { level: 1, name: /张三 户/ })).toBeTruthy();
    expect(screen.getByTestId('household-status').textContent).toBe('未脱贫');
    expect(screen.getByTestId('household-facts').textContent).toContain('低保贫困户');
    expect(screen.getByTestId('household-members').textContent).toContain('210521********0031');
    expect(screen.getAllByTestId('household-case')).toHaveLength(2);
    const entries = screen.getAllByTestId('timeline-entry');
    expect(entries[0].textContent).toContain('精准识别');
    expect(entries[1].textContent).toContain('医疗救助');
    expect(screen.getByRole('link', { name: '危房改造' }).getAttribute('href')).toBe('/declare/housing?householdId=HH-1');
  });

  it('builds the timeline from each case when the gateway sends none', async () => {
    const HH = '6f1c0a52-0000-4000-8000-000000000009';
    const { calls } = mockApi({
      'GET /me': { status: 200, body: demoUsers.village },
      [`GET /households/${HH}`]: {
        status: 200,
        body: {
          id: HH,
          caseId: 'I-1',
          headName: '张三',
          townshipCode: '210521100000',
          townshipName: '小市镇',
          villageCode: '210521100201',
          villageName: '上堡村',
          size: 3,
          attribute: 'general',
          povertyCause: 'illness',
          housingGrade: 'D',
          status: 'notExited',
          members: [],
          cases: [
            { id: 'I-1', service: 'identification', stage: 'closed', state: 'closed', title: '张三户 精准识别', updatedAt: '2019-03-01T00:00:00Z' },
            { id: 'H-2019-0001', service: 'housing', stage: 'review', state: 'review', title: '张三户危房改造', updatedAt: '2019-04-02T02:00:00Z' },
          ],
        },
      },
      'GET /identification/cases/I-1': {
        status: 200,
        body: housingCase({
          id: 'I-1',
          service: 'identification',
          history: [{ seq: 1, at: '2019-02-01T00:00:00Z', actorName: '王建国', role: 'village_officer', level: null, action: 'declare', comment: null, fromState: null, toState: 'application' }],
        }),
      },
      'GET /housing/cases/H-2019-0001': { status: 200, body: housingCase() },
    });
    renderApp(`/households/${HH}`);
    const entries = await screen.findAllByTestId('timeline-entry');
    expect(entries.map((e) => e.textContent?.includes('精准识别'))).toEqual([true, false, false]);
    expect(entries[0].textContent).toContain('申报');
    expect(entries[2].textContent).toContain('同意');
    expect(screen.getByTestId('household-facts').textContent).toContain('因病');
    expect(screen.getByTestId('household-facts').textContent).toContain('小市镇 上堡村');
    expect(calls.filter((c) => c.path.includes('/cases/'))).toHaveLength(2);
  });
});

describe('防返贫 monitoring on the household page', () => {
  const flag = {
    id: 'F-1', householdId: 'HH-2', headName: '王五', townshipCode: '210521100000', villageCode: '210521100201',
    rule: 'medicalCosts', label: '因病：年度自付医疗费用较高', reason: '2019 年个人自付合规医疗费用达到 10,000.00 元以上',
    figures: { selfPaidFenThisYear: '***', thresholdFen: 1000000 }, sourceService: 'medical', sourceCaseId: 'M-9',
    status: 'open', raisedAt: '2019-06-10T00:00:00Z', closedAt: null,
    task: { id: 'T-1', status: 'open', dueAt: '2019-06-25T00:00:00Z', overdue: true, measureKind: null, measure: null, closedBy: null, closedByName: null, closedAt: null },
  };
  const household = { id: 'HH-2', headName: '王五', townshipCode: '210521100000', villageCode: '210521100201', size: 1, attribute: 'general', status: 'exited', members: [], cases: [], timeline: [], riskFlags: [flag] };

  it('shows the flag and its overdue task, and the village closes it only with a measure', async () => {
    const { fireEvent } = await import('@testing-library/react');
    const posted: unknown[] = [];
    mockApi({
      'GET /me': { status: 200, body: demoUsers.village },
      'GET /households/HH-2': { status: 200, body: household },
      'POST /monitoring/tasks/T-1/close': (call) => {
        posted.push(call.body);
        return { status: 200, body: { ...flag, status: 'closed', task: { ...flag.task, status: 'closed', overdue: false, measureKind: 'medicalAssistance', measure: '落实大病保险二次报销', closedByName: '王村官', closedAt: '2019-06-20T00:00:00Z' } } };
      },
    });
    renderApp('/households/HH-2');
    const item = await screen.findByTestId('risk-flag');
    expect(item.textContent).toContain('因病：年度自付医疗费用较高');
    expect(screen.getByTestId('risk-task-open').textContent).toContain('已超期');
    fireEvent.click(screen.getByTestId('close-task-submit'));
    expect((await screen.findByTestId('close-task-error')).textContent).toContain('类别');
    fireEvent.change(screen.getByTestId('close-task-kind'), { target: { value: 'medicalAssistance' } });
    fireEvent.change(screen.getByTestId('close-task-measure'), { target: { value: '落实大病保险二次报销' } });
    fireEvent.click(screen.getByTestId('close-task-submit'));
    expect((await screen.findByTestId('risk-task-closed')).textContent).toContain('落实大病保险二次报销');
    expect(posted).toEqual([{ measureKind: 'medicalAssistance', measure: '落实大病保险二次报销' }]);
  });

  it('offers the township no close form', async () => {
    signIn(demoUsers.township);
    mockApi({ 'GET /me': { status: 200, body: demoUsers.township }, 'GET /households/HH-2': { status: 200, body: household } });
    renderApp('/households/HH-2');
    await screen.findByTestId('risk-flag');
    expect(screen.queryByTestId('close-task-form')).toBeNull();
  });
});
