import {
  computeThreeRatesOneDegree,
  type EvaluationCounts,
} from './evaluation.rules';
import { BENXI_2019 } from './policy-versions';

const fixture: EvaluationCounts = {
  sampledExited: 200,
  wronglyExited: 3,
  surveyedNonRegistered: 300,
  missedFound: 7,
  surveyed: 500,
  satisfied: 463,
};

describe('三率一度', () => {
  it('computes the rates of a known evaluation and checks them against the thresholds', () => {
    expect(computeThreeRatesOneDegree(fixture, BENXI_2019)).toEqual({
      ok: true,
      wrongExitRate: { rateBp: 150, thresholdBp: 200, pass: true },
      missedRate: { rateBp: 233, thresholdBp: 200, pass: false },
      satisfaction: { rateBp: 9260, thresholdBp: 9000, pass: true },
      allPass: false,
      policyId: 'benxi-210521-2019',
    });
  });

  it('passes when every measure is within its threshold', () => {
    const result = computeThreeRatesOneDegree(
      { ...fixture, missedFound: 5 },
      BENXI_2019,
    );
    expect(result).toMatchObject({
      ok: true,
      missedRate: { rateBp: 167, pass: true },
      allPass: true,
    });
  });

  it('passes rates of exactly 2 % (≤) and a satisfaction of exactly 90 % (≥)', () => {
    const result = computeThreeRatesOneDegree(
      { ...fixture, wronglyExited: 4, missedFound: 6, satisfied: 450 },
      BENXI_2019,
    );
    expect(result).toMatchObject({
      wrongExitRate: { rateBp: 200, pass: true },
      missedRate: { rateBp: 200, pass: true },
      satisfaction: { rateBp: 9000, pass: true },
      allPass: true,
    });
  });

  it('fails a rate just over 2 % and a satisfaction just under 90 %', () => {
    const result = computeThreeRatesOneDegree(
      { ...fixture, sampledExited: 20_000, wronglyExited: 401, surveyed: 10_000, satisfied: 8_999 },
      BENXI_2019,
    );
    expect(result).toMatchObject({
      wrongExitRate: { rateBp: 201, pass: false },
      satisfaction: { rateBp: 8999, pass: false },
      allPass: false,
    });
  });

  it('rounds half-up for display but judges the exact ratio', () => {
    // 4,001 / 200,000 = 200.05 bp: shown as 200, yet above 2 %.
    const result = computeThreeRatesOneDegree(
      { ...fixture, sampledExited: 200_000, wronglyExited: 4_001 },
      BENXI_2019,
    );
    expect(result).toMatchObject({
      wrongExitRate: { rateBp: 200, pass: false },
    });
  });

  it('reports a rate it cannot compute for lack of a sample', () => {
    const result = computeThreeRatesOneDegree(
      { ...fixture, surveyedNonRegistered: 0, missedFound: 0 },
      BENXI_2019,
    );
    expect(result).toMatchObject({
      ok: true,
      missedRate: { rateBp: null, pass: null, reason: 'EVALUATION.NO_SAMPLE' },
      allPass: null,
    });
  });

  it.each<[Partial<EvaluationCounts>, keyof EvaluationCounts]>([
    [{ wronglyExited: 201 }, 'wronglyExited'],
    [{ satisfied: -1 }, 'satisfied'],
    [{ surveyed: 500.5 }, 'surveyed'],
  ])('refuses inconsistent counts (%p)', (override, field) => {
    expect(
      computeThreeRatesOneDegree({ ...fixture, ...override }, BENXI_2019),
    ).toMatchObject({
      ok: false,
      code: 'EVALUATION.COUNTS_INVALID',
      field,
    });
  });
});
