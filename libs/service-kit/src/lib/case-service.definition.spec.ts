import { z } from 'zod';
import { BENXI_2019, BENXI_2020, type CountyPolicy } from '@poverty/policy';
import { countyReviewChain } from '@poverty/workflow';
import { definitionByPolicy, type CaseServiceDefinition } from './case-service.definition';
import { configureDefinition } from './case-service.module';

function definitionFor(countyPolicy: CountyPolicy): CaseServiceDefinition {
  return {
    service: 'housing',
    schema: 'spec',
    policy: { service: 'housing', ...countyReviewChain('housing_bureau'), noticePeriod: countyPolicy.noticePeriod, acceptanceChecks: {} },
    countyPolicyId: countyPolicy.id,
    dataSchema: z.object({}),
    entities: [],
    migrations: [],
    describe: () => ({ title: countyPolicy.id, householdId: null }),
    publicNotice: () => ({ name: '', householdSize: null, category: '', amounts: [] }),
  };
}

describe('a definition under each county policy version', () => {
  const env = { ...process.env };
  afterEach(() => {
    process.env = { ...env };
  });

  it('holds the rules of every version by id, and answers as the current version', () => {
    const definition = definitionByPolicy(definitionFor, [BENXI_2019, BENXI_2020], BENXI_2019);

    expect(definition.countyPolicyId).toBe(BENXI_2019.id);
    expect(Object.keys(definition.byPolicy ?? {})).toEqual([BENXI_2019.id, BENXI_2020.id]);
    expect(definition.byPolicy?.[BENXI_2020.id].describe({}).title).toBe(BENXI_2020.id);
  });

  it('applies the deployment’s notice period to every version, and the policy date and machine versions once', () => {
    process.env['NOTICE_PERIOD'] = 'PT2S';
    process.env['POLICY_DATE'] = '2019-06-01';
    process.env['MACHINE_VERSIONS'] = '1';

    const configured = configureDefinition(definitionByPolicy(definitionFor, [BENXI_2019, BENXI_2020], BENXI_2019));

    expect(configured.policy.noticePeriod).toBe('PT2S');
    expect(configured.byPolicy?.[BENXI_2020.id].policy.noticePeriod).toBe('PT2S');
    expect([configured.policyDate, configured.machineVersions]).toEqual(['2019-06-01', [1]]);
  });

  it('takes an empty POLICY_DATE as the declarations’ own date, and refuses one that is not a date', () => {
    process.env['POLICY_DATE'] = '';
    expect(configureDefinition(definitionFor(BENXI_2019)).policyDate).toBeUndefined();

    process.env['POLICY_DATE'] = '2019/06/01';
    expect(() => configureDefinition(definitionFor(BENXI_2019))).toThrow(/POLICY_DATE/);
  });
});
