import { ACTORS, CaseJourney, COSIGN_POLICY, exploredSnapshots, FIXTURE_POLICY, fixtureEvents, stateName, type CaseSnapshot } from '../testing';
import type { Actor } from './actor';
import { ACTION_EVENTS, type CaseAction } from './case-events';
import { CaseWorkflow, type CaseStep } from './case-workflow';

const AT = '2019-06-01T08:00:00.000Z';

function actionsOf(journey: CaseJourney, step: CaseStep, actor: Actor): CaseAction[] {
  return journey.workflow.allowedActions(step.snapshot, actor, AT).map((a) => a.action);
}

describe('allowed actions', () => {
  const journey = new CaseJourney(new CaseWorkflow(FIXTURE_POLICY));

  it('lets the declarer edit, submit or withdraw a case in application', () => {
    const opened = journey.opened();

    expect(actionsOf(journey, opened, ACTORS.declarer)).toEqual(['edit', 'submit', 'withdraw']);
    expect(actionsOf(journey, opened, ACTORS.townshipReviewer)).toEqual([]);
  });

  it('says which inputs each action’s form must ask for', () => {
    const atTownship = journey.inReviewAt('township');

    const actions = journey.workflow.allowedActions(atTownship.snapshot, ACTORS.townshipReviewer, AT);

    expect(actions).toEqual([
      { action: 'approve', needs: ['comment'] },
      { action: 'return', needs: ['comment', 'returnTo'] },
      { action: 'reject', needs: ['reason'] },
    ]);
  });

  it('gives each level’s reviewer the review actions only while the case waits on that level', () => {
    const atVillage = journey.submitted();
    const atTownship = journey.inReviewAt('township');
    const atCounty = journey.inReviewAt('county');
    const reviewers = [ACTORS.villageReviewer, ACTORS.townshipReviewer, ACTORS.countyOfficer];

    const table = [atVillage, atTownship, atCounty].map((step) => reviewers.map((actor) => actionsOf(journey, step, actor)));

    expect(table).toEqual([
      // the village reviewer also holds the declaring role, hence withdraw
      [['withdraw', 'approve', 'return', 'reject'], [], []],
      [[], ['approve', 'return', 'reject'], []],
      [[], [], ['approve', 'return', 'reject']],
    ]);
  });

  it('lets the declarer withdraw in review until a level approves, and never approve', () => {
    const atVillage = journey.submitted();
    const atTownship = journey.inReviewAt('township');

    expect(actionsOf(journey, atVillage, ACTORS.declarer)).not.toContain('approve');
    expect(actionsOf(journey, atVillage, ACTORS.declarer)).toContain('withdraw');
    expect(actionsOf(journey, atTownship, ACTORS.declarer)).toEqual([]);
  });

  it('takes approve away from a 会签 signer who has signed, and leaves it to the other', () => {
    const cosign = new CaseJourney(new CaseWorkflow(COSIGN_POLICY));
    const atTownship = cosign.inReviewAt('township');
    const signed = cosign.run(atTownship, { type: 'review.approve', actor: ACTORS.townshipReviewer, at: cosign.tick() });

    expect(actionsOf(cosign, signed, ACTORS.townshipReviewer)).toEqual(['return', 'reject']);
    expect(actionsOf(cosign, signed, ACTORS.secondTownshipReviewer)).toEqual(['approve', 'return', 'reject']);
  });

  it('keeps a person who acted at the village out of the township level', () => {
    const atVillage = journey.submitted();
    const atTownship = journey.run(atVillage, { type: 'review.approve', actor: ACTORS.dualRole, at: journey.tick() });

    expect(actionsOf(journey, atTownship, ACTORS.dualRole)).toEqual([]);
  });

  it('gives no official action while the notice runs: only the public objects and only the scheduler ends it', () => {
    const notice = journey.inNotice();

    const everyone = [ACTORS.declarer, ACTORS.villageReviewer, ACTORS.townshipReviewer, ACTORS.countyOfficer, ACTORS.system];

    expect(everyone.map((actor) => actionsOf(journey, notice, actor))).toEqual([[], [], [], [], []]);
  });

  it('lets only the objection level resolve an objection while the notice is on hold', () => {
    const onHold = journey.onHold();

    expect(actionsOf(journey, onHold, ACTORS.townshipReviewer)).toEqual(['resolveObjection']);
    expect(actionsOf(journey, onHold, ACTORS.secondTownshipReviewer)).toEqual(['resolveObjection']);
    expect(actionsOf(journey, onHold, ACTORS.villageReviewer)).toEqual([]);
    expect(actionsOf(journey, onHold, ACTORS.countyOfficer)).toEqual([]);
    expect(actionsOf(journey, onHold, ACTORS.otherTownshipReviewer)).toEqual([]);
  });

  it('does not let a person who approved at the village resolve the objection at the township', () => {
    const atTownship = journey.run(journey.submitted(), { type: 'review.approve', actor: ACTORS.dualRole, at: journey.tick() });
    const notice = journey.approveLevel(journey.approveLevel(atTownship));
    const onHold = journey.run(notice, { type: 'notice.objection', objectionId: 'obj-1', reason: '有异议', actor: ACTORS.public, at: journey.tick() });

    expect(actionsOf(journey, onHold, ACTORS.dualRole)).toEqual([]);
    expect(actionsOf(journey, onHold, ACTORS.townshipReviewer)).toEqual(['resolveObjection']);
  });

  it('offers accept to the acceptor only once every check has evidence', () => {
    const acceptance = journey.inAcceptance();
    const recorded = journey.fullyRecorded();

    expect(actionsOf(journey, acceptance, ACTORS.countyAcceptor)).toEqual(['recordAcceptance', 'rectify']);
    expect(actionsOf(journey, recorded, ACTORS.countyAcceptor)).toEqual(['recordAcceptance', 'accept', 'rectify']);
    expect(actionsOf(journey, recorded, ACTORS.housingOfficer)).toEqual([]);
    expect(actionsOf(journey, recorded, ACTORS.townshipReviewer)).toEqual([]);
  });

  describe.each([
    ['the fixture policy', FIXTURE_POLICY],
    ['a policy with 会签 at the township', COSIGN_POLICY],
  ])('in every state reachable under %s', (_name, policy) => {
    const workflow = new CaseWorkflow(policy);
    const states = exploredSnapshots(workflow);
    const stored = (snapshot: CaseSnapshot) => ({
      machineId: workflow.machineId,
      machineVersion: workflow.machineVersion,
      value: snapshot.value as never,
      context: snapshot.context,
    });

    it('gives the auditor and the public no action at all', () => {
      const granted = states.flatMap((snapshot) =>
        [ACTORS.auditor, ACTORS.public].flatMap((actor) =>
          workflow.allowedActions(stored(snapshot), actor, AT).map((a) => `${stateName(snapshot.value)}: ${actor.userId} ${a.action}`),
        ),
      );

      expect(states.length).toBeGreaterThan(8);
      expect(granted).toEqual([]);
    });

    it('lists every action that decide would accept from that actor', () => {
      const missing: string[] = [];

      for (const snapshot of states) {
        for (const event of fixtureEvents(policy, snapshot)) {
          const action = (Object.keys(ACTION_EVENTS) as CaseAction[]).find((a) => ACTION_EVENTS[a] === event.type);
          if (!action || action === 'objection') continue;
          if (!workflow.decide(stored(snapshot), event).ok) continue;
          const allowed = workflow.allowedActions(stored(snapshot), event.actor, AT).map((a) => a.action);
          if (!allowed.includes(action)) missing.push(`${stateName(snapshot.value)}: ${event.actor.userId} ${action}`);
        }
      }

      expect(missing).toEqual([]);
    });
  });
});
