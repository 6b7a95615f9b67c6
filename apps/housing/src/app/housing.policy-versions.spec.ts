import { BENXI_2019, BENXI_2020 } from '@poverty/policy';
import { housingDefinition } from './housing.definition';

describe('housing under each policy version', () => {
  const under = (id: string) => housingDefinition.byPolicy![id];

  it('computes a case’s subsidy with the figures of the version it was declared under', () => {
    const data = { householdId: 'h', origin: 'village' as const, appraisalGrade: 'D' as const };

    expect(under(BENXI_2019.id).amounts!(data)[0]).toMatchObject({ amountFen: 4_500_000, rule: expect.stringContaining('本县委办发〔2019〕42号') });
    expect(under(BENXI_2020.id).amounts!(data)[0]).toMatchObject({ amountFen: 5_000_000 });
  });

  it('keeps the subsidy the county recorded, whatever the version in force now', () => {
    const data = { householdId: 'h', origin: 'village' as const, appraisalGrade: 'C' as const, subsidy: { grade: 'C' as const, amountFen: 500_000, rule: '2019', policyId: BENXI_2019.id } };

    expect(under(BENXI_2020.id).amounts!(data)[0].amountFen).toBe(500_000);
  });
});
