import { MikroORM } from '@mikro-orm/postgresql';
import { migrate } from '@poverty/persistence';
import { CaseApplication, serviceOrmConfig } from '@poverty/service-kit';
import { recreateDatabase } from '@poverty/testing';
import { identificationDefinition } from './identification.definition';
import { declarer, householdDeclaration, townshipReviewer, value, villageReviewer } from './identification-spec-support';

/**
 * Two replicas of the service (two CaseApplications, each with its own pool, as two processes have)
 * on one real PostgreSQL: a replica that remembers a case it last saw must still refuse a stale
 * decision after the other replica moved the case on, exactly as a fresh read would.
 */
describe('decisions across replicas that remember recent cases', () => {
  const orms: MikroORM[] = [];
  let replicaA: CaseApplication;
  let replicaB: CaseApplication;
  const clock = { now: () => new Date() };

  beforeAll(async () => {
    const config = { ...serviceOrmConfig(identificationDefinition), clientUrl: await recreateDatabase('poverty_replica_spec') };
    await migrate(config);
    for (let i = 0; i < 2; i++) orms.push(await MikroORM.init({ ...config, pool: { min: 0, max: 2 } }));
    replicaA = new CaseApplication(identificationDefinition, orms[0], clock);
    replicaB = new CaseApplication(identificationDefinition, orms[1], clock);
  });

  afterAll(async () => {
    await Promise.all(orms.map((orm) => orm.close(true)));
  });

  it('answers 409 with the current version when the remembered version was overtaken elsewhere, and writes nothing', async () => {
    const declared = value(await replicaA.declare(declarer, householdDeclaration(700_001), 'c-declare'));
    // Both replicas have seen version 1 (an officer opened the case through each).
    value(await replicaB.get(villageReviewer, declared.id));

    const submitted = value(await replicaA.act(declarer, { caseId: declared.id, action: 'submit', expectedVersion: 1 }, 'c-submit'));
    expect(submitted.version).toBe(2);
    // B remembers version 1, not 2: it reads, then decides.
    const approvedOnB = value(await replicaB.act(villageReviewer, { caseId: declared.id, action: 'approve', expectedVersion: 2 }, 'c-approve-b'));
    expect(approvedOnB.version).toBe(3);

    // A still remembers version 2, which the database has left behind.
    const stale = await replicaA.act(villageReviewer, { caseId: declared.id, action: 'approve', expectedVersion: 2 }, 'c-approve-a');
    expect(stale).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CASE.STALE_VERSION', details: { currentVersion: 3 } }),
    });
    const afterRefusal = value(await replicaB.get(townshipReviewer, declared.id));
    expect(afterRefusal.version).toBe(3);
    expect(afterRefusal.history.map((h: { action: string }) => h.action)).toEqual(['declare', 'submit', 'approve']);

    // With the version it now knows, A decides normally.
    const approvedOnA = value(await replicaA.act(townshipReviewer, { caseId: declared.id, action: 'approve', expectedVersion: 3 }, 'c-approve-township'));
    expect(approvedOnA.version).toBe(4);
    expect(approvedOnA.history.map((h: { seq: number }) => h.seq)).toEqual([1, 2, 3, 4]);
  });
});
