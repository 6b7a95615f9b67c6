import { EVENT_STREAM, eventSubject } from '@poverty/contracts';
import { query, readStreamEvents, startNatsServer, startStack, waitFor, type PrivateNatsServer, type Stack } from '@poverty/testing';
import { Api, identificationCase, identificationDeclaration } from '../support/api';

/** nats.js gives up after 10 reconnect attempts 2 s apart, unless a connection says otherwise. */
const CLIENT_DEFAULT_GIVE_UP_MS = 10 * 2_000;

/**
 * These tests kill and multiply service processes, so each runs its own stack: its own
 * database and a private nats-server, where nothing else answers its subjects.
 */
describe('durability of identification under crashes and replicas', () => {
  let nats: PrivateNatsServer;
  let stack: Stack | null = null;

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterEach(async () => {
    await stack?.stop();
    stack = null;
  });
  afterAll(async () => {
    await nats.stop();
  });

  it('ends a public notice once even when the service is killed and restarted during it', async () => {
    stack = await startStack({
      database: `${process.env['E2E_DB'] ?? 'poverty_e2e'}_restart`,
      natsUrl: nats.url,
      services: { identification: 1 },
      env: { NOTICE_PERIOD: 'PT4S', TIMER_POLL_MS: '200', LOG_LEVEL: 'silent' },
    });
    const api = new Api(stack.gatewayUrl);
    const caseId = await identificationCase(api, 'publicNotice');
    const [timer] = await query(stack.databaseUrl, 'select key, due_at from identification.case_timer where case_id = $1', [caseId]);
    expect(timer).toBeDefined();

    await stack.services['identification'][0].kill('SIGKILL');
    await waitFor(async () => Date.now() > new Date(timer.due_at).getTime() + 500, 'the notice period to pass while the service is down', 10_000);
    const [whileDown] = await query(stack.databaseUrl, 'select stage from identification.case_record where id = $1', [caseId]);
    expect(whileDown.stage).toBe('publicNotice');

    await stack.startReplica('identification');
    await waitFor(async () => (await api.get('county.poverty', `/identification/cases/${caseId}`)).body.stage === 'acceptance', 'the notice to end after restart', 20_000);
    await new Promise((r) => setTimeout(r, 1000)); // give a double firing the chance to show up
    const fired = await query(stack.databaseUrl, 'select fired_at, outcome from identification.case_timer where case_id = $1', [caseId]);
    expect(fired).toHaveLength(1);
    expect(fired[0].outcome).toBe('fired: acceptance');
    const [{ endings }] = await query(stack.databaseUrl, `select count(*)::int as endings from identification.case_audit where case_id = $1 and action = 'notice.elapsed'`, [caseId]);
    expect(endings).toBe(1);
  });

  it('with two instances running, every transition and every timer happens once', async () => {
    stack = await startStack({
      database: `${process.env['E2E_DB'] ?? 'poverty_e2e'}_replicas`,
      natsUrl: nats.url,
      services: { identification: 2 },
      env: { NOTICE_PERIOD: 'PT2S', TIMER_POLL_MS: '100', LOG_LEVEL: 'silent' },
    });
    const api = new Api(stack.gatewayUrl);
    const cases = await Promise.all(Array.from({ length: 12 }, () => identificationCase(api, 'publicNotice')));
    await waitFor(
      async () => {
        const [{ waiting }] = await query(stack!.databaseUrl, `select count(*)::int as waiting from identification.case_record where id = any($1) and stage <> 'acceptance'`, [cases]);
        return waiting === 0;
      },
      'every notice to end',
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    // declare, submit, three approvals, notice end: six audit rows per case, contiguous and unique.
    const audits = await query(stack.databaseUrl, 'select case_id, count(*)::int as n, max(seq) as top from identification.case_audit where case_id = any($1) group by case_id', [cases]);
    expect(audits).toHaveLength(cases.length);
    for (const row of audits) expect([row.n, row.top]).toEqual([6, 6]);
    const timers = await query(stack.databaseUrl, 'select case_id, count(*)::int as n from identification.case_timer where case_id = any($1) and fired_at is not null group by case_id', [cases]);
    expect(timers.map((t) => t.n)).toEqual(cases.map(() => 1));
  });

  it('answers commands and publishes events again after NATS was down longer than a client gives up by default', async () => {
    stack = await startStack({
      database: `${process.env['E2E_DB'] ?? 'poverty_e2e'}_nats_outage`,
      natsUrl: nats.url,
      services: { identification: 1 },
      env: { LOG_LEVEL: 'silent' },
    });
    const api = new Api(stack.gatewayUrl);
    await identificationCase(api, 'application');

    await nats.stop();
    await new Promise((r) => setTimeout(r, CLIENT_DEFAULT_GIVE_UP_MS + 4_000));
    await nats.start();

    // Every connection of the gateway and the service must have kept trying: a declaration succeeds again…
    let caseId = '';
    await waitFor(async () => {
      const declared = await api.post('village.xiaoshi', '/identification/cases', identificationDeclaration());
      caseId = declared.status === 201 ? declared.body.id : '';
      return caseId !== '';
    }, 'a declaration to be answered after NATS came back', 30_000, 500);
    // …its outbox row is published, and its event reaches the stream.
    const { databaseUrl } = stack;
    await waitFor(async () => {
      const [{ pending }] = await query(databaseUrl, 'select count(*)::int as pending from identification.outbox where published_at is null');
      return pending === 0;
    }, 'the outbox relay to publish again', 15_000);
    const events = await readStreamEvents<{ caseId: string }>(nats.url, EVENT_STREAM, eventSubject('identification', 'case.declared'), (e) => e.caseId === caseId);
    expect(events).toHaveLength(1);
  });
});
