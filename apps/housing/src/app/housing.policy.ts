import { appraiseHousingSubsidy, currentPolicy, type CountyPolicy } from '@poverty/policy';
import { lockedFieldsGuard } from '@poverty/service-kit';
import { refusal, type ServicePolicy, countyReviewChain } from '@poverty/workflow';

/** Checks recorded in the given order: the joint completion inspection, then move-in. */
export const HOUSING_ACCEPTANCE_CHECKS = { jointInspection: '竣工联合验收', moveIn: '入住确认' };

/** The grade the county may approve with, or why not (A/B are not renovated; the grade is required). */
export function countyGradeRefusal(policy: CountyPolicy, grade: unknown) {
  if (grade === undefined || grade === null) {
    return refusal('HOUSING.GRADE_REQUIRED', '县住建局审定时须录入房屋鉴定等级 / The county housing bureau must record the appraisal grade when it approves', {
      field: 'data.appraisalGrade',
    });
  }
  const result = appraiseHousingSubsidy(policy, grade);
  return result.ok ? null : refusal(result.code, result.message, { field: 'data.appraisalGrade' });
}

/** 危房改造: village → township → county housing bureau (records the appraisal grade). */
export function housingPolicy(countyPolicy: CountyPolicy = currentPolicy()): ServicePolicy {
  return {
    service: 'housing',
    ...countyReviewChain('housing_bureau', { countyRecords: ['appraisalGrade', 'appraisalReport', 'method'] }),
    noticePeriod: countyPolicy.noticePeriod,
    acceptanceChecks: HOUSING_ACCEPTANCE_CHECKS,
    extraGuards: [
      lockedFieldsGuard(['householdId', 'household', 'subsidy', 'origin']),
      { on: 'review.approve', level: 'county', check: (data) => countyGradeRefusal(countyPolicy, data['appraisalGrade']) },
      {
        // Move-in is confirmed only after the joint completion inspection.
        on: 'acceptance.record',
        check: (_data, context, event) =>
          event.type === 'acceptance.record' && event.check === 'moveIn' && !context.acceptance['jointInspection']
            ? refusal('HOUSING.INSPECTION_FIRST', '须先完成竣工联合验收，再确认入住 / Record the joint completion inspection before move-in', {
                field: 'data.check',
              })
            : null,
      },
    ],
  };
}
