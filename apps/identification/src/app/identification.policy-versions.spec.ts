import { BENXI_2019, BENXI_2020 } from '@poverty/policy';
import { CaseWorkflow, type CaseEvent } from '@poverty/workflow';
import { identificationDefinition } from './identification.definition';

const where = { townshipCode: '210521100000', villageCode: '210521100201' };
const village = { userId: 'v1', roles: ['village_officer' as const], ...where };
const village2 = { userId: 'v2', roles: ['village_officer' as const], ...where };
const township = { userId: 't1', roles: ['township_reviewer' as const], townshipCode: where.townshipCode };
const county = { userId: 'c1', roles: ['county_officer' as const], department: 'poverty_office' as const };

/** A household with 3,500 yuan a head: below 2020's line, above 2019's. */
function countyDecision(policyId: string) {
  const workflow = new CaseWorkflow(identificationDefinition.byPolicy![policyId].policy);
  let step = workflow.open({ caseId: 'c', jurisdiction: where, declaredBy: village, data: { perCapitaNetIncomeYuan: 3500 } });
  const at = '2020-03-01T00:00:00.000Z';
  for (const event of [
    { type: 'case.submit', actor: village, at },
    { type: 'review.approve', actor: village2, at },
    { type: 'review.approve', actor: township, at },
  ] as CaseEvent[]) {
    const decision = workflow.decide(step.snapshot, event);
    if (!decision.ok) throw new Error(decision.refusal.code);
    step = decision.step;
  }
  return workflow.decide(step.snapshot, { type: 'review.approve', actor: county, at });
}

describe('identification under each policy version', () => {
  it('refuses a household above the 2019 line that the 2020 line admits', () => {
    expect(countyDecision(BENXI_2019.id)).toMatchObject({ ok: false, refusal: { code: 'IDENTIFICATION.INCOME_NOT_BELOW_LINE' } });
    expect(countyDecision(BENXI_2020.id)).toMatchObject({ ok: true, step: { stage: 'publicNotice' } });
  });
});
