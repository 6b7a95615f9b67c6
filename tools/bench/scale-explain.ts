/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements the measured endpoints send, on a seeded database:
 * the same text the services build (`case-application.ts`, the roster controllers, the timer
 * scheduler's claim), prepared and executed six times first, as the services' named statements are
 * (PostgreSQL may switch a prepared statement to its generic plan from the sixth execution on).
 */
import { Client } from 'pg';
import { CASE_COLUMNS, SqlWhere, toNumberedPlaceholders } from '@poverty/persistence';
import { actorLevelKeys, type Actor } from '@poverty/workflow';

const LIST_TOTAL_CAP = 10_000;
const XIAOSHI = '210521100000';
const COUNTY: Actor = { userId: 'bench-explain-county', roles: ['county_officer'], department: 'poverty_office' };
const TOWNSHIP: Actor = { userId: 'bench-explain-township', roles: ['township_reviewer'], townshipCode: XIAOSHI };

interface Statement {
  name: string;
  text: string;
  params: unknown[];
}

/** `CaseApplication.awaitingRows` for an actor (scope: none for the county, its township for a reviewer). */
function inbox(table: string, actor: Actor, position: { at: string; id: string } | null, limit = 50): Statement {
  const scope = actor.townshipCode ? new SqlWhere().add('township_code = ?', actor.townshipCode) : new SqlWhere();
  const params: unknown[] = [];
  const branches = actorLevelKeys(actor).map((key) => {
    const where = new SqlWhere().add('awaiting_key = ?', key).add('not (? = any(awaiting_excluded))', actor.userId).addAll(scope);
    if (position) where.add('(waiting_since, id) > (?::timestamptz, ?::uuid)', position.at, position.id);
    params.push(...where.params, limit);
    return `(select ${CASE_COLUMNS} from ${table} ${where.toSql()} order by waiting_since, id limit ?)`;
  });
  return { name: '', text: `select * from (${branches.join(' union all ')}) awaiting order by waiting_since, id limit ?`, params: [...params, limit] };
}

/** `CaseApplication.list`: the capped count and the page. */
function list(table: string, where: SqlWhere, after: { at: string; id: string } | null, pageSize = 20): Statement[] {
  const count = { name: '', text: `select count(*)::int as count from (select 1 from ${table} ${where.toSql()} limit ${LIST_TOTAL_CAP + 1}) capped`, params: [...where.params] };
  if (after) where.add('(created_at, id) < (?::timestamptz, ?::uuid)', after.at, after.id);
  return [count, { name: '', text: `select ${CASE_COLUMNS} from ${table} ${where.toSql()} order by created_at desc, id desc limit ?`, params: [...where.params, pageSize + 1] }];
}

export async function explainAll(databaseUrl: string, schema = 'identification'): Promise<string> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const table = `"${schema}".case_record`;
  const out: string[] = [];
  try {
    const position = async (sql: string, params: unknown[]) => {
      const { rows } = await db.query(sql, params);
      return rows[0] ? { at: new Date(rows[0].at).toISOString(), id: rows[0].id } : null;
    };
    const deepList = await position(`select created_at as at, id from ${table} order by created_at desc, id desc offset 1019 limit 1`, []);
    const deepReview = await position(`select created_at as at, id from ${table} where stage = 'review' order by created_at desc, id desc offset 1019 limit 1`, []);
    const deepTownship = await position(`select created_at as at, id from ${table} where township_code = $1 order by created_at desc, id desc offset 1019 limit 1`, [XIAOSHI]);
    const inboxSecond = await position(
      `select waiting_since as at, id from ${table} where awaiting_key = 'county_officer:county:poverty_office' order by waiting_since, id offset 49 limit 1`, []);
    const now = new Date().toISOString();
    const statements: Statement[] = [
      { ...inbox(table, COUNTY, null), name: 'inbox, county officer, first page' },
      { ...inbox(table, COUNTY, inboxSecond), name: 'inbox, county officer, second page' },
      { ...inbox(table, TOWNSHIP, null), name: 'inbox, township reviewer, first page' },
      ...list(table, new SqlWhere(), null).map((s, i) => ({ ...s, name: `list, county, first page: ${i ? 'page' : 'capped count'}` })),
      { ...list(table, new SqlWhere(), deepList)[1], name: 'list, county, page 52' },
      ...list(table, new SqlWhere().add('stage = ?', 'review'), null).map((s, i) => ({ ...s, name: `list, county, stage=review: ${i ? 'page' : 'capped count'}` })),
      { ...list(table, new SqlWhere().add('stage = ?', 'review'), deepReview)[1], name: 'list, county, stage=review, page 52' },
      ...list(table, new SqlWhere().add('township_code = ?', XIAOSHI), null).map((s, i) => ({ ...s, name: `list, township reviewer (scope = township): ${i ? 'page' : 'capped count'}` })),
      { ...list(table, new SqlWhere().add('township_code = ?', XIAOSHI), deepTownship)[1], name: 'list, township reviewer, page 52' },
      {
        name: 'stats: stage tally',
        text: `select township_code, stage, sum(cases)::int as count from "${schema}".case_stage_tally where policy_id in (?)
         group by township_code, stage having sum(cases) <> 0 order by township_code, stage`,
        params: ['benxi-210521-2019'],
      },
      {
        name: 'stats: overdue',
        text: `select township_code, count(*)::int as count from ${table} where policy_id in (?) and due_at < ? group by township_code order by township_code`,
        params: ['benxi-210521-2019', now],
      },
      {
        name: 'stats: paid (closed tally)',
        text: `select township_code, sum(cases)::int as cases, sum(paid_fen)::bigint as amount_fen from "${schema}".case_closed_tally where policy_id in (?)
         group by township_code having sum(cases) <> 0 order by township_code`,
        params: ['benxi-210521-2019'],
      },
      {
        name: 'notices, first page',
        text: `select ${CASE_COLUMNS} from ${table} where stage = 'publicNotice' order by updated_at, id limit ?`,
        params: [100],
      },
      {
        name: 'timer scheduler: claim due timers (every 500 ms, every service)',
        text: `select t.key as timer_key, t.due_at as timer_due_at, t.event as timer_event, c.id
       from "${schema}".case_timer t join ${table} c on c.id = t.case_id
       where t.fired_at is null and t.cancelled_at is null and t.due_at <= ?
       order by t.due_at limit ? for update of t, c skip locked`,
        params: [now, 20],
      },
    ];
    if (schema === 'identification') {
      statements.push(
        { name: 'roster: capped count', text: `select count(*)::int as count from (select 1 from identification.household where true limit ${LIST_TOTAL_CAP + 1}) capped`, params: [] },
        { name: 'roster: first page', text: `select * from identification.household where true order by registered_at desc, id desc limit ?`, params: [51] },
        {
          name: 'roster: exit progress (dashboard)',
          text: `select township_code, count(*)::int as households, coalesce(sum(size), 0)::int as people from identification.household
         where status = 'exited' and exit_year = ? group by township_code order by township_code`,
          params: [2019],
        },
      );
    }
    for (const [i, statement] of statements.entries()) {
      const text = toNumberedPlaceholders(statement.text);
      const name = `explain_${i}`;
      await db.query('begin');
      try {
        await db.query(`prepare ${name} as ${text}`);
        const execute = `execute ${name}(${statement.params.map((p) => (p === null ? 'null' : `'${String(p).replace(/'/g, "''")}'`)).join(', ')})`;
        for (let n = 0; n < 6; n++) await db.query(statement.params.length ? execute : `execute ${name}`);
        const { rows } = await db.query(`explain (analyze, buffers) ${statement.params.length ? execute : `execute ${name}`}`);
        out.push(`-- ${statement.name}\n-- ${text.replace(/\s+/g, ' ').slice(0, 400)}${text.length > 400 ? '…' : ''}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
      } finally {
        await db.query('rollback');
      }
    }
  } finally {
    await db.end();
  }
  return out.join('\n');
}
