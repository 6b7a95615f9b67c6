import { createHash } from 'node:crypto';
import type { Actor } from '../lib/actor';
import type { CaseWorkflow, PersistedCaseSnapshot } from '../lib/case-workflow';
import { exploredSnapshots, fixtureEvents, hostileEvents } from './case-graph';
import { ACTORS } from './fixture-policy';

/**
 * A digest of everything a machine version does for the fixture's actors: every snapshot the
 * graph traversal reaches, every well-behaved and hostile event decided on it (next state, context,
 * timers, events, refusal codes) and the actions each fixture actor is offered there. The version
 * number stamped on snapshots is left out, so two versions that behave alike digest alike.
 * A released version's digest is pinned in a spec: changing what a released version does fails it.
 */
export function behaviourFingerprint(workflow: CaseWorkflow, machineVersion = workflow.machineVersion): string {
  const lines: string[] = [];
  const actors = Object.values(ACTORS) as Actor[];
  for (const snapshot of exploredSnapshots(workflow, machineVersion)) {
    const persisted: PersistedCaseSnapshot = {
      machineId: workflow.machineId,
      machineVersion,
      value: snapshot.value as PersistedCaseSnapshot['value'],
      context: snapshot.context,
    };
    const at = '2019-06-01T00:00:00.000Z';
    for (const event of [...fixtureEvents(workflow.policy, snapshot), ...hostileEvents(snapshot)]) {
      const decision = workflow.decide(persisted, event);
      const outcome = decision.ok
        ? { value: decision.step.snapshot.value, context: decision.step.snapshot.context, timers: decision.step.timers, cancelled: decision.step.cancelledTimers, events: decision.step.events, level: decision.step.level }
        : { refused: decision.refusal.code, field: decision.refusal.field ?? null };
      lines.push(JSON.stringify([snapshot.value, snapshot.context, event, outcome]));
    }
    for (const actor of actors) {
      lines.push(JSON.stringify([snapshot.value, snapshot.context, actor.userId, workflow.allowedActions(persisted, actor, at)]));
    }
  }
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}
