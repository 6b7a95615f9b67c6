import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { CASE_ENTITIES, persistenceConfig } from './orm-config';
import { SqlDatabase, toNumberedPlaceholders } from './sql';

const ADMIN_URL = process.env['ADMIN_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'poverty_sql_spec';
const DATABASE_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DATABASE}`);

describe('toNumberedPlaceholders', () => {
  it('numbers ? outside quoted strings and identifiers only', () => {
    expect(toNumberedPlaceholders(`select ?, '?', "a?b", ? from t where x = ?`)).toBe(`select $1, '?', "a?b", $2 from t where x = $3`);
    expect(toNumberedPlaceholders(`select 'it''s ?', ?`)).toBe(`select 'it''s ?', $1`);
  });
});

/** Against the real PostgreSQL: what the hot path relies on. */
describe('SqlDatabase', () => {
  let orm: MikroORM;
  let db: SqlDatabase;
  const rows = async () => (await db.read((sql) => sql.all<{ id: number; note: string }>('select id, note from sqlspec.item order by id'))).map((r) => r.note);

  beforeAll(async () => {
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${DATABASE} with (force)`);
    await admin.query(`create database ${DATABASE}`);
    await admin.end();
    orm = await MikroORM.init(persistenceConfig({ schema: 'sqlspec', entities: CASE_ENTITIES, migrations: [], databaseUrl: DATABASE_URL, poolMax: 2 }));
    db = new SqlDatabase(orm);
    await db.read(async (sql) => {
      await sql.run('create schema sqlspec');
      await sql.run('create table sqlspec.item (id serial primary key, note text not null, doc jsonb)');
    });
  });

  afterAll(async () => {
    await orm.close(true);
  });

  beforeEach(() => db.read((sql) => sql.run('truncate sqlspec.item')));

  it('commits every statement of a transaction together', async () => {
    await db.transaction(async (sql) => {
      await sql.run('insert into sqlspec.item (note) values (?)', ['first']);
      await sql.last('insert into sqlspec.item (note) values (?)', ['second']);
    });
    expect(await rows()).toEqual(['first', 'second']);
  });

  it('rolls back everything written before a failure', async () => {
    await expect(
      db.transaction(async (sql) => {
        await sql.run('insert into sqlspec.item (note) values (?)', ['kept?']);
        await sql.last('insert into sqlspec.item (note) values (?)', [null]); // not null: fails
      }),
    ).rejects.toThrow(/null value/);
    expect(await rows()).toEqual([]);
  });

  it('runs a lone last statement on its own (committed at once), and refuses any statement after it', async () => {
    const written = await db.transaction(async (sql) => {
      await sql.last('insert into sqlspec.item (note) values (?)', ['alone']);
      // Another connection already sees it: no BEGIN was sent, the statement committed by itself.
      expect(await rows()).toEqual(['alone']);
      await expect(sql.run('insert into sqlspec.item (note) values (?)', ['after'])).rejects.toThrow(/after the transaction's last one/);
      return 'done';
    });
    expect(written).toBe('done');
    expect(await rows()).toEqual(['alone']);
  });

  it('keeps earlier statements invisible to others until the commit', async () => {
    await db.transaction(async (sql) => {
      await sql.run('insert into sqlspec.item (note) values (?)', ['pending']);
      await sql.last('insert into sqlspec.item (note) values (?)', ['last']);
      expect(await rows()).toEqual([]);
    });
    expect(await rows()).toEqual(['pending', 'last']);
  });

  it('writes nothing and opens nothing when the work fails before its first statement', async () => {
    await expect(db.transaction(async () => { throw new Error('refused'); })).rejects.toThrow('refused');
    const [{ count }] = await db.read((sql) => sql.all<{ count: number }>(`select count(*)::int as count from pg_stat_activity where datname = ? and state like 'idle in transaction%'`, [DATABASE]));
    expect(count).toBe(0);
  });

  it('reuses a prepared statement with new values, objects sent as JSON', async () => {
    for (const note of ['a', 'b', 'c']) {
      await db.transaction((sql) => sql.last('insert into sqlspec.item (note, doc) values (?, ?)', [note, { note, n: note.charCodeAt(0) }]));
    }
    expect(await rows()).toEqual(['a', 'b', 'c']);
    const docs = await db.read((sql) => sql.all<{ doc: { note: string; n: number } }>(`select doc from sqlspec.item where doc ->> 'note' = ?`, ['b']));
    expect(docs).toEqual([{ doc: { note: 'b', n: 98 } }]);
  });

  it('reports the rows a statement changed', async () => {
    await db.read((sql) => sql.run(`insert into sqlspec.item (note) values ('x'), ('y'), ('z')`));
    expect(await db.read((sql) => sql.run(`update sqlspec.item set note = note || '!' where note <> ?`, ['y']))).toBe(2);
  });
});
