import { getShortestPaths, getSimplePaths, type StatePath } from '@xstate/graph';
import { getNextTransitions, initialTransition, transition } from 'xstate';
import {
  caseTraversal,
  COSIGN_POLICY,
  exploredSnapshots,
  FIXTURE_POLICY,
  fixtureEvents,
  fixtureInput,
  hostileEvents,
  serializeCaseState,
  stateName,
  type CaseSnapshot,
} from '../testing';
import type { CaseEvent } from './case-events';
import { CaseWorkflow, type CaseStep, type PersistedCaseSnapshot } from './case-workflow';
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
].sort();

type CasePath = StatePath<CaseSnapshot, CaseEvent>;

/** The events of a generated path; its first step is the initial state (`xstate.init`). */
const eventsOf = (path: CasePath): CaseEvent[] => path.steps.slice(1).map((s) => s.event);

/** Replays events through the engine a service uses: persisted snapshot in, decision out. */
function replay(workflow: CaseWorkflow, events: CaseEvent[]): CaseStep[] {
  let step = workflow.open(fixtureInput());
  const steps = [step];
  for (const event of events) {
    const decision = workflow.decide(step.snapshot, event);
    if (!decision.ok) throw new Error(`replay refused ${event.type} in ${step.state}: ${decision.refusal.code}`);
    step = decision.step;
    steps.push(step);
  }
  return steps;
}

/** The same events folded through XState's own pure transition, with no persistence between. */
function fold(workflow: CaseWorkflow, events: CaseEvent[]): CaseSnapshot {
  const [initial] = initialTransition(workflow.machine, fixtureInput());
  return events.reduce((snapshot, event) => transition(workflow.machine, snapshot, event)[0], initial);
}

/** What a snapshot looks like once it has been stored as jsonb and read back. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

function persisted(workflow: CaseWorkflow, snapshot: CaseSnapshot): PersistedCaseSnapshot {
  return { machineId: workflow.machineId, machineVersion: workflow.machineVersion, value: snapshot.value as never, context: snapshot.context };
}

describe.each([
  ['the fixture policy', FIXTURE_POLICY],
  ['a policy with 会签 at the township', COSIGN_POLICY],
])('generated paths over %s', (_name, policy: ServicePolicy) => {
  const workflow = new CaseWorkflow(policy);
  const traversal = caseTraversal(policy);
  const shortest = getShortestPaths(workflow.machine, traversal);
  const simple = getSimplePaths(workflow.machine, traversal);

  it('reaches every state of the machine with the shortest paths', () => {
    const reached = new Set(shortest.map((path) => stateName(path.state.value)));

    expect([...reached].sort()).toEqual(REACHABLE);
  });

  it('reaches every state of the machine with the simple paths', () => {
    const reached = new Set(simple.map((path) => stateName(path.state.value)));

    expect(simple.length).toBeGreaterThan(shortest.length);
    expect([...reached].sort()).toEqual(REACHABLE);
  });

  it.each([
    ['shortest', () => shortest],
    ['simple', () => simple],
  ])('reproduces every %s path step by step when replayed through CaseWorkflow.decide', (_kind, paths) => {
    for (const path of paths()) {
      const events = eventsOf(path);

      const steps = replay(workflow, events);

      expect(steps.map((s) => s.state)).toEqual(path.steps.map((s) => stateName(s.state.value)));
      expect(steps.map((s) => serializeCaseState(workflow.restore(s.snapshot)))).toEqual(path.steps.map((s) => serializeCaseState(s.state)));
      const last = steps[steps.length - 1];
      expect(last.snapshot.value).toEqual(path.state.value);
      expect(plain(last.snapshot.context)).toEqual(plain(fold(workflow, events).context));
    }
  });

  describe('over every transition the traversal explored', () => {
    const explored = exploredSnapshots(workflow);

    it('never holds a notice without an open objection, so CASE.NO_OPEN_OBJECTION needs a hand-built snapshot', () => {
      const onHold = explored.filter((s) => stateName(s.value) === 'publicNotice.onHold');

      expect(onHold.length).toBeGreaterThan(0);
      expect(onHold.filter((s) => !s.context.objections.some((o) => o.status === 'open'))).toEqual([]);
    });

    it('lets the machine accept exactly the events refusalFor has no objection to', () => {
      const disagreements: string[] = [];

      for (const snapshot of explored) {
        const handled = new Set(getNextTransitions(snapshot).map((t) => t.eventType));
        for (const event of [...fixtureEvents(policy, snapshot), ...hostileEvents(snapshot)]) {
          if (!handled.has(event.type)) continue;
          const accepted = snapshot.can(event);
          const refused = refusalFor(policy, snapshot.context, event);
          if (accepted !== (refused === null)) disagreements.push(`${stateName(snapshot.value)} ${event.type} by ${event.actor.userId}`);
        }
      }

      expect(disagreements).toEqual([]);
    });

    it('refuses every hostile event in every state, and the stored snapshot is untouched', () => {
      const accepted: string[] = [];

      for (const snapshot of explored) {
        const stored = plain(persisted(workflow, snapshot));
        const before = JSON.stringify(stored);
        for (const event of hostileEvents(snapshot)) {
          if (workflow.decide(stored, event).ok) accepted.push(`${stateName(snapshot.value)} ${event.type} by ${event.actor.userId}`);
        }
        expect(JSON.stringify(stored)).toBe(before);
      }

      expect(accepted).toEqual([]);
    });

    it('decides the same after a JSON round trip in every explored state', () => {
      for (const snapshot of explored) {
        const original = persisted(workflow, snapshot);
        const stored = plain(original);
        for (const event of fixtureEvents(policy, snapshot)) {
          expect(plain(workflow.decide(stored, event))).toEqual(plain(workflow.decide(original, event)));
        }
      }
    });
  });
});
