import { BENXI_2019 } from '@poverty/policy';
import { CaseWorkflow, type Actor, type PersistedCaseSnapshot } from '@poverty/workflow';
import { housingAmounts } from './housing.definition';
import { countyGradeRefusal, housingPolicy } from './housing.policy';

const where = { townshipCode: '210521100000', villageCode: '210521100201' };
const village: Actor = { userId: 'v1', roles: ['village_officer'], ...where };
const village2: Actor = { userId: 'v2', roles: ['village_officer'], ...where };
const township: Actor = { userId: 't1', roles: ['township_reviewer'], townshipCode: where.townshipCode };
const housingBureau: Actor = { userId: 'c1', roles: ['county_officer'], department: 'housing_bureau' };
const at = '2019-05-01T08:00:00.000Z';

function atCounty(workflow: CaseWorkflow): PersistedCaseSnapshot {
  let snapshot = workflow.open({ caseId: 'c', jurisdiction: where, declaredBy: village, data: { householdId: 'h' } }).snapshot;
  for (const [actor, type] of [[village, 'case.submit'], [village2, 'review.approve'], [township, 'review.approve']] as const) {
    const decision = workflow.decide(snapshot, { type, actor, at } as any);
    if (!decision.ok) throw new Error(decision.refusal.code);
    snapshot = decision.step.snapshot;
  }
  return snapshot;
}

describe('housing rules', () => {
  const workflow = new CaseWorkflow(housingPolicy(BENXI_2019));

  it.each(['A', 'B'])('refuses county approval of a grade %s house', (grade) => {
    const decision = workflow.decide(atCounty(workflow), { type: 'review.approve', actor: housingBureau, at, data: { appraisalGrade: grade } });
    expect(decision.ok).toBe(false);
    expect(!decision.ok && decision.refusal.code).toBe('HOUSING.GRADE_NOT_ELIGIBLE');
  });

  it('requires the county to record a grade', () => {
    expect(countyGradeRefusal(BENXI_2019, undefined)?.code).toBe('HOUSING.GRADE_REQUIRED');
  });

  it.each([['C', 500_000], ['D', 4_500_000]])('approves grade %s with a subsidy of %i fen', (grade, fen) => {
    const decision = workflow.decide(atCounty(workflow), { type: 'review.approve', actor: housingBureau, at, data: { appraisalGrade: grade } });
    expect(decision.ok && decision.step.stage).toBe('publicNotice');
    expect(housingAmounts({ householdId: 'h', origin: 'village', appraisalGrade: grade as 'C' })[0].amountFen).toBe(fen);
  });

  it('only lets the county housing bureau record the grade', () => {
    const snapshot = atCounty(workflow);
    const medical: Actor = { ...housingBureau, department: 'medical_security' };
    expect(workflow.decide(snapshot, { type: 'review.approve', actor: medical, at, data: { appraisalGrade: 'C' } }).ok).toBe(false);
  });

  it('confirms move-in only after the joint completion inspection', () => {
    const policy = housingPolicy(BENXI_2019);
    const guard = policy.extraGuards!.find((g) => g.on === 'acceptance.record')!;
    const context = { acceptance: {} } as any;
    const moveIn = { type: 'acceptance.record', check: 'moveIn', evidence: '已入住', actor: housingBureau, at } as const;
    expect(guard.check({}, context, moveIn)?.code).toBe('HOUSING.INSPECTION_FIRST');
    expect(guard.check({}, { acceptance: { jointInspection: { evidence: 'ok', recordedBy: 'c1', at } } } as any, moveIn)).toBeNull();
  });

  it('keeps the household and the recorded subsidy out of edits', () => {
    const snapshot = workflow.open({ caseId: 'c', jurisdiction: where, declaredBy: village, data: { householdId: 'h' } }).snapshot;
    const decision = workflow.decide(snapshot, { type: 'case.edit', actor: village, at, data: { subsidy: { amountFen: 1 } } });
    expect(!decision.ok && decision.refusal.code).toBe('CASE.FIELD_NOT_EDITABLE');
  });
});
