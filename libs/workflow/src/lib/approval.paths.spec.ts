import { getAdjacencyMap, getShortestPaths, getSimplePaths, type StatePath } from '@xstate/graph';
import { getNextTransitions } from 'xstate';
import {
  COSIGN_POLICY,
  FIXTURE_POLICY,
  fixtureEvents,
  fixtureInput,
  hostileEvents,
  serializeCaseState,
  stateName,
  type CaseSnapshot,
} from '../testing';
import type { CaseEvent } from './case-events';
import { CaseWorkflow, type CaseStep } from './case-workflow';
import { refusalFor } from './refusals';
import type { ServicePolicy } from './service-policy';

const REACHABLE = [
  'application',
  'review',
  'publicNotice.running',
  'publicNotice.onHold',
  'acceptance',
  'closed',
  'rejected',
  'withdrawn',
];

type CasePath = StatePath<CaseSnapshot, CaseEvent>;

/** Replays a generated path through the engine a service uses, from `open` on. */
function replay(workflow: CaseWorkflow, path: CasePath): CaseStep[] {
  let step = workflow.open(fixtureInput());
  const steps = [step];
  // steps[0] is the initial state reached by xstate.init; every later step carries the event that led to it.
  for (const { event } of path.steps.slice(1)) {
    const decision = workflow.decide(step.snapshot, event);
    if (!decision.ok) throw new Error(`replay refused ${event.type}: ${decision.refusal.code}`);
    step = decision.step;
    steps.push(step);
  }
  return steps;
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe.each([
  ['the fixture policy', FIXTURE_POLICY],
  ['a policy with 会签 at the township', COSIGN_POLICY],
])('generated paths over %s', (_name, policy: ServicePolicy) => {
  const workflow = new CaseWorkflow(policy);
  const traversal = {
    input: fixtureInput(),
    events: (snapshot: CaseSnapshot) => fixtureEvents(policy, snapshot),
    serializeState: serializeCaseState,
  };
  const shortest = getShortestPaths(workflow.machine, traversal);
  const simple = getSimplePaths(workflow.machine, traversal);

  it('reaches every state of the machine', () => {
    const reached = new Set(shortest.map((path) => stateName(path.state.value)));

    expect([...reached].sort()).toEqual([...REACHABLE].sort());
  });

  it('reproduces every shortest path’s final state when replayed through CaseWorkflow.decide', () => {
    for (const path of shortest) {
      const steps = replay(workflow, path);

      expect(steps.map((s) => s.state)).toEqual(path.steps.map((s) => stateName(s.state.value)));
      expect(plain(steps.at(-1)!.snapshot.value)).toEqual(plain(path.state.value));
      expect(plain(steps.at(-1)!.snapshot.context)).toEqual(plain(path.state.context));
    }
  });

  it('reproduces every simple path’s final state when replayed through CaseWorkflow.decide', () => {
    expect(simple.length).toBeGreaterThan(shortest.length);
    for (const path of simple) {
      const final = replay(workflow, path).at(-1)!;

      expect(plain(final.snapshot)).toEqual(plain({ ...final.snapshot, value: path.state.value, context: path.state.context }));
    }
  });

  describe('over every transition the traversal explored', () => {
    const adjacency = getAdjacencyMap(workflow.machine, traversal);
    const explored: CaseSnapshot[] = Object.values(adjacency).flatMap((node) => [
      node.state,
      ...Object.values(node.transitions).map((t) => t.state),
    ]);

    it('never holds a notice without an open objection, so CASE.NO_OPEN_OBJECTION needs a hand-built snapshot', () => {
      const onHold = explored.filter((s) => stateName(s.value) === 'publicNotice.onHold');

      expect(onHold.length).toBeGreaterThan(0);
      for (const snapshot of onHold) {
        expect(snapshot.context.objections.some((o) => o.status === 'open')).toBe(true);
      }
    });

    it('lets the machine accept exactly the events refusalFor has no objection to', () => {
      for (const snapshot of explored) {
        const handled = new Set(getNextTransitions(snapshot).map((t) => t.eventType));
        for (const event of [...fixtureEvents(policy, snapshot), ...hostileEvents(snapshot)]) {
          if (!handled.has(event.type)) continue;

          expect([event.type, snapshot.can(event)]).toEqual([event.type, refusalFor(policy, snapshot.context, event) === null]);
        }
      }
    });

    it('refuses every hostile event in every state', () => {
      for (const snapshot of explored) {
        const persisted = { machineId: workflow.machineId, machineVersion: workflow.machineVersion, value: snapshot.value, context: snapshot.context };
        for (const event of hostileEvents(snapshot)) {
          expect([stateName(snapshot.value), event.type, event.actor.userId, workflow.decide(persisted, event).ok]).toEqual([
            stateName(snapshot.value),
            event.type,
            event.actor.userId,
            false,
          ]);
        }
      }
    });
  });
});
