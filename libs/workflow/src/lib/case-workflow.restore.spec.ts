import { ACTORS, CaseJourney, COSIGN_POLICY, DAY, FIXTURE_POLICY, fixturePolicy, later } from '../testing';
import { APPROVAL_MACHINE_VERSION } from './approval.machine';
import type { CaseEvent } from './case-events';
import { CaseWorkflow, UnknownMachineVersionError, type CaseStep, type PersistedCaseSnapshot } from './case-workflow';

/** What the jsonb column gives back. */
const throughJson = (snapshot: PersistedCaseSnapshot): PersistedCaseSnapshot => JSON.parse(JSON.stringify(snapshot));
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('restoring a persisted case', () => {
  const workflow = new CaseWorkflow(FIXTURE_POLICY);
  const journey = new CaseJourney(workflow);

  it('stamps every snapshot with the machine id and version', () => {
    const opened = journey.opened();

    expect(opened.snapshot).toMatchObject({ machineId: 'case.fixture', machineVersion: APPROVAL_MACHINE_VERSION });
  });

  it('refuses loudly a snapshot written by another machine version', () => {
    const stored = { ...journey.submitted().snapshot, machineVersion: APPROVAL_MACHINE_VERSION + 1 };

    expect(() => workflow.restore(stored)).toThrow(UnknownMachineVersionError);
    expect(() => workflow.restore(stored)).toThrow(`case.fixture@${APPROVAL_MACHINE_VERSION + 1}`);
  });

  it('refuses a snapshot written by another service’s machine', () => {
    const housing = new CaseWorkflow(fixturePolicy({ service: 'housing' }));
    const stored = new CaseJourney(housing).submitted().snapshot;

    expect(() => workflow.restore(stored)).toThrow(UnknownMachineVersionError);
  });

  it('throws rather than refusing when asked to decide or list actions on an unknown snapshot', () => {
    const stored = { ...journey.submitted().snapshot, machineVersion: 0 };
    const approve: CaseEvent = { type: 'review.approve', actor: ACTORS.villageReviewer, at: journey.tick() };

    expect(() => workflow.decide(stored, approve)).toThrow(UnknownMachineVersionError);
    expect(() => workflow.allowedActions(stored, ACTORS.villageReviewer, journey.tick())).toThrow(UnknownMachineVersionError);
  });

  it('persists snapshots that survive JSON unchanged', () => {
    const onHold = journey.onHold();

    expect(throughJson(onHold.snapshot)).toEqual(onHold.snapshot);
    expect(workflow.restore(throughJson(onHold.snapshot)).value).toEqual({ publicNotice: 'onHold' });
  });

  const stages: Array<[string, () => { from: CaseStep; next: CaseEvent; journey: CaseJourney }]> = [
    ['in application', () => ({ journey, from: journey.opened(), next: { type: 'case.submit', actor: ACTORS.declarer, at: journey.tick() } })],
    [
      'half-way through a 会签',
      () => {
        const cosign = new CaseJourney(new CaseWorkflow(COSIGN_POLICY));
        const signed = cosign.run(cosign.inReviewAt('township'), { type: 'review.approve', actor: ACTORS.townshipReviewer, at: cosign.tick() });
        return { journey: cosign, from: signed, next: { type: 'review.approve', actor: ACTORS.secondTownshipReviewer, at: cosign.tick() } };
      },
    ],
    [
      'in a running notice',
      () => {
        const notice = journey.inNotice();
        return { journey, from: notice, next: { type: 'notice.elapsed', timerKey: notice.timers[0].key, actor: ACTORS.system, at: notice.timers[0].dueAt } };
      },
    ],
    [
      'on hold with time remaining',
      () => {
        const onHold = journey.onHold(3 * DAY);
        const at = later(DAY, onHold.snapshot.context.objections[0].filedAt);
        return { journey, from: onHold, next: { type: 'notice.resolveObjection', outcome: 'dismissed', actor: ACTORS.townshipReviewer, at } };
      },
    ],
    [
      'in acceptance with evidence recorded',
      () => ({ journey, from: journey.fullyRecorded(), next: { type: 'acceptance.accept', actor: ACTORS.countyAcceptor, at: journey.tick() } }),
    ],
  ];

  it.each(stages)('decides a case %s exactly like the original after a JSON round trip', (_stage, arrange) => {
    const { journey: j, from, next } = arrange();

    const original = j.workflow.decide(from.snapshot, next);
    const restored = j.workflow.decide(throughJson(from.snapshot), next);

    expect(original.ok).toBe(true);
    expect(plain(restored)).toEqual(plain(original));
  });

  it('refuses the same way after a JSON round trip', () => {
    const atTownship = journey.inReviewAt('township');
    const withdraw: CaseEvent = { type: 'case.withdraw', actor: ACTORS.declarer, at: journey.tick() };

    expect(workflow.decide(throughJson(atTownship.snapshot), withdraw)).toEqual(workflow.decide(atTownship.snapshot, withdraw));
  });

  it('lists the same allowed actions after a JSON round trip', () => {
    const onHold = journey.onHold();

    expect(workflow.allowedActions(throughJson(onHold.snapshot), ACTORS.townshipReviewer, journey.tick())).toEqual(
      workflow.allowedActions(onHold.snapshot, ACTORS.townshipReviewer, journey.tick()),
    );
  });
});
