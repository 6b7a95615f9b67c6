import { ACTORS, behaviourFingerprint, CaseJourney, COSIGN_POLICY, exploredSnapshots, FIXTURE_POLICY, fixtureEvents, GUARDED_POLICY, hostileEvents } from '../testing';
import type { CaseEvent } from './case-events';
import { CaseWorkflow, UnknownMachineVersionError, type PersistedCaseSnapshot } from './case-workflow';
import { LATEST_MACHINE_VERSION, RELEASED_MACHINE_VERSIONS } from './machine-version';
import { machineRelease, machineVersionsFrom, MACHINE_RELEASES } from './machine-versions';
import { REFUSAL } from './refusals';
import type { ServicePolicy } from './service-policy';

/**
 * What machine v1 did when it was the only version (computed on commit 3f68bd2, before v2 existed).
 * A change to what v1 does changes its digest: released versions never change, new behaviour is a new version.
 */
const V1_FINGERPRINTS: Array<[string, ServicePolicy, string]> = [
  ['the fixture policy', FIXTURE_POLICY, '25e640022442439cc2afe62727b82692624fe16d18b40cf37fe78b7422f8fab7'],
  ['a 会签 policy', COSIGN_POLICY, '0d76226cb5439f8c0745f4f369db70f2b774f53e8865e076d9b632f1d1a0d44b'],
  ['a policy with service guards', GUARDED_POLICY, '52d6c15d7e2a1a76443c0a58bdd734383dfd7ac598453814060f07d78bb203ad'],
];

describe('the machine registry', () => {
  it('registers every released version, consecutively from 1, the newest being what new cases start on', () => {
    expect(MACHINE_RELEASES.map((r) => r.version)).toEqual(RELEASED_MACHINE_VERSIONS);
    expect(RELEASED_MACHINE_VERSIONS).toEqual(RELEASED_MACHINE_VERSIONS.map((_, i) => i + 1));
    expect(LATEST_MACHINE_VERSION).toBe(Math.max(...RELEASED_MACHINE_VERSIONS));
    expect(new CaseWorkflow(FIXTURE_POLICY).open({ caseId: 'c', jurisdiction: { townshipCode: 't', villageCode: 'v' }, declaredBy: ACTORS.declarer, data: {} }).snapshot.machineVersion).toBe(LATEST_MACHINE_VERSION);
  });

  it('builds each version’s machine for a service’s policy under the service’s machine id', () => {
    for (const release of MACHINE_RELEASES) expect(release.create(FIXTURE_POLICY).id).toBe('case.fixture');
  });

  it('refuses a version that was never released', () => {
    expect(() => machineRelease(LATEST_MACHINE_VERSION + 1)).toThrow(/never released/);
    expect(() => new CaseWorkflow(FIXTURE_POLICY, { versions: [0] })).toThrow(/never released/);
  });

  it.each(V1_FINGERPRINTS)('keeps machine v1 doing exactly what it did when released, for %s', (_name, policy, fingerprint) => {
    expect(behaviourFingerprint(new CaseWorkflow(policy), 1)).toBe(fingerprint);
  });

  it('makes v2 behave differently from v1 (a new version that changed nothing would be no version)', () => {
    const workflow = new CaseWorkflow(FIXTURE_POLICY);

    expect(behaviourFingerprint(workflow, 2)).not.toBe(behaviourFingerprint(workflow, 1));
  });
});

describe('MACHINE_VERSIONS', () => {
  it('runs every released version when unset', () => {
    expect(machineVersionsFrom(undefined)).toEqual([...RELEASED_MACHINE_VERSIONS]);
    expect(machineVersionsFrom(' ')).toEqual([...RELEASED_MACHINE_VERSIONS]);
  });

  it('runs only the listed versions, so one build can stand in for an older one', () => {
    expect(machineVersionsFrom('1')).toEqual([1]);
    expect(machineVersionsFrom('1, 2')).toEqual([1, 2]);
  });

  it('fails fast on a version that was never released or is not a number', () => {
    expect(() => machineVersionsFrom('3')).toThrow(/MACHINE_VERSIONS: "3"/);
    expect(() => machineVersionsFrom('v2')).toThrow(/MACHINE_VERSIONS: "v2"/);
  });
});

