import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { recreateDatabase } from '@poverty/testing';
import { CaseStore, type CaseRow } from './case-store';
import { CASE_ENTITIES, persistenceConfig } from './orm-config';
import { SqlDatabase } from './sql';

const SCHEMA = 'store_versions_spec';

/** The case row's approval-machine version, against the real PostgreSQL. */
describe('CaseStore and approval-machine versions', () => {
  let orm: MikroORM;
  let db: SqlDatabase;
  const store = new CaseStore(SCHEMA);
  const at = '2026-12-04T03:00:00.000Z';
  const audit = { at, actorId: 'u-1', actorName: null, role: 'township_reviewer', level: 'township', action: 'approve', comment: null, fromState: 'review', toState: 'review' };

  const declare = async (machineVersion: number): Promise<CaseRow> => {
    const id = randomUUID();
    const row = {
      id, service: 'identification', householdId: null, title: '王大山户', townshipCode: '210521100000', villageCode: '210521100201',
      stage: 'review', state: 'review', level: 'township', machineId: 'case.identification', machineVersion, snapshot: { value: 'review', machineVersion },
      policyId: 'p', declaredBy: 'u-0', awaitingKey: 'township_reviewer:township:210521100000', awaitingExcluded: [],
    };
    await db.transaction((sql) => store.insert(sql, row, { ...audit, action: 'declare', fromState: null, toState: 'review' }, []));
    return (await db.read((sql) => store.find(sql, id)))!;
  };
  const change = (row: CaseRow, machineVersion?: number) => ({ stage: row.stage, state: row.state, level: row.level, snapshot: { value: 'review', machineVersion }, title: row.title, householdId: null,
    awaitingKey: row.awaitingKey, awaitingExcluded: row.awaitingExcluded, dueAt: row.dueAt, paidFen: row.paidFen, machineVersion });
  const withTimer = (row: CaseRow, key: string) =>
    db.transaction((sql) => store.update(sql, row, change(row), audit, { outbox: [], cancelTimers: [], scheduleTimers: [{ key, caseId: row.id, dueAt: '2026-12-01T00:00:00.000Z', event: { type: 'notice.elapsed', timerKey: key } }] }));

  beforeAll(async () => {
    orm = await MikroORM.init(persistenceConfig({ schema: SCHEMA, entities: CASE_ENTITIES, migrations: [], databaseUrl: await recreateDatabase('poverty_case_store_versions_spec'), poolMax: 2 }));
    await orm.schema.createSchema();
    db = new SqlDatabase(orm);
  });

  afterAll(async () => {
    await orm.close(true);
  });

  it('moves the row to another machine version only when a change says so', async () => {
    const row = await declare(1);

    await db.transaction((sql) => store.update(sql, row, change(row), audit, { outbox: [], cancelTimers: [], scheduleTimers: [] }));
    const decided = (await db.read((sql) => store.find(sql, row.id)))!;
    await db.transaction((sql) => store.update(sql, decided, change(decided, 2), { ...audit, action: 'machine.migrate' }, { outbox: [], cancelTimers: [], scheduleTimers: [] }));
    const migrated = (await db.read((sql) => store.find(sql, row.id)))!;

    expect([decided.machineVersion, decided.version]).toEqual([1, 2]);
    expect([migrated.machineVersion, migrated.version]).toEqual([2, 3]);
  });

  it('claims only the due timers of cases written by the versions asked for', async () => {
    const v1 = await declare(1);
    const v2 = await declare(2);
    await withTimer(v1, `${v1.id}:t`);
    await withTimer(v2, `${v2.id}:t`);

    const claimed = (versions?: number[]) =>
      db.transaction(async (sql) => (await store.claimDueTimers(sql, new Date(at), 100, versions)).map((d) => d.timer.key).filter((k) => k.startsWith(v1.id) || k.startsWith(v2.id)).sort());

    expect(await claimed([1])).toEqual([`${v1.id}:t`]);
    expect(await claimed([2])).toEqual([`${v2.id}:t`]);
    expect(await claimed([1, 2])).toEqual([`${v1.id}:t`, `${v2.id}:t`].sort());
    expect(await claimed()).toEqual([`${v1.id}:t`, `${v2.id}:t`].sort());
  });
});
