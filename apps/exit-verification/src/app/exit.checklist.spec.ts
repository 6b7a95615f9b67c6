import { BENXI_2019, evaluateExitChecklist } from '@poverty/policy';
import { assembleChecklist, fromEducation, fromHousing, fromInsurance, unmetMessage } from './exit.checklist';

const survey = {
  perCapitaNetIncomeYuan: 4200,
  incomeStable: true,
  noWorryFood: true,
  noWorryClothing: true,
  safeDrinkingWater: true,
  surveyedOn: '2019-10-15',
  surveyedBy: '李明',
};
const at = '2019-10-01T00:00:00.000Z';
const housed = fromHousing({ householdId: 'h', safe: true, grade: 'C', reason: 'renovated', caseId: 'c', at });
const insured = fromInsurance({ householdId: 'h', year: 2019, memberCount: 3, enrolledCount: 3, allEnrolled: true, caseId: 'c', at });
const schooled = fromEducation({ householdId: 'h', caseId: 'c', stage: 'university', schoolYear: '2019-2020', amountFen: 600_000, at });

describe('exit checklist', () => {
  it('is complete with the survey and the three services reporting', () => {
    const evaluation = evaluateExitChecklist(BENXI_2019, assembleChecklist(BENXI_2019, survey, [housed, insured, schooled]));
    expect(evaluation).toMatchObject({ complete: true, unmet: [] });
  });

  it('lists basic medical as missing when the household has no insurance record, and says so', () => {
    const evaluation = evaluateExitChecklist(BENXI_2019, assembleChecklist(BENXI_2019, survey, [housed, schooled]));
    expect(evaluation.unmet.map((u) => [u.item, u.reason])).toEqual([['basicMedical', 'missing']]);
    expect(unmetMessage(evaluation)).toContain('基本医疗有保障');
  });

  it('counts a partly insured household as not met', () => {
    const partly = fromInsurance({ householdId: 'h', year: 2019, memberCount: 3, enrolledCount: 2, allEnrolled: false, caseId: 'c', at });
    const evaluation = evaluateExitChecklist(BENXI_2019, assembleChecklist(BENXI_2019, survey, [housed, partly, schooled]));
    expect(evaluation.unmet).toEqual([expect.objectContaining({ item: 'basicMedical', reason: 'notMet' })]);
  });

  it('does not count an income equal to the line, nor an unstable one, as above it', () => {
    for (const s of [{ ...survey, perCapitaNetIncomeYuan: BENXI_2019.povertyLineYuanPerCapita }, { ...survey, incomeStable: false }]) {
      const evaluation = evaluateExitChecklist(BENXI_2019, assembleChecklist(BENXI_2019, s, [housed, insured, schooled]));
      expect(evaluation.unmet.map((u) => u.item)).toEqual(['incomeAboveLine']);
    }
  });

  it('takes compulsory education from the survey only when the education service has not reported', () => {
    const fromSurvey = assembleChecklist(BENXI_2019, { ...survey, noChildOutOfSchool: false }, [housed, insured]);
    expect(fromSurvey.compulsoryEducation?.met).toBe(false);
    expect(assembleChecklist(BENXI_2019, { ...survey, noChildOutOfSchool: false }, [housed, insured, schooled]).compulsoryEducation?.met).toBe(true);
  });

  it('keeps an unrenovated C/D house as unsafe housing', () => {
    const unsafe = fromHousing({ householdId: 'h', safe: false, grade: 'D', reason: 'registered', caseId: null, at });
    const evaluation = evaluateExitChecklist(BENXI_2019, assembleChecklist(BENXI_2019, survey, [unsafe, insured, schooled]));
    expect(evaluation.unmet.map((u) => u.item)).toEqual(['safeHousing']);
  });
});
