import type { Actor } from '../lib/actor';
import type { CaseInput } from '../lib/case-context';
import type { CaseEvent } from '../lib/case-events';
import { CaseWorkflow, type CaseStep } from '../lib/case-workflow';
import { currentLevel, type Refusal } from '../lib/refusals';
import { ACTORS, FIXTURE_POLICY, fixtureInput } from './fixture-policy';

export const MINUTE = 60_000;
export const DAY = 86_400_000;
/** The fixture clock's origin: tests skip time by adding to it, never by sleeping. */
export const T0 = Date.parse('2019-05-01T08:00:00.000Z');

/** The ISO time `ms` after `from` (an ISO time, T0 by default). */
export function later(ms: number, from: string | number = T0): string {
  const origin = typeof from === 'number' ? from : Date.parse(from);
  return new Date(origin + ms).toISOString();
}

/** When the case's current notice period started; a case with no notice fails the test. */
export function noticeStartedAt(step: CaseStep): string {
  const startedAt = step.snapshot.context.notice.startedAt;
  if (startedAt === undefined) throw new Error(`no notice has started: the case is in ${step.state}`);
  return startedAt;
}

/** Who signs at each fixture level, in order; a 会签 level takes as many as it needs. */
export const FIXTURE_SIGNERS: Record<string, Actor[]> = {
  village: [ACTORS.villageReviewer],
  township: [ACTORS.townshipReviewer, ACTORS.secondTownshipReviewer],
  county: [ACTORS.countyOfficer],
};

/** Applies an event that must be accepted; a refusal fails the test with its code. */
export function decideOrThrow(workflow: CaseWorkflow, step: CaseStep, event: CaseEvent): CaseStep {
  const decision = workflow.decide(step.snapshot, event);
  if (!decision.ok) throw new Error(`unexpectedly refused: ${decision.refusal.code} ${decision.refusal.message}`);
  return decision.step;
}

/** The refusal of an event that must be refused; acceptance fails the test. */
export function refusalOf(workflow: CaseWorkflow, step: CaseStep, event: CaseEvent): Refusal {
  const decision = workflow.decide(step.snapshot, event);
  if (decision.ok) throw new Error(`unexpectedly accepted ${event.type}, now in ${decision.step.state}`);
  return decision.refusal;
}

/**
 * Builds a fixture case up to a given stage with accepted events only, one minute per
 * event after the last, so a test arranges "a case in review at the township" in one line.
 */
export class CaseJourney {
  private now = T0;

  constructor(
    readonly workflow: CaseWorkflow = new CaseWorkflow(FIXTURE_POLICY),
    readonly input: CaseInput = fixtureInput(),
  ) {}

  /** One minute after the latest event the journey has applied. */
  tick(): string {
    return later(MINUTE, this.now);
  }

  run(step: CaseStep, event: CaseEvent): CaseStep {
    const next = decideOrThrow(this.workflow, step, event);
    this.now = Math.max(this.now, Date.parse(event.at));
    return next;
  }

  refuse(step: CaseStep, event: CaseEvent): Refusal {
    return refusalOf(this.workflow, step, event);
  }

  opened(): CaseStep {
    this.now = T0;
    return this.workflow.open(this.input);
  }

  submitted(): CaseStep {
    return this.run(this.opened(), { type: 'case.submit', actor: this.input.declaredBy, at: this.tick() });
  }

  /** Every signature the current level needs, from the fixture's signers for that level. */
  approveLevel(step: CaseStep): CaseStep {
    const level = currentLevel(this.workflow.policy, step.snapshot.context);
    const needed = level.signing?.mode === 'all' ? level.signing.signers : 1;
    let next = step;
    for (const actor of FIXTURE_SIGNERS[level.id].slice(0, needed)) {
      next = this.run(next, { type: 'review.approve', actor, at: this.tick() });
    }
    return next;
  }

  inReviewAt(levelId: string): CaseStep {
    let step = this.submitted();
    while (step.level !== levelId) {
      if (step.stage !== 'review') throw new Error(`the chain has no level ${levelId}`);
      step = this.approveLevel(step);
    }
    return step;
  }

  inNotice(): CaseStep {
    let step = this.submitted();
    while (step.stage === 'review') step = this.approveLevel(step);
    return step;
  }

  /** A notice put on hold by one public objection filed `afterMs` into the notice. */
  onHold(afterMs = 2 * DAY, objectionId = 'obj-1'): CaseStep {
    const notice = this.inNotice();
    return this.run(notice, {
      type: 'notice.objection',
      objectionId,
      reason: '收入与实际不符',
      actor: ACTORS.public,
      at: later(afterMs, noticeStartedAt(notice)),
    });
  }

  inAcceptance(): CaseStep {
    const notice = this.inNotice();
    const timer = notice.timers[0];
    return this.run(notice, { type: 'notice.elapsed', timerKey: timer.key, actor: ACTORS.system, at: timer.dueAt });
  }

  /** Acceptance with every check of the policy recorded. */
  fullyRecorded(): CaseStep {
    let step = this.inAcceptance();
    for (const check of Object.keys(this.workflow.policy.acceptanceChecks)) {
      step = this.run(step, { type: 'acceptance.record', check, evidence: `${check} ok`, actor: ACTORS.countyAcceptor, at: this.tick() });
    }
    return step;
  }
}
