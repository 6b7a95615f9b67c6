/** Roles a person can hold. `public` is anyone without a login (objections only). */
export const ROLES = [
  'village_officer',
  'township_reviewer',
  'county_officer',
  'evaluator',
  'auditor',
  'admin',
  'public',
  'system',
] as const;
export type Role = (typeof ROLES)[number];

/** County departments that own a review level (县扶贫办, 住建局, 医保局, 教育局…). */
export const DEPARTMENTS = [
  'poverty_office',
  'housing_bureau',
  'medical_security',
  'education_bureau',
  'civil_affairs',
  'finance',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** Who is acting: travels with every command, checked by the machine's guards. */
export interface Actor {
  userId: string;
  displayName?: string;
  roles: Role[];
  townshipCode?: string;
  villageCode?: string;
  department?: Department;
}

/** Where a case sits in the administrative tree. */
export interface CaseJurisdiction {
  townshipCode: string;
  villageCode: string;
}

export type LevelScope = 'village' | 'township' | 'county';

/** One review level (or the declaring / acceptance level) of a service's chain. */
export interface LevelSpec {
  id: string;
  role: Role;
  scope: LevelScope;
  /** Required for county levels: the department that acts there. */
  department?: Department;
  /** 会签 (`all`: `signers` distinct people must approve) or 或签 (`any`: one is enough). */
  signing?: { mode: 'any' } | { mode: 'all'; signers: number };
  /** Data fields this level may record with its approval (e.g. the appraisal grade). */
  recordsFields?: string[];
}

/** The system actor fires timers; it holds no human role. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', displayName: '系统', roles: ['system'] };
export const PUBLIC_ACTOR: Actor = { userId: 'public', displayName: '公众', roles: ['public'] };

/** True when the actor holds the level's role within the case's jurisdiction. */
export function actorHoldsLevel(actor: Actor, level: LevelSpec, where: CaseJurisdiction): boolean {
  return actor.roles.includes(level.role) && withinScope(actor, level, where);
}

/** True when the actor's own jurisdiction covers the case at the level's scope. */
export function withinScope(actor: Actor, level: LevelSpec, where: CaseJurisdiction): boolean {
  switch (level.scope) {
    case 'village':
      return actor.villageCode === where.villageCode;
    case 'township':
      return actor.townshipCode === where.townshipCode;
    case 'county':
      return level.department === undefined || actor.department === level.department;
  }
}

/**
 * Whether the actor may see a case at all. Anything else answers 404, so that the
 * existence of another township's case is not revealed.
 */
export function canSeeCase(actor: Actor, where: CaseJurisdiction, serviceDepartments: Department[]): boolean {
  if (actor.roles.includes('auditor') || actor.roles.includes('admin') || actor.roles.includes('system')) return true;
  if (actor.roles.includes('county_officer') && actor.department && serviceDepartments.includes(actor.department)) return true;
  if (actor.roles.includes('county_officer') && actor.department === 'poverty_office') return true;
  if (actor.roles.includes('township_reviewer') && actor.townshipCode === where.townshipCode) return true;
  if (actor.roles.includes('village_officer') && actor.villageCode === where.villageCode) return true;
  return false;
}
