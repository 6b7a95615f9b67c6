import type { Actor } from '../lib/actor';
import type { CaseInput } from '../lib/case-context';
import { refusal } from '../lib/refusals';
import type { ServicePolicy } from '../lib/service-policy';

/** A three-level policy shaped like identification's, for machine tests. */
export const FIXTURE_POLICY: ServicePolicy = {
  service: 'fixture',
  declarer: { id: 'declarer', role: 'village_officer', scope: 'village' },
  levels: [
    { id: 'village', role: 'village_officer', scope: 'village' },
    { id: 'township', role: 'township_reviewer', scope: 'township' },
    { id: 'county', role: 'county_officer', scope: 'county', department: 'poverty_office', recordsFields: ['grade'] },
  ],
  noticePeriod: 'P7D',
  objectionLevel: 'township',
  acceptor: { id: 'acceptance', role: 'county_officer', scope: 'county', department: 'poverty_office' },
  acceptanceChecks: { dataComparison: '信息比对' },
  departments: ['poverty_office'],
};

export const WHERE = { townshipCode: '210521100000', villageCode: '210521100201' };
export const OTHER_TOWNSHIP = '210521101000';

export const ACTORS = {
  declarer: { userId: 'u-declarer', roles: ['village_officer'], townshipCode: WHERE.townshipCode, villageCode: WHERE.villageCode },
  villageReviewer: { userId: 'u-village', roles: ['village_officer'], townshipCode: WHERE.townshipCode, villageCode: WHERE.villageCode },
  townshipReviewer: { userId: 'u-township', roles: ['township_reviewer'], townshipCode: WHERE.townshipCode },
  secondTownshipReviewer: { userId: 'u-township-2', roles: ['township_reviewer'], townshipCode: WHERE.townshipCode },
  otherTownshipReviewer: { userId: 'u-other-township', roles: ['township_reviewer'], townshipCode: OTHER_TOWNSHIP },
  countyOfficer: { userId: 'u-county', roles: ['county_officer'], department: 'poverty_office' },
  countyAcceptor: { userId: 'u-county-2', roles: ['county_officer'], department: 'poverty_office' },
  housingOfficer: { userId: 'u-housing', roles: ['county_officer'], department: 'housing_bureau' },
  /** A village officer of another village in the same township. */
  otherVillageOfficer: { userId: 'u-other-village', roles: ['village_officer'], townshipCode: WHERE.townshipCode, villageCode: '210521100202' },
  /** Holds the village and the township role at once (a 包村干部 seconded to the village). */
  dualRole: {
    userId: 'u-dual',
    roles: ['village_officer', 'township_reviewer'],
    townshipCode: WHERE.townshipCode,
    villageCode: WHERE.villageCode,
  },
  auditor: { userId: 'u-auditor', roles: ['auditor'] },
  public: { userId: 'public', roles: ['public'] },
  system: { userId: 'system', roles: ['system'] },
} satisfies Record<string, Actor>;

export function fixtureInput(overrides: Partial<CaseInput> = {}): CaseInput {
  return { caseId: 'case-1', jurisdiction: WHERE, declaredBy: ACTORS.declarer, data: { income: 2000 }, ...overrides };
}

/** The fixture policy with some fields replaced. */
export function fixturePolicy(overrides: Partial<ServicePolicy> = {}): ServicePolicy {
  return { ...FIXTURE_POLICY, ...overrides };
}

/** 会签: the township level needs two distinct reviewers' signatures. */
export const COSIGN_POLICY: ServicePolicy = fixturePolicy({
  service: 'fixture-cosign',
  levels: FIXTURE_POLICY.levels.map((level) =>
    level.id === 'township' ? { ...level, signing: { mode: 'all', signers: 2 } } : level,
  ),
});

/** The year's income line the guarded fixture checks against (yuan per person). */
export const FIXTURE_INCOME_LINE = 3_750;

/**
 * Service-specific rules on top of the shared ones: the county refuses a household above the
 * income line, and an edit may never record a negative income.
 */
export const GUARDED_POLICY: ServicePolicy = fixturePolicy({
  service: 'fixture-guarded',
  extraGuards: [
    {
      on: 'review.approve',
      level: 'county',
      check: (data) =>
        Number(data['income']) >= FIXTURE_INCOME_LINE
          ? refusal('FIXTURE.INCOME_ABOVE_LINE', 'Income is above the line', { field: 'data.income' })
          : null,
    },
    {
      on: 'case.edit',
      check: (data) =>
        Number(data['income']) < 0 ? refusal('FIXTURE.INCOME_NEGATIVE', 'Income cannot be negative', { field: 'data.income' }) : null,
    },
  ],
});
