import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { User } from '../../../api/types';
import {
  dossier,
  ENGAGEMENT_ID,
  engagement,
  finding,
  rates,
  SAMPLED_HH,
  SAMPLED_HH_2,
  sample,
} from '../../../testing/fixtures';
import { demoUsers, gatewayUser, mockApi, renderApp, signIn } from '../../../testing/mock-api';

const evaluator: User = { id: 'u-e', username: 'evaluator', displayName: '第三方评估组', roles: ['evaluator'] };
const auditor: User = { id: 'u-a', username: 'auditor', displayName: '审计局', roles: ['auditor'] };
const E = `/evaluation/engagements/${ENGAGEMENT_ID}`;

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function as(user: User) {
  signIn(user);
  return { 'GET /me': { status: 200, body: gatewayUser(user) } };
}

describe('evaluator workspace: engagements', () => {
  it('shows a clear empty state when the evaluation API answers 404', async () => {
    mockApi({ ...as(evaluator) });
    renderApp('/evaluation');
    expect((await screen.findByTestId('evaluation-unavailable')).textContent).toContain('评估任务暂不可用');
  });

  it('lists the engagements as the gateway sends them ({items}, name, window, townshipCodes, sampleRateBp)', async () => {
    const { calls } = mockApi({
      ...as(evaluator),
      'GET /evaluation/engagements': {
        status: 200,
        body: { items: [engagement(), engagement({ id: 'e2', name: '2018年评估', seed: null, open: false })] },
      },
    });
    renderApp('/evaluation');
    const cards = await screen.findAllByTestId('engagement-card');
    expect(cards).toHaveLength(2);
    expect(cards[0].textContent).toContain('2019年脱贫退出第三方评估');
    expect(cards[0].textContent).toContain('辽宁某大学评估中心');
    expect(cards[0].textContent).toContain('30.00%');
    expect(cards[0].textContent).toContain('2 个');
    expect(within(cards[0]).getByTestId('engagement-window').textContent).toBe('2019-11-01 08:00 至 2099-12-31 08:00');
    expect(within(cards[0]).getByTestId('engagement-open')).toBeTruthy();
    expect(within(cards[1]).getByTestId('engagement-closed')).toBeTruthy();
    expect(cards[1].textContent).toContain('尚未抽样');
    expect(within(cards[0]).getByRole('link').getAttribute('href')).toBe(`/evaluation/${ENGAGEMENT_ID}`);
    expect(calls.map((c) => c.path)).toContain('/evaluation/engagements');
  });
});

