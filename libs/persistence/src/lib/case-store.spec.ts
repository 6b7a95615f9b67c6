import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { recreateDatabase } from '@poverty/testing';
import { CaseStore, type CaseRow } from './case-store';
import { CASE_ENTITIES, persistenceConfig } from './orm-config';
import { SqlDatabase } from './sql';

const SCHEMA = 'store_spec';

/**
 * A transition's statement with a service's own writes (`TransitionWrite`), against the real
 * PostgreSQL: written with the transition, or not at all.
 */
describe('CaseStore.update with transition writes', () => {
  let orm: MikroORM;
  let db: SqlDatabase;
  const store = new CaseStore(SCHEMA);
  const at = '2026-11-29T03:00:00.000Z';
  const audit = { at, actorId: 'u-1', actorName: null, role: 'county_officer', level: 'county', action: 'accept', comment: null, fromState: 'acceptance', toState: 'closed' };
  const change = {
    stage: 'closed', state: 'closed', level: null, snapshot: { value: 'closed' }, title: '王大山户', householdId: null,
    awaitingKey: null, awaitingExcluded: [], dueAt: null, paidFen: 500_000,
  };
  const noted = async () => (await db.read((sql) => sql.all<{ note: string }>(`select note from ${SCHEMA}.note order by note`))).map((r) => r.note);

  const declare = async (): Promise<CaseRow> => {
    const id = randomUUID();
    const row = {
      id, service: 'identification', householdId: null, title: '王大山户', townshipCode: '210521100000', villageCode: '210521100201',
      stage: 'acceptance', state: 'acceptance', level: 'county', machineId: 'approval', machineVersion: 1, snapshot: { value: 'acceptance' },
      policyId: 'p', declaredBy: 'u-0', awaitingKey: 'county_officer:county:poverty_office', awaitingExcluded: ['u-"quoted"', 'u-2'],
    };
    await db.transaction((sql) => store.insert(sql, row, { ...audit, action: 'declare', fromState: null, toState: 'acceptance' }, []));
    const found = await db.read((sql) => store.find(sql, id));
    if (!found) throw new Error('declared case not found');
    return found;
  };
  const writeNote = (note: string) => ({ sql: `insert into ${SCHEMA}.note (case_id, note) select changed.id, ? from changed`, params: [note] });
  const update = (row: CaseRow, writes: Array<{ sql: string; params: unknown[] }>) =>
    db.transaction((sql) => store.update(sql, row, change, audit, { outbox: [], cancelTimers: [], scheduleTimers: [], writes }));

  beforeAll(async () => {
    orm = await MikroORM.init(persistenceConfig({ schema: SCHEMA, entities: CASE_ENTITIES, migrations: [], databaseUrl: await recreateDatabase('poverty_case_store_spec'), poolMax: 2 }));
    await orm.schema.createSchema();
    db = new SqlDatabase(orm);
    await db.read((sql) => sql.run(`create table ${SCHEMA}.note (case_id uuid not null, note text not null)`));
  });

  afterAll(async () => {
    await orm.close(true);
  });

  it('writes them with the transition', async () => {
    const row = await declare();
    expect(await update(row, [writeNote('first'), writeNote('second')])).not.toBeNull();
    expect(await noted()).toEqual(['first', 'second']);
  });

  it('writes nothing of them when the version is stale', async () => {
    const row = await declare();
    await update(row, []);
    const before = await noted();
    expect(await update(row, [writeNote('stale')])).toBeNull(); // still at the old version
    expect(await noted()).toEqual(before);
  });

  it('refuses a write that does not select from changed, before anything runs', async () => {
    const row = await declare();
    await expect(update(row, [{ sql: `insert into ${SCHEMA}.note (case_id, note) values (?, ?)`, params: [row.id, 'unconditional'] }])).rejects.toThrow(/from changed/);
    const [{ version }] = await db.read((sql) => sql.all<{ version: number }>(`select version from ${SCHEMA}.case_record where id = ?`, [row.id]));
    expect(version).toBe(1);
    expect(await noted()).not.toContain('unconditional');
  });
});

/**
 * The dashboard's tallies, kept by the transitions' own statements: after any mix of
 * declarations and transitions they equal a full recount of the case rows.
 */
