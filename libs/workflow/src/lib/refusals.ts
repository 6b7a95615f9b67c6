import { actorHoldsLevel, type Actor, type CaseJurisdiction, type LevelSpec } from './actor';
import type { CaseContext } from './case-context';
import type { CaseEvent } from './case-events';
import type { ServicePolicy } from './service-policy';
import { LATEST_MACHINE_VERSION, rulesOfVersion } from './machine-version';

/** Stable codes for the expected reasons a decision is refused. */
export const REFUSAL = {
  ACTION_NOT_ALLOWED: 'CASE.ACTION_NOT_ALLOWED',
  WRONG_ROLE: 'CASE.WRONG_ROLE',
  OUT_OF_JURISDICTION: 'CASE.OUT_OF_JURISDICTION',
  SEPARATION_OF_DUTIES: 'CASE.SEPARATION_OF_DUTIES',
  DECLARER_CANNOT_APPROVE: 'CASE.DECLARER_CANNOT_APPROVE',
  ALREADY_SIGNED: 'CASE.ALREADY_SIGNED',
  COMMENT_REQUIRED: 'CASE.COMMENT_REQUIRED',
  REASON_REQUIRED: 'CASE.REASON_REQUIRED',
  FIELD_NOT_EDITABLE: 'CASE.FIELD_NOT_EDITABLE',
  NOT_WITHDRAWABLE: 'CASE.NOT_WITHDRAWABLE',
  NO_OPEN_OBJECTION: 'CASE.NO_OPEN_OBJECTION',
  STALE_TIMER: 'CASE.STALE_TIMER',
  UNKNOWN_CHECK: 'CASE.UNKNOWN_ACCEPTANCE_CHECK',
  EVIDENCE_REQUIRED: 'CASE.EVIDENCE_REQUIRED',
  ACCEPTANCE_INCOMPLETE: 'CASE.ACCEPTANCE_INCOMPLETE',
} as const;

/** An expected refusal: a value with a stable code, never an exception. */
export interface Refusal {
  code: string;
  message: string;
  /** The request field the refusal is about, when there is one. */
  field?: string;
  details?: Record<string, unknown>;
}

export function refusal(code: string, message: string, extra: Omit<Refusal, 'code' | 'message'> = {}): Refusal {
  return { code, message, ...extra };
}

function levelRefusal(actor: Actor, level: LevelSpec, where: CaseJurisdiction): Refusal | null {
  if (actorHoldsLevel(actor, level, where)) return null;
  if (actor.roles.includes(level.role)) {
    return refusal(REFUSAL.OUT_OF_JURISDICTION, 'This case is outside your jurisdiction');
  }
  return refusal(REFUSAL.WRONG_ROLE, `Only a ${level.role} acts at the ${level.id} level`);
}

function blank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

/** The review level the case is waiting on. */
export function currentLevel(policy: ServicePolicy, context: CaseContext): LevelSpec {
  return policy.levels[Math.min(context.levelIndex, policy.levels.length - 1)];
}

function separationRefusal(actor: Actor, level: LevelSpec, context: CaseContext): Refusal | null {
  const earlierLevel = context.actedAtLevel[actor.userId];
  return earlierLevel !== undefined && earlierLevel !== level.id
    ? refusal(REFUSAL.SEPARATION_OF_DUTIES, `You already acted at the ${earlierLevel} level of this case`)
    : null;
}

function reviewRefusal(policy: ServicePolicy, context: CaseContext, event: CaseEvent & { actor: Actor }): Refusal | null {
  const level = currentLevel(policy, context);
  const notHolder = levelRefusal(event.actor, level, context.jurisdiction);
  if (notHolder) return notHolder;
  const actedElsewhere = separationRefusal(event.actor, level, context);
  if (actedElsewhere) return actedElsewhere;
  switch (event.type) {
    case 'review.approve': {
      if (event.actor.userId === context.declaredBy.userId) {
        return refusal(REFUSAL.DECLARER_CANNOT_APPROVE, 'The person who declared a case cannot approve it');
      }
      if (context.approvals.some((a) => a.level === level.id && a.userId === event.actor.userId)) {
        return refusal(REFUSAL.ALREADY_SIGNED, 'You have already signed at this level');
      }
      const fields = Object.keys(event.data ?? {});
      const notAllowed = fields.find((field) => !(level.recordsFields ?? []).includes(field));
      if (notAllowed) {
        return refusal(REFUSAL.FIELD_NOT_EDITABLE, `The ${level.id} level cannot record "${notAllowed}"`, {
          field: `data.${notAllowed}`,
        });
      }
      return null;
    }
    case 'review.return':
      return blank(event.comment)
        ? refusal(REFUSAL.COMMENT_REQUIRED, 'Say why the case is returned', { field: 'comment' })
        : null;
    case 'review.reject':
      return blank(event.comment)
        ? refusal(REFUSAL.REASON_REQUIRED, 'A rejection needs a reason the household is told', { field: 'comment' })
        : null;
    default:
      return null;
  }
}

