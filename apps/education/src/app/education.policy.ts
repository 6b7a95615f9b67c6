import { computeEducationAid, educationAwardKey, isSchoolYear, type CountyPolicy, type EducationStage } from '@poverty/policy';
import { lockedFieldsGuard } from '@poverty/service-kit';
import { countyReviewChain } from '@poverty/workflow';
import type { ServicePolicy } from '@poverty/workflow';
import type { CaseAmount } from '@poverty/service-kit';
import type { EducationData } from '@poverty/contracts';

/** The award for the student's stage, with its rule. */
export function educationAmounts(policy: CountyPolicy, data: Pick<EducationData, 'stage'>): CaseAmount[] {
  const aid = computeEducationAid(policy, data.stage);
  return aid.ok ? [{ code: aid.amount.code, label: aid.amount.label, amountFen: aid.amount.amountFen, rule: aid.amount.rule }] : [];
}

/** The uniqueness key of an award (HMAC with EDUCATION_AWARD_PEPPER when set). */
export function awardKeyOf(data: Pick<EducationData, 'student' | 'stage' | 'schoolYear'>): string | null {
  if (!isSchoolYear(data.schoolYear)) return null;
  const pepper = process.env['EDUCATION_AWARD_PEPPER'] || undefined;
  return educationAwardKey(data.student.idNumber, data.stage as EducationStage, data.schoolYear, { pepper });
}

/** 教育救助 / 雨露计划: village → township → county education bureau; acceptance is the payment. */
export function educationPolicy(countyPolicy: CountyPolicy): ServicePolicy {
  return {
    service: 'education',
    ...countyReviewChain('education_bureau'),
    noticePeriod: countyPolicy.noticePeriod,
    acceptanceChecks: { paymentConfirmed: '资助资金发放确认' },
    // The award key is claimed at declaration: to change who, which stage or which year, withdraw and declare again.
    extraGuards: [lockedFieldsGuard(['householdId', 'household', 'student', 'stage', 'schoolYear'])],
  };
}
