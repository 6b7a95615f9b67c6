/**
 * 三率一度 as measured by a third-party evaluation of exits: 错退率 (wrongly exited among sampled
 * exited households), 漏评率 (poor households found among surveyed non-registered ones) and 群众认可度
 * (satisfied among surveyed). The thresholds are policy data; 2019 uses the national standard:
 * 错退率 and 漏评率 at most 2 % (≤), 认可度 90 % or more (≥).
 */

import { BP_PER_WHOLE, isFen, ratioBp } from './money';
import type { CountyPolicy } from './policy-versions';
import { refusal, type RuleRefusal } from './rule-result';

/** Counts recorded by an evaluation. */
export interface EvaluationCounts {
  /** Exited households in the sample. */
  readonly sampledExited: number;
  /** Of those, households that should not have exited. */
  readonly wronglyExited: number;
  /** Non-registered households surveyed. */
  readonly surveyedNonRegistered: number;
  /** Of those, households that should have been registered. */
  readonly missedFound: number;
  /** People asked about their satisfaction. */
  readonly surveyed: number;
  /** Of those, people satisfied. */
  readonly satisfied: number;
}

/** One rate against its threshold; `null` rate when its denominator is zero. */
export type EvaluatedRate =
  | {
      readonly rateBp: number;
      readonly thresholdBp: number;
      readonly pass: boolean;
    }
  | {
      readonly rateBp: null;
      readonly thresholdBp: number;
      readonly pass: null;
      readonly reason: 'EVALUATION.NO_SAMPLE';
      readonly message: string;
    };

/** The three measures and whether all pass (`null` when any could not be computed). */
export interface ThreeRatesOneDegree {
  readonly ok: true;
  /** 错退率: passes when at or below the threshold. */
  readonly wrongExitRate: EvaluatedRate;
  /** 漏评率: passes when at or below the threshold. */
  readonly missedRate: EvaluatedRate;
  /** 群众认可度: passes when at or above the threshold. */
  readonly satisfaction: EvaluatedRate;
  readonly allPass: boolean | null;
  readonly policyId: string;
}

/** Stable refusal codes of {@link computeThreeRatesOneDegree}. */
export type EvaluationRefusalCode = 'EVALUATION.COUNTS_INVALID';

/**
 * Computes 错退率, 漏评率 and 群众认可度 in basis points (rounded half-up for display) and checks the
 * exact ratios against the policy's thresholds. Counts must be non-negative integers with each part no larger than its whole.
 */
export function computeThreeRatesOneDegree(
  counts: EvaluationCounts,
  policy: CountyPolicy,
): ThreeRatesOneDegree | RuleRefusal<EvaluationRefusalCode> {
  const pairs: ReadonlyArray<
    readonly [keyof EvaluationCounts, keyof EvaluationCounts]
  > = [
    ['wronglyExited', 'sampledExited'],
    ['missedFound', 'surveyedNonRegistered'],
    ['satisfied', 'surveyed'],
  ];
  for (const [part, whole] of pairs) {
    for (const field of [whole, part]) {
      if (!isFen(counts[field]) || counts[field] < 0) {
        return refusal(
          'EVALUATION.COUNTS_INVALID',
          '计数应为不小于 0 的整数 / Counts must be non-negative integers',
          field,
        );
      }
    }
    if (counts[part] > counts[whole]) {
      return refusal(
        'EVALUATION.COUNTS_INVALID',
        `${part} 不能大于 ${whole} / ${part} cannot exceed ${whole}`,
        part,
      );
    }
  }

  const { evaluation } = policy;
  const wrongExitRate = evaluate(
    counts.wronglyExited,
    counts.sampledExited,
    evaluation.wrongExitRateMaxBp,
    'atMost',
  );
  const missedRate = evaluate(
    counts.missedFound,
    counts.surveyedNonRegistered,
    evaluation.missedRateMaxBp,
    'atMost',
  );
  const satisfaction = evaluate(
    counts.satisfied,
    counts.surveyed,
    evaluation.satisfactionMinBp,
    'atLeast',
  );
  const results = [wrongExitRate, missedRate, satisfaction];
  const allPass = results.some((r) => r.pass === null)
    ? null
    : results.every((r) => r.pass);
  return {
    ok: true,
    wrongExitRate,
    missedRate,
    satisfaction,
    allPass,
    policyId: policy.id,
  };
}

function evaluate(
  part: number,
  whole: number,
  thresholdBp: number,
  passWhen: 'atMost' | 'atLeast',
): EvaluatedRate {
  const rateBp = ratioBp(part, whole);
  if (rateBp === null) {
    return {
      rateBp: null,
      thresholdBp,
      pass: null,
      reason: 'EVALUATION.NO_SAMPLE',
      message:
        '样本数为 0，无法计算 / The sample is empty, so the rate cannot be computed',
    };
  }
  // Compare the exact ratio, not the rounded figure: 200.4 bp is above 200 bp even though it shows as 200.
  const scaledPart = BigInt(part) * BigInt(BP_PER_WHOLE);
  const scaledThreshold = BigInt(thresholdBp) * BigInt(whole);
  const pass =
    passWhen === 'atMost'
      ? scaledPart <= scaledThreshold
      : scaledPart >= scaledThreshold;
  return { rateBp, thresholdBp, pass };
}
