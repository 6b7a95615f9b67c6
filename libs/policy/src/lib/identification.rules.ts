/**
 * 精准识别 (identification of poor households) and the roster's vocabularies: poverty causes
 * (致贫原因), household attributes (贫困户属性) and roster statuses.
 */

import { formatFen, yuanToFen } from './money';
import type { CountyPolicy } from './policy-versions';
import { refusal, type RuleRefusal } from './rule-result';

/** Main causes of poverty recorded for a household (致贫原因). */
export const POVERTY_CAUSES = [
  'illness',
  'disability',
  'schooling',
  'disaster',
  'lackOfLand',
  'lackOfWater',
  'lackOfSkills',
  'lackOfLabour',
  'lackOfFunds',
  'poorTransport',
  'lackOfMotivation',
  'marriage',
  'other',
] as const;

/** A cause of poverty. */
export type PovertyCause = (typeof POVERTY_CAUSES)[number];

/** Chinese labels of the causes of poverty. */
export const POVERTY_CAUSE_LABELS: Readonly<Record<PovertyCause, string>> = {
  illness: '因病',
  disability: '因残',
  schooling: '因学',
  disaster: '因灾',
  lackOfLand: '缺土地',
  lackOfWater: '缺水',
  lackOfSkills: '缺技术',
  lackOfLabour: '缺劳力',
  lackOfFunds: '缺资金',
  poorTransport: '交通条件落后',
  lackOfMotivation: '自身发展动力不足',
  marriage: '因婚',
  other: '其他',
};

/** Household attributes (贫困户属性). */
export const HOUSEHOLD_ATTRIBUTES = [
  'general',
  'minimumLiving',
  'destitute',
] as const;

/** A household attribute. */
export type HouseholdAttribute = (typeof HOUSEHOLD_ATTRIBUTES)[number];

/** Chinese labels of household attributes. */
export const HOUSEHOLD_ATTRIBUTE_LABELS: Readonly<
  Record<HouseholdAttribute, string>
> = {
  general: '一般贫困户',
  minimumLiving: '低保贫困户',
  destitute: '特困供养贫困户',
};

/** Statuses of a household on the poverty roster (建档立卡). */
export const ROSTER_STATUSES = [
  'notExited',
  'exited',
  'returnedToPoverty',
] as const;

/** A roster status. */
export type RosterStatus = (typeof ROSTER_STATUSES)[number];

/** Chinese labels of roster statuses. */
export const ROSTER_STATUS_LABELS: Readonly<Record<RosterStatus, string>> = {
  notExited: '未脱贫',
  exited: '已脱贫',
  returnedToPoverty: '返贫',
};

/** True for one of {@link POVERTY_CAUSES}. */
export function isPovertyCause(value: unknown): value is PovertyCause {
  return (
    typeof value === 'string' &&
    (POVERTY_CAUSES as readonly string[]).includes(value)
  );
}

/** True for one of {@link HOUSEHOLD_ATTRIBUTES}. */
export function isHouseholdAttribute(
  value: unknown,
): value is HouseholdAttribute {
  return (
    typeof value === 'string' &&
    (HOUSEHOLD_ATTRIBUTES as readonly string[]).includes(value)
  );
}

/** True for one of {@link ROSTER_STATUSES}. */
export function isRosterStatus(value: unknown): value is RosterStatus {
  return (
    typeof value === 'string' &&
    (ROSTER_STATUSES as readonly string[]).includes(value)
  );
}

/** The household's income figures used for identification. */
export interface IdentificationInput {
  /** Per-capita net income for the year, yuan (may be fractional when derived by division). */
  readonly perCapitaNetIncomeYuan: number;
}

/** Stable refusal codes of {@link assessIdentification}. */
export type IdentificationRefusalCode =
  | 'IDENTIFICATION.INCOME_INVALID'
  | 'IDENTIFICATION.INCOME_NOT_BELOW_LINE';

/** Outcome of {@link assessIdentification}. */
export type IdentificationResult =
  | {
      readonly ok: true;
      readonly povertyLineYuanPerCapita: number;
      readonly policyId: string;
    }
  | RuleRefusal<IdentificationRefusalCode>;

/**
 * The income test for entering the roster: per-capita net income strictly below the year's poverty
 * line. The refusal message names the line but never the household's income (personal data).
 */
export function assessIdentification(
  policy: CountyPolicy,
  input: IdentificationInput,
): IdentificationResult {
  const income = input.perCapitaNetIncomeYuan;
  if (typeof income !== 'number' || !Number.isFinite(income)) {
    return refusal(
      'IDENTIFICATION.INCOME_INVALID',
      '家庭年人均纯收入应为有效数字（元） / Per-capita net income must be a finite number of yuan',
      'perCapitaNetIncomeYuan',
    );
  }
  const line = policy.povertyLineYuanPerCapita;
  if (income >= line) {
    const lineFen = yuanToFen(line);
    return refusal(
      'IDENTIFICATION.INCOME_NOT_BELOW_LINE',
      `家庭年人均纯收入不低于 ${policy.year} 年扶贫标准 ${formatFen(lineFen, { compact: true })}，不符合识别条件 / ` +
        `The household's per-capita net income is not below the ${policy.year} poverty line of ` +
        `${formatFen(lineFen, { compact: true, suffix: ' yuan' })}`,
      'perCapitaNetIncomeYuan',
    );
  }
  return { ok: true, povertyLineYuanPerCapita: line, policyId: policy.id };
}
