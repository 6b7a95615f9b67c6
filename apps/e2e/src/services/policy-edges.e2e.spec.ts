import { randomUUID } from 'node:crypto';
import { Api } from '../support/api';
import { sharedStack } from '../support/shared-stack';
import { CHAINS, declare, declareOk, registerHousehold, run, waitUntil, yuan, type RegisteredHousehold } from './household-helpers';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);

/** Declares a relief claim and takes it to the county level. */
async function claimAtCounty(household: RegisteredHousehold, patient: { name: string; idNumber: string }, selfPaidFen: number, extra: Record<string, unknown> = {}) {
  const claim = await declareOk(api, 'medical', { kind: 'relief', householdId: household.householdId, patient, settledOn: '2019-04-01', selfPaidFen, ...extra });
  await run(api, 'medical', claim.id, [['village.xiaoshi', 'submit'], ...CHAINS.medical]);
  return claim.id as string;
}

describe('policy edges through the gateway', () => {
  let household: RegisteredHousehold;
  beforeAll(async () => {
    household = await registerHousehold(api, stack.databaseUrl, { members: 3 });
  });

  it('refuses a case for a household that is not in the roster, with HOUSEHOLD.UNKNOWN', async () => {
    const response = await declare(api, 'education', { householdId: randomUUID(), student: household.members[1], stage: 'seniorHigh', schoolYear: '2019-2020', school: '本溪县高级中学' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'HOUSEHOLD.UNKNOWN', field: 'data.householdId' });
  });

  describe('medical relief', () => {
    it('does not relieve a year total of exactly 2,000 yuan, and relieves 2,000.01 at 50 %', async () => {
      const exactly = await claimAtCounty(household, household.head, yuan(2_000));
      const refused = await api.act('county.medical', 'medical', exactly, 'approve', { comment: '审定' });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('MEDICAL.BELOW_THRESHOLD');

      const justOver = await claimAtCounty(household, household.members[2], yuan(2_000) + 1);
      const approved = await api.actOk('county.medical', 'medical', justOver, 'approve', { comment: '审定' });
      expect(approved.data.relief).toMatchObject({ rateBp: 5000, rateSource: 'tier', amountFen: 100_001 });
    });

    it('refuses a rate outside 50–80 % at declaration and at the county', async () => {
      const declared = await declare(api, 'medical', { kind: 'relief', householdId: household.householdId, patient: household.head, settledOn: '2019-04-01', selfPaidFen: yuan(30_000), rateBp: 8001 });
      expect(declared.status).toBe(422);
      expect(declared.body).toMatchObject({ code: 'MEDICAL.RATE_OUT_OF_BAND', field: 'data.rateBp' });

      const claim = await claimAtCounty(household, household.head, yuan(30_000));
      const low = await api.act('county.medical', 'medical', claim, 'approve', { comment: '审定', data: { rateBp: 4999 } });
      expect(low.status).toBe(422);
      expect(low.body.code).toBe('MEDICAL.RATE_OUT_OF_BAND');
      const inBand = await api.actOk('county.medical', 'medical', claim, 'approve', { comment: '审定', data: { rateBp: 5000 } });
      expect(inBand.data.relief).toMatchObject({ rateBp: 5000, rateSource: 'explicit', amountFen: yuan(15_000) });
    });

    it('holds the yearly cap across two claims in review at once: the second is reduced to what is left', async () => {
      const patient = household.members[0];
      const first = await claimAtCounty(household, patient, yuan(100_000), { rateBp: 8000 });
      const second = await claimAtCounty(household, patient, yuan(50_000), { rateBp: 8000 });

      const a = await api.actOk('county.medical', 'medical', first, 'approve', { comment: '审定' });
      const b = await api.actOk('county.medical', 'medical', second, 'approve', { comment: '审定' });

      expect(a.data.relief).toMatchObject({ amountFen: yuan(80_000), cappedBy: null });
      expect(b.data.relief).toMatchObject({ uncappedFen: yuan(40_000), amountFen: yuan(20_000), cappedBy: yuan(100_000), priorReliefFen: yuan(80_000), remainingCapFen: 0 });
    });

    it('refuses a patient who is not a member of the household', async () => {
      const response = await declare(api, 'medical', { kind: 'relief', householdId: household.householdId, patient: { name: '外人', idNumber: '110101199003074514' }, settledOn: '2019-04-01', selfPaidFen: yuan(5_000) });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('MEDICAL.NOT_A_MEMBER');
      expect(JSON.stringify(response.body)).not.toContain('110101199003074514');
    });
  });

  describe('housing', () => {
    it('refuses grades A and B at county approval and proceeds with D at 45,000 yuan; one renovation open at a time', async () => {
      const housing = await declareOk(api, 'housing', { householdId: household.householdId });
      const again = await declare(api, 'housing', { householdId: household.householdId });
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('HOUSING.RENOVATION_OPEN');

      await run(api, 'housing', housing.id, [['village.xiaoshi', 'submit'], ...CHAINS.housing]);
      for (const grade of ['A', 'B']) {
        const refused = await api.act('county.housing', 'housing', housing.id, 'approve', { comment: '审定', data: { appraisalGrade: grade } });
        expect(refused.status).toBe(422);
        expect(refused.body).toMatchObject({ code: 'HOUSING.GRADE_NOT_ELIGIBLE', field: 'data.appraisalGrade' });
      }
      const missing = await api.act('county.housing', 'housing', housing.id, 'approve', { comment: '审定' });
      expect(missing.body.code).toBe('HOUSING.GRADE_REQUIRED');

      const approved = await api.actOk('county.housing', 'housing', housing.id, 'approve', { comment: '审定', data: { appraisalGrade: 'D' } });
      expect(approved.stage).toBe('publicNotice');
      expect(approved.amounts).toEqual([expect.objectContaining({ amountFen: yuan(45_000) })]);
    });
  });

  describe('education', () => {
    it('refuses a second award for the same student, stage and school year, and frees it when the first is withdrawn', async () => {
      const student = household.members[1];
      const body = { householdId: household.householdId, student, stage: 'seniorHigh', schoolYear: '2019-2020', school: '本溪县高级中学' };
      const first = await declareOk(api, 'education', body);
      expect(first.amounts[0]).toMatchObject({ amountFen: yuan(2_000), rule: expect.stringContaining('免除学杂费') });

      const duplicate = await declare(api, 'education', body, 'village.xiaoshi.2');
      expect(duplicate.status).toBe(422);
      expect(duplicate.body.code).toBe('EDUCATION.DUPLICATE_AWARD');
      expect(duplicate.body.message).toContain('2019-2020');

      expect((await declare(api, 'education', { ...body, schoolYear: '2020-2021' })).status).toBe(201);
      await api.actOk('village.xiaoshi', 'education', first.id, 'withdraw', { comment: '重复申报，撤回' });
      expect((await declare(api, 'education', body)).status).toBe(201);
    });
  });
});
