import { BENXI_2019, EDUCATION_STAGES, syntheticIdNumber } from '@poverty/policy';
import { CaseWorkflow, type Actor } from '@poverty/workflow';
import { awardKeyOf, educationAmounts, educationPolicy } from './education.policy';

const student = { name: '王小山', idNumber: syntheticIdNumber(42) };

describe('education rules', () => {
  it.each([
    ['seniorHigh', 200_000],
    ['vocational', 300_000],
    ['university', 600_000],
    ['juniorCollege', 400_000],
    ['boardingJuniorHigh', 125_000],
    ['boardingPrimary', 100_000],
    ['preschool', 120_000],
    ['nonBoarding', 50_000],
  ])('awards %s %i fen per school year', (stage, fen) => {
    expect(educationAmounts(BENXI_2019, { stage: stage as any })[0].amountFen).toBe(fen);
  });

  it('gives one key per student, stage and school year, without the ID number in it', () => {
    const key = awardKeyOf({ student, stage: 'university', schoolYear: '2019-2020' });
    expect(awardKeyOf({ student: { ...student, name: '别名' }, stage: 'university', schoolYear: '2019-2020' })).toBe(key);
    expect(awardKeyOf({ student, stage: 'university', schoolYear: '2020-2021' })).not.toBe(key);
    expect(awardKeyOf({ student, stage: 'juniorCollege', schoolYear: '2019-2020' })).not.toBe(key);
    expect(key).not.toContain(student.idNumber);
    expect(new Set(EDUCATION_STAGES.map((stage) => awardKeyOf({ student, stage, schoolYear: '2019-2020' }))).size).toBe(EDUCATION_STAGES.length);
  });

  it('has no key for a malformed school year', () => {
    expect(awardKeyOf({ student, stage: 'university', schoolYear: '2019-2021' })).toBeNull();
  });

  it('does not let the student, stage or year be edited after the award key is claimed', () => {
    const where = { townshipCode: '210521100000', villageCode: '210521100201' };
    const village: Actor = { userId: 'v1', roles: ['village_officer'], ...where };
    const workflow = new CaseWorkflow(educationPolicy(BENXI_2019));
    const snapshot = workflow.open({ caseId: 'c', jurisdiction: where, declaredBy: village, data: { householdId: 'h', student, stage: 'university', schoolYear: '2019-2020', school: 'x' } }).snapshot;
    const at = '2019-09-02T00:00:00.000Z';
    expect(workflow.decide(snapshot, { type: 'case.edit', actor: village, at, data: { schoolYear: '2020-2021' } }).ok).toBe(false);
    expect(workflow.decide(snapshot, { type: 'case.edit', actor: village, at, data: { school: '沈阳农业大学' } }).ok).toBe(true);
  });
});
