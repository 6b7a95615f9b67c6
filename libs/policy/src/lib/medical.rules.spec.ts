import {
  computeMedicalRelief,
  medicalRateForYearTotal,
  type MedicalReliefInput,
} from './medical.rules';
import { BENXI_2019 } from './policy-versions';

const firstClaim = (
  selfPaidFen: number,
  rateBp?: number,
): MedicalReliefInput => ({
  selfPaidFen,
  priorSelfPaidFenThisYear: 0,
  priorReliefFenThisYear: 0,
  ...(rateBp === undefined ? {} : { rateBp }),
});

describe('medical relief (二(二))', () => {
  describe('the 2,000 yuan threshold', () => {
    it('does not relieve a year total of exactly 2,000.00 yuan', () => {
      expect(
        computeMedicalRelief(BENXI_2019, firstClaim(200_000)),
      ).toMatchObject({
        ok: false,
        code: 'MEDICAL.BELOW_THRESHOLD',
      });
    });

    it('relieves a year total of 2,000.01 yuan, on the whole claim, at the first tier', () => {
      const result = computeMedicalRelief(BENXI_2019, firstClaim(200_001));
      expect(result).toMatchObject({
        ok: true,
        rateBp: 5000,
        rateSource: 'tier',
        uncappedFen: 100_001,
        cappedBy: null,
      });
      expect(result.ok && result.amount.amountFen).toBe(100_001); // 1,000.005 yuan rounds half-up
    });

    it('counts earlier claims of the year towards the threshold', () => {
      const result = computeMedicalRelief(BENXI_2019, {
        selfPaidFen: 50_001,
        priorSelfPaidFenThisYear: 150_000,
        priorReliefFenThisYear: 0,
      });
      expect(result).toMatchObject({
        ok: true,
        rateBp: 5000,
        uncappedFen: 25_001,
      });
    });

    it('explains the refusal without the person’s cost figures', () => {
      const result = computeMedicalRelief(BENXI_2019, firstClaim(123_456));
      if (result.ok) throw new Error('expected a refusal');
      expect(result.message).toContain('2,000元');
      expect(result.message).not.toContain('1,234');
      expect(result.message).not.toContain('123456');
    });
  });

  describe('the yearly cap of 100,000 yuan', () => {
    it('pays 100,000 yuan on 150,000 yuan self-paid at 80 %', () => {
      const result = computeMedicalRelief(BENXI_2019, firstClaim(15_000_000));
      expect(result).toMatchObject({
        ok: true,
        rateBp: 8000,
        uncappedFen: 12_000_000,
        cappedBy: 10_000_000,
        remainingCapFen: 0,
        amount: {
          code: 'medical.relief',
          label: '医疗救助',
          amountFen: 10_000_000,
          policyId: 'benxi-210521-2019',
        },
      });
      expect(result.ok && result.amount.rule).toBe(
        '医疗救助：年度累计自负合规医疗费用超过 2,000元，按本次自负费用的 80% 救助，每人每年封顶 100,000元，' +
          '本次以封顶余额为限（本县委办发〔2019〕42号 二(二)）',
      );
    });

    it('refuses a second claim in the same year once the cap is used up', () => {
      const result = computeMedicalRelief(BENXI_2019, {
        selfPaidFen: 500_000,
        priorSelfPaidFenThisYear: 15_000_000,
        priorReliefFenThisYear: 10_000_000,
      });
      expect(result).toMatchObject({ ok: false, code: 'MEDICAL.CAP_REACHED' });
    });

    it('limits a later claim to what is left of the cap', () => {
      const result = computeMedicalRelief(BENXI_2019, {
        selfPaidFen: 3_000_000,
        priorSelfPaidFenThisYear: 11_500_000,
        priorReliefFenThisYear: 9_000_000,
      });
      expect(result).toMatchObject({
        ok: true,
        rateBp: 8000,
        uncappedFen: 2_400_000,
        cappedBy: 10_000_000,
        remainingCapFen: 0,
        amount: { amountFen: 1_000_000 },
      });
    });

    it('reports the cap left when it does not bind', () => {
      const result = computeMedicalRelief(BENXI_2019, {
        selfPaidFen: 1_000_000,
        priorSelfPaidFenThisYear: 1_000_000,
        priorReliefFenThisYear: 500_000,
      });
      expect(result).toMatchObject({
        ok: true,
        rateBp: 6000,
        uncappedFen: 600_000,
        cappedBy: null,
        remainingCapFen: 8_900_000,
      });
      expect(result.ok && result.amount.rule).not.toContain('封顶余额');
    });
  });

  describe('rates', () => {
    it.each([
      [1_000_000, 5000],
      [1_000_001, 6000],
      [5_000_000, 6000],
      [5_000_001, 7000],
      [10_000_000, 7000],
      [10_000_001, 8000],
    ])(
      'uses the tier of the year total (%i fen → %i bp)',
      (yearTotalFen, rateBp) => {
        expect(medicalRateForYearTotal(BENXI_2019, yearTotalFen)).toBe(rateBp);
        expect(
          computeMedicalRelief(BENXI_2019, firstClaim(yearTotalFen)),
        ).toMatchObject({ ok: true, rateBp });
      },
    );

    it('has no tier at or below the threshold', () => {
      expect(medicalRateForYearTotal(BENXI_2019, 200_000)).toBeNull();
    });

    it('applies an explicit rate chosen by the county within the band', () => {
      expect(
        computeMedicalRelief(BENXI_2019, firstClaim(300_000, 8000)),
      ).toMatchObject({
        ok: true,
        rateBp: 8000,
        rateSource: 'explicit',
        amount: { amountFen: 240_000 },
      });
      expect(
        computeMedicalRelief(BENXI_2019, firstClaim(300_000, 5000)),
      ).toMatchObject({ ok: true, rateBp: 5000 });
    });

    it.each([4999, 8001, 6000.5, 0])(
      'refuses an explicit rate outside the 50–80 %% band (%p bp)',
      (rateBp) => {
        expect(
          computeMedicalRelief(BENXI_2019, firstClaim(300_000, rateBp)),
        ).toMatchObject({
          ok: false,
          code: 'MEDICAL.RATE_OUT_OF_BAND',
          field: 'rateBp',
        });
      },
    );
  });

  describe('input', () => {
    it.each([
      ['selfPaidFen', { selfPaidFen: 0 }],
      ['selfPaidFen', { selfPaidFen: -100 }],
      ['selfPaidFen', { selfPaidFen: 250_000.5 }],
      ['priorSelfPaidFenThisYear', { priorSelfPaidFenThisYear: -1 }],
      ['priorReliefFenThisYear', { priorReliefFenThisYear: Number.NaN }],
    ])('refuses an invalid %s', (field, override) => {
      expect(
        computeMedicalRelief(BENXI_2019, {
          ...firstClaim(300_000),
          ...override,
        }),
      ).toMatchObject({
        ok: false,
        code: 'MEDICAL.AMOUNT_INVALID',
        field,
      });
    });
  });
});
