import { createActor, getNextTransitions, initialTransition, type AnyActorLogic, type AnyActorScope, type ExecutableActionsFrom, type SnapshotFrom } from 'xstate';
import type { Actor } from './actor';
import type { CaseContext, CaseInput } from './case-context';
import { ACTION_EVENTS, OFFICIAL_ACTIONS, type CaseAction, type CaseEvent } from './case-events';
import {
  type ApprovalMachine,
  type DomainEventEffect,
  type TimerEffect,
} from './approval.machine';
import { currentLevel, refusal, refusalFor, REFUSAL, type Refusal } from './refusals';
import type { ServicePolicy } from './service-policy';
import { RELEASED_MACHINE_VERSIONS } from './machine-version';
import { machineRelease } from './machine-versions';

export type Stage = 'application' | 'review' | 'publicNotice' | 'acceptance' | 'closed' | 'rejected' | 'withdrawn';
export const TERMINAL_STAGES: Stage[] = ['closed', 'rejected', 'withdrawn'];

/** The machine's state as stored in the case row's jsonb column. */
export interface PersistedCaseSnapshot {
  machineId: string;
  machineVersion: number;
  value: string | Record<string, string>;
  context: CaseContext;
}

/** What the persistence layer needs after a step: columns, snapshot and effects to write. */
export interface CaseStep {
  snapshot: PersistedCaseSnapshot;
  stage: Stage;
  /** Dotted state path, e.g. `publicNotice.onHold`. */
  state: string;
  /** The review level the case waits on (in review), else null. */
  level: string | null;
  timers: TimerEffect[];
  cancelledTimers: string[];
  events: DomainEventEffect[];
}

export type Decision = { ok: true; step: CaseStep } | { ok: false; refusal: Refusal };

/** An action the caller may take now, with the inputs its form must ask for. */
export interface AllowedAction {
  action: CaseAction;
  needs: Array<'comment' | 'reason' | 'returnTo' | 'objectionOutcome' | 'acceptanceCheck' | 'data'>;
}

/** Thrown when a stored snapshot was written by a machine this workflow does not run. */
export class UnknownMachineVersionError extends Error {
  readonly code = 'CASE.MACHINE_VERSION_UNAVAILABLE';
  /** The version the snapshot needs: a replica that runs it can decide the case. */
  readonly machineVersion: number;
  readonly machineId: string;

  constructor(found: { machineId: string; machineVersion: number }, expected: { machineId: string; versions: readonly number[] }) {
    super(
      `Refusing to restore snapshot of ${found.machineId}@${found.machineVersion}: this build runs ${expected.versions.map((v) => `${expected.machineId}@${v}`).join(', ')}`,
    );
    this.name = 'UnknownMachineVersionError';
    this.machineVersion = found.machineVersion;
    this.machineId = found.machineId;
  }
}

function stateString(value: PersistedCaseSnapshot['value']): string {
  if (typeof value === 'string') return value;
  const [parent, child] = Object.entries(value)[0];
  return `${parent}.${child}`;
}

export interface CaseWorkflowOptions {
  /**
   * The machine versions this workflow runs; every released one when omitted. The newest of them
   * is the one new cases start on: an older build is simulated by leaving out the newer versions.
   */
  versions?: readonly number[];
}

/**
 * The engine a service uses: opens cases on the newest machine version it runs, decides events
 * with XState's pure `transition()` on the version each snapshot was written by, and says which
 * actions an actor may take. No I/O.
 */
export class CaseWorkflow {
  /** The newest version's machine: the one `open` starts cases on. */
  readonly machine: ApprovalMachine;
  readonly machineId: string;
  /** The newest version this workflow runs: what `open` stamps on new cases. */
  readonly machineVersion: number;
  /** Every version this workflow runs, oldest first. */
  readonly versions: readonly number[];
  private readonly engines = new Map<number, MachineEngine>();

