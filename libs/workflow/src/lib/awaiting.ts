import type { Actor, CaseJurisdiction, LevelSpec } from './actor';
import type { CaseContext } from './case-context';
import { currentLevel } from './refusals';
import type { ServicePolicy } from './service-policy';

/**
 * Who may act on a case now, as two columns an inbox can query by index: the level's key
 * (`<role>:<scope>:<area>`) and the people who hold that level but may not act (they acted at
 * another level of the case). It only narrows: `allowedActions` stays the judge of each case.
 */
export interface AwaitingActor {
  /** Null when no official can act (a running notice, a terminal stage). */
  key: string | null;
  excluded: string[];
}

const NOBODY: AwaitingActor = { key: null, excluded: [] };

/** The key of one level at a case's place in the administrative tree. */
export function levelKey(level: LevelSpec, where: CaseJurisdiction): string {
  switch (level.scope) {
    case 'village':
      return `${level.role}:village:${where.villageCode}`;
    case 'township':
      return `${level.role}:township:${where.townshipCode}`;
    case 'county':
      return `${level.role}:county:${level.department ?? '*'}`;
  }
}

/**
 * Every level key the actor could hold: each of its roles at each scope its jurisdiction gives.
 * Whenever `actorHoldsLevel(actor, level, where)`, `levelKey(level, where)` is among them.
 */
export function actorLevelKeys(actor: Actor): string[] {
  const areas = [
    actor.villageCode ? `village:${actor.villageCode}` : null,
    actor.townshipCode ? `township:${actor.townshipCode}` : null,
    actor.department ? `county:${actor.department}` : null,
    'county:*',
  ].filter((area): area is string => area !== null);
  return actor.roles.filter((role) => role !== 'public' && role !== 'system').flatMap((role) => areas.map((area) => `${role}:${area}`));
}

/** Who acted at a level other than `levelId`: the separation-of-duties rule refuses them there. */
function actedElsewhere(context: CaseContext, levelId: string): string[] {
  return Object.entries(context.actedAtLevel)
    .filter(([, level]) => level !== levelId)
    .map(([userId]) => userId)
    .sort();
}

/** Who may act on a case in `state` (the dotted state path) with this context. */
export function awaitingActor(policy: ServicePolicy, state: string, context: CaseContext): AwaitingActor {
  const where = context.jurisdiction;
  switch (state) {
    case 'application':
      return { key: levelKey(policy.declarer, where), excluded: [] };
    case 'review': {
      const level = currentLevel(policy, context);
      return { key: levelKey(level, where), excluded: actedElsewhere(context, level.id) };
    }
    case 'publicNotice.onHold': {
      const level = policy.levels.find((l) => l.id === policy.objectionLevel) ?? policy.levels[0];
      return { key: levelKey(level, where), excluded: actedElsewhere(context, level.id) };
    }
    case 'acceptance':
      return { key: levelKey(policy.acceptor, where), excluded: [] };
    default:
      return NOBODY;
  }
}
