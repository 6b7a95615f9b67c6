import { ACTORS, FIXTURE_POLICY, fixtureInput } from '../testing';
import { CaseWorkflow, type CaseStep } from './case-workflow';
import type { CaseEvent } from './case-events';

const workflow = new CaseWorkflow(FIXTURE_POLICY);
const T0 = Date.parse('2019-05-01T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function run(step: CaseStep, event: CaseEvent): CaseStep {
  const decision = workflow.decide(step.snapshot, event);
  if (!decision.ok) throw new Error(`refused: ${decision.refusal.code} ${decision.refusal.message}`);
  return decision.step;
}

describe('CaseWorkflow', () => {
  it('takes a case from application to closed', () => {
    let step = workflow.open(fixtureInput());
    expect(step.stage).toBe('application');
    step = run(step, { type: 'case.submit', actor: ACTORS.declarer, at: at(1) });
    expect([step.stage, step.level]).toEqual(['review', 'village']);
    step = run(step, { type: 'review.approve', actor: ACTORS.villageReviewer, at: at(2) });
    expect(step.level).toBe('township');
    step = run(step, { type: 'review.approve', actor: ACTORS.townshipReviewer, at: at(3) });
    step = run(step, { type: 'review.approve', actor: ACTORS.countyOfficer, at: at(4) });
    expect(step.state).toBe('publicNotice.running');
    expect(step.timers).toEqual([
      { key: 'case-1:notice:1:0', dueAt: new Date(T0 + 4 * 60_000 + 7 * 86_400_000).toISOString(), event: { type: 'notice.elapsed', timerKey: 'case-1:notice:1:0' } },
    ]);
    step = run(step, { type: 'notice.elapsed', timerKey: 'case-1:notice:1:0', actor: ACTORS.system, at: at(5) });
    expect(step.stage).toBe('acceptance');
    step = run(step, { type: 'acceptance.record', check: 'dataComparison', evidence: '比对一致', actor: ACTORS.countyAcceptor, at: at(6) });
    step = run(step, { type: 'acceptance.accept', actor: ACTORS.countyAcceptor, at: at(7) });
    expect(step.stage).toBe('closed');
    expect(step.events.map((e) => e.name)).toEqual(['case.closed']);
  });

  it('lists the actions the caller may take now', () => {
    const step = run(workflow.open(fixtureInput()), { type: 'case.submit', actor: ACTORS.declarer, at: at(1) });
    expect(workflow.allowedActions(step.snapshot, ACTORS.villageReviewer, at(2)).map((a) => a.action)).toEqual([
      'withdraw',
      'approve',
      'return',
      'reject',
    ]);
    expect(workflow.allowedActions(step.snapshot, ACTORS.townshipReviewer, at(2))).toEqual([]);
  });
});