  constructor(readonly policy: ServicePolicy, options: CaseWorkflowOptions = {}) {
    const versions = [...new Set(options.versions ?? RELEASED_MACHINE_VERSIONS)].sort((a, b) => a - b);
    if (versions.length === 0) throw new Error(`Policy ${policy.service}: a workflow must run at least one machine version`);
    for (const version of versions) {
      this.engines.set(version, new MachineEngine(policy, version, machineRelease(version).create(policy)));
    }
    this.versions = Object.freeze(versions);
    this.machineVersion = versions[versions.length - 1];
    this.machine = this.engines.get(this.machineVersion)!.machine;
    this.machineId = this.machine.id;
  }

  /** True when this workflow can decide a snapshot written by `version`. */
  runs(version: number): boolean {
    return this.engines.has(version);
  }

  /** The machine of one version this workflow runs (tests and graph tools walk it). */
  machineOf(version: number): ApprovalMachine {
    return this.engineOf({ machineId: this.machineId, machineVersion: version }).machine;
  }

  /** Opens a case on the newest version this workflow runs. */
  open(input: CaseInput): CaseStep {
    return this.engines.get(this.machineVersion)!.open(input);
  }

  restore(persisted: PersistedCaseSnapshot): SnapshotFrom<ApprovalMachine> {
    return this.engineOf(persisted).restore(persisted);
  }

  /** Applies the event with the rules of the snapshot's machine version, or says why not with a stable code. */
  decide(persisted: PersistedCaseSnapshot, event: CaseEvent): Decision {
    return this.engineOf(persisted).decide(persisted, event);
  }

  /** The actions `actor` may take now, checked by the same guards that decide them. */
  allowedActions(persisted: PersistedCaseSnapshot, actor: Actor, at: string): AllowedAction[] {
    return this.engineOf(persisted).allowedActions(persisted, actor, at);
  }

  private engineOf(persisted: Pick<PersistedCaseSnapshot, 'machineId' | 'machineVersion'>): MachineEngine {
    const engine = persisted.machineId === this.machineId ? this.engines.get(persisted.machineVersion) : undefined;
    if (!engine) throw new UnknownMachineVersionError(persisted, { machineId: this.machineId, versions: this.versions });
    return engine;
  }
}

/** One machine version of one service: decides snapshots that version wrote. */
class MachineEngine {
  readonly machineId: string;

  /** See `step`: one inert scope for every decision of this engine. */
  private readonly scope: AnyActorScope;
  private collected: ExecutableActionsFrom<ApprovalMachine>[] = [];

