import { ACTORS, CaseJourney, COSIGN_POLICY, exploredSnapshots, FIXTURE_POLICY, fixtureEvents, hostileEvents, stateName } from '../testing';
import { CaseWorkflow, type PersistedCaseSnapshot } from './case-workflow';
import { migrateSnapshot, snapshotMigration, SNAPSHOT_MIGRATIONS } from './snapshot-migrations';
import { RELEASED_MACHINE_VERSIONS } from './machine-version';

const at = '2019-05-03T08:00:00.000Z';

describe('snapshot migration v1 → v2', () => {
  const workflow = new CaseWorkflow(FIXTURE_POLICY);
  const v1 = new CaseJourney(new CaseWorkflow(FIXTURE_POLICY, { versions: [1] }));

  it('exists for every pair of consecutive released versions, and only those', () => {
    expect(SNAPSHOT_MIGRATIONS.map((m) => [m.from, m.to])).toEqual(RELEASED_MACHINE_VERSIONS.slice(1).map((to) => [to - 1, to]));
    expect(() => snapshotMigration(1, 3)).toThrow(/one version at a time/);
    expect(() => snapshotMigration(2, 1)).toThrow(/No snapshot migration/);
  });

  it('moves an open case unchanged but for its version stamp', () => {
    const onHold = v1.onHold();

    const moved = migrateSnapshot(workflow, onHold.snapshot, 1, 2);

    expect(moved).toEqual({ ok: true, snapshot: { ...onHold.snapshot, machineVersion: 2 } });
  });

  it('reports a withdrawn v1 case as one v2 cannot represent', () => {
    const withdrawn = v1.run(v1.submitted(), { type: 'case.withdraw', actor: ACTORS.declarer, at });

    expect(migrateSnapshot(workflow, withdrawn.snapshot, 1, 2)).toEqual({
      ok: false,
      code: 'UNREPRESENTABLE',
      reason: expect.stringMatching(/recorded no reason/),
    });
  });

  it('keeps closed and rejected cases on the version they were decided under', () => {
    const closed = v1.run(v1.fullyRecorded(), { type: 'acceptance.accept', actor: ACTORS.countyAcceptor, at: v1.tick() });
    const rejected = v1.run(v1.inReviewAt('township'), { type: 'review.reject', comment: '收入超线', actor: ACTORS.townshipReviewer, at });

    expect(migrateSnapshot(workflow, closed.snapshot, 1, 2)).toMatchObject({ ok: false, code: 'FINAL' });
    expect(migrateSnapshot(workflow, rejected.snapshot, 1, 2)).toMatchObject({ ok: false, code: 'FINAL' });
  });

  it('leaves alone a snapshot another version wrote', () => {
    const v2Case = new CaseJourney(workflow).submitted();

    expect(migrateSnapshot(workflow, v2Case.snapshot, 1, 2)).toMatchObject({ ok: false, code: 'OTHER_VERSION' });
  });

  it('reports, rather than produces, a snapshot the target version cannot restore', () => {
    const broken: PersistedCaseSnapshot = { ...v1.submitted().snapshot, value: 'archived' };

    expect(migrateSnapshot(workflow, broken, 1, 2)).toMatchObject({ ok: false, code: 'UNREPRESENTABLE', reason: expect.stringMatching(/cannot restore/) });
  });

  it.each([
    ['the fixture policy', FIXTURE_POLICY],
    ['a 会签 policy', COSIGN_POLICY],
  ])('moves every reachable open v1 state of %s so that v2 then decides it as v1 would have', (_name, policy) => {
    const both = new CaseWorkflow(policy);
    const strip = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'machineVersion' ? undefined : v)));
    const outcomes = new Map<string, string>();
    for (const snapshot of exploredSnapshots(both, 1)) {
      const original: PersistedCaseSnapshot = { machineId: both.machineId, machineVersion: 1, value: snapshot.value as never, context: snapshot.context };
      const moved = migrateSnapshot(both, original, 1, 2);
      outcomes.set(stateName(snapshot.value), moved.ok ? 'moves' : moved.code);
      if (!moved.ok) continue;
      for (const event of [...fixtureEvents(policy, snapshot), ...hostileEvents(snapshot)]) {
        if (event.type === 'case.withdraw') continue;
        expect(strip(both.decide(moved.snapshot, event))).toEqual(strip(both.decide(original, event)));
      }
    }

    expect(Object.fromEntries(outcomes)).toEqual({
      application: 'moves',
      review: 'moves',
      'publicNotice.running': 'moves',
      'publicNotice.onHold': 'moves',
      acceptance: 'moves',
      closed: 'FINAL',
      rejected: 'FINAL',
      withdrawn: 'UNREPRESENTABLE',
    });
  });
});
