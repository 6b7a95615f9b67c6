import type { Actor, CaseJurisdiction, Department } from '@poverty/workflow';

/**
 * Whether the actor is an official whose jurisdiction covers the case, and so may reveal its
 * personal data: a village officer of its village, a township reviewer of its township, a county
 * officer of the service's departments (or the poverty office, which coordinates every service).
 * Auditors, evaluators, admins and the system read masked data only.
 */
export function officialCoversCase(actor: Actor, where: CaseJurisdiction, serviceDepartments: readonly Department[]): boolean {
  if (actor.roles.includes('village_officer') && actor.villageCode === where.villageCode) return true;
  if (actor.roles.includes('township_reviewer') && actor.townshipCode === where.townshipCode) return true;
  if (actor.roles.includes('county_officer') && actor.department) {
    return serviceDepartments.includes(actor.department) || actor.department === 'poverty_office';
  }
  return false;
}
