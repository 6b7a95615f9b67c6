import { createHash } from 'node:crypto';
import {
  EDUCATION_STAGES,
  EDUCATION_STAGE_LABELS,
  computeEducationAid,
  educationAwardKey,
  schoolYearOf,
  type EducationStage,
} from './education.rules';
import { BENXI_2019 } from './policy-versions';

describe('education aid (二(三))', () => {
  it.each<[EducationStage, string, number]>([
    ['seniorHigh', '高中', 200_000],
    ['vocational', '中职/高职', 300_000],
    ['university', '大学本科', 600_000],
    ['juniorCollege', '专科', 400_000],
    ['boardingJuniorHigh', '初中寄宿生', 125_000],
    ['boardingPrimary', '小学寄宿生', 100_000],
    ['preschool', '在园幼儿', 120_000],
    ['nonBoarding', '非寄宿生', 50_000],
  ])('pays a %s student (%s) %i fen a year', (stage, label, amountFen) => {
    expect(EDUCATION_STAGE_LABELS[stage]).toBe(label);
    expect(computeEducationAid(BENXI_2019, stage)).toMatchObject({
      ok: true,
      stage,
      amount: {
        code: `education.aid.${stage}`,
        amountFen,
        policyId: 'benxi-210521-2019',
      },
    });
  });

  it('covers every stage', () => {
    expect(EDUCATION_STAGES).toHaveLength(8);
  });

  it('waives fees for senior-high students only', () => {
    const waived = EDUCATION_STAGES.filter((stage) => {
      const result = computeEducationAid(BENXI_2019, stage);
      return result.ok && result.feesWaived;
    });
    expect(waived).toEqual(['seniorHigh']);
  });

  it('states the rule with its source', () => {
    const seniorHigh = computeEducationAid(BENXI_2019, 'seniorHigh');
    expect(seniorHigh.ok && seniorHigh.amount.rule).toBe(
      '高中在校生教育救助 2,000元/人·年，并免除学杂费（本县委办发〔2019〕42号 二(三)）',
    );
    const vocational = computeEducationAid(BENXI_2019, 'vocational');
    expect(vocational.ok && vocational.amount.rule).toBe(
      '雨露计划中职/高职在校生补助 3,000元/人·年（本县委办发〔2019〕42号 二(三)）',
    );
  });

  it.each(['postgraduate', '', null])(
    'refuses a stage it does not cover (%p)',
    (stage) => {
      expect(computeEducationAid(BENXI_2019, stage)).toMatchObject({
        ok: false,
        code: 'EDUCATION.STAGE_INVALID',
        field: 'stage',
      });
    },
  );

  describe('schoolYearOf', () => {
    it.each([
      ['2019-08-31', '2018-2019'],
      ['2019-09-01', '2019-2020'],
      ['2019-12-31', '2019-2020'],
      ['2020-01-01', '2019-2020'],
      ['2020-02-29', '2019-2020'],
      ['2020-08-31', '2019-2020'],
      ['2020-09-01', '2020-2021'],
    ])('puts %s in school year %s', (date, schoolYear) => {
      expect(schoolYearOf(date)).toBe(schoolYear);
    });

    it('reads a Date in China Standard Time', () => {
      expect(schoolYearOf(new Date('2019-08-31T15:59:59.999Z'))).toBe(
        '2018-2019',
      );
      expect(schoolYearOf(new Date('2019-08-31T16:00:00Z'))).toBe('2019-2020');
    });

    it('refuses what is not a date', () => {
      expect(() => schoolYearOf('2019-02-30')).toThrow(RangeError);
      expect(() => schoolYearOf('2019/09/01')).toThrow(RangeError);
      expect(() => schoolYearOf(new Date('nonsense'))).toThrow(RangeError);
    });
  });

  describe('educationAwardKey', () => {
    const student = '210521200503150014';

    it('is a stable hash that does not contain the identity number', () => {
      const key = educationAwardKey(student, 'seniorHigh', '2019-2020');
      expect(key).toMatch(/^edu-award:v1:[0-9a-f]{64}$/);
      expect(key).toBe(educationAwardKey(student, 'seniorHigh', '2019-2020'));
      expect(key).not.toContain(student);
      expect(key).toBe(
        `edu-award:v1:${createHash('sha256').update(`education-award|${student}|seniorHigh|2019-2020`).digest('hex')}`,
      );
    });

    it('differs by student, stage and school year', () => {
      const keys = new Set([
        educationAwardKey(student, 'seniorHigh', '2019-2020'),
        educationAwardKey('210521200503150030', 'seniorHigh', '2019-2020'),
        educationAwardKey(student, 'vocational', '2019-2020'),
        educationAwardKey(student, 'seniorHigh', '2020-2021'),
      ]);
      expect(keys.size).toBe(4);
    });

    it('treats a lower-case x like X', () => {
      expect(
        educationAwardKey('21052119850315009x', 'university', '2019-2020'),
      ).toBe(
        educationAwardKey('21052119850315009X', 'university', '2019-2020'),
      );
    });

    it('becomes a keyed hash with a pepper', () => {
      const plain = educationAwardKey(student, 'seniorHigh', '2019-2020');
      const peppered = educationAwardKey(student, 'seniorHigh', '2019-2020', {
        pepper: 'county-secret',
      });
      expect(peppered).not.toBe(plain);
      expect(peppered).toBe(
        educationAwardKey(student, 'seniorHigh', '2019-2020', {
          pepper: 'county-secret',
        }),
      );
    });

    it('refuses bad input without echoing the identity number', () => {
      expect(() =>
        educationAwardKey('210521200503150012', 'seniorHigh', '2019-2020'),
      ).toThrow(/ID\.CHECK_DIGIT/);
      expect(() =>
        educationAwardKey('210521200503150012', 'seniorHigh', '2019-2020'),
      ).not.toThrow(/2105212005/);
      expect(() =>
        educationAwardKey(student, 'phd' as EducationStage, '2019-2020'),
      ).toThrow(RangeError);
      expect(() =>
        educationAwardKey(student, 'seniorHigh', '2019-2021'),
      ).toThrow(RangeError);
      expect(() =>
        educationAwardKey(student, 'seniorHigh', '2019-2020', { pepper: '' }),
      ).toThrow(RangeError);
    });
  });
});