describe('machine v2: 撤回 with a reason', () => {
  const withdraw = (comment?: string): CaseEvent => ({ type: 'case.withdraw', comment, actor: ACTORS.declarer, at: '2019-05-02T08:00:00.000Z' });

  it('refuses a withdrawal without a reason, naming the field', () => {
    const journey = new CaseJourney(new CaseWorkflow(FIXTURE_POLICY, { versions: [2] }));

    expect(journey.refuse(journey.submitted(), withdraw('  '))).toMatchObject({ code: REFUSAL.REASON_REQUIRED, field: 'comment' });
  });

  it('keeps the reason, who withdrew and when in the case', () => {
    const journey = new CaseJourney(new CaseWorkflow(FIXTURE_POLICY, { versions: [2] }));

    const step = journey.run(journey.submitted(), withdraw('户主外出务工，暂不申请'));

    expect(step.state).toBe('withdrawn');
    expect(step.snapshot.context.withdrawal).toEqual({ reason: '户主外出务工，暂不申请', by: ACTORS.declarer.userId, at: '2019-05-02T08:00:00.000Z' });
  });

  it('leaves v1 as it was: a withdrawal needs no reason and the case keeps none', () => {
    const journey = new CaseJourney(new CaseWorkflow(FIXTURE_POLICY, { versions: [1] }));

    const step = journey.run(journey.submitted(), withdraw());

    expect(step.state).toBe('withdrawn');
    expect(step.snapshot.context.withdrawal).toBeUndefined();
  });
});

describe('a workflow running several versions', () => {
  const both = new CaseWorkflow(FIXTURE_POLICY);
  const v1Only = new CaseWorkflow(FIXTURE_POLICY, { versions: [1] });

  it('decides a case with the rules of the version it started on', () => {
    const v1Case = new CaseJourney(v1Only).submitted();
    const withdraw: CaseEvent = { type: 'case.withdraw', actor: ACTORS.declarer, at: '2019-05-02T08:00:00.000Z' };

    const decision = both.decide(v1Case.snapshot, withdraw);

    expect(decision.ok && decision.step.snapshot).toMatchObject({ machineVersion: 1, value: 'withdrawn' });
    expect(both.decide({ ...v1Case.snapshot, machineVersion: 2 }, withdraw)).toMatchObject({ ok: false, refusal: { code: REFUSAL.REASON_REQUIRED } });
  });

  it('opens new cases on the newest version it runs', () => {
    expect(new CaseJourney(v1Only).opened().snapshot.machineVersion).toBe(1);
    expect(new CaseJourney(both).opened().snapshot.machineVersion).toBe(2);
  });

  it('refuses, naming the version needed, a case of a version it does not run', () => {
    const v2Case = new CaseJourney(both).submitted();

    expect(() => v1Only.decide(v2Case.snapshot, { type: 'case.submit', actor: ACTORS.declarer, at: '2019-05-02T08:00:00.000Z' })).toThrow(UnknownMachineVersionError);
    try {
      v1Only.allowedActions(v2Case.snapshot, ACTORS.villageReviewer, '2019-05-02T08:00:00.000Z');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownMachineVersionError);
      expect((error as UnknownMachineVersionError).machineVersion).toBe(2);
    }
  });

  it.each([
    ['the fixture policy', FIXTURE_POLICY],
    ['a 会签 policy', COSIGN_POLICY],
  ])('lets v1 and v2 decide every event but 撤回 alike, for %s', (_name, policy) => {
    const workflow = new CaseWorkflow(policy);
    const strip = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'machineVersion' ? undefined : v)));
    let compared = 0;
    for (const snapshot of exploredSnapshots(workflow, 1)) {
      const v1: PersistedCaseSnapshot = { machineId: workflow.machineId, machineVersion: 1, value: snapshot.value as never, context: snapshot.context };
      for (const event of [...fixtureEvents(policy, snapshot), ...hostileEvents(snapshot)]) {
        if (event.type === 'case.withdraw') continue;
        expect(strip(workflow.decide({ ...v1, machineVersion: 2 }, event))).toEqual(strip(workflow.decide(v1, event)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