  constructor(
    readonly policy: ServicePolicy,
    readonly machineVersion: number,
    readonly machine: ApprovalMachine,
  ) {
    this.machineId = machine.id;
    const self = createActor(this.machine as AnyActorLogic); // never started: it only gives the scope a `self`
    this.scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => undefined,
      defer: () => undefined,
      emit: () => undefined,
      stopChild: () => undefined,
      actionExecutor: (action) => void this.collected.push(action as ExecutableActionsFrom<ApprovalMachine>),
    };
  }

  /**
   * XState's pure `transition()` — the next snapshot and the actions, collected, not executed —
   * with the inert actor scope kept instead of a new actor built for every call (≈4% of a
   * service's CPU). Sound for this machine: it spawns no children and keeps nothing in its scope.
   */
  private step(snapshot: SnapshotFrom<ApprovalMachine>, event: CaseEvent): [SnapshotFrom<ApprovalMachine>, ExecutableActionsFrom<ApprovalMachine>[]] {
    this.collected = [];
    const next = this.machine.transition(snapshot, event, this.scope);
    const actions = this.collected;
    this.collected = [];
    return [next, actions];
  }

  open(input: CaseInput): CaseStep {
    const [snapshot, actions] = initialTransition(this.machine, input);
    return this.toStep(snapshot, actions);
  }

  restore(persisted: PersistedCaseSnapshot): SnapshotFrom<ApprovalMachine> {
    return this.machine.resolveState({ value: persisted.value as never, context: persisted.context });
  }

  decide(persisted: PersistedCaseSnapshot, event: CaseEvent): Decision {
    const snapshot = this.restore(persisted);
    if (!snapshot.can(event)) return { ok: false, refusal: this.whyNot(snapshot, event) };
    const [next, actions] = this.step(snapshot, event);
    return { ok: true, step: this.toStep(next, actions) };
  }

  allowedActions(persisted: PersistedCaseSnapshot, actor: Actor, at: string): AllowedAction[] {
    const snapshot = this.restore(persisted);
    // Only events the current state handles at all can pass; their guards decide the rest.
    const handled = new Set(getNextTransitions(snapshot).map((t) => t.eventType));
    return OFFICIAL_ACTIONS.flatMap((action) => {
      if (!handled.has(ACTION_EVENTS[action]) && !handled.has('*')) return [];
      const probe = this.probeEvent(action, snapshot.context, actor, at);
      return snapshot.can(probe) ? [{ action, needs: NEEDS[action] }] : [];
    });
  }

  private whyNot(snapshot: SnapshotFrom<ApprovalMachine>, event: CaseEvent): Refusal {
    const handled = getNextTransitions(snapshot).some((t) => t.eventType === event.type);
    const stage = stateString(snapshot.value as PersistedCaseSnapshot['value']);
    if (!handled) {
      // A timer that fires when no notice is running was cancelled or already fired: the scheduler drops it.
      if (event.type === 'notice.elapsed' && event.actor.roles.includes('system')) {
        return refusal(REFUSAL.STALE_TIMER, `This timer no longer applies while the case is in ${stage}`);
      }
      return refusal(REFUSAL.ACTION_NOT_ALLOWED, `"${actionOf(event.type)}" is not possible while the case is in ${stage}`);
    }
    return (
      refusalFor(this.policy, snapshot.context, event, this.machineVersion) ??
      refusal(REFUSAL.ACTION_NOT_ALLOWED, `"${actionOf(event.type)}" is not possible while the case is in ${stage}`)
    );
  }

  private probeEvent(action: CaseAction, context: CaseContext, actor: Actor, at: string): CaseEvent {
    const base = { actor, at, comment: 'probe' };
    switch (action) {
      case 'edit':
        return { ...base, type: 'case.edit', data: {} };
      case 'return':
        return { ...base, type: 'review.return', to: 'previous' };
      case 'resolveObjection':
        return { ...base, type: 'notice.resolveObjection', outcome: 'dismissed' };
      case 'recordAcceptance': {
        const check = Object.keys(this.policy.acceptanceChecks)[0] ?? '';
        return { ...base, type: 'acceptance.record', check, evidence: 'probe' };
      }
      case 'objection':
        return { ...base, type: 'notice.objection', objectionId: 'probe', reason: 'probe' };
      default:
        return { ...base, type: ACTION_EVENTS[action] } as CaseEvent;
    }
  }

  private toStep(snapshot: SnapshotFrom<ApprovalMachine>, actions: Array<{ type: string; params?: unknown }>): CaseStep {
    const value = snapshot.value as PersistedCaseSnapshot['value'];
    const stage = (typeof value === 'string' ? value : Object.keys(value)[0]) as Stage;
    return {
      snapshot: { machineId: this.machineId, machineVersion: this.machineVersion, value, context: snapshot.context },
      stage,
      state: stateString(value),
      level: stage === 'review' ? currentLevel(this.policy, snapshot.context).id : null,
      timers: actions.filter((a) => a.type === 'scheduleTimer').map((a) => a.params as TimerEffect),
      cancelledTimers: actions.filter((a) => a.type === 'cancelTimer').map((a) => (a.params as { key: string }).key),
      events: actions.filter((a) => a.type === 'emitDomainEvent').map((a) => a.params as DomainEventEffect),
    };
  }
}

const NEEDS: Record<CaseAction, AllowedAction['needs']> = {
  edit: ['data'],
  submit: [],
  withdraw: ['comment'],
  approve: ['comment'],
  return: ['comment', 'returnTo'],
  reject: ['reason'],
  objection: ['reason'],
  resolveObjection: ['objectionOutcome', 'comment'],
  recordAcceptance: ['acceptanceCheck'],
  accept: ['comment'],
  rectify: ['comment'],
};

function actionOf(eventType: CaseEvent['type']): string {
  return (Object.entries(ACTION_EVENTS).find(([, type]) => type === eventType)?.[0] ?? eventType) as string;
}
