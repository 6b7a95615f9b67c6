import { query, startApp, type AppProcess } from '@poverty/testing';
import { backdateWaiting } from '../support/backdating';
import { sharedStack } from '../support/shared-stack';
import { Client, ID_NUMBER_PATTERN, OWN_PLACE, identificationData, startGateway } from './gateway-support';
import { withBadCheckDigit } from '../support/api';

const stack = sharedStack();
let gateway: Awaited<ReturnType<typeof startGateway>>;
let replica: AppProcess;
let client: Client;

beforeAll(async () => {
  // Logs on, so every line they write can be read; a second identification replica joins the queue group.
  gateway = await startGateway({ LOG_LEVEL: 'info' });
  replica = await startApp('identification', { DATABASE_URL: stack.databaseUrl, NATS_URL: stack.natsUrl, LOG_LEVEL: 'info', NOTICE_PERIOD: 'PT2S', TIMER_POLL_MS: '200' });
  client = new Client(gateway.url);
}, 120_000);

afterAll(async () => {
  await gateway?.kill('SIGTERM');
  await replica?.kill('SIGTERM');
});

/** An identification case put on the board and held there by an objection (so it stays). */
async function heldNotice(): Promise<{ caseId: string; idNumbers: string[] }> {
  const data = identificationData();
  const declared = await client.post(OWN_PLACE.declarer, '/identification/cases', { townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode, data });
  const id = declared.body.id;
  await client.actOk(OWN_PLACE.declarer, 'identification', id, 'submit');
  await client.actOk(OWN_PLACE.villageReviewer, 'identification', id, 'approve');
  await client.actOk(OWN_PLACE.townshipReviewer, 'identification', id, 'approve');
  await client.actOk('county.poverty', 'identification', id, 'approve');
  const objection = await client.post(null, `/public/notices/${id}/objections`, { reason: '收入情况与实际不符', contact: '13912345678' });
  expect(objection.status).toBe(202);
  return { caseId: id, idNumbers: [data.householdHead.idNumber, ...data.members.map((m) => m.idNumber)] };
}

