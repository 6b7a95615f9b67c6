import {
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_ATTRIBUTE_LABELS,
  POVERTY_CAUSES,
  POVERTY_CAUSE_LABELS,
  ROSTER_STATUSES,
  ROSTER_STATUS_LABELS,
  assessIdentification,
  isPovertyCause,
} from './identification.rules';
import { BENXI_2019 } from './policy-versions';

describe('identification', () => {
  describe('income test', () => {
    it.each([0, 2000, 3217, 3217.99])(
      'accepts per-capita net income of %p yuan, below the 2019 line of 3,218',
      (income) => {
        expect(
          assessIdentification(BENXI_2019, { perCapitaNetIncomeYuan: income }),
        ).toEqual({
          ok: true,
          povertyLineYuanPerCapita: 3218,
          policyId: 'benxi-210521-2019',
        });
      },
    );

    it.each([3218, 4567])(
      'refuses per-capita net income of %p yuan, not below the line',
      (income) => {
        expect(
          assessIdentification(BENXI_2019, { perCapitaNetIncomeYuan: income }),
        ).toMatchObject({
          ok: false,
          code: 'IDENTIFICATION.INCOME_NOT_BELOW_LINE',
          field: 'perCapitaNetIncomeYuan',
        });
      },
    );

    it('names the poverty line but never the household’s income in the refusal', () => {
      const result = assessIdentification(BENXI_2019, {
        perCapitaNetIncomeYuan: 4567,
      });
      if (result.ok) throw new Error('expected a refusal');
      expect(result.message).toBe(
        '家庭年人均纯收入不低于 2019 年扶贫标准 3,218元，不符合识别条件 / ' +
          "The household's per-capita net income is not below the 2019 poverty line of 3,218 yuan",
      );
      expect(result.message).not.toMatch(/4,?567/);
    });

    it.each([Number.NaN, Number.POSITIVE_INFINITY])(
      'refuses an income that is not a number (%p)',
      (income) => {
        expect(
          assessIdentification(BENXI_2019, { perCapitaNetIncomeYuan: income }),
        ).toMatchObject({
          ok: false,
          code: 'IDENTIFICATION.INCOME_INVALID',
        });
      },
    );
  });

  it('labels the thirteen causes of poverty', () => {
    expect(POVERTY_CAUSES.map((cause) => POVERTY_CAUSE_LABELS[cause])).toEqual([
      '因病',
      '因残',
      '因学',
      '因灾',
      '缺土地',
      '缺水',
      '缺技术',
      '缺劳力',
      '缺资金',
      '交通条件落后',
      '自身发展动力不足',
      '因婚',
      '其他',
    ]);
    expect(isPovertyCause('illness')).toBe(true);
    expect(isPovertyCause('因病')).toBe(false);
  });

  it('labels household attributes and roster statuses', () => {
    expect(
      HOUSEHOLD_ATTRIBUTES.map((a) => HOUSEHOLD_ATTRIBUTE_LABELS[a]),
    ).toEqual(['一般贫困户', '低保贫困户', '特困供养贫困户']);
    expect(ROSTER_STATUSES.map((s) => ROSTER_STATUS_LABELS[s])).toEqual([
      '未脱贫',
      '已脱贫',
      '返贫',
    ]);
  });
});
