import type { DeclareCaseRequest } from '@poverty/contracts';
import { syntheticIdNumber } from '@poverty/policy';
import type { Actor } from '@poverty/workflow';

/** What the service's specs share: one village's officials and a declaration to drive. */
export const XIAOSHI = '210521100000';
export const SHANGBAO = '210521100201';
export const declarer: Actor = { userId: 'u-village-1', roles: ['village_officer'], townshipCode: XIAOSHI, villageCode: SHANGBAO };
export const villageReviewer: Actor = { userId: 'u-village-2', roles: ['village_officer'], townshipCode: XIAOSHI, villageCode: SHANGBAO };
export const townshipReviewer: Actor = { userId: 'u-township', roles: ['township_reviewer'], townshipCode: XIAOSHI };
export const countyOfficer: Actor = { userId: 'u-county', roles: ['county_officer'], department: 'poverty_office' };

/** The value of a successful outcome; a refusal fails the test with its body. */
export function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** A one-person household of 小市镇上堡村 below the poverty line; `seed` makes its ID number. */
export function householdDeclaration(seed: number): DeclareCaseRequest {
  return {
    townshipCode: XIAOSHI,
    villageCode: SHANGBAO,
    data: {
      householdHead: { name: '测试户', idNumber: syntheticIdNumber(seed) },
      members: [],
      perCapitaNetIncomeYuan: 2600,
      povertyCause: 'illness',
      attribute: 'general',
      assessment: { food: true, clothing: true, medical: false, education: true, housing: true },
    },
  } as DeclareCaseRequest;
}