function sharedRefusal(policy: ServicePolicy, context: CaseContext, event: CaseEvent, machineVersion: number): Refusal | null {
  switch (event.type) {
    case 'case.edit':
    case 'case.submit':
      return levelRefusal(event.actor, policy.declarer, context.jurisdiction);
    case 'case.withdraw': {
      const notHolder = levelRefusal(event.actor, policy.declarer, context.jurisdiction);
      if (notHolder) return notHolder;
      if (context.approvals.length > 0 || context.levelIndex > 0) {
        return refusal(REFUSAL.NOT_WITHDRAWABLE, 'A case can be withdrawn only before any level has approved it');
      }
      return rulesOfVersion(machineVersion).recordsWithdrawal && blank(event.comment)
        ? refusal(REFUSAL.REASON_REQUIRED, 'Say why the case is withdrawn', { field: 'comment' })
        : null;
    }
    case 'review.approve':
    case 'review.return':
    case 'review.reject':
      return reviewRefusal(policy, context, event);
    case 'notice.objection':
      return blank(event.reason)
        ? refusal(REFUSAL.REASON_REQUIRED, 'An objection needs a reason', { field: 'reason' })
        : null;
    case 'notice.resolveObjection': {
      const level = policy.levels.find((l) => l.id === policy.objectionLevel) ?? policy.levels[0];
      const notHolder = levelRefusal(event.actor, level, context.jurisdiction);
      if (notHolder) return notHolder;
      // Resolving is acting at the objection level: whoever approved at another level may not judge it.
      const actedElsewhere = separationRefusal(event.actor, level, context);
      if (actedElsewhere) return actedElsewhere;
      if (!context.objections.some((o) => o.status === 'open')) {
        return refusal(REFUSAL.NO_OPEN_OBJECTION, 'There is no open objection to resolve');
      }
      return event.outcome === 'upheld' && blank(event.comment)
        ? refusal(REFUSAL.COMMENT_REQUIRED, 'Say why the objection is upheld', { field: 'comment' })
        : null;
    }
    case 'notice.elapsed':
      if (!event.actor.roles.includes('system')) {
        return refusal(REFUSAL.WRONG_ROLE, 'Only the scheduler ends a notice period');
      }
      return event.timerKey === context.notice.timerKey
        ? null
        : refusal(REFUSAL.STALE_TIMER, 'This timer belongs to an earlier notice period');
    case 'acceptance.record': {
      const notHolder = levelRefusal(event.actor, policy.acceptor, context.jurisdiction);
      if (notHolder) return notHolder;
      if (!(event.check in policy.acceptanceChecks)) {
        return refusal(REFUSAL.UNKNOWN_CHECK, `Unknown acceptance check "${event.check}"`, { field: 'data.check' });
      }
      return blank(event.evidence)
        ? refusal(REFUSAL.EVIDENCE_REQUIRED, 'Acceptance evidence is required', { field: 'data.evidence' })
        : null;
    }
    case 'acceptance.accept': {
      const notHolder = levelRefusal(event.actor, policy.acceptor, context.jurisdiction);
      if (notHolder) return notHolder;
      const missing = Object.keys(policy.acceptanceChecks).filter((check) => !context.acceptance[check]);
      return missing.length > 0
        ? refusal(REFUSAL.ACCEPTANCE_INCOMPLETE, `Acceptance evidence missing: ${missing.join(', ')}`, {
            details: { missing },
          })
        : null;
    }
    case 'acceptance.rectify': {
      const notHolder = levelRefusal(event.actor, policy.acceptor, context.jurisdiction);
      if (notHolder) return notHolder;
      return blank(event.comment)
        ? refusal(REFUSAL.COMMENT_REQUIRED, 'Say what must be rectified', { field: 'comment' })
        : null;
    }
  }
}

/** Case data as it will be if the event is accepted (edits and recorded fields merged in). */
export function dataAfter(context: CaseContext, event: CaseEvent): Record<string, unknown> {
  if (event.type === 'case.edit') return { ...context.data, ...event.data };
  if (event.type === 'review.approve' && event.data) return { ...context.data, ...event.data };
  return context.data;
}

/**
 * The single source of every rule: the machine's `permitted` guard is `refusalFor(...) === null`,
 * and the engine calls it again to say why an event was refused. The rules are those of the
 * machine version the case runs (the newest when not given).
 */
export function refusalFor(policy: ServicePolicy, context: CaseContext, event: CaseEvent, machineVersion: number = LATEST_MACHINE_VERSION): Refusal | null {
  const shared = sharedRefusal(policy, context, event, machineVersion);
  if (shared) return shared;
  const level = event.type.startsWith('review.') ? currentLevel(policy, context).id : undefined;
  const data = dataAfter(context, event);
  for (const guard of policy.extraGuards ?? []) {
    if (guard.on !== event.type) continue;
    if (guard.level !== undefined && guard.level !== level) continue;
    const refused = guard.check(data, context, event);
    if (refused) return refused;
  }
  return null;
}
