import { appraiseHousingSubsidy } from './housing.rules';
import { assessIdentification } from './identification.rules';
import { BENXI_2019, BENXI_2020, POLICIES, PolicyNotFoundError, countyDate, getPolicy, getPolicyById, policyInForce, validateCountyPolicy } from './policy-versions';

describe('the policy version in force', () => {
  it('keeps 2019 and 2020 side by side, each found by id and by year', () => {
    expect(POLICIES).toEqual([BENXI_2019, BENXI_2020]);
    expect(getPolicyById('benxi-210521-2020')).toBe(BENXI_2020);
    expect(getPolicy('210521', 2020)).toBe(BENXI_2020);
    expect(validateCountyPolicy(BENXI_2020)).toEqual([]);
  });

  it('gives a declaration the version in force on its county date', () => {
    expect(policyInForce('210521', '2019-06-01T02:00:00.000Z')).toBe(BENXI_2019);
    expect(policyInForce('210521', '2020-03-01T02:00:00.000Z')).toBe(BENXI_2020);
    expect(policyInForce('210521', '2026-12-04T02:00:00.000Z')).toBe(BENXI_2020);
    expect(policyInForce('210521', '2019-12-31')).toBe(BENXI_2019);
    expect(policyInForce('210521', '2020-01-01')).toBe(BENXI_2020);
  });

  it('counts the day in county time: 17:00 UTC on 31 December is already 1 January in 本溪', () => {
    expect(countyDate('2019-12-31T15:59:59.999Z')).toBe('2019-12-31');
    expect(countyDate('2019-12-31T16:00:00.000Z')).toBe('2020-01-01');
    expect(policyInForce('210521', new Date('2019-12-31T15:59:59.999Z'))).toBe(BENXI_2019);
    expect(policyInForce('210521', new Date('2019-12-31T16:00:00.000Z'))).toBe(BENXI_2020);
  });

  it('refuses, with a coded error, a date before the county’s first version or an unknown county', () => {
    expect(() => policyInForce('210521', '2018-12-31')).toThrow(PolicyNotFoundError);
    expect(() => policyInForce('210522', '2020-06-01')).toThrow(/No policy of county 210522 in force on 2020-06-01/);
    expect(() => countyDate('not a date')).toThrow(RangeError);
  });

  it('computes with each year’s own figures: the same grade and income decide differently', () => {
    const d2019 = appraiseHousingSubsidy(BENXI_2019, 'D');
    const d2020 = appraiseHousingSubsidy(BENXI_2020, 'D');

    expect(d2019.ok && [d2019.amount.amountFen, d2019.amount.policyId]).toEqual([4_500_000, 'benxi-210521-2019']);
    expect(d2020.ok && [d2020.amount.amountFen, d2020.amount.policyId]).toEqual([5_000_000, 'benxi-210521-2020']);
    expect(assessIdentification(BENXI_2019, { perCapitaNetIncomeYuan: 3500 }).ok).toBe(false);
    expect(assessIdentification(BENXI_2020, { perCapitaNetIncomeYuan: 3500 }).ok).toBe(true);
  });

  it('names where each version comes from: the 2019 plan, and 2020 as illustrative data', () => {
    expect([BENXI_2019.source, BENXI_2019.sourceTitle]).toEqual(['本县委办发〔2019〕42号', '本溪满族自治县 2019 年巩固脱贫实施方案']);
    expect(BENXI_2020.source).toMatch(/示例数据，无正式文件/);
  });
});