describe('the public board', () => {
  it('shows a held notice with only public fields, and no response of a public endpoint carries an ID number', async () => {
    const { caseId, idNumbers } = await heldNotice();
    const responses = [
      await client.get(null, '/public/notices'),
      await client.get(null, `/public/notices?village=${OWN_PLACE.villageCode}`),
      await client.get(null, `/public/notices?township=${OWN_PLACE.townshipCode}`),
      await client.get(null, `/public/notices?village=${idNumbers[0]}`),
      await client.post(null, `/public/notices/${caseId}/objections`, { reason: `身份证号 ${idNumbers[0]} 的户主收入不实`, contact: idNumbers[1] }),
      await client.post(null, `/public/notices/${idNumbers[0]}/objections`, { reason: '无此公示' }),
      await client.post(null, '/auth/login', { username: idNumbers[0], password: idNumbers[1] }),
      await client.post(null, '/auth/refresh', { refreshToken: idNumbers[0] }),
      await client.get(null, `/identification/cases?village=${idNumbers[0]}`),
      await client.get(null, '/health/ready'),
    ];
    const board = responses[1].body.items.find((n: { caseId: string }) => n.caseId === caseId);
    expect(board).toMatchObject({ caseId, onHold: true, villageCode: OWN_PLACE.villageCode, villageName: expect.any(String), title: expect.any(String) });
    for (const response of responses) {
      expect(response.text).not.toMatch(ID_NUMBER_PATTERN);
      for (const forbidden of [...idNumbers, '13912345678', 'perCapitaNetIncome', 'illness', 'povertyCause', 'members']) expect(response.text).not.toContain(forbidden);
    }
  });

  it('an objection holds the notice and reaches the inbox of the level that resolves it', async () => {
    const { caseId } = await heldNotice();
    const inbox = await client.inbox(OWN_PLACE.townshipReviewer);
    const item = inbox.body.items.find((i: { caseId: string }) => i.caseId === caseId);
    expect(item).toMatchObject({ service: 'identification', stage: 'publicNotice', state: 'publicNotice.onHold' });
    expect((await client.inbox('township.caohezhang')).body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(caseId);
  });

  it('limits objections per client and says when to try again', async () => {
    const limited = await startGateway({ OBJECTION_RATE_LIMIT: '3', OBJECTION_RATE_WINDOW_SECONDS: '600' });
    const answers: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await new Client(limited.url).post(null, `/public/notices/00000000-0000-4000-8000-00000000000${i}/objections`, { reason: '测试限流' });
      answers.push(last.status);
    }
    await limited.kill('SIGTERM');
    expect(answers).toEqual([404, 404, 404, 429, 429]);
    expect(last!.body.code).toBe('REQUEST.RATE_LIMITED');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('writes structured JSON request logs with request ids, and no log line of the gateway or the service carries an ID number', async () => {
    const data = identificationData();
    const declared = await client.post(OWN_PLACE.declarer, '/identification/cases', { townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode, data });
    expect(declared.status).toBe(201);
    const bad = await client.post(OWN_PLACE.declarer, '/identification/cases', {
      townshipCode: OWN_PLACE.townshipCode,
      villageCode: OWN_PLACE.villageCode,
      data: { ...data, householdHead: { name: '错号', idNumber: withBadCheckDigit(data.householdHead.idNumber) } },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).not.toMatch(ID_NUMBER_PATTERN);
    await client.http().get(`/api/v1/households?village=${data.householdHead.idNumber}`).set('x-request-id', data.members[0].idNumber);
    await client.http().post('/api/v1/auth/login').send({ username: data.householdHead.idNumber, password: 'x' });
    await client.http().get(`/api/v1/${data.householdHead.idNumber}/cases`);
    for (let i = 0; i < 6; i++) await client.get(OWN_PLACE.townshipReviewer, `/identification/cases/${declared.body.id}`);
    await client.http().get('/api/v1/me').set('x-request-id', 'trace-abc-123');
    await new Promise((r) => setTimeout(r, 500));

    const lines = [...gateway.output().split('\n'), ...replica.output().split('\n')].filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).not.toMatch(ID_NUMBER_PATTERN);
    const requests = gateway.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).filter((l) => l.message === 'request');
    expect(requests.find((r) => r.requestId === 'trace-abc-123')).toMatchObject({ app: 'gateway', method: 'GET', route: '/api/v1/me', status: 401 });
    expect(requests.every((r) => typeof r.requestId === 'string' && r.requestId.length > 0 && typeof r.durationMs === 'number')).toBe(true);
  });
});

describe('the inbox across services', () => {
  it('lists what awaits the caller oldest first, flagging what waited past the level\'s time limit', async () => {
    const declare = async () => {
      const declared = await client.post(OWN_PLACE.declarer, '/identification/cases', { townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode, data: identificationData() });
      await client.actOk(OWN_PLACE.declarer, 'identification', declared.body.id, 'submit');
      return declared.body.id as string;
    };
    const late = await declare();
    const fresh = await declare();
    // The village level has 5 days (policy data); this one has waited 6.
    await backdateWaiting(stack.databaseUrl, 'identification', late, new Date(Date.now() - 6 * 86_400_000));

    const inbox = await client.inbox(OWN_PLACE.villageReviewer);
    const items = inbox.body.items as Array<{ caseId: string; overdue: boolean; dueAt: string; waitingSince: string }>;
    const lateItem = items.find((i) => i.caseId === late)!;
    const freshItem = items.find((i) => i.caseId === fresh)!;
    expect(lateItem).toMatchObject({ overdue: true, dueAt: expect.any(String) });
    expect(freshItem).toMatchObject({ overdue: false });
    expect(items.indexOf(lateItem)).toBeLessThan(items.indexOf(freshItem));
    expect(items.map((i) => i.waitingSince)).toEqual([...items.map((i) => i.waitingSince)].sort());
    expect(inbox.body.unavailable).toEqual([]);
    expect(inbox.headers['cache-control']).toBe('no-store');
  });
});
