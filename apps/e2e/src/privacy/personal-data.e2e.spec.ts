import { startApp, type AppProcess } from '@poverty/testing';
import { registerHousehold, declareOk } from '../services/household-helpers';
import { Api } from '../support/api';
import { sharedStack } from '../support/shared-stack';
import { Client, ID_NUMBER_PATTERN, OWN_PLACE, identificationData, startGateway } from '../gateway/gateway-support';

/**
 * Least privilege for personal data, role by role: every case view is masked (ID numbers as
 * 2105**********1234, income, illness and medical costs hidden); an official of the case's area
 * reveals one field with a reason; the reveal is logged (without the value) for the auditor.
 */
const stack = sharedStack();
let gateway: Awaited<ReturnType<typeof startGateway>>;
let replica: AppProcess;
let client: Client;

const MASKED_ID = /^\d{4}\*{10}[\dX]{4}$/;
const masked = (id: string) => `${id.slice(0, 4)}**********${id.slice(-4)}`;

beforeAll(async () => {
  // Logs on, so the test can read every line the gateway and an identification replica write.
  gateway = await startGateway({ LOG_LEVEL: 'info' });
  replica = await startApp('identification', { DATABASE_URL: stack.databaseUrl, NATS_URL: stack.natsUrl, LOG_LEVEL: 'info', NOTICE_PERIOD: 'PT2S', TIMER_POLL_MS: '200' });
  client = new Client(gateway.url);
  await client.ensureAccount({ username: 'gw.privacy.evaluator', roles: ['evaluator'] });
}, 120_000);

afterAll(async () => {
  await gateway?.kill('SIGTERM');
  await replica?.kill('SIGTERM');
});

async function declaredCase() {
  const data = identificationData();
  const declared = await client.post(OWN_PLACE.declarer, '/identification/cases', { townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode, data });
  expect(declared.status).toBe(201);
  return { id: declared.body.id as string, data, declared: declared.body };
}

const reveal = (username: string | null, id: string, body: unknown) => client.post(username, `/identification/cases/${id}/reveal`, body);

describe('personal data in case views', () => {
  it('masks ID numbers and hides income and phone in the declaration answer and every role\'s view', async () => {
    const { id, data, declared } = await declaredCase();
    const secrets = [data.householdHead.idNumber, data.members[0].idNumber];
    expect(declared.data.householdHead.idNumber).toBe(masked(data.householdHead.idNumber));
    for (const username of ['village.xiaoshi', 'township.xiaoshi', 'county.poverty', 'auditor']) {
      const view = await client.get(username, `/identification/cases/${id}`);
      expect(view.status).toBe(200);
      expect(view.body.data.householdHead.idNumber).toMatch(MASKED_ID);
      expect(view.body.data.members[0].idNumber).toMatch(MASKED_ID);
      expect(view.body.data.perCapitaNetIncomeYuan).toBe('***');
      expect(view.body.personalFields).toEqual(
        expect.arrayContaining([{ path: 'householdHead.idNumber', kind: 'idNumbers' }, { path: 'perCapitaNetIncomeYuan', kind: 'income' }]),
      );
      for (const secret of secrets) expect(view.text).not.toContain(secret);
    }
    // The answer to an action is a case view too.
    const submitted = await client.actOk(OWN_PLACE.declarer, 'identification', id, 'submit', { comment: `已核对户主身份证 ${data.householdHead.idNumber}` });
    expect(JSON.stringify(submitted)).not.toMatch(ID_NUMBER_PATTERN);
    expect(submitted.history.at(-1).comment).toContain(masked(data.householdHead.idNumber));
    const trail = await client.get('auditor', `/audit?caseId=${id}`);
    expect(trail.body.chain.ok).toBe(true);
    expect(trail.text).not.toMatch(ID_NUMBER_PATTERN);
  });

  it('lets an edit send masked fields back unchanged', async () => {
    const { id, declared } = await declaredCase();
    const edited = await client.actOk(OWN_PLACE.declarer, 'identification', id, 'edit', { data: { ...declared.data, perCapitaNetIncomeYuan: 2400 } });
    expect(edited.data.householdHead.idNumber).toBe(declared.data.householdHead.idNumber);
    const income = await reveal(OWN_PLACE.declarer, id, { field: 'perCapitaNetIncomeYuan', reason: '核对修改后的收入' });
    expect(income.body.value).toBe(2400);
  });

  it('hides a medical claim\'s diagnosis, hospital and self-paid costs, and keeps its relief amount', async () => {
    const api = new Api(gateway.url);
    const household = await registerHousehold(api, stack.databaseUrl);
    const claim = await declareOk(api, 'medical', {
      kind: 'relief', householdId: household.householdId, patient: household.head, settledOn: '2019-05-10', selfPaidFen: 1_200_000, diagnosis: '慢性肾功能衰竭', hospital: '本溪县人民医院',
    });
    expect(claim.data).toMatchObject({ diagnosis: '***', hospital: '***', selfPaidFen: '***' });
    expect(claim.data.patient.idNumber).toMatch(MASKED_ID);
    expect(claim.amounts[0].amountFen).toBeGreaterThan(0);
    const view = await client.get('county.medical', `/medical/cases/${claim.id}`);
    expect(view.text).not.toContain('慢性肾功能衰竭');
    const revealed = await client.post('county.medical', `/medical/cases/${claim.id}/reveal`, { field: 'diagnosis', reason: '审核救助病种' });
    expect(revealed.body).toMatchObject({ field: 'diagnosis', kind: 'health', value: '慢性肾功能衰竭' });
    // The housing bureau is not the case's department: the case does not exist for it.
    expect((await client.post('county.housing', `/medical/cases/${claim.id}/reveal`, { field: 'diagnosis', reason: '想看看' })).status).toBe(404);
  });
});

