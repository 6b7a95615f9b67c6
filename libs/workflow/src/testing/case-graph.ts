import { adjacencyMapToArray, getAdjacencyMap } from '@xstate/graph';
import type { SnapshotFrom } from 'xstate';
import type { Actor } from '../lib/actor';
import type { ApprovalMachine } from '../lib/approval.machine';
import type { CaseWorkflow } from '../lib/case-workflow';
import type { CaseEvent } from '../lib/case-events';
import { currentLevel } from '../lib/refusals';
import type { ServicePolicy } from '../lib/service-policy';
import { FIXTURE_SIGNERS, later, T0 } from './case-journey';
import { ACTORS, fixtureInput } from './fixture-policy';

export type CaseSnapshot = SnapshotFrom<ApprovalMachine>;

const HOUR = 3_600_000;
/** Objections a generated case may collect in its whole life: bounds notice rounds and the graph. */
export const MAX_OBJECTIONS = 2;

/** One hour after the latest time the case has recorded, so generated events move forward. */
export function nextInstant(snapshot: CaseSnapshot): string {
  const context = snapshot.context;
  const noticeOver = snapshot.matches('acceptance') || snapshot.matches('closed');
  const times = [
    ...context.approvals.map((a) => a.at),
    context.notice.startedAt,
    noticeOver ? context.notice.endsAt : undefined,
    ...context.objections.flatMap((o) => [o.filedAt, o.resolvedAt]),
    ...Object.values(context.acceptance).map((r) => r.at),
  ]
    .filter((t): t is string => t !== undefined)
    .map((t) => Date.parse(t));
  return later(HOUR, Math.max(T0, ...times));
}

/** The dotted state path, as `CaseStep.state` spells it (`publicNotice.onHold`). */
export function stateName(value: CaseSnapshot['value']): string {
  if (typeof value === 'string') return value;
  const [parent, child] = Object.entries(value)[0];
  return `${parent}.${child}`;
}

/**
 * Collapses snapshots that behave alike so the graph of a case is finite: same state, level,
 * signatures gathered, open objections and recorded checks, plus the notice round and the
 * objections filed, which together fix the current timer key. What it leaves out (times,
 * edited data, who acted where) the guards do not read for the fixture's actors.
 */
export function serializeCaseState(snapshot: CaseSnapshot): string {
  const { levelIndex, approvals, objections, acceptance, notice } = snapshot.context;
  const open = objections.filter((o) => o.status === 'open').length;
  const state = stateName(snapshot.value);
  const level = state === 'review' ? `@${levelIndex}+${approvals.length}` : '';
  const checks = Object.keys(acceptance).sort().join(',');
  return `${state}${level} open:${open} checks:${checks} round:${notice.round} filed:${objections.length}`;
}

/**
 * The events a well-behaved caller could send in this snapshot, each with an actor who
 * holds the right role: what a graph traversal needs, since the guards read the actor.
 * A case collects at most MAX_OBJECTIONS objections, which keeps the graph finite.
 */
