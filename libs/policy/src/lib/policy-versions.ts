/**
 * Policy data, versioned per county and year. A case records the `id` of the policy it was declared
 * under (the one in force on its declaration date, {@link policyInForce}), so a later year's
 * figures never change an earlier case.
 *
 * 2019: unless a comment says otherwise, every figure comes from 本溪满族自治县 2019 年巩固脱贫实施方案
 * (本县委办发〔2019〕42号). 2020: illustrative data — no 2020 county document is in this repository;
 * each figure says whether it continues the 2019 plan or is invented.
 */

import { BENXI_COUNTY } from './admin-units';
import { deepFreeze } from './deep-freeze';
import { EDUCATION_STAGES, type EducationStage } from './education.rules';
import { HOUSING_GRADES, type HousingGrade } from './housing.rules';
import { BP_PER_WHOLE, isFen } from './money';

/**
 * One medical-relief rate tier, chosen by the person's self-paid total for the year: it applies when
 * the total is over `overFen` and at most `upToFen` (`null`: no upper bound).
 */
export interface MedicalRateTier {
  readonly overFen: number;
  readonly upToFen: number | null;
  readonly rateBp: number;
}

/** Where each rule sits in the source document, for citations in rule texts. */
export interface PolicyClauses {
  readonly target: string;
  readonly exitStandard: string;
  readonly medical: string;
  readonly education: string;
  readonly housing: string;
}

/** A county's policy data for one year. All amounts in fen, all rates in basis points. */
export interface CountyPolicy {
  /** `<county>-<code>-<year>`, e.g. `benxi-210521-2019`. */
  readonly id: string;
  readonly countyCode: string;
  readonly year: number;
  /** First day (county date, `YYYY-MM-DD`) a declaration takes this version; until the next version's. */
  readonly inForceFrom: string;
  /** Document number of the source, e.g. 本县委办发〔2019〕42号. */
  readonly source: string;
  readonly sourceTitle: string;
  readonly clauses: PolicyClauses;
  /** National poverty line for the year, yuan per person per year of net income. */
  readonly povertyLineYuanPerCapita: number;
  /** Public-notice (公示) period, ISO-8601 duration. */
  readonly noticePeriod: string;
  /** Calendar days each review level has before a case is flagged overdue. */
  readonly levelTimeLimitsDays: {
    readonly village: number;
    readonly township: number;
    readonly county: number;
  };
  readonly exitTarget: { readonly households: number; readonly people: number };
  readonly housing: {
    readonly eligibleGrades: readonly HousingGrade[];
    readonly subsidyFen: Readonly<Partial<Record<HousingGrade, number>>>;
  };
  readonly medical: {
    /** Relief starts when the year's self-paid total is strictly over this amount. */
    readonly thresholdFen: number;
    readonly rateBandBp: { readonly min: number; readonly max: number };
    readonly rateTiers: readonly MedicalRateTier[];
    readonly capFenPerPersonYear: number;
    readonly insurancePremiumFenPerPerson: number;
  };
  readonly education: {
    readonly amountsFen: Readonly<Record<EducationStage, number>>;
    readonly feesWaived: readonly EducationStage[];
  };
  /** Thresholds for 三率一度 (third-party evaluation). */
  readonly evaluation: {
    /** 错退率 passes when at or below this (≤). */
    readonly wrongExitRateMaxBp: number;
    /** 漏评率 passes when at or below this (≤). */
    readonly missedRateMaxBp: number;
    /** 群众认可度 passes when at or above this. */
    readonly satisfactionMinBp: number;
  };
}

/** Thrown when no policy data exists for a county and year (or id). Stable `code` for transports. */
export class PolicyNotFoundError extends Error {
  readonly code = 'POLICY.NOT_FOUND';

  constructor(message: string) {
    super(message);
    this.name = 'PolicyNotFoundError';
  }
}

/** Thrown at load time when policy data is inconsistent; lists every problem found. */
export class InvalidPolicyError extends Error {
  readonly code = 'POLICY.INVALID';

