import { startNatsServer, startStack, type PrivateNatsServer, type Stack } from '@poverty/testing';
import { Api, identificationCase } from '../support/api';

const SERVICE = 'identification';

/**
 * A policy year changing under open cases. The replica with POLICY_DATE=2019-06-01 takes the 2019
 * policy for its declarations (as when a year's cases are entered late); the one with an empty
 * POLICY_DATE takes the version in force today, 2020. Its own stack on a private nats-server.
 */
describe('county policy versions side by side', () => {
  let nats: PrivateNatsServer;
  let stack: Stack | null = null;

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterAll(async () => {
    await stack?.stop();
    await nats.stop();
  });

  it('decides each case under the policy version it was declared under, and names that version and its source', async () => {
    stack = await startStack({
      database: `${process.env['E2E_DB'] ?? 'poverty_e2e'}_policies`,
      natsUrl: nats.url,
      services: { [SERVICE]: 1 },
      env: { NOTICE_PERIOD: 'PT2S', TIMER_POLL_MS: '200', LOG_LEVEL: 'silent', POLICY_DATE: '2019-06-01' },
    });
    const api = new Api(stack.gatewayUrl);
    // 3,500 yuan a head: above 2019's line of 3,218, below 2020's 4,000.
    const of2019 = await identificationCase(api, 'county', { perCapitaNetIncomeYuan: 3500 });

    const dated = stack.services[SERVICE][0];
    await stack.startReplica(SERVICE, { POLICY_DATE: '' });
    await dated.kill('SIGTERM');
    const of2020 = await identificationCase(api, 'county', { perCapitaNetIncomeYuan: 3500 });

    const view2019 = (await api.get('county.poverty', `/${SERVICE}/cases/${of2019}`)).body;
    const view2020 = (await api.get('county.poverty', `/${SERVICE}/cases/${of2020}`)).body;
    expect(view2019.policy).toEqual({ id: 'benxi-210521-2019', year: 2019, title: '本溪满族自治县 2019 年巩固脱贫实施方案', sourceDocument: '本县委办发〔2019〕42号' });
    expect(view2020.policy).toMatchObject({ id: 'benxi-210521-2020', year: 2020, sourceDocument: expect.stringContaining('示例数据') });

    const refused = await api.act('county.poverty', SERVICE, of2019, 'approve');
    expect([refused.status, refused.body.code]).toEqual([422, 'IDENTIFICATION.INCOME_NOT_BELOW_LINE']);
    expect((await api.actOk('county.poverty', SERVICE, of2020, 'approve')).stage).toBe('publicNotice');

    const progress2020 = (await api.get('county.poverty', '/stats/progress?year=2020')).body;
    expect(progress2020.exitTarget).toMatchObject({ households: 41, people: 87 });
  });
});