export function fixtureEvents(policy: ServicePolicy, snapshot: CaseSnapshot): CaseEvent[] {
  const context = snapshot.context;
  const at = nextInstant(snapshot);
  const declarer = ACTORS.declarer;
  switch (stateName(snapshot.value)) {
    case 'application':
      return [
        { type: 'case.edit', data: { income: 1_800 }, actor: declarer, at },
        { type: 'case.submit', actor: declarer, at },
        { type: 'case.withdraw', comment: '户主要求撤回', actor: declarer, at },
      ];
    case 'review': {
      const level = currentLevel(policy, context).id;
      const signers: Actor[] = FIXTURE_SIGNERS[level];
      const first = signers[0];
      const nextSigner = signers.find((s) => !context.approvals.some((a) => a.level === level && a.userId === s.userId));
      return [
        ...(nextSigner ? [{ type: 'review.approve', actor: nextSigner, at } as const] : []),
        { type: 'review.return', to: 'applicant', comment: '补充材料', actor: first, at },
        { type: 'review.return', to: 'previous', comment: '退回上一级', actor: first, at },
        { type: 'review.reject', comment: '不符合条件', actor: first, at },
        { type: 'case.withdraw', actor: declarer, at },
      ];
    }
    case 'publicNotice.running':
      return [
        ...(context.objections.length < MAX_OBJECTIONS
          ? [{ type: 'notice.objection', objectionId: `obj-${context.objections.length + 1}`, reason: '有异议', actor: ACTORS.public, at } as const]
          : []),
        { type: 'notice.elapsed', timerKey: context.notice.timerKey ?? 'none', actor: ACTORS.system, at: context.notice.endsAt ?? at },
      ];
    case 'publicNotice.onHold': {
      const resolver = ACTORS.townshipReviewer;
      return [
        ...(context.objections.length < MAX_OBJECTIONS
          ? [{ type: 'notice.objection', objectionId: `obj-${context.objections.length + 1}`, reason: '又一异议', actor: ACTORS.public, at } as const]
          : []),
        { type: 'notice.resolveObjection', outcome: 'dismissed', actor: resolver, at },
        { type: 'notice.resolveObjection', outcome: 'upheld', comment: '异议成立', actor: resolver, at },
        { type: 'notice.resolveObjection', outcome: 'upheld', then: 'rejected', comment: '异议成立', actor: resolver, at },
      ];
    }
    case 'acceptance':
      return [
        ...Object.keys(policy.acceptanceChecks).map(
          (check): CaseEvent => ({ type: 'acceptance.record', check, evidence: `${check} 已核实`, actor: ACTORS.countyAcceptor, at }),
        ),
        { type: 'acceptance.rectify', comment: '需整改', actor: ACTORS.countyAcceptor, at },
        { type: 'acceptance.accept', actor: ACTORS.countyAcceptor, at },
      ];
    default:
      return [];
  }
}

/** Events nobody entitled would send: outsiders, stale timers, missing comments. */
export function hostileEvents(snapshot: CaseSnapshot): CaseEvent[] {
  const at = nextInstant(snapshot);
  const outsiders = [ACTORS.auditor, ACTORS.public, ACTORS.otherTownshipReviewer, ACTORS.housingOfficer];
  return [
    ...outsiders.flatMap((actor): CaseEvent[] => [
      { type: 'case.edit', data: { income: 0 }, actor, at },
      { type: 'case.submit', actor, at },
      { type: 'case.withdraw', actor, at },
      { type: 'review.approve', actor, at },
      { type: 'review.reject', comment: '驳回', actor, at },
      { type: 'notice.resolveObjection', outcome: 'dismissed', actor, at },
      { type: 'acceptance.record', check: 'dataComparison', evidence: 'x', actor, at },
      { type: 'acceptance.accept', actor, at },
    ]),
    { type: 'review.approve', actor: ACTORS.declarer, at },
    { type: 'review.reject', actor: ACTORS.townshipReviewer, at },
    { type: 'notice.elapsed', timerKey: 'stale', actor: ACTORS.system, at },
    { type: 'notice.elapsed', timerKey: snapshot.context.notice.timerKey ?? 'none', actor: ACTORS.countyOfficer, at },
  ];
}

/** Options for @xstate/graph that walk a fixture case with `fixtureEvents`, collapsed by `serializeCaseState`. */
export function caseTraversal(policy: ServicePolicy) {
  return {
    input: fixtureInput(),
    events: (snapshot: CaseSnapshot) => fixtureEvents(policy, snapshot),
    serializeState: serializeCaseState,
  };
}

/** Every distinct snapshot the traversal of one machine version (the newest by default) produced, as source or target of a transition. */
export function exploredSnapshots(workflow: CaseWorkflow, machineVersion = workflow.machineVersion): CaseSnapshot[] {
  const adjacency = getAdjacencyMap(workflow.machineOf(machineVersion), caseTraversal(workflow.policy));
  const unique = new Map<string, CaseSnapshot>();
  for (const edge of adjacencyMapToArray(adjacency)) {
    for (const snapshot of [edge.state, edge.nextState]) {
      unique.set(JSON.stringify([snapshot.value, snapshot.context]), snapshot);
    }
  }
  return [...unique.values()];
}