  constructor(
    readonly policyId: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid policy data ${policyId}: ${problems.join('; ')}`);
    this.name = 'InvalidPolicyError';
  }
}

const ISO_DURATION =
  /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/**
 * Lists the inconsistencies in a policy (empty when valid): amounts must be non-negative integer fen,
 * the relief band must lie within 0–100 %, medical tiers must start at the threshold, be contiguous,
 * end unbounded and each use a rate inside the band, and every eligible housing grade needs a subsidy.
 */
export function validateCountyPolicy(policy: CountyPolicy): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) {
      problems.push(problem);
    }
  };
  const amount = (value: number, name: string): void =>
    check(isFen(value) && value >= 0, `${name} must be a non-negative integer`);

  check(
    /^\d{4}-\d{2}-\d{2}$/.test(policy.inForceFrom) && !Number.isNaN(Date.parse(policy.inForceFrom)),
    'inForceFrom must be a date YYYY-MM-DD',
  );
  check(
    ISO_DURATION.test(policy.noticePeriod),
    'noticePeriod must be an ISO-8601 duration',
  );
  amount(policy.povertyLineYuanPerCapita, 'povertyLineYuanPerCapita');
  for (const [level, days] of Object.entries(policy.levelTimeLimitsDays)) {
    amount(days, `levelTimeLimitsDays.${level}`);
  }
  amount(policy.exitTarget.households, 'exitTarget.households');
  amount(policy.exitTarget.people, 'exitTarget.people');

  for (const grade of policy.housing.eligibleGrades) {
    check(
      HOUSING_GRADES.includes(grade),
      `housing.eligibleGrades has unknown grade ${grade}`,
    );
    const subsidy = policy.housing.subsidyFen[grade];
    if (subsidy === undefined) {
      problems.push(`housing.subsidyFen.${grade} is missing`);
    } else {
      amount(subsidy, `housing.subsidyFen.${grade}`);
    }
  }

  const { medical } = policy;
  amount(medical.thresholdFen, 'medical.thresholdFen');
  amount(medical.capFenPerPersonYear, 'medical.capFenPerPersonYear');
  amount(
    medical.insurancePremiumFenPerPerson,
    'medical.insurancePremiumFenPerPerson',
  );
  const { min, max } = medical.rateBandBp;
  check(
    isFen(min) && isFen(max) && 0 <= min && min <= max && max <= BP_PER_WHOLE,
    'medical.rateBandBp must satisfy 0 <= min <= max <= 10000',
  );
  problems.push(
    ...medicalTierProblems(medical.rateTiers, medical.thresholdFen, min, max),
  );

  for (const stage of EDUCATION_STAGES) {
    amount(policy.education.amountsFen[stage], `education.amountsFen.${stage}`);
  }
  for (const stage of policy.education.feesWaived) {
    check(
      EDUCATION_STAGES.includes(stage),
      `education.feesWaived has unknown stage ${stage}`,
    );
  }

  for (const [name, bp] of Object.entries(policy.evaluation)) {
    check(
      isFen(bp) && bp >= 0 && bp <= BP_PER_WHOLE,
      `evaluation.${name} must be 0..10000 bp`,
    );
  }
  return problems;
}

function medicalTierProblems(
  tiers: readonly MedicalRateTier[],
  thresholdFen: number,
  min: number,
  max: number,
): string[] {
  if (tiers.length === 0) {
    return ['medical.rateTiers must not be empty'];
  }
  return tiers.flatMap((tier, i) => {
    const name = `medical.rateTiers[${i}]`;
    const problems: string[] = [];
    if (!isFen(tier.rateBp) || tier.rateBp < min || tier.rateBp > max) {
      problems.push(`${name}.rateBp must lie within the ${min}-${max} bp band`);
    }
    if (i === 0 && tier.overFen !== thresholdFen) {
      problems.push(`${name}.overFen must equal medical.thresholdFen`);
    }
    if (i > 0 && tier.overFen !== tiers[i - 1].upToFen) {
      problems.push(`${name}.overFen must equal the previous tier upToFen`);
    }
    const last = i === tiers.length - 1;
    if (last && tier.upToFen !== null) {
      problems.push(
        `${name}.upToFen must be null (the last tier is unbounded)`,
      );
    }
    if (!last && (tier.upToFen === null || tier.upToFen <= tier.overFen)) {
      problems.push(`${name}.upToFen must be greater than overFen`);
    }
    return problems;
  });
}

/** Validates and deep-freezes a policy; throws {@link InvalidPolicyError} listing every problem. */
export function defineCountyPolicy(policy: CountyPolicy): CountyPolicy {
  const problems = validateCountyPolicy(policy);
  if (problems.length > 0) {
    throw new InvalidPolicyError(policy.id, problems);
  }
  return deepFreeze(policy);
}

/** 本溪满族自治县, 2019: 本县委办发〔2019〕42号. */
export const BENXI_2019: CountyPolicy = defineCountyPolicy({
  id: 'benxi-210521-2019',
  countyCode: BENXI_COUNTY.code,
  year: 2019,
  // NOT in the plan (dated 2019): the policy year's first day.
  inForceFrom: '2019-01-01',
  source: '本县委办发〔2019〕42号',
  sourceTitle: '本溪满族自治县 2019 年巩固脱贫实施方案',
  clauses: {
    target: '一(二)',
    exitStandard: '一(四)',
    medical: '二(二)',
    education: '二(三)',
    housing: '二(四)',
  },
  // NOT in the plan, which only says "稳定超过国家扶贫标准": the national line of 2,300 yuan at 2010
  // prices, price-adjusted, as commonly cited for 2019.
  povertyLineYuanPerCapita: 3218,
  // DESIGN §1 default, not from the plan.
  noticePeriod: 'P7D',
  // County-configurable defaults, not from the plan.
  levelTimeLimitsDays: { village: 5, township: 7, county: 10 },
  // 一(二): 确保 2019 年完成 96 户 205 人脱贫.
  exitTarget: { households: 96, people: 205 },
  // 二(四): 经鉴定为C、D级的，全部完成改造 … C级0.5万元，D级4.5万元.
  housing: {
    eligibleGrades: ['C', 'D'],
    subsidyFen: { C: 500_000, D: 4_500_000 },
  },
  medical: {
    // 二(二): 个人年度累计自负的合规医疗费用 2000 元以上的，按照发生额的 50%-80% 标准给予临时性救助，最高封顶为 10 万元.
    thresholdFen: 200_000,
    rateBandBp: { min: 5000, max: 8000 },
    // The plan fixes only the 50–80 % band. Default tiers (ours), chosen by the person's year-to-date
    // self-paid total including the current claim: over 2,000 up to 10,000 yuan 50 %; up to 50,000
    // 60 %; up to 100,000 70 %; over 100,000 80 %. A county may instead set an explicit rate per case.
    rateTiers: [
      { overFen: 200_000, upToFen: 1_000_000, rateBp: 5000 },
      { overFen: 1_000_000, upToFen: 5_000_000, rateBp: 6000 },
      { overFen: 5_000_000, upToFen: 10_000_000, rateBp: 7000 },
      { overFen: 10_000_000, upToFen: null, rateBp: 8000 },
    ],
    capFenPerPersonYear: 10_000_000,
    // 二(二): 每人 260 元标准参加新农合和大病保险 (7,812 people × 260 yuan ≈ the plan's 203万元).
    insurancePremiumFenPerPerson: 26_000,
  },
  // 二(三), per student per year.
  education: {
    amountsFen: {
      seniorHigh: 200_000,
      vocational: 300_000,
      university: 600_000,
      juniorCollege: 400_000,
      boardingJuniorHigh: 125_000,
      boardingPrimary: 100_000,
      preschool: 120_000,
      nonBoarding: 50_000,
    },
    feesWaived: ['seniorHigh'],
  },
  // NOT in the plan: the national exit-assessment thresholds (错退率、漏评率低于 2%，群众认可度 90% 以上).
  evaluation: {
    wrongExitRateMaxBp: 200,
    missedRateMaxBp: 200,
    satisfactionMinBp: 9000,
  },
});

/**
 * 本溪满族自治县, 2020 — ILLUSTRATIVE. The county's 2020 document is not in this repository: the
 * figures marked "2019 plan" continue 本县委办发〔2019〕42号 unchanged, those marked INVENTED are
 * plausible values made up to show a policy year changing amounts and lines as data. Replace them
 * with the county's published 2020 figures (and its document number) before relying on them.
 */
export const BENXI_2020: CountyPolicy = defineCountyPolicy({
  id: 'benxi-210521-2020',
  countyCode: BENXI_COUNTY.code,
  year: 2020,
  inForceFrom: '2020-01-01',
  source: '示例数据，无正式文件（续编本县委办发〔2019〕42号）',
  sourceTitle: '本溪满族自治县 2020 年巩固脱贫政策数据（示例）',
  // 2019 plan's clause numbering, continued.
  clauses: BENXI_2019.clauses,
  // NOT from a county document: the national line (2,300 yuan at 2010 prices) as commonly cited for 2020.
  povertyLineYuanPerCapita: 4000,
  // 2019 default, continued.
  noticePeriod: 'P7D',
  // 2019 defaults, continued.
  levelTimeLimitsDays: { village: 5, township: 7, county: 10 },
  // INVENTED: the households and people still to leave poverty in 2020.
  exitTarget: { households: 41, people: 87 },
  housing: {
    // 2019 plan: only grades C and D are renovated.
    eligibleGrades: ['C', 'D'],
    // INVENTED: C 6,000 yuan, D 50,000 yuan (2019 plan: 5,000 and 45,000).
    subsidyFen: { C: 600_000, D: 5_000_000 },
  },
  medical: {
    // INVENTED: relief from 1,500 yuan of yearly self-paid compliant costs (2019 plan: 2,000).
    thresholdFen: 150_000,
    // 2019 plan: 50 %–80 %, capped at 100,000 yuan per person per year.
    rateBandBp: { min: 5000, max: 8000 },
    // 2019 default tiers (ours), starting at the 2020 threshold.
    rateTiers: [
      { overFen: 150_000, upToFen: 1_000_000, rateBp: 5000 },
      { overFen: 1_000_000, upToFen: 5_000_000, rateBp: 6000 },
      { overFen: 5_000_000, upToFen: 10_000_000, rateBp: 7000 },
      { overFen: 10_000_000, upToFen: null, rateBp: 8000 },
    ],
    capFenPerPersonYear: 10_000_000,
    // INVENTED: 280 yuan per person (2019 plan: 260).
    insurancePremiumFenPerPerson: 28_000,
  },
  education: {
    amountsFen: {
      // INVENTED: senior high 2,500 yuan (2019 plan: 2,000); every other stage as in the 2019 plan.
      seniorHigh: 250_000,
      vocational: 300_000,
      university: 600_000,
      juniorCollege: 400_000,
      boardingJuniorHigh: 125_000,
      boardingPrimary: 100_000,
      preschool: 120_000,
      nonBoarding: 50_000,
    },
    feesWaived: ['seniorHigh'],
  },
  // As 2019: the national exit-assessment thresholds.
  evaluation: {
    wrongExitRateMaxBp: 200,
    missedRateMaxBp: 200,
    satisfactionMinBp: 9000,
  },
});

/** Every known policy version. */
export const POLICIES: readonly CountyPolicy[] = Object.freeze([BENXI_2019, BENXI_2020]);

/** The year {@link currentPolicy} returns. */
export const CURRENT_POLICY_YEAR = 2019;

/** The policy for a county and year; throws {@link PolicyNotFoundError} when there is none. */
export function getPolicy(countyCode: string, year: number): CountyPolicy {
  const policy = POLICIES.find(
    (p) => p.countyCode === countyCode && p.year === year,
  );
  if (!policy) {
    throw new PolicyNotFoundError(
      `没有 ${countyCode} 县 ${year} 年的政策数据 / No policy data for county ${countyCode}, year ${year} ` +
        `(known: ${POLICIES.map((p) => p.id).join(', ')})`,
    );
  }
  return policy;
}

/** The policy with this id (as recorded on a case); throws {@link PolicyNotFoundError} when unknown. */
export function getPolicyById(id: string): CountyPolicy {
  const policy = POLICIES.find((p) => p.id === id);
  if (!policy) {
    throw new PolicyNotFoundError(
      `没有编号为 ${id} 的政策数据 / No policy data with id ${id}`,
    );
  }
  return policy;
}

/** The county's calendar date (China Standard Time, UTC+8, no daylight saving) of an instant. */
export function countyDate(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not a date: ${String(at)}`);
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The policy version a declaration made at `at` takes: the county's version with the latest
 * `inForceFrom` on or before the county date of `at` (a `YYYY-MM-DD` date is taken as it is).
 * Throws {@link PolicyNotFoundError} before the county's first version.
 */
export function policyInForce(countyCode: string, at: Date | string): CountyPolicy {
  const day = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : countyDate(at);
  const inForce = POLICIES.filter((p) => p.countyCode === countyCode && p.inForceFrom <= day).sort((a, b) =>
    a.inForceFrom < b.inForceFrom ? 1 : -1,
  )[0];
  if (!inForce) {
    throw new PolicyNotFoundError(`${day} 没有生效的 ${countyCode} 县政策数据 / No policy of county ${countyCode} in force on ${day}`);
  }
  return inForce;
}

/** The policy in force for 本溪满族自治县 ({@link CURRENT_POLICY_YEAR}). */
export function currentPolicy(): CountyPolicy {
  return getPolicy(BENXI_COUNTY.code, CURRENT_POLICY_YEAR);
}