describe('revealing a personal field', () => {
  it('reveals a field to an official of the case\'s village, township or county department, each reveal logged for the auditor without the value', async () => {
    const { id, data } = await declaredCase();
    const village = await reveal(OWN_PLACE.declarer, id, { field: 'householdHead.idNumber', reason: '入户核实户主身份' });
    expect(village.status).toBe(200);
    expect(village.body).toMatchObject({ field: 'householdHead.idNumber', kind: 'idNumbers', value: data.householdHead.idNumber, revealId: expect.any(String) });
    const township = await reveal('township.xiaoshi', id, { field: 'members.0.idNumber', reason: '核对家庭成员' });
    expect(township.body.value).toBe(data.members[0].idNumber);
    const county = await reveal('county.poverty', id, { field: 'perCapitaNetIncomeYuan', reason: '县级审核收入' });
    expect(county.body.value).toBe(data.perCapitaNetIncomeYuan);

    const log = await client.get('auditor', `/audit/reveals?caseId=${id}`);
    expect(log.status).toBe(200);
    expect(log.body.items.map((r: { field: string; reason: string; role: string }) => [r.field, r.reason, r.role])).toEqual([
      ['perCapitaNetIncomeYuan', '县级审核收入', 'county_officer'],
      ['members.0.idNumber', '核对家庭成员', 'township_reviewer'],
      ['householdHead.idNumber', '入户核实户主身份', 'village_officer'],
    ]);
    expect(log.text).not.toMatch(ID_NUMBER_PATTERN);
    await new Promise((r) => setTimeout(r, 300));
    const lines = [...gateway.output().split('\n'), ...replica.output().split('\n')];
    for (const line of lines) expect(line).not.toMatch(ID_NUMBER_PATTERN);
  });

  it('refuses a reveal without a reason, or of a field that is not personal, naming the field', async () => {
    const { id } = await declaredCase();
    const noReason = await reveal(OWN_PLACE.declarer, id, { field: 'householdHead.idNumber' });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', field: 'reason' });
    const shortReason = await reveal(OWN_PLACE.declarer, id, { field: 'householdHead.idNumber', reason: ' 看 ' });
    expect(shortReason.body.field).toBe('reason');
    const notPersonal = await reveal(OWN_PLACE.declarer, id, { field: 'attribute', reason: '核实户属性' });
    expect(notPersonal.status).toBe(400);
    expect(notPersonal.body).toMatchObject({ field: 'field' });
    expect(notPersonal.body.message).toContain('attribute');
    const absent = await reveal(OWN_PLACE.declarer, id, { field: 'members.5.idNumber', reason: '核对家庭成员' });
    expect(absent.status).toBe(400);
    expect(absent.body.field).toBe('field');
    expect((await client.get('auditor', `/audit/reveals?caseId=${id}`)).body.items).toEqual([]);
  });

  it('refuses the auditor, the evaluator, the admin, another township and the public, and logs nothing', async () => {
    const { id } = await declaredCase();
    const body = { field: 'householdHead.idNumber', reason: '想查看身份证号' };
    expect((await reveal('auditor', id, body)).status).toBe(403);
    expect((await reveal('gw.privacy.evaluator', id, body)).status).toBe(403);
    expect((await reveal('admin', id, body)).status).toBe(403);
    expect((await reveal('township.caohezhang', id, body)).status).toBe(404);
    expect((await reveal(null, id, body)).status).toBe(401);
    expect((await client.get('gw.privacy.evaluator', `/identification/cases/${id}`)).status).toBe(403);
    expect((await client.get('county.poverty', `/audit/reveals?caseId=${id}`)).status).toBe(403);
    expect((await client.get('auditor', `/audit/reveals?caseId=${id}`)).body.items).toEqual([]);
  });
});
