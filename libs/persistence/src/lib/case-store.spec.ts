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
  const change = { stage: 'closed', state: 'closed', level: null, snapshot: { value: 'closed' }, title: '王大山户', householdId: null };
  const noted = async () => (await db.read((sql) => sql.all<{ note: string }>(`select note from ${SCHEMA}.note order by note`))).map((r) => r.note);

  const declare = async (): Promise<CaseRow> => {
    const id = randomUUID();
    const row = {
      id, service: 'identification', householdId: null, title: '王大山户', townshipCode: '210521100000', villageCode: '210521100201',
      stage: 'acceptance', state: 'acceptance', level: 'county', machineId: 'approval', machineVersion: 1, snapshot: { value: 'acceptance' },
      policyId: 'p', declaredBy: 'u-0',
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
