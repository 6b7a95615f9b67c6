/**
 * 教育救助 / 雨露计划 (education aid), plan clause 二(三): a fixed amount per student per school year by
 * stage; senior-high students also have their fees waived. One award per student, stage and school year.
 */

import { isCalendarDate, validateIdNumber } from './id-number';
import { formatFen } from './money';
import type { CountyPolicy } from './policy-versions';
import {
  citation,
  refusal,
  type ComputedAmount,
  type RuleRefusal,
} from './rule-result';
import { hmacSha256, sha256, toHex } from './sha256';

/** Stages of schooling that receive aid. */
export const EDUCATION_STAGES = [
  'seniorHigh',
  'vocational',
  'university',
  'juniorCollege',
  'boardingJuniorHigh',
  'boardingPrimary',
  'preschool',
  'nonBoarding',
] as const;

/** A stage of schooling. */
export type EducationStage = (typeof EDUCATION_STAGES)[number];

/**
 * Chinese labels of the stages. 非寄宿生 sits in the plan's sentence on compulsory education, so it
 * means non-boarding primary and junior-high pupils.
 */
export const EDUCATION_STAGE_LABELS: Readonly<Record<EducationStage, string>> =
  {
    seniorHigh: '高中',
    vocational: '中职/高职',
    university: '大学本科',
    juniorCollege: '专科',
    boardingJuniorHigh: '初中寄宿生',
    boardingPrimary: '小学寄宿生',
    preschool: '在园幼儿',
    nonBoarding: '非寄宿生',
  };

/** The kind of payment each stage receives, as the plan names it. */
const AID_NAMES: Readonly<Record<EducationStage, string>> = {
  seniorHigh: '高中在校生教育救助',
  vocational: '雨露计划中职/高职在校生补助',
  university: '在校大学生教育救助',
  juniorCollege: '在校专科生教育救助',
  boardingJuniorHigh: '初中寄宿生生活补贴',
  boardingPrimary: '小学寄宿生生活补贴',
  preschool: '在园幼儿补助',
  nonBoarding: '非寄宿生补助',
};

/** Stable refusal codes of {@link computeEducationAid}. */
export type EducationRefusalCode = 'EDUCATION.STAGE_INVALID';

/** Outcome of {@link computeEducationAid}. */
export type EducationAidResult =
  | {
      readonly ok: true;
      readonly stage: EducationStage;
      readonly amount: ComputedAmount;
      readonly feesWaived: boolean;
    }
  | RuleRefusal<EducationRefusalCode>;

/** True for one of {@link EDUCATION_STAGES}. */
export function isEducationStage(value: unknown): value is EducationStage {
  return (
    typeof value === 'string' &&
    (EDUCATION_STAGES as readonly string[]).includes(value)
  );
}

/** The aid for one student at one stage for one school year, and whether fees are waived. */
export function computeEducationAid(
  policy: CountyPolicy,
  stage: unknown,
): EducationAidResult {
  if (!isEducationStage(stage)) {
    return refusal(
      'EDUCATION.STAGE_INVALID',
      '就读阶段不在教育救助范围内 / The school stage is not one covered by education aid',
      'stage',
    );
  }
  const amountFen = policy.education.amountsFen[stage];
  const feesWaived = policy.education.feesWaived.includes(stage);
  const label = AID_NAMES[stage];
  const rule =
    `${label} ${formatFen(amountFen, { compact: true })}/人·年${feesWaived ? '，并免除学杂费' : ''}` +
    citation(policy.source, policy.clauses.education);
  return {
    ok: true,
    stage,
    feesWaived,
    amount: {
      code: `education.aid.${stage}`,
      label,
      amountFen,
      rule,
      policyId: policy.id,
    },
  };
}

const CHINA_STANDARD_TIME_OFFSET_MS = 8 * 3_600_000;
const SCHOOL_YEAR_START_MONTH = 9;

/**
 * The school year a date falls in, from 1 September to 31 August: `2019-09-01` → `'2019-2020'`,
 * `2020-08-31` → `'2019-2020'`. Accepts an ISO date (YYYY-MM-DD) or a Date, which is read in China
 * Standard Time (UTC+8) so the answer does not depend on the server's time zone.
 */
export function schoolYearOf(date: string | Date): string {
  let year: number;
  let month: number;
  if (typeof date === 'string') {
    if (!isCalendarDate(date)) {
      throw new RangeError('schoolYearOf expects an ISO date (YYYY-MM-DD)');
    }
    year = Number(date.slice(0, 4));
    month = Number(date.slice(5, 7));
  } else {
    if (Number.isNaN(date.getTime())) {
      throw new RangeError('schoolYearOf received an invalid Date');
    }
    const chinaTime = new Date(date.getTime() + CHINA_STANDARD_TIME_OFFSET_MS);
    year = chinaTime.getUTCFullYear();
    month = chinaTime.getUTCMonth() + 1;
  }
  const startYear = month >= SCHOOL_YEAR_START_MONTH ? year : year - 1;
  return `${startYear}-${startYear + 1}`;
}

/** True for a school-year label such as `2019-2020`. */
export function isSchoolYear(value: unknown): value is string {
  const match =
    typeof value === 'string' ? /^(\d{4})-(\d{4})$/.exec(value) : null;
  return match !== null && Number(match[2]) === Number(match[1]) + 1;
}

/** Options for {@link educationAwardKey}. */
export interface EducationAwardKeyOptions {
  /**
   * A secret held by the education service. Identity numbers have little entropy, so an unkeyed hash
   * can be reversed by trying every plausible number; with a pepper the key is an HMAC and cannot.
   */
  readonly pepper?: string;
}

/**
 * The uniqueness key for "one award per student, stage and school year", for a unique index.
 * It is a hex SHA-256 (or HMAC-SHA-256 with a pepper) over the normalised identity number, stage and
 * school year, prefixed `edu-award:v1:`; it never contains the identity number. Throws a RangeError
 * (without echoing the number) for an invalid identity number, stage or school year.
 */
export function educationAwardKey(
  studentIdNumber: string,
  stage: EducationStage,
  schoolYear: string,
  options: EducationAwardKeyOptions = {},
): string {
  const id = validateIdNumber(studentIdNumber);
  if (!id.valid) {
    throw new RangeError(
      `educationAwardKey: invalid student identity number (${id.reason})`,
    );
  }
  if (!isEducationStage(stage)) {
    throw new RangeError('educationAwardKey: unknown education stage');
  }
  if (!isSchoolYear(schoolYear)) {
    throw new RangeError(
      'educationAwardKey: school year must look like 2019-2020',
    );
  }
  if (options.pepper === '') {
    throw new RangeError('educationAwardKey: pepper must not be empty');
  }
  const encoder = new TextEncoder();
  const message = encoder.encode(
    `education-award|${id.normalized}|${stage}|${schoolYear}`,
  );
  const digest =
    options.pepper === undefined
      ? sha256(message)
      : hmacSha256(encoder.encode(options.pepper), message);
  return `edu-award:v1:${toHex(digest)}`;
}
