import { ACTORS, COSIGN_POLICY, CaseJourney, FIXTURE_POLICY, WHERE, exploredSnapshots, stateName } from '../testing';
import type { Actor } from './actor';
import { actorLevelKeys, awaitingActor, levelKey } from './awaiting';
import { CaseWorkflow, type PersistedCaseSnapshot } from './case-workflow';

const AT = '2019-06-01T08:00:00.000Z';

/** What the inbox's SQL asks of a case's two columns. */
function narrowedIn(actor: Actor, awaiting: { key: string | null; excluded: string[] }): boolean {
  return awaiting.key !== null && actorLevelKeys(actor).includes(awaiting.key) && !awaiting.excluded.includes(actor.userId);
}

describe('awaiting actor', () => {
  it.each([
    ['the fixture policy', FIXTURE_POLICY],
    ['a policy with 会签 at the township', COSIGN_POLICY],
  ])('never hides a case an actor may act on, in any reachable state of %s', (_name, policy) => {
    const workflow = new CaseWorkflow(policy);
    const snapshots = exploredSnapshots(workflow);
    let actionable = 0;
    for (const snapshot of snapshots) {
      const persisted: PersistedCaseSnapshot = { machineId: workflow.machineId, machineVersion: workflow.machineVersion, value: snapshot.value as never, context: snapshot.context };
      const awaiting = awaitingActor(policy, stateName(snapshot.value), snapshot.context);
      for (const actor of Object.values(ACTORS) as Actor[]) {
        if (workflow.allowedActions(persisted, actor, AT).length === 0) continue;
        actionable++;
        expect({ state: stateName(snapshot.value), actor: actor.userId, narrowed: narrowedIn(actor, awaiting) }).toEqual({
          state: stateName(snapshot.value),
          actor: actor.userId,
          narrowed: true,
        });
      }
    }
    expect(actionable).toBeGreaterThan(snapshots.length);
  });

  it('leaves out of the inbox whoever acted at another level of the case', () => {
    const journey = new CaseJourney(new CaseWorkflow(FIXTURE_POLICY));
    const atCounty = journey.inReviewAt('county');

    const awaiting = awaitingActor(FIXTURE_POLICY, atCounty.state, atCounty.snapshot.context);

    expect(awaiting.key).toBe('county_officer:county:poverty_office');
    expect(awaiting.excluded).toEqual(expect.arrayContaining(['u-township', 'u-village']));
  });

  it('names nobody while the notice runs or once the case has ended', () => {
    const journey = new CaseJourney(new CaseWorkflow(FIXTURE_POLICY));
    const running = journey.inNotice();

    expect(awaitingActor(FIXTURE_POLICY, running.state, running.snapshot.context)).toEqual({ key: null, excluded: [] });
    expect(awaitingActor(FIXTURE_POLICY, 'closed', running.snapshot.context).key).toBeNull();
  });

  it('keys a level by role and the area its scope covers', () => {
    const [village, township, county] = FIXTURE_POLICY.levels;

    expect([levelKey(village, WHERE), levelKey(township, WHERE), levelKey(county, WHERE)]).toEqual([
      `village_officer:village:${WHERE.villageCode}`,
      `township_reviewer:township:${WHERE.townshipCode}`,
      'county_officer:county:poverty_office',
    ]);
    expect(actorLevelKeys(ACTORS.townshipReviewer)).toContain(`township_reviewer:township:${WHERE.townshipCode}`);
    expect(actorLevelKeys(ACTORS.otherTownshipReviewer)).not.toContain(`township_reviewer:township:${WHERE.townshipCode}`);
    expect(actorLevelKeys(ACTORS.public)).toEqual([]);
  });
});