describe('CaseStore tallies', () => {
  const TALLY_SCHEMA = 'tally_spec';
  let orm: MikroORM;
  let db: SqlDatabase;
  const store = new CaseStore(TALLY_SCHEMA);
  const villages = [
    { townshipCode: '210521100000', villageCode: '210521100201' },
    { townshipCode: '210521100000', villageCode: '210521100202' },
    { townshipCode: '210521101000', villageCode: '210521101201' },
  ];
  const path = ['application', 'review', 'publicNotice', 'acceptance', 'closed'];
  const audit = (at: string, toState: string) => ({ at, actorId: 'u-1', actorName: null, role: 'county_officer', level: null, action: 'act', comment: null, fromState: null, toState });

  const declare = async (n: number): Promise<CaseRow> => {
    const id = randomUUID();
    const where = villages[n % villages.length];
    const row = {
      id, service: 'housing', householdId: null, title: `户${n}`, ...where, stage: 'application', state: 'application', level: null,
      machineId: 'approval', machineVersion: 1, snapshot: {}, policyId: n % 2 ? 'benxi-210521-2019' : 'benxi-210521-2020', declaredBy: 'u-0',
      awaitingKey: `village_officer:village:${where.villageCode}`, awaitingExcluded: [],
    };
    await db.transaction((sql) => store.insert(sql, row, { ...audit('2019-05-01T00:00:00.000Z', 'application'), action: 'declare' }, []));
    return (await db.read((sql) => store.find(sql, id)))!;
  };
  const moveTo = async (row: CaseRow, stage: string, at: string): Promise<CaseRow> => {
    const change = { stage, state: stage, level: null, snapshot: {}, title: row.title, householdId: null, awaitingKey: null, awaitingExcluded: [], dueAt: null, paidFen: 123_456 };
    const written = await db.transaction((sql) => store.update(sql, row, change, audit(at, stage), { outbox: [], cancelTimers: [], scheduleTimers: [] }));
    expect(written).not.toBeNull();
    return (await db.read((sql) => store.find(sql, row.id)))!;
  };

  beforeAll(async () => {
    orm = await MikroORM.init(persistenceConfig({ schema: TALLY_SCHEMA, entities: CASE_ENTITIES, migrations: [], databaseUrl: await recreateDatabase('poverty_case_tally_spec'), poolMax: 4 }));
    await orm.schema.createSchema();
    db = new SqlDatabase(orm);
    // 60 cases taken to every stage of the path, some closed in June and some in July.
    for (let n = 0; n < 60; n++) {
      let row = await declare(n);
      for (const stage of path.slice(1, 1 + (n % path.length))) {
        row = await moveTo(row, stage, n % 3 ? '2019-06-15T10:00:00.000Z' : '2019-07-01T00:00:00.000Z');
      }
      // 销号 is final: only open cases are rejected.
      if (n % 7 === 0 && row.stage !== 'closed') row = await moveTo(row, 'rejected', '2019-06-20T00:00:00.000Z');
    }
  });

  afterAll(async () => {
    await orm.close(true);
  });

  it('equal a full recount of the cases after declarations and transitions', async () => {
    const stored = await db.read((sql) => store.tallies(sql, 'tally'));
    const recounted = await db.read((sql) => store.tallies(sql, 'cases'));

    expect(stored).toEqual(recounted);
    expect(stored.stages.reduce((sum, r) => sum + r.cases, 0)).toBe(60);
    expect(stored.closed.map((r) => r.month).sort()).toEqual(expect.arrayContaining(['2019-06', '2019-07']));
    expect(stored.closed.reduce((sum, r) => sum + r.paidFen, 0)).toBe(stored.closed.reduce((sum, r) => sum + r.cases, 0) * 123_456);
  });

  it('counts nothing for a transition that lost the race', async () => {
    const row = await declare(1);
    await moveTo(row, 'review', '2019-06-01T00:00:00.000Z');
    const before = await db.read((sql) => store.tallies(sql, 'tally'));

    const stale = await db.transaction((sql) =>
      store.update(sql, row, { stage: 'rejected', state: 'rejected', level: null, snapshot: {}, title: row.title, householdId: null, awaitingKey: null, awaitingExcluded: [], dueAt: null, paidFen: null }, audit('2019-06-02T00:00:00.000Z', 'rejected'), { outbox: [], cancelTimers: [], scheduleTimers: [] }),
    );

    expect(stale).toBeNull();
    expect(await db.read((sql) => store.tallies(sql, 'tally'))).toEqual(before);
  });

  it('are rebuilt from the cases when rows were written without them', async () => {
    await db.read((sql) => sql.run(`update ${TALLY_SCHEMA}.case_stage_tally set cases = cases + 5`));
    await db.read((sql) => sql.run(`delete from ${TALLY_SCHEMA}.case_closed_tally`));

    await db.transaction((sql) => store.rebuildTallies(sql));

    expect(await db.read((sql) => store.tallies(sql, 'tally'))).toEqual(await db.read((sql) => store.tallies(sql, 'cases')));
  });

  it('keeps who may act now, quotes and all, as the row reads back', async () => {
    const row = await declare(2);
    const written = await db.transaction((sql) =>
      store.update(sql, row, { stage: 'review', state: 'review', level: 'county', snapshot: {}, title: row.title, householdId: null, awaitingKey: 'county_officer:county:poverty_office', awaitingExcluded: ['u-"a"', 'u-\\b'], dueAt: new Date('2019-06-11T00:00:00.000Z'), paidFen: null }, audit('2019-06-01T00:00:00.000Z', 'review'), { outbox: [], cancelTimers: [], scheduleTimers: [] }),
    );

    expect(written).not.toBeNull();
    const found = await db.read((sql) => store.find(sql, row.id));
    expect(found).toMatchObject({ awaitingKey: 'county_officer:county:poverty_office', awaitingExcluded: ['u-"a"', 'u-\\b'], dueAt: new Date('2019-06-11T00:00:00.000Z'), paidFen: null });
  });
});