describe('evaluator workspace: one engagement', () => {
  it('shows the frozen sample joined with the findings, and 三率一度 against the thresholds', async () => {
    mockApi({
      ...as(evaluator),
      [`GET ${E}`]: { status: 200, body: engagement() },
      [`GET ${E}/sample`]: { status: 200, body: sample() },
      [`GET ${E}/findings`]: {
        status: 200,
        body: {
          items: [
            finding(),
            finding({ id: 'f-2', kind: 'nonRegistered', householdId: null, label: '上堡村-01', exitVerdict: null, missed: false, satisfied: true, notes: null }),
          ],
        },
      },
      [`GET ${E}/rates`]: { status: 200, body: rates() },
    });
    renderApp(`/evaluation/${ENGAGEMENT_ID}`);

    expect((await screen.findByTestId('engagement-facts')).textContent).toContain('身份证号、收入和救助金额');
    const rows = await screen.findAllByTestId('sample-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].getAttribute('data-household-id')).toBe(SAMPLED_HH);
    expect(rows[0].textContent).toContain('小市镇');
    expect(rows[0].textContent).toContain('错退（不应退出）');
    expect(rows[0].textContent).toContain('不满意');
    expect(rows[1].textContent).toContain('待核查');
    expect(within(rows[1]).getByTestId('sample-link').getAttribute('href')).toBe(
      `/evaluation/${ENGAGEMENT_ID}/households/${SAMPLED_HH_2}`,
    );
    expect(screen.getByTestId('sample-seed-value').textContent).toBe('benxi-2019-pinggu');
    expect(screen.getByTestId('sample-strata').textContent).toBe('小市镇 2 户、草河掌镇 0 户');

    const wrong = await screen.findByTestId('rate-wrongExitRate');
    expect(wrong.getAttribute('data-pass')).toBe('false');
    expect(wrong.textContent).toContain('20.00%');
    expect(wrong.textContent).toContain('≤ 2.00%');
    expect(wrong.textContent).toContain('不达标');
    expect(wrong.textContent).toContain('错退户 1 / 已核查抽样户 5');
    const missed = screen.getByTestId('rate-missedRate');
    expect(missed.getAttribute('data-pass')).toBe('true');
    expect(missed.textContent).toContain('0.00%');
    expect(missed.textContent).toContain('达标');
    const satisfaction = screen.getByTestId('rate-satisfaction');
    expect(satisfaction.textContent).toContain('88.89%');
    expect(satisfaction.textContent).toContain('≥ 90.00%');
    expect(satisfaction.getAttribute('data-pass')).toBe('false');
    expect(screen.getByTestId('rates-all-pass').textContent).toBe('不达标');
    expect(screen.getByTestId('rates-pending').textContent).toBe('7');

    expect(screen.getAllByTestId('nonregistered-row')[0].textContent).toContain('上堡村-01');
  });

  it('says a rate cannot be computed while its denominator is zero', async () => {
    mockApi({
      ...as(evaluator),
      [`GET ${E}`]: { status: 200, body: engagement() },
      [`GET ${E}/sample`]: { status: 200, body: sample() },
      [`GET ${E}/findings`]: { status: 200, body: { items: [] } },
      [`GET ${E}/rates`]: {
        status: 200,
        body: rates({
          pending: 2,
          counts: { sampledExited: 0, wronglyExited: 0, surveyedNonRegistered: 0, missedFound: 0, surveyed: 0, satisfied: 0 },
          wrongExitRate: { rateBp: null, thresholdBp: 200, pass: null, reason: 'EVALUATION.NO_SAMPLE', message: '样本数为 0' },
          missedRate: { rateBp: null, thresholdBp: 200, pass: null, reason: 'EVALUATION.NO_SAMPLE', message: '样本数为 0' },
          satisfaction: { rateBp: null, thresholdBp: 9000, pass: null, reason: 'EVALUATION.NO_SAMPLE', message: '样本数为 0' },
          allPass: null,
        }),
      },
    });
    renderApp(`/evaluation/${ENGAGEMENT_ID}`);
    const wrong = await screen.findByTestId('rate-wrongExitRate');
    expect(wrong.textContent).toContain('无法计算');
    expect(wrong.textContent).toContain('样本为 0');
    expect(screen.getByTestId('rates-all-pass').textContent).toBe('无法计算');
  });

  it('explains 403 EVALUATION.OUTSIDE_WINDOW instead of a bare error', async () => {
    mockApi({
      ...as(evaluator),
      [`GET ${E}`]: {
        status: 403,
        body: { statusCode: 403, code: 'EVALUATION.OUTSIDE_WINDOW', message: 'This engagement is open from … until …' },
      },
    });
    renderApp(`/evaluation/${ENGAGEMENT_ID}`);
    expect((await screen.findByTestId('evaluation-outside-window')).textContent).toContain('不在评估期内');
    expect(screen.queryByTestId('sample-table')).toBeNull();
  });

  it('lets the county poverty office draw the sample with a seed (POST …/sample)', async () => {
    const { calls } = mockApi({
      ...as(demoUsers['county']),
      [`GET ${E}`]: { status: 200, body: engagement({ seed: null, sampledAt: null }) },
      [`GET ${E}/sample`]: { status: 200, body: sample({ seed: null, sampledAt: null, strata: [], households: [] }) },
      [`GET ${E}/findings`]: { status: 200, body: { items: [] } },
      [`GET ${E}/rates`]: { status: 200, body: rates() },
      [`POST ${E}/sample`]: { status: 201, body: { ...sample(), seed: 's1', frameSize: 7 } },
    });
    renderApp(`/evaluation/${ENGAGEMENT_ID}`);
    expect(await screen.findByTestId('sample-not-drawn')).toBeTruthy();
    fireEvent.change(screen.getByTestId('sample-seed'), { target: { value: 's1' } });
    fireEvent.click(screen.getByTestId('sample-draw'));
    expect(await screen.findAllByTestId('sample-row')).toHaveLength(2);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ seed: 's1' });
    expect(screen.getByTestId('sample-size').textContent).toContain('抽样框 7 户');
    // The county reads no verification records: no links into the dossier.
    expect(screen.queryByTestId('sample-link')).toBeNull();
  });

  it('an evaluator cannot draw; says the sample is not drawn yet', async () => {
    mockApi({
      ...as(evaluator),
      [`GET ${E}`]: { status: 200, body: engagement({ seed: null, sampledAt: null }) },
      [`GET ${E}/sample`]: { status: 200, body: sample({ seed: null, sampledAt: null, strata: [], households: [] }) },
      [`GET ${E}/findings`]: { status: 200, body: { items: [] } },
      [`GET ${E}/rates`]: { status: 200, body: rates() },
    });
    renderApp(`/evaluation/${ENGAGEMENT_ID}`);
    expect((await screen.findByTestId('sample-not-drawn')).textContent).toContain('县扶贫办');
    expect(screen.queryByTestId('sample-draw-form')).toBeNull();
  });

  it('records a surveyed non-registered household (kind nonRegistered, label, missed) and refreshes the rates', async () => {
    let rateLoads = 0;
    const { calls } = mockApi({
      ...as(evaluator),
      [`GET ${E}`]: { status: 200, body: engagement() },
      [`GET ${E}/sample`]: { status: 200, body: sample() },
      [`GET ${E}/findings`]: { status: 200, body: { items: [] } },
      [`GET ${E}/rates`]: () => {
        rateLoads += 1;
        return { status: 200, body: rates() };
      },
      [`POST ${E}/findings`]: {
        status: 200,
        body: finding({ id: 'f-9', kind: 'nonRegistered', householdId: null, label: '上堡村-03', exitVerdict: null, missed: true, satisfied: null }),
      },
    });
    renderApp(`/evaluation/${ENGAGEMENT_ID}`);
    await screen.findByTestId('nonregistered-form');
    fireEvent.change(screen.getByTestId('nonregistered-label'), { target: { value: '上堡村-03' } });
    fireEvent.click(screen.getByTestId('nonregistered-missed-yes'));
    fireEvent.click(screen.getByTestId('nonregistered-satisfied-unasked'));
    fireEvent.click(screen.getByTestId('nonregistered-submit'));
    expect((await screen.findByTestId('error-notes')).textContent).toBe('漏评须填写核查说明');
    fireEvent.change(screen.getByTestId('nonregistered-notes'), { target: { value: '因病返贫风险高，未纳入' } });
    fireEvent.click(screen.getByTestId('nonregistered-submit'));
    expect(await screen.findByTestId('nonregistered-saved')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      kind: 'nonRegistered',
      label: '上堡村-03',
      missed: true,
      satisfied: null,
      notes: '因病返贫风险高，未纳入',
    });
    await waitFor(() => expect(rateLoads).toBe(2));
  });
});

