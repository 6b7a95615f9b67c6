import { computeMedicalRelief, formatFen, type CountyPolicy } from '@poverty/policy';
import { lockedFieldsGuard } from '@poverty/service-kit';
import { refusal, type ExtraGuard, type ServicePolicy, countyReviewChain } from '@poverty/workflow';
import type { InsuranceEnrolmentData, MedicalData } from '@poverty/contracts';

/** A rate set on the case must lie in the policy's band (50–80 % in 2019). */
export function rateRefusal(policy: CountyPolicy, data: Record<string, unknown>) {
  if (data['kind'] !== 'relief' || data['rateBp'] === undefined) return null;
  const probe = computeMedicalRelief(policy, {
    selfPaidFen: 1,
    priorSelfPaidFenThisYear: policy.medical.thresholdFen,
    priorReliefFenThisYear: 0,
    rateBp: data['rateBp'] as number,
  });
  return !probe.ok && probe.code === 'MEDICAL.RATE_OUT_OF_BAND' ? refusal(probe.code, probe.message, { field: 'data.rateBp' }) : null;
}

export function insurancePremiumFen(policy: CountyPolicy, data: InsuranceEnrolmentData): number {
  return policy.medical.insurancePremiumFenPerPerson * data.members.length;
}

export function insurancePremiumRule(policy: CountyPolicy, data: InsuranceEnrolmentData): string {
  const each = formatFen(policy.medical.insurancePremiumFenPerPerson, { compact: true });
  return `资助参加新农合和大病保险 每人 ${each} × ${data.members.length} 人（${policy.source} ${policy.clauses.medical}）`;
}

const rateGuards = (policy: CountyPolicy): ExtraGuard[] =>
  (['case.submit', 'case.edit', 'review.approve'] as const).map((on) => ({ on, check: (data) => rateRefusal(policy, data) }));

/** 医疗救助 and 资助参保: township → county medical-security bureau (which may set the rate). */
export function medicalPolicy(countyPolicy: CountyPolicy): ServicePolicy {
  return {
    service: 'medical',
    ...countyReviewChain('medical_security', { from: 'township', countyRecords: ['rateBp'] }),
    noticePeriod: countyPolicy.noticePeriod,
    acceptanceChecks: { paymentConfirmed: '资金发放确认' },
    extraGuards: [lockedFieldsGuard(['kind', 'householdId', 'household', 'relief']), ...rateGuards(countyPolicy)],
  };
}

export type { MedicalData };
