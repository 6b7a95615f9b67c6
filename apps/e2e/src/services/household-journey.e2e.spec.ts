import { query } from '@poverty/testing';
import { Api } from '../support/api';
import { sharedStack } from '../support/shared-stack';
import { CHAINS, declare, declareOk, exitSurvey, registerHousehold, run, waitForCaseStage, waitUntil, yuan } from './household-helpers';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);

async function checklistItems(householdId: string): Promise<string[]> {
  const rows = await query(stack.databaseUrl, `select item from exit_verification.checklist_item where household_id = $1 and met`, [householdId]);
  return rows.map((r) => r.item).sort();
}

describe('a household from identification to exit, through every service', () => {
  it('is identified, renovated, aided and relieved, exits when its checklist is complete, and shows 已脱贫 with all its cases', async () => {
    const household = await registerHousehold(api, stack.databaseUrl, { housingGrade: 'C', members: 2 });
    const [spouse, student] = household.members;
    const { householdId } = household;

    // 发现一户解决一户: the C-grade house got a renovation case in 申报 without anyone declaring it.
    let housingCaseId = '';
    await waitUntil(async () => {
      const list = (await api.get('village.xiaoshi', `/housing/cases?householdId=${householdId}`)).body;
      housingCaseId = list.items?.[0]?.id ?? '';
      return list.total === 1;
    }, 'the automatic housing case');
    const opened = (await api.get('village.xiaoshi', `/housing/cases/${housingCaseId}`)).body;
    expect(opened).toMatchObject({ stage: 'application', declaredBy: 'system', data: { origin: 'roster', appraisalGrade: 'C' } });

    await run(api, 'housing', housingCaseId, [['village.xiaoshi', 'submit'], ...CHAINS.housing, ['county.housing', 'approve', { data: { appraisalGrade: 'C', appraisalReport: '本住鉴〔2019〕17号' } }]]);
    await waitForCaseStage(api, 'housing', 'county.housing', housingCaseId, 'acceptance');
    await run(api, 'housing', housingCaseId, [
      ['county.housing', 'recordAcceptance', { data: { check: 'jointInspection', evidence: '住建、乡镇、村联合竣工验收合格' } }],
      ['county.housing', 'recordAcceptance', { data: { check: 'moveIn', evidence: '2019-09-30 已入住' } }],
    ]);
    const renovated = await run(api, 'housing', housingCaseId, [['county.housing', 'accept']]);
    expect(renovated.stage).toBe('closed');
    expect(renovated.amounts).toEqual([expect.objectContaining({ amountFen: yuan(5_000), rule: expect.stringContaining('二(四)') })]);
    const [ledger] = await query(stack.databaseUrl, `select status, subsidy_paid_fen from housing.dangerous_house where household_id = $1`, [householdId]);
    expect(ledger).toEqual({ status: 'struckOff', subsidy_paid_fen: yuan(5_000) });

    const education = await declareOk(api, 'education', { householdId, student, stage: 'university', schoolYear: '2019-2020', school: '沈阳农业大学' });
    expect(education.amounts[0].amountFen).toBe(yuan(6_000));
    await run(api, 'education', education.id, [['village.xiaoshi', 'submit'], ...CHAINS.education]);
    await waitForCaseStage(api, 'education', 'county.education', education.id, 'acceptance');
    const aided = await run(api, 'education', education.id, [
      ['county.education', 'recordAcceptance', { data: { check: 'paymentConfirmed', evidence: '一卡通发放 6,000元' } }],
      ['county.education', 'accept'],
    ]);
    expect(aided.stage).toBe('closed');

    // 150,000 self-paid at 80 % is 120,000, capped at 100,000 for the year.
    const claim = await declareOk(api, 'medical', { kind: 'relief', householdId, patient: spouse, settledOn: '2019-06-10', selfPaidFen: yuan(150_000), rateBp: 8000 });
    await run(api, 'medical', claim.id, [['village.xiaoshi', 'submit'], ...CHAINS.medical]);
    const decided = await run(api, 'medical', claim.id, [['county.medical', 'approve']]);
    expect(decided.data.relief).toMatchObject({ uncappedFen: yuan(120_000), amountFen: yuan(100_000), cappedBy: yuan(100_000), remainingCapFen: 0 });
    expect(decided.amounts).toEqual([expect.objectContaining({ amountFen: yuan(100_000), rule: expect.stringContaining('封顶') })]);

    // A second claim the same year finds the cap used up.
    const second = await declareOk(api, 'medical', { kind: 'relief', householdId, patient: spouse, settledOn: '2019-11-02', selfPaidFen: yuan(20_000) });
    await run(api, 'medical', second.id, [['village.xiaoshi', 'submit'], ...CHAINS.medical]);
    const refused = await api.act('county.medical', 'medical', second.id, 'approve', { comment: '审定' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('MEDICAL.CAP_REACHED');
    expect((await api.get('county.medical', `/medical/cases/${second.id}`)).body.stage).toBe('review');
    await run(api, 'medical', second.id, [['county.medical', 'reject', { comment: '本年度医疗救助已达封顶10万元' }]]);

    await waitForCaseStage(api, 'medical', 'county.medical', claim.id, 'acceptance');
    await run(api, 'medical', claim.id, [['county.medical', 'recordAcceptance', { data: { check: 'paymentConfirmed', evidence: '已拨付 100,000元' } }], ['county.medical', 'accept']]);
    const [paid] = await query(stack.databaseUrl, `select status, relief_fen from medical.relief_ledger where case_id = $1`, [claim.id]);
    expect(paid).toEqual({ status: 'paid', relief_fen: yuan(100_000) });

    // 资助参保: every member enrolled in 新农合 + 大病保险 at 260 yuan each.
    const everyone = [household.head, ...household.members];
    const insurance = await declareOk(api, 'medical', { kind: 'insurance', householdId, year: 2019, members: everyone });
    expect(insurance.amounts[0].amountFen).toBe(yuan(260 * 3));
    await run(api, 'medical', insurance.id, [['village.xiaoshi', 'submit'], ...CHAINS.medical, ['county.medical', 'approve']]);
    await waitForCaseStage(api, 'medical', 'county.medical', insurance.id, 'acceptance');
    await run(api, 'medical', insurance.id, [['county.medical', 'recordAcceptance', { data: { check: 'paymentConfirmed', evidence: '参保费已缴' } }], ['county.medical', 'accept']]);

    await waitUntil(async () => (await checklistItems(householdId)).length === 3, 'the services to fill the exit checklist');
    expect(await checklistItems(householdId)).toEqual(['basicMedical', 'compulsoryEducation', 'safeHousing']);

    const exit = await declareOk(api, 'exit-verification', { householdId, year: 2019, survey: exitSurvey() });
    expect(exit.data.unmet).toEqual([]);
    await run(api, 'exit-verification', exit.id, [['village.xiaoshi', 'submit'], ...CHAINS.exit, ['county.poverty', 'approve', { comment: '县扶贫办审定退出' }]]);
    await waitForCaseStage(api, 'exit-verification', 'county.poverty', exit.id, 'acceptance');
    const exited = await run(api, 'exit-verification', exit.id, [
      ['county.poverty.2', 'recordAcceptance', { data: { check: 'householdConsent', evidence: '户主王大山签字确认（脱贫退出确认书）' } }],
      ['county.poverty.2', 'recordAcceptance', { data: { check: 'countyCheck', evidence: '县级核查无误' } }],
      ['county.poverty.2', 'accept'],
    ]);
    expect(exited.stage).toBe('closed');

    let page: any;
    await waitUntil(async () => {
      page = (await api.get('township.xiaoshi', `/households/${householdId}`)).body;
      return page.status === 'exited';
    }, 'the roster to show 已脱贫');
    const byService = (service: string) => page.cases.filter((c: any) => c.service === service).map((c: any) => c.stage).sort();
    expect(byService('identification')).toEqual(['closed']);
    expect(byService('housing')).toEqual(['closed']);
    expect(byService('education')).toEqual(['closed']);
    expect(byService('medical')).toEqual(['closed', 'closed', 'rejected']);
    expect(byService('exit-verification')).toEqual(['closed']);
    const history = await query(stack.databaseUrl, `select from_status, to_status, cause from identification.household_status_change where household_id = $1`, [householdId]);
    expect(history).toEqual([{ from_status: 'notExited', to_status: 'exited', cause: 'exit' }]);

    // Exited households stay eligible for aid: a new school-year award is still accepted.
    await waitUntil(async () => (await query(stack.databaseUrl, `select status from education.roster_household where id = $1`, [householdId]))[0].status === 'exited', 'read models to follow the status');
    const later = await declare(api, 'education', { householdId, student, stage: 'university', schoolYear: '2020-2021', school: '沈阳农业大学' });
    expect(later.status).toBe(201);
  });

  it('refuses the county approval of an exit when the household is not insured, and says so', async () => {
    const household = await registerHousehold(api, stack.databaseUrl, { members: 1 });
    const { householdId } = household;
    await waitUntil(async () => (await checklistItems(householdId)).includes('safeHousing'), 'housing status to reach the checklist');

    const exit = await declareOk(api, 'exit-verification', { householdId, year: 2019, survey: exitSurvey({ noChildOutOfSchool: true }) });
    expect(exit.data.unmet.map((u: any) => u.item)).toEqual(['basicMedical']);
    await run(api, 'exit-verification', exit.id, [['village.xiaoshi', 'submit'], ...CHAINS.exit]);
    const refused = await api.act('county.poverty', 'exit-verification', exit.id, 'approve', { comment: '审定' });

    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('EXIT.CHECKLIST_INCOMPLETE');
    expect(refused.body.message).toContain('基本医疗有保障');
    expect(refused.body.details.unmet).toEqual([expect.objectContaining({ item: 'basicMedical', reason: 'missing' })]);
    const after = (await api.get('county.poverty', `/exit-verification/cases/${exit.id}`)).body;
    expect([after.stage, after.currentLevel]).toEqual(['review', 'county']);
    expect((await api.get('county.poverty', `/households/${householdId}`)).body.status).toBe('notExited');
  });
});
