import { query } from '@poverty/testing';
import { CHAINS, declareOk, registerHousehold, run, waitUntil, yuan } from '../services/household-helpers';
import { Api, SHANGBAO } from '../support/api';
import { sharedStack } from '../support/shared-stack';
import { Client, ensureOtherPlaceAccounts, OTHER_PLACE, startGateway } from '../gateway/gateway-support';

/**
 * 防返贫监测 across services: identification raises a risk flag on a watched (已脱贫) household from
 * the medical and housing services' events, gives its village a follow-up task with a due date,
 * and only that village's officer closes it, with the measure taken; all of it on the household.
 */
const stack = sharedStack();
const api = new Api(stack.gatewayUrl);
let gateway: Awaited<ReturnType<typeof startGateway>>;
let client: Client;

beforeAll(async () => {
  gateway = await startGateway();
  client = new Client(gateway.url);
  await ensureOtherPlaceAccounts(client);
}, 120_000);

afterAll(async () => {
  await gateway?.kill('SIGTERM');
});

async function flagsOf(householdId: string, username = 'village.xiaoshi') {
  return (await client.get(username, `/monitoring/flags?householdId=${householdId}`)).body.items as Array<Record<string, any>>;
}

async function exitedHousehold() {
  const household = await registerHousehold(api, stack.databaseUrl);
  // The exit itself (脱贫退出 to 销号) is covered by household-journey; monitoring watches its result.
  await query(stack.databaseUrl, `update identification.household set status = 'exited' where id = $1`, [household.householdId]);
  return household;
}

describe('防返贫 monitoring', () => {
  it('flags an exited household whose self-paid medical costs pass the threshold, and its village closes the follow-up with a measure', async () => {
    const household = await exitedHousehold();
    const claim = await declareOk(api, 'medical', { kind: 'relief', householdId: household.householdId, patient: household.head, settledOn: '2019-06-10', selfPaidFen: yuan(12_000), diagnosis: '脑梗塞' });
    await run(api, 'medical', claim.id, [['village.xiaoshi', 'submit'], ...CHAINS.medical, ['county.medical', 'approve']]);

    let flags: Array<Record<string, any>> = [];
    await waitUntil(async () => (flags = await flagsOf(household.householdId)).length === 1, 'the medical-costs flag');
    const [flag] = flags;
    expect(flag).toMatchObject({ rule: 'medicalCosts', status: 'open', sourceService: 'medical', sourceCaseId: claim.id, villageCode: SHANGBAO });
    expect(flag.reason).toContain('10,000');
    // The household's own figure is personal data: masked like a case's.
    expect(flag.figures).toMatchObject({ selfPaidFenThisYear: '***', thresholdFen: yuan(10_000) });
    expect(flag.task).toMatchObject({ status: 'open', overdue: false });
    expect(new Date(flag.task.dueAt).getTime() - new Date(flag.raisedAt).getTime()).toBe(15 * 86_400_000);

    // Seen by the township and the auditor; not by another village.
    expect((await flagsOf(household.householdId, 'township.xiaoshi')).map((f) => f.id)).toEqual([flag.id]);
    expect((await flagsOf(household.householdId, 'auditor')).map((f) => f.id)).toEqual([flag.id]);
    expect(await flagsOf(household.householdId, OTHER_PLACE.declarer)).toEqual([]);

    const close = (username: string, body: unknown) => client.post(username, `/monitoring/tasks/${flag.task.id}/close`, body);
    expect((await close('township.xiaoshi', { measureKind: 'medicalAssistance', measure: '乡镇代办' })).status).toBe(403);
    expect((await close(OTHER_PLACE.declarer, { measureKind: 'medicalAssistance', measure: '他村代办' })).status).toBe(404);
    const noMeasure = await close('village.xiaoshi', { measureKind: 'medicalAssistance' });
    expect(noMeasure.status).toBe(400);
    expect(noMeasure.body.field).toBe('measure');
    const closed = await close('village.xiaoshi', { measureKind: 'medicalAssistance', measure: '落实大病保险二次报销，纳入家庭医生签约' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', task: { status: 'closed', measureKind: 'medicalAssistance', measure: '落实大病保险二次报销，纳入家庭医生签约', closedAt: expect.any(String) } });
    expect((await close('village.xiaoshi', { measureKind: 'other', measure: '再次关闭' })).status).toBe(422);

    // On the household's timeline, with its outcome.
    const shown = await client.get('village.xiaoshi', `/households/${household.householdId}`);
    expect(shown.body.riskFlags).toEqual([expect.objectContaining({ id: flag.id, status: 'closed', task: expect.objectContaining({ measure: '落实大病保险二次报销，纳入家庭医生签约' }) })]);
  });

  it('flags a new D-grade house of an exited household, once, and leaves a household still in poverty to its cases', async () => {
    const household = await exitedHousehold();
    const renovate = async (householdId: string) => {
      const housing = await declareOk(api, 'housing', { householdId, appraisalGrade: 'D', appraisalReport: '本住鉴〔2019〕77号', method: 'rebuild' });
      await run(api, 'housing', housing.id, [['village.xiaoshi', 'submit'], ...CHAINS.housing, ['county.housing', 'approve']]);
      return housing.id;
    };
    const caseId = await renovate(household.householdId);
    let flags: Array<Record<string, any>> = [];
    await waitUntil(async () => (flags = await flagsOf(household.householdId)).length === 1, 'the dangerous-house flag');
    expect(flags[0]).toMatchObject({ rule: 'dangerousHouse', figures: { grade: 'D' }, sourceCaseId: caseId, task: { status: 'open' } });

    const poor = await registerHousehold(api, stack.databaseUrl);
    const applied = async () => (await query(stack.databaseUrl, `select count(*)::int as n from identification.processed_message where consumer like '%monitoring-housing'`))[0].n as number;
    const before = await applied();
    await renovate(poor.householdId);
    // The consumer applied the second household's event too, and flagged nothing for it.
    await waitUntil(async () => (await applied()) > before, 'the monitoring consumer to apply the second housing event');
    expect(await flagsOf(poor.householdId)).toEqual([]);
    expect(await flagsOf(household.householdId)).toHaveLength(1);
  });
});
