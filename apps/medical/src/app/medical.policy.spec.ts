import { BENXI_2019, syntheticIdNumber } from '@poverty/policy';
import { CaseWorkflow, type Actor } from '@poverty/workflow';
import { medicalAmounts } from './medical.definition';
import { medicalPolicy, rateRefusal } from './medical.policy';

const where = { townshipCode: '210521100000', villageCode: '210521100201' };
const village: Actor = { userId: 'v1', roles: ['village_officer'], ...where };
const township: Actor = { userId: 't1', roles: ['township_reviewer'], townshipCode: where.townshipCode };
const medicalBureau: Actor = { userId: 'c1', roles: ['county_officer'], department: 'medical_security' };
const at = '2019-05-01T08:00:00.000Z';
const patient = { name: '李秀英', idNumber: syntheticIdNumber(7) };
const relief = (extra: Record<string, unknown> = {}) => ({ kind: 'relief' as const, householdId: 'h', patient, settledOn: '2019-06-10', selfPaidFen: 15_000_000, ...extra });

describe('medical rules', () => {
  it.each([4999, 8001, 10_000])('refuses an explicit rate of %i bp', (rateBp) => {
    expect(rateRefusal(BENXI_2019, relief({ rateBp }))?.code).toBe('MEDICAL.RATE_OUT_OF_BAND');
  });

  it.each([5000, 6500, 8000])('accepts an explicit rate of %i bp', (rateBp) => {
    expect(rateRefusal(BENXI_2019, relief({ rateBp }))).toBeNull();
  });

  it('refuses the county recording a rate out of band when it approves', () => {
    const workflow = new CaseWorkflow(medicalPolicy(BENXI_2019));
    let snapshot = workflow.open({ caseId: 'c', jurisdiction: where, declaredBy: village, data: relief() }).snapshot;
    for (const [actor, type] of [[village, 'case.submit'], [township, 'review.approve']] as const) {
      const d = workflow.decide(snapshot, { type, actor, at } as any);
      if (!d.ok) throw new Error(d.refusal.code);
      snapshot = d.step.snapshot;
    }
    const refused = workflow.decide(snapshot, { type: 'review.approve', actor: medicalBureau, at, data: { rateBp: 9000 } });
    expect(!refused.ok && refused.refusal).toMatchObject({ code: 'MEDICAL.RATE_OUT_OF_BAND', field: 'data.rateBp' });
    expect(workflow.decide(snapshot, { type: 'review.approve', actor: medicalBureau, at, data: { rateBp: 8000 } }).ok).toBe(true);
  });

  it('estimates 150,000 yuan at 80 % as 100,000 (capped) before the county decides, saying it is an estimate', () => {
    const [amount] = medicalAmounts(relief({ rateBp: 8000 }));
    expect(amount).toMatchObject({ code: 'medical.relief.estimate', amountFen: 10_000_000 });
    expect(amount.rule).toContain('重新核算');
  });

  it('shows nothing for a claim of exactly 2,000 yuan', () => {
    expect(medicalAmounts(relief({ selfPaidFen: 200_000 }))).toEqual([]);
  });

  it('charges the insurance premium at 260 yuan per member', () => {
    const members = [patient, { name: '王大山', idNumber: syntheticIdNumber(8) }];
    expect(medicalAmounts({ kind: 'insurance', householdId: 'h', year: 2019, members })[0].amountFen).toBe(2 * 26_000);
  });
});
