/**
 * 医疗救助 (medical relief), plan clause 二(二): after one-stop settlement (新农合补偿、民政救助、
 * 大病保险补偿), a person whose compliant self-paid costs for the year total "2000 元以上" receives
 * 50 %–80 % of the amount incurred (发生额), capped at 100,000 yuan per person per year.
 *
 * Readings taken here:
 * - "2000 元以上" is read as strictly over 2,000 yuan: a year total of exactly 2,000.00 does not
 *   qualify. Statutes count 以上 inclusively (民法典 第一千二百五十九条), so revisit this if the county's
 *   医疗救助方案 says otherwise; the threshold comparison is the single place to change.
 * - The year total includes the current claim; once it is over the threshold, the whole self-paid
 *   amount of the claim is relieved, not only the part above 2,000 yuan.
 * - Without an explicit rate, the rate comes from the policy's tiers by the year total.
 */

import { applyRateBp, formatBp, formatFen, isFen } from './money';
import type { CountyPolicy } from './policy-versions';
import {
  citation,
  refusal,
  type ComputedAmount,
  type RuleRefusal,
} from './rule-result';

/** One medical-relief claim for one person. All amounts in fen. */
export interface MedicalReliefInput {
  /** This claim's compliant self-paid amount after one-stop settlement (the plan's 发生额). */
  readonly selfPaidFen: number;
  /** The person's compliant self-paid costs already claimed this calendar year. */
  readonly priorSelfPaidFenThisYear: number;
  /** Relief already granted to the person this calendar year. */
  readonly priorReliefFenThisYear: number;
  /** A rate chosen by the county for this case; must lie within the policy's band. */
  readonly rateBp?: number;
}

/** Stable refusal codes of {@link computeMedicalRelief}. */
export type MedicalRefusalCode =
  | 'MEDICAL.AMOUNT_INVALID'
  | 'MEDICAL.RATE_OUT_OF_BAND'
  | 'MEDICAL.BELOW_THRESHOLD'
  | 'MEDICAL.CAP_REACHED';

/** A granted relief with how it was computed. */
export interface MedicalRelief {
  readonly ok: true;
  readonly amount: ComputedAmount;
  /** The rate applied. */
  readonly rateBp: number;
  /** Whether the rate came from the policy tiers or was set explicitly for the case. */
  readonly rateSource: 'tier' | 'explicit';
  /** Rate × this claim's self-paid amount, before the yearly cap. */
  readonly uncappedFen: number;
  /** The yearly cap (fen) when it reduced this relief; `null` when the cap did not bind. */
  readonly cappedBy: number | null;
  /** Cap left for the rest of the year after this relief. */
  readonly remainingCapFen: number;
}

/** Outcome of {@link computeMedicalRelief}. */
export type MedicalReliefResult =
  | MedicalRelief
  | RuleRefusal<MedicalRefusalCode>;

/** The tier rate for a year-to-date self-paid total, or `null` when the total is not over the threshold. */
export function medicalRateForYearTotal(
  policy: CountyPolicy,
  yearTotalFen: number,
): number | null {
  const tier = policy.medical.rateTiers.find(
    (t) =>
      yearTotalFen > t.overFen &&
      (t.upToFen === null || yearTotalFen <= t.upToFen),
  );
  return tier?.rateBp ?? null;
}

/**
 * Relief for one claim: rate × this claim's self-paid amount (rounded half-up to the fen), limited so
 * the person's relief for the year stays within the cap. Refusals: `MEDICAL.AMOUNT_INVALID` (amounts
 * must be integer fen, the claim positive), `MEDICAL.RATE_OUT_OF_BAND`, `MEDICAL.BELOW_THRESHOLD`,
 * `MEDICAL.CAP_REACHED`. Neither messages nor the rule text contain the person's cost figures.
 */
export function computeMedicalRelief(
  policy: CountyPolicy,
  input: MedicalReliefInput,
): MedicalReliefResult {
  const { medical } = policy;
  const invalid = invalidAmountField(input);
  if (invalid) {
    return refusal(
      'MEDICAL.AMOUNT_INVALID',
      invalid === 'selfPaidFen'
        ? '本次自负合规医疗费用应为大于 0 的整数（分） / The claim self-paid amount must be a positive integer number of fen'
        : '金额应为不小于 0 的整数（分） / Amounts must be non-negative integers in fen',
      invalid,
    );
  }
  const { min, max } = medical.rateBandBp;
  if (
    input.rateBp !== undefined &&
    (!isFen(input.rateBp) || input.rateBp < min || input.rateBp > max)
  ) {
    return refusal(
      'MEDICAL.RATE_OUT_OF_BAND',
      `救助比例应在 ${formatBp(min)}–${formatBp(max)} 之间 / The relief rate must be between ${formatBp(min)} and ${formatBp(max)}`,
      'rateBp',
    );
  }

  const yearTotalFen = input.priorSelfPaidFenThisYear + input.selfPaidFen;
  const threshold = formatFen(medical.thresholdFen, { compact: true });
  const thresholdEn = formatFen(medical.thresholdFen, {
    compact: true,
    suffix: ' yuan',
  });
  const tierRate = medicalRateForYearTotal(policy, yearTotalFen);
  if (yearTotalFen <= medical.thresholdFen || tierRate === null) {
    return refusal(
      'MEDICAL.BELOW_THRESHOLD',
      `年度累计自负合规医疗费用未超过 ${threshold}，不予救助 / ` +
        `The year's self-paid compliant costs do not exceed the ${thresholdEn} threshold`,
      'selfPaidFen',
    );
  }

  const cap = medical.capFenPerPersonYear;
  const capText = formatFen(cap, { compact: true });
  const capTextEn = formatFen(cap, { compact: true, suffix: ' yuan' });
  const capLeft = cap - input.priorReliefFenThisYear;
  if (capLeft <= 0) {
    return refusal(
      'MEDICAL.CAP_REACHED',
      `本年度医疗救助已达封顶 ${capText} / This person's medical relief for the year has reached the ${capTextEn} cap`,
    );
  }

  const rateBp = input.rateBp ?? tierRate;
  const uncappedFen = applyRateBp(input.selfPaidFen, rateBp);
  const amountFen = Math.min(uncappedFen, capLeft);
  const capped = amountFen < uncappedFen;
  const rule =
    `医疗救助：年度累计自负合规医疗费用超过 ${threshold}，按本次自负费用的 ${formatBp(rateBp)} 救助，` +
    `每人每年封顶 ${capText}${capped ? '，本次以封顶余额为限' : ''}` +
    citation(policy.source, policy.clauses.medical);
  return {
    ok: true,
    amount: {
      code: 'medical.relief',
      label: '医疗救助',
      amountFen,
      rule,
      policyId: policy.id,
    },
    rateBp,
    rateSource: input.rateBp === undefined ? 'tier' : 'explicit',
    uncappedFen,
    cappedBy: capped ? cap : null,
    remainingCapFen: capLeft - amountFen,
  };
}

function invalidAmountField(
  input: MedicalReliefInput,
): keyof MedicalReliefInput | null {
  if (!isFen(input.selfPaidFen) || input.selfPaidFen <= 0) {
    return 'selfPaidFen';
  }
  const priors = [
    'priorSelfPaidFenThisYear',
    'priorReliefFenThisYear',
  ] as const;
  return (
    priors.find((field) => !isFen(input[field]) || input[field] < 0) ?? null
  );
}
