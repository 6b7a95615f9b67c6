/**
 * 危房改造 (dangerous-house renovation), plan clause 二(四): houses of registered households appraised
 * as grade C or D are all renovated, with a subsidy of 5,000 yuan (C) or 45,000 yuan (D).
 */

import { formatFen } from './money';
import type { CountyPolicy } from './policy-versions';
import {
  citation,
  refusal,
  type ComputedAmount,
  type RuleRefusal,
} from './rule-result';

/** Appraisal grades of a rural house (房屋危险性鉴定等级). */
export const HOUSING_GRADES = ['A', 'B', 'C', 'D'] as const;

/** An appraisal grade. */
export type HousingGrade = (typeof HOUSING_GRADES)[number];

/** Chinese descriptions of the appraisal grades. */
export const HOUSING_GRADE_LABELS: Readonly<Record<HousingGrade, string>> = {
  A: 'A级（安全）',
  B: 'B级（基本安全）',
  C: 'C级（局部危险）',
  D: 'D级（整体危险）',
};

/** Stable refusal codes of {@link appraiseHousingSubsidy}. */
export type HousingRefusalCode =
  | 'HOUSING.GRADE_NOT_ELIGIBLE'
  | 'HOUSING.GRADE_INVALID';

/** Outcome of {@link appraiseHousingSubsidy}. */
export type HousingSubsidyResult =
  | {
      readonly ok: true;
      readonly grade: HousingGrade;
      readonly amount: ComputedAmount;
    }
  | RuleRefusal<HousingRefusalCode>;

/** True for one of the grades A–D. */
export function isHousingGrade(value: unknown): value is HousingGrade {
  return (
    typeof value === 'string' &&
    (HOUSING_GRADES as readonly string[]).includes(value)
  );
}

/** True when the policy renovates houses of this grade (C and D in 2019): a dangerous house (危房). */
export function isDangerousHouseGrade(
  policy: CountyPolicy,
  grade: unknown,
): boolean {
  return isHousingGrade(grade) && policy.housing.eligibleGrades.includes(grade);
}

/**
 * The renovation subsidy for a house of the given appraisal grade. Grades the policy does not renovate
 * (A, B) are refused with `HOUSING.GRADE_NOT_ELIGIBLE`; anything but A–D with `HOUSING.GRADE_INVALID`.
 */
export function appraiseHousingSubsidy(
  policy: CountyPolicy,
  grade: unknown,
): HousingSubsidyResult {
  if (!isHousingGrade(grade)) {
    return refusal(
      'HOUSING.GRADE_INVALID',
      '房屋鉴定等级应为 A、B、C、D 之一 / The appraisal grade must be one of A, B, C, D',
      'grade',
    );
  }
  const subsidyFen = policy.housing.subsidyFen[grade];
  if (
    !policy.housing.eligibleGrades.includes(grade) ||
    subsidyFen === undefined
  ) {
    return refusal(
      'HOUSING.GRADE_NOT_ELIGIBLE',
      `仅鉴定为 ${policy.housing.eligibleGrades.join('、')} 级的危房纳入改造，${grade} 级房屋不予改造补助 / ` +
        `Only houses appraised as grade ${policy.housing.eligibleGrades.join(' or ')} are renovated; grade ${grade} is not eligible`,
      'grade',
    );
  }
  const label = `${grade}级危房改造补助`;
  return {
    ok: true,
    grade,
    amount: {
      code: `housing.subsidy.${grade}`,
      label,
      amountFen: subsidyFen,
      rule: `${label} ${formatFen(subsidyFen, { compact: true })}${citation(policy.source, policy.clauses.housing)}`,
      policyId: policy.id,
    },
  };
}