describe('evaluator workspace: a sampled household', () => {
  function routes(extra: Record<string, unknown> = {}) {
    return {
      [`GET ${E}/households/${SAMPLED_HH}`]: { status: 200, body: dossier() },
      [`GET ${E}/findings`]: { status: 200, body: { items: [] } },
      ...extra,
    };
  }

  it('shows the masked record: household, exit checklist, every case and the merged history', async () => {
    mockApi({ ...as(evaluator), ...routes() });
    renderApp(`/evaluation/${ENGAGEMENT_ID}/households/${SAMPLED_HH}`);
    expect((await screen.findByTestId('dossier-household')).textContent).toContain('张三');
    expect(screen.getByTestId('dossier-members').textContent).toContain('210521********1234');
    expect(screen.getByTestId('dossier-masking').textContent).toContain('身份证号');

    const items = within(screen.getByTestId('exit-checklist')).getAllByTestId('checklist-item');
    expect(items.map((i) => [i.getAttribute('data-item'), i.getAttribute('data-met')])).toEqual([
      ['incomeAboveLine', 'true'],
      ['basicMedical', 'true'],
      ['safeHousing', 'false'],
    ]);
    expect(items[2].textContent).toContain('住房安全有保障');
    expect(items[2].textContent).toContain('县住建局');
    expect(screen.getByTestId('exit-unmet').textContent).toContain('住房安全有保障——未达标');
    // Income comes masked and stays masked.
    expect(screen.getByTestId('data-survey.perCapitaNetIncomeYuan').textContent).toBe('（已隐藏）');

    const cases = screen.getAllByTestId('dossier-case');
    expect(cases.map((c) => c.getAttribute('data-service'))).toEqual(['identification']);
    const history = within(screen.getByTestId('dossier-history')).getAllByTestId('dossier-history-entry');
    expect(history).toHaveLength(4);
    expect(history[0].textContent).toContain('精准识别');
    expect(history[3].textContent).toContain('脱贫退出');
    expect(document.body.textContent).not.toMatch(/\d{17}[\dXx]/);
  });

  it('records a finding with the real field names (kind sampled, exitVerdict, satisfied)', async () => {
    const { calls } = mockApi({
      ...as(evaluator),
      ...routes({ [`POST ${E}/findings`]: { status: 200, body: finding() } }),
    });
    renderApp(`/evaluation/${ENGAGEMENT_ID}/households/${SAMPLED_HH}`);
    await screen.findByTestId('finding-form');
    fireEvent.click(screen.getByTestId('finding-verdict-wronglyExited'));
    fireEvent.click(screen.getByTestId('finding-satisfied-no'));
    fireEvent.click(screen.getByTestId('finding-submit'));
    expect((await screen.findByTestId('error-notes')).textContent).toBe('错退须填写核查说明');
    fireEvent.change(screen.getByTestId('finding-notes'), { target: { value: '人均纯收入低于标准' } });
    fireEvent.click(screen.getByTestId('finding-submit'));
    expect(await screen.findByTestId('finding-saved')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      kind: 'sampled',
      householdId: SAMPLED_HH,
      exitVerdict: 'wronglyExited',
      satisfied: false,
      notes: '人均纯收入低于标准',
    });
  });

  it('prefills an earlier finding; "未调查" is sent as satisfied: null and empty notes are left out', async () => {
    const { calls } = mockApi({
      ...as(evaluator),
      ...routes({
        [`GET ${E}/findings`]: { status: 200, body: { items: [finding({ exitVerdict: 'correct', satisfied: true, notes: null })] } },
        [`POST ${E}/findings`]: { status: 200, body: finding({ exitVerdict: 'correct', satisfied: null }) },
      }),
    });
    renderApp(`/evaluation/${ENGAGEMENT_ID}/households/${SAMPLED_HH}`);
    expect(await screen.findByTestId('finding-existing')).toBeTruthy();
    expect((screen.getByTestId('finding-verdict-correct') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('finding-satisfied-yes') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByTestId('finding-satisfied-unasked'));
    fireEvent.click(screen.getByTestId('finding-submit'));
    expect(await screen.findByTestId('finding-saved')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      kind: 'sampled',
      householdId: SAMPLED_HH,
      exitVerdict: 'correct',
      satisfied: null,
    });
  });

  it('shows the refusal when the window has closed', async () => {
    mockApi({
      ...as(evaluator),
      ...routes({
        [`POST ${E}/findings`]: { status: 403, body: { statusCode: 403, code: 'EVALUATION.OUTSIDE_WINDOW', message: 'closed' } },
      }),
    });
    renderApp(`/evaluation/${ENGAGEMENT_ID}/households/${SAMPLED_HH}`);
    await screen.findByTestId('finding-form');
    fireEvent.click(screen.getByTestId('finding-verdict-correct'));
    fireEvent.click(screen.getByTestId('finding-satisfied-yes'));
    fireEvent.click(screen.getByTestId('finding-submit'));
    expect((await screen.findByTestId('finding-error')).textContent).toContain('评估期已结束');
  });

  it('a household outside the sample answers 404: a clear empty state', async () => {
    mockApi({ ...as(evaluator), [`GET ${E}/findings`]: { status: 200, body: { items: [] } } });
    renderApp(`/evaluation/${ENGAGEMENT_ID}/households/${SAMPLED_HH_2}`);
    expect((await screen.findByTestId('evaluation-unavailable')).textContent).toContain('农户核验记录暂不可用');
  });

  it('an auditor reads the record but records no findings', async () => {
    const { calls } = mockApi({ ...as(auditor), ...routes() });
    renderApp(`/evaluation/${ENGAGEMENT_ID}/households/${SAMPLED_HH}`);
    await screen.findByTestId('dossier-household');
    expect(screen.queryByTestId('finding-form')).toBeNull();
    expect(calls.some((c) => c.path.endsWith('/findings'))).toBe(false);
  });
});
