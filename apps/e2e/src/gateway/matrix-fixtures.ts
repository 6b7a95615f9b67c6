import type { ServiceName } from '@poverty/contracts';
import { Client, identificationData, registerHousehold, type Household, type Place } from './gateway-support';

/** The county department account that acts on each service, and one whose department does not reach it. */
export const COUNTY_ACCOUNTS: Record<ServiceName, { own: string; other: string }> = {
  identification: { own: 'county.poverty', other: 'county.housing' },
  housing: { own: 'county.housing', other: 'county.medical' },
  medical: { own: 'county.medical', other: 'county.housing' },
  education: { own: 'county.education', other: 'county.housing' },
  'exit-verification': { own: 'county.poverty', other: 'county.education' },
};

/** A valid declaration of each service for a household of the roster. */
export function declarationData(service: ServiceName, household: Household): Record<string, unknown> {
  const [head, member] = household.members;
  switch (service) {
    case 'identification':
      return identificationData();
    case 'housing':
      return { householdId: household.householdId, appraisalReport: '本住鉴〔2019〕88号' };
    case 'medical':
      return { kind: 'relief', householdId: household.householdId, patient: head, settledOn: '2019-06-10', selfPaidFen: 500_000, rateBp: 8000 };
    case 'education':
      return { householdId: household.householdId, student: member, stage: 'university', schoolYear: '2019-2020', school: '沈阳农业大学' };
    case 'exit-verification':
      return {
        householdId: household.householdId,
        year: 2019,
        survey: { perCapitaNetIncomeYuan: 4200, incomeStable: true, noWorryFood: true, noWorryClothing: true, safeDrinkingWater: true, surveyedOn: '2019-10-15', surveyedBy: '李明' },
      };
  }
}

export function declarationBody(service: ServiceName, household: Household, place: Place = household.place) {
  return { townshipCode: place.townshipCode, villageCode: place.villageCode, data: declarationData(service, household) };
}

export type CaseLevel = 'application' | 'township' | 'county';

/** Declares a case and walks it to the given level of its review chain. */
export async function caseAt(client: Client, service: ServiceName, household: Household, level: CaseLevel): Promise<string> {
  const place = household.place;
  const declared = await client.post(place.declarer, `/${service}/cases`, declarationBody(service, household));
  if (declared.status !== 201) throw new Error(`declare ${service} → ${declared.status} ${JSON.stringify(declared.body)}`);
  const id: string = declared.body.id;
  if (level === 'application') return id;
  let view = await client.actOk(place.declarer, service, id, 'submit');
  const reviewer: Record<string, string> = { village: place.villageReviewer, township: place.townshipReviewer, county: COUNTY_ACCOUNTS[service].own };
  while (view.stage === 'review' && view.currentLevel !== level) {
    const who = reviewer[view.currentLevel];
    if (!who) throw new Error(`${service}: no reviewer for level ${view.currentLevel}`);
    view = await client.actOk(who, service, id, 'approve', { comment: '同意' });
  }
  if (view.stage !== 'review' || view.currentLevel !== level) throw new Error(`${service} case did not stop at the ${level} level (${view.stage}/${view.currentLevel})`);
  return id;
}

/** The households and cases every cell of the matrix reads or acts on. */
export interface MatrixFixtures {
  households: { own: Household[]; other: Household };
  cases: Partial<Record<ServiceName, { ownApplication: string; ownTownship: string; ownCounty: string; otherTownship: string }>>;
}

export async function buildFixtures(client: Client, databaseUrl: string, services: ServiceName[], own: Place, other: Place): Promise<MatrixFixtures> {
  // Separate households: housing and exit allow one open case per household.
  const households = await Promise.all([
    registerHousehold(client, databaseUrl, own),
    registerHousehold(client, databaseUrl, own),
    registerHousehold(client, databaseUrl, own),
    registerHousehold(client, databaseUrl, own),
    registerHousehold(client, databaseUrl, other),
  ]);
  const fixtures: MatrixFixtures = { households: { own: households.slice(0, 4), other: households[4] }, cases: {} };
  await Promise.all(
    services.map(async (service) => {
      const [a, b, c] = households;
      fixtures.cases[service] = {
        ownApplication: await caseAt(client, service, a, 'application'),
        ownTownship: await caseAt(client, service, b, 'township'),
        ownCounty: await caseAt(client, service, c, 'county'),
        otherTownship: await caseAt(client, service, households[4], 'township'),
      };
    }),
  );
  return fixtures;
}
