import { BENXI_2019 } from './policy-versions';
import { appraiseHousingSubsidy, isDangerousHouseGrade } from './housing.rules';

describe('housing renovation subsidy (二(四))', () => {
  it('grants 5,000 yuan for a grade C house, citing the plan', () => {
    expect(appraiseHousingSubsidy(BENXI_2019, 'C')).toEqual({
      ok: true,
      grade: 'C',
      amount: {
        code: 'housing.subsidy.C',
        label: 'C级危房改造补助',
        amountFen: 500_000,
        rule: 'C级危房改造补助 5,000元（本县委办发〔2019〕42号 二(四)）',
        policyId: 'benxi-210521-2019',
      },
    });
  });

  it('grants 45,000 yuan for a grade D house', () => {
    const result = appraiseHousingSubsidy(BENXI_2019, 'D');
    expect(result).toMatchObject({
      ok: true,
      amount: { amountFen: 4_500_000 },
    });
    expect(result.ok && result.amount.rule).toBe(
      'D级危房改造补助 45,000元（本县委办发〔2019〕42号 二(四)）',
    );
  });

  it.each(['A', 'B'])(
    'refuses grade %s because only C and D houses are renovated',
    (grade) => {
      const result = appraiseHousingSubsidy(BENXI_2019, grade);
      expect(result).toMatchObject({
        ok: false,
        code: 'HOUSING.GRADE_NOT_ELIGIBLE',
        field: 'grade',
      });
      expect(!result.ok && result.message).toContain(
        '仅鉴定为 C、D 级的危房纳入改造',
      );
    },
  );

  it.each(['E', 'c', '', null, undefined, 3])(
    'refuses an unknown grade (%p)',
    (grade) => {
      expect(appraiseHousingSubsidy(BENXI_2019, grade)).toMatchObject({
        ok: false,
        code: 'HOUSING.GRADE_INVALID',
        field: 'grade',
      });
    },
  );

  it('calls C and D houses dangerous, and nothing else', () => {
    expect(
      ['A', 'B', 'C', 'D', 'X'].map((g) =>
        isDangerousHouseGrade(BENXI_2019, g),
      ),
    ).toEqual([false, false, true, true, false]);
  });
});
