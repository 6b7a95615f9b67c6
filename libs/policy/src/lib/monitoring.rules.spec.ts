import { evaluateMonitoringSignal, monitoringPolicy } from './monitoring.rules';
import { getPolicyById } from './policy-versions';

const rules = monitoringPolicy('benxi-210521-2019');
const county = getPolicyById('benxi-210521-2019');

describe('防返贫 monitoring rules', () => {
  it('flags a year of self-paid medical costs at the threshold, not below it', () => {
    expect(evaluateMonitoringSignal(rules, county, { kind: 'medicalCosts', year: 2019, selfPaidFenThisYear: rules.medicalSelfPaidFenPerYear - 1 })).toBeNull();
    const flag = evaluateMonitoringSignal(rules, county, { kind: 'medicalCosts', year: 2019, selfPaidFenThisYear: rules.medicalSelfPaidFenPerYear });
    expect(flag).toMatchObject({ rule: 'medicalCosts', figures: { selfPaidFenThisYear: 1_000_000, thresholdFen: 1_000_000 } });
    expect(flag!.reason).toContain('10,000');
  });

  it('flags a C or D house that is not safe, not an A/B one or a renovated one', () => {
    expect(evaluateMonitoringSignal(rules, county, { kind: 'housing', grade: 'D', safe: false })).toMatchObject({ rule: 'dangerousHouse', figures: { grade: 'D' } });
    expect(evaluateMonitoringSignal(rules, county, { kind: 'housing', grade: 'B', safe: false })).toBeNull();
    expect(evaluateMonitoringSignal(rules, county, { kind: 'housing', grade: 'C', safe: true })).toBeNull();
  });

  it('flags a surveyed income within the margin above the line, and says the line, not the income', () => {
    const ceiling = Math.floor(county.povertyLineYuanPerCapita * 1.1);
    const flag = evaluateMonitoringSignal(rules, county, { kind: 'survey', year: 2019, perCapitaNetIncomeYuan: ceiling });
    expect(flag).toMatchObject({ rule: 'incomeNearLine', figures: { perCapitaNetIncomeYuan: ceiling, ceilingYuan: ceiling } });
    expect(flag!.reason).not.toContain(String(ceiling + 0) + '元，');
    expect(flag!.reason).toContain(String(county.povertyLineYuanPerCapita));
    expect(evaluateMonitoringSignal(rules, county, { kind: 'survey', year: 2019, perCapitaNetIncomeYuan: ceiling + 1 })).toBeNull();
  });

  it('flags a new student at a costly stage (因学), not a non-boarding pupil', () => {
    expect(evaluateMonitoringSignal(rules, county, { kind: 'education', stage: 'university', schoolYear: '2019-2020' })).toMatchObject({ rule: 'educationBurden' });
    expect(evaluateMonitoringSignal(rules, county, { kind: 'education', stage: 'nonBoarding', schoolYear: '2019-2020' })).toBeNull();
  });

  it('falls back to the first version\'s rules for a policy version without its own', () => {
    expect(monitoringPolicy('benxi-210521-2020')).toMatchObject({ policyId: 'benxi-210521-2020', followUpDays: rules.followUpDays });
  });
});
