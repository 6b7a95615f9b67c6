import {
  BENXI_2019,
  InvalidPolicyError,
  POLICIES,
  PolicyNotFoundError,
  currentPolicy,
  defineCountyPolicy,
  getPolicy,
  getPolicyById,
  validateCountyPolicy,
  type CountyPolicy,
  type MedicalRateTier,
} from './policy-versions';

function withTiers(rateTiers: MedicalRateTier[]): CountyPolicy {
  return { ...BENXI_2019, medical: { ...BENXI_2019.medical, rateTiers } };
}

describe('policy versions', () => {
  it('serves the 2019 plan of 本溪满族自治县 as the current policy', () => {
    const policy = currentPolicy();
    expect(policy).toBe(BENXI_2019);
    expect(policy.id).toBe('benxi-210521-2019');
    expect(policy.source).toBe('本县委办发〔2019〕42号');
    expect(getPolicy('210521', 2019)).toBe(policy);
    expect(getPolicyById('benxi-210521-2019')).toBe(policy);
    expect(POLICIES).toContain(policy);
  });

  it('carries the figures of the plan', () => {
    const policy = currentPolicy();
    expect(policy.exitTarget).toEqual({ households: 96, people: 205 });
    expect(policy.housing).toEqual({
      eligibleGrades: ['C', 'D'],
      subsidyFen: { C: 500_000, D: 4_500_000 },
    });
    expect(policy.medical).toMatchObject({
      thresholdFen: 200_000,
      rateBandBp: { min: 5000, max: 8000 },
      capFenPerPersonYear: 10_000_000,
      insurancePremiumFenPerPerson: 26_000,
    });
    expect(policy.povertyLineYuanPerCapita).toBe(3218);
    expect(policy.noticePeriod).toBe('P7D');
    expect(policy.levelTimeLimitsDays).toEqual({
      village: 5,
      township: 7,
      county: 10,
    });
    expect(policy.evaluation).toEqual({
      wrongExitRateMaxBp: 200,
      missedRateMaxBp: 200,
      satisfactionMinBp: 9000,
    });
  });

  it('throws a clear, coded error for an unknown county or year', () => {
    expect(() => getPolicy('210521', 2018)).toThrow(PolicyNotFoundError);
    expect(() => getPolicy('210522', 2019)).toThrow(
      /No policy data for county 210522, year 2019/,
    );
    expect(() => getPolicyById('benxi-210521-2018')).toThrow(
      PolicyNotFoundError,
    );
    try {
      getPolicy('210521', 2018);
    } catch (error) {
      expect((error as PolicyNotFoundError).code).toBe('POLICY.NOT_FOUND');
    }
  });

  it('cannot be modified by a caller', () => {
    expect(() => {
      (BENXI_2019.medical as { thresholdFen: number }).thresholdFen = 0;
    }).toThrow(TypeError);
    expect(BENXI_2019.medical.thresholdFen).toBe(200_000);
  });

  describe('validation at load', () => {
    it('finds nothing wrong with the 2019 policy', () => {
      expect(validateCountyPolicy(BENXI_2019)).toEqual([]);
    });

    it('refuses a medical tier whose rate lies outside the 50–80 % band', () => {
      const tiers = BENXI_2019.medical.rateTiers.map((t) => ({ ...t }));
      tiers[3] = { ...tiers[3], rateBp: 8500 };
      tiers[0] = { ...tiers[0], rateBp: 4000 };
      const problems = validateCountyPolicy(withTiers(tiers));
      expect(problems).toEqual([
        'medical.rateTiers[0].rateBp must lie within the 5000-8000 bp band',
        'medical.rateTiers[3].rateBp must lie within the 5000-8000 bp band',
      ]);
      expect(() => defineCountyPolicy(withTiers(tiers))).toThrow(
        InvalidPolicyError,
      );
    });

    it('refuses tiers that leave a gap, start elsewhere than the threshold or end bounded', () => {
      expect(
        validateCountyPolicy(
          withTiers([
            { overFen: 100_000, upToFen: 1_000_000, rateBp: 5000 },
            { overFen: 2_000_000, upToFen: 5_000_000, rateBp: 6000 },
          ]),
        ),
      ).toEqual([
        'medical.rateTiers[0].overFen must equal medical.thresholdFen',
        'medical.rateTiers[1].overFen must equal the previous tier upToFen',
        'medical.rateTiers[1].upToFen must be null (the last tier is unbounded)',
      ]);
      expect(validateCountyPolicy(withTiers([]))).toEqual([
        'medical.rateTiers must not be empty',
      ]);
    });

    it('refuses an eligible housing grade without a subsidy, fractional amounts and a bad notice period', () => {
      const broken: CountyPolicy = {
        ...BENXI_2019,
        noticePeriod: '7 days',
        housing: {
          eligibleGrades: ['B', 'C', 'D'],
          subsidyFen: { C: 500_000, D: 4_500_000.5 },
        },
      };
      expect(validateCountyPolicy(broken)).toEqual([
        'noticePeriod must be an ISO-8601 duration',
        'housing.subsidyFen.B is missing',
        'housing.subsidyFen.D must be a non-negative integer',
      ]);
    });
  });
});
