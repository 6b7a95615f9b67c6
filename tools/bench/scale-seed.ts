/**
 * Seeds a migrated database with N identification cases, M cases in each other service and H
 * roster households, set-based: `insert … select` over `generate_series`, chunk by chunk in
 * created_at order, into the tables and indexes the migrations made. See `scale.ts` and the README.
 *
 * Per row, the snapshot is a template of `scale-templates.ts` (built with the real workflow) with
 * the case id, jurisdiction, actors, names, ID numbers and times filled in; `awaiting_key`,
 * `awaiting_excluded`, `due_at` and `paid_fen` are what the template's own derivation gave
 * (`awaitingActor`, `reviewDueAt`, the service's `amounts`), filled in the same way. Then the
 * declaration audit row of every case (its real hash), the notice timers, the tallies
 * (`CaseStore.rebuildTallies`), `read_model_state`, the roster, and VACUUM ANALYZE.
 */
import { Client } from 'pg';
import { BENXI_COUNTY, HOUSEHOLD_ATTRIBUTES, POVERTY_CAUSES, syntheticIdNumber } from '@poverty/policy';
import { CaseStore, TALLY_SLOTS, auditHash, toNumberedPlaceholders, type SqlTransaction } from '@poverty/persistence';
import type { CaseServiceDefinition } from '@poverty/service-kit';
import { CASE_READ_MODEL } from '../../libs/service-kit/src/lib/case-read-model';
import { buildTemplates, type CaseTemplate, type RowTime } from './scale-templates';

export interface SeedOptions {
  databaseUrl: string;
  /** Identification cases. */
  cases: number;
  /** Cases of each other service. */
  others: number;
  households: number;
  definitions: Record<string, CaseServiceDefinition<any>>;
  report: (line: string) => void;
}

export interface SeedFigures {
  /** Seconds per step (`<schema>.case_record`, `identification.household`, …). */
  seconds: Record<string, number>;
  totalSeconds: number;
  counts: Record<string, number>;
  /** The wall clock the rows' times are relative to. */
  seededAt: string;
}

const DAY = 86_400_000;
const CHUNK = 50_000;
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const DEPARTMENT_LABELS: Record<string, string> = {
  poverty_office: '县扶贫办',
  housing_bureau: '县住建局',
  medical_security: '县医保局',
  education_bureau: '县教育局',
};

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'.split('');
const GIVEN = '秀英建国明丽华军平红玉兰芳志强伟敏静磊洋艳勇杰娟涛超霞刚桂英文辉鹏飞德福春梅海燕云凤霞金成宝山林河宇晨欣怡子涵浩然雨轩思远佳琪'.split('');
const RELATIONS = ['配偶', '子女', '子女', '父母', '孙子女', '子女'];

/** A deterministic uniform number in [0, 1) of a row and a salt, in SQL. */
const u = (row: string, salt: number) => `((hashint8(${row}::bigint * 16 + ${salt})::bigint + 2147483648) / 4294967296.0)`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const ms = (expr: string) => `((${expr}) * interval '1 millisecond')`;
const iso = (timestamp: string) => `to_char((${timestamp}) at time zone 'UTC', ${ISO})`;

/** A row's time: created_at + k × gap + e. */
const timeOf = (t: RowTime) => `(r.c + ${ms(`${t.k}::bigint * r.gap + ${t.e}`)})`;

/** Template text with `@@…@@` placeholders, as one SQL text expression of the row. */
function fill(text: string, template: CaseTemplate, exprs: Record<string, string>): string {
  const parts: string[] = [];
  const pattern = /"@@N:(\w+)@@"|@@T:(\d+)@@|@@(\w+)@@/g;
  let at = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > at) parts.push(literal(text.slice(at, m.index)));
    const name = m[1] ?? m[3];
    if (m[2] !== undefined) parts.push(iso(timeOf(template.times[Number(m[2])])));
    else if (name === 'REMAINING') parts.push(`(${template.remaining!.a} + ${template.remaining!.b} * r.gap)::text`);
    else if (exprs[name] === undefined) throw new Error(`no SQL for placeholder ${name} (${template.service} ${template.name})`);
    else parts.push(`(${exprs[name]})`);
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push(literal(text.slice(at)));
  return parts.length ? parts.join(' || ') : "''";
}

/** One value per template, picked by the row's template index. */
function byTemplate(templates: CaseTemplate[], value: (t: CaseTemplate, i: number) => string, cast = ''): string {
  return `(case r.t ${templates.map((t, i) => `when ${i} then ${value(t, i)}${cast}`).join(' ')} end)`;
}

class Timer {
  readonly seconds: Record<string, number> = {};
  private started = performance.now();
  async step<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const result = await work();
    this.seconds[name] = Number(((performance.now() - t0) / 1000 + (this.seconds[name] ?? 0)).toFixed(1));
    return result;
  }
  total(): number {
    return Number(((performance.now() - this.started) / 1000).toFixed(1));
  }
}

/** Synthetic people of household candidate i (a declared household or an imported one). */
interface Candidate {
  size: number;
  names: string[];
  ids: string[];
  relations: string[];
}

function candidate(i: number, nextSeed: () => number): Candidate {
  const r = (i * 2654435761) % 100;
  const size = r < 10 ? 1 : r < 30 ? 2 : r < 60 ? 3 : r < 85 ? 4 : r < 95 ? 5 : 6;
  const surname = SURNAMES[i % SURNAMES.length];
  const names: string[] = [];
  const ids: string[] = [];
  const relations: string[] = [];
  for (let k = 0; k < size; k++) {
    const g1 = GIVEN[(i * 7 + k * 13) % GIVEN.length];
    const g2 = GIVEN[(Math.floor(i / GIVEN.length) + k * 5) % GIVEN.length];
    // The spouse keeps her own surname; everyone else the head's.
    names.push(`${k === 1 && size > 2 ? SURNAMES[(i + 17) % SURNAMES.length] : surname}${g1}${(i + k) % 3 === 0 ? '' : g2}`);
    ids.push(syntheticIdNumber(nextSeed()));
    relations.push(k === 0 ? '户主' : RELATIONS[(k - 1) % RELATIONS.length]);
  }
  return { size, names, ids, relations };
}

/** A `Sql` on a plain pg client, for the store's own statements (`rebuildTallies`). */
function sqlOn(client: Client): SqlTransaction {
  const all = async (text: string, params: readonly unknown[] = []) => (await client.query(toNumberedPlaceholders(text), params as unknown[])).rows;
  return { all, last: all, run: async (text, params = []) => (await client.query(toNumberedPlaceholders(text), params as unknown[])).rowCount ?? 0 };
}

export async function seedScale(options: SeedOptions): Promise<SeedFigures> {
  const { report } = options;
  const timer = new Timer();
  const seededAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  const now = `'${seededAt.toISOString()}'::timestamptz`;
  const db = new Client({ connectionString: options.databaseUrl });
  await db.connect();
  const q = (text: string, params: unknown[] = []) => db.query(text, params);
  const counts: Record<string, number> = {};
  try {
    // This session's commits need not wait for the disk (a crash loses the seed, not anyone's data),
    // and sorts and index maintenance get memory. Nothing on the server changes.
    await q(`set synchronous_commit = off; set work_mem = '256MB'; set maintenance_work_mem = '512MB'`);
    await q(`drop schema if exists bench_seed cascade; create schema bench_seed`);
    const villages = BENXI_COUNTY.townships.flatMap((t) => t.villages.map((v) => ({ ...v, townshipName: t.name })));
    await q(`create table bench_seed.village (v int primary key, village_code text, township_code text, village_name text, township_name text)`);
    await q(
      `insert into bench_seed.village select * from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [villages.map((_, i) => i), villages.map((v) => v.code), villages.map((v) => v.townshipCode), villages.map((v) => v.name), villages.map((v) => v.townshipName)],
    );

    // Identification first: its closed cases register the roster households the others refer to.
    const ident = options.definitions['identification'];
    const identTemplates = await buildTemplates(ident);
    await timer.step('staging', () => stage(q, 'identification', identTemplates, options.cases, now, { villages: villages.length }));
    const closedTemplates = identTemplates.flatMap((t, i) => (t.stage === 'closed' ? [i] : []));
    const { rows: [{ closed }] } = await q(`select count(*)::int as closed from bench_seed.r_identification where t = any($1::int[])`, [closedTemplates]);
    const linked = Math.min(options.households, closed);
    const imported = options.households - linked;
    if (closed > options.households) report(`note: ${closed - options.households} closed identification cases have no roster household (--households ${options.households})`);
    await q(`alter table bench_seed.r_identification add column hh_id uuid`);
    await q(
      `update bench_seed.r_identification r set hh = x.rn, hh_id = gen_random_uuid()
       from (select g, row_number() over (order by g)::int - 1 as rn from bench_seed.r_identification where t = any($1::int[])) x
       where r.g = x.g and x.rn < $2`,
      [closedTemplates, linked],
    );

    // People: the declared households (candidate i = case g) and the imported ones after them.
    await timer.step('people', async () => {
      await q(`create table bench_seed.person_hh (i int primary key, size int, head_name text, head_id text, names text[], ids text[], relations text[],
                 members_json text, people_json text, income int, cause text, attr text, grade text)`);
      let seed = 1;
      const total = options.cases + imported;
      const BATCH = 20_000;
      let pending: Promise<unknown> | null = null;
      const started = performance.now();
      for (let from = 0; from < total; from += BATCH) {
        const cols: unknown[][] = Array.from({ length: 13 }, () => []);
        for (let i = from; i < Math.min(total, from + BATCH); i++) {
          const c = candidate(i, () => seed++);
          const members = c.names.slice(1).map((name, k) => ({ name, idNumber: c.ids[k + 1], relation: c.relations[k + 1] }));
          const row = [
            i, c.size, c.names[0], c.ids[0], c.names.join('|'), c.ids.join('|'), c.relations.join('|'),
            JSON.stringify(members), JSON.stringify(c.names.map((name, k) => ({ name, idNumber: c.ids[k] }))),
            1500 + ((i * 7919) % 1700), POVERTY_CAUSES[i % POVERTY_CAUSES.length], HOUSEHOLD_ATTRIBUTES[(i >> 3) % HOUSEHOLD_ATTRIBUTES.length],
            ['A', 'B', 'B', 'B', 'C', 'D'][(i * 31) % 6],
          ];
          row.forEach((value, k) => cols[k].push(value));
        }
        if (pending) await pending;
        pending = q(
          `insert into bench_seed.person_hh select i, size, head_name, head_id, string_to_array(n, '|'), string_to_array(d, '|'), string_to_array(rl, '|'),
             mj, pj, income, cause, attr, grade
           from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::text[], $12::text[], $13::text[])
             as x(i, size, head_name, head_id, n, d, rl, mj, pj, income, cause, attr, grade)`,
          cols,
        );
        if ((from / BATCH) % 10 === 9) report(`people: ${from + BATCH} of ${total} households (${Math.round((from + BATCH) / ((performance.now() - started) / 1000))}/s)`);
      }
      if (pending) await pending;
    });

    const ctx = { now, village: 'v', report };
    const vacuum = async (query: Query, schema: string) => {
      await query(`vacuum (analyze) "${schema}".case_record, "${schema}".case_audit, "${schema}".case_timer, "${schema}".case_stage_tally, "${schema}".case_closed_tally`);
    };

    // The roster's households as the other services refer to them: closed identification cases'
    // (registered when the case closed: the row's updated_at, computed as the case insert will),
    // then imported ones (no case).
    const closedAt = byTemplate(identTemplates, (t) => (t.stage === 'closed' ? timeOf(t.updatedAt) : 'null::timestamptz'));
    await timer.step('identification.household', async () => {
      await q(`create table bench_seed.hh as
        select r.hh as j, r.hh_id as id, r.g as i, r.case_id, v.village_code, v.township_code, p.head_name, p.size, p.attr, p.cause, p.income, p.grade,
               ${closedAt} as registered_at
        from bench_seed.r_identification r join bench_seed.village v on v.v = r.v join bench_seed.person_hh p on p.i = r.g
        where r.hh is not null`);
      await q(`insert into bench_seed.hh
        select ${linked} + (p.i - ${options.cases}), gen_random_uuid(), p.i, null, v.village_code, v.township_code, p.head_name, p.size, p.attr, p.cause, p.income, p.grade,
               date_trunc('milliseconds', ${now} - ${ms(`floor(${u('p.i', 9)} * ${365 * DAY})::bigint`)})
        from bench_seed.person_hh p join bench_seed.village v on v.v = floor(${u('p.i', 2)} * ${villages.length})::int
        where p.i >= ${options.cases}`);
      await q(`alter table bench_seed.hh add primary key (j); analyze bench_seed.hh`);
    });

    // Two sessions from here on, one per core: identification and its roster in this one, the
    // four other services one after another in the second.
    const second = new Client({ connectionString: options.databaseUrl });
    await second.connect();
    const q2: Query = (text, params = []) => second.query(text, params);
    await q2(`set synchronous_commit = off; set work_mem = '256MB'; set maintenance_work_mem = '512MB'`);
    const identification = (async () => {
      counts['identification.case_record'] = await timer.step('identification.case_record', () =>
        insertCases(q, ident, identTemplates, options.cases, ctx, 'join bench_seed.person_hh p on p.i = r.g', identificationExprs()),
      );
      await timer.step('identification.household', async () => {
        const { rowCount } = await q(`insert into identification.household (id, case_id, import_id, registry_no, exit_year, township_code, village_code, head_name, size,
            attribute, poverty_cause, per_capita_net_income_yuan, housing_grade, status, year, registered_at, updated_at)
          select id, case_id, null, case when case_id is null then 'BX' || lpad(j::text, 8, '0') end, null, township_code, village_code, head_name, size,
            attr, cause, income, grade, 'notExited', 2019, registered_at, registered_at
          from bench_seed.hh order by registered_at`);
        counts['identification.household'] = rowCount ?? 0;
        const members = await q(`insert into identification.household_member (id, household_id, name, id_number, relation)
          select gen_random_uuid(), h.id, m.name, m.id_number, m.relation
          from bench_seed.hh h join bench_seed.person_hh p on p.i = h.i,
               unnest(p.names, p.ids, p.relations) as m(name, id_number, relation)`);
        counts['identification.household_member'] = members.rowCount ?? 0;
        report(`roster: ${counts['identification.household']} households, ${counts['identification.household_member']} members`);
      });
      await timer.step('audit, timers, tallies', () => afterCases(db, ident, counts, report));
      await timer.step('vacuum analyze', () => vacuum(q, ident.schema));
    })();
    const others = (async () => {
      for (const [service, definition] of Object.entries(options.definitions)) {
        if (service === 'identification' || options.others === 0) continue;
        const templates = await buildTemplates(definition);
        await timer.step('staging', () => stage(q2, service, templates, options.others, now, { households: options.households }));
        counts[`${definition.schema}.case_record`] = await timer.step(`${definition.schema}.case_record`, () =>
          insertCases(q2, definition, templates, options.others, ctx,
            'join bench_seed.hh h on h.j = r.hh join bench_seed.person_hh p on p.i = h.i', householdExprs()),
        );
        await timer.step('audit, timers, tallies', () => afterCases(second, definition, counts, report));
        await timer.step('vacuum analyze', () => vacuum(q2, definition.schema));
      }
    })();
    try {
      // Both run to the end (a failure of one must not leave the other writing), then either failure is thrown.
      const [one, two] = await Promise.allSettled([identification, others]);
      for (const outcome of [one, two]) if (outcome.status === 'rejected') throw outcome.reason;
    } finally {
      await second.end();
    }

    // A closed exit case took its household off the roster's poor list, in the year it was decided for.
    if (options.definitions['exit-verification'] && options.others > 0) {
      await timer.step('identification.household', async () => {
        const { rowCount } = await q(`with exits as (
            select distinct on (household_id) household_id::uuid as id, updated_at, id as case_id from exit_verification.case_record
            where stage = 'closed' order by household_id, updated_at)
          , changed as (update identification.household h set status = 'exited', exit_year = 2019, updated_at = e.updated_at
            from exits e where h.id = e.id returning h.id, e.case_id, e.updated_at)
          insert into identification.household_status_change (id, household_id, from_status, to_status, cause, case_id, at)
          select gen_random_uuid(), id, 'notExited', 'exited', 'exitVerified', case_id, updated_at from changed`);
        counts['identification.household exited'] = rowCount ?? 0;
      });
    }
    await timer.step('vacuum analyze', async () => {
      await q(`drop schema bench_seed cascade`);
      await q(`vacuum (analyze) identification.household, identification.household_member, identification.household_status_change`);
    });
    await verifySample(db, options.definitions);
    return { seconds: timer.seconds, totalSeconds: timer.total(), counts, seededAt: seededAt.toISOString() };
  } finally {
    await db.end();
  }
}

type Query = (text: string, params?: unknown[]) => Promise<{ rows: any[]; rowCount: number | null }>;

/**
 * The rows of one service as (row, template, village or household, gap, created_at, id): the
 * template by its weight; the times from the row's last event, placed where its kind belongs
 * (a finished case anywhere in the year, a waiting one in the last 60 days, a running notice in
 * its 7 days), then back by the template's k × gap + e to created_at.
 */
async function stage(q: Query, service: string, templates: CaseTemplate[], n: number, now: string, where: { villages?: number; households?: number }) {
  let cumulative = 0;
  const pick = `case ${templates.map((t, i) => `when u1 < ${(cumulative += t.weight).toFixed(9)} then ${i}`).join(' ')} else ${templates.length - 1} end`;
  const arr = (values: number[]) => `(array[${values.join(',')}]::bigint[])`;
  const kLast = arr(templates.map((t) => t.last.k));
  const eLast = arr(templates.map((t) => t.last.e));
  const kinds = `(array[${templates.map((t) => literal(t.kind)).join(',')}])`;
  // The row's last event, ms before now.
  const lastAgo = `case ${kinds}[t + 1]
      when 'terminal' then 600000 + u4 * (${365 * DAY - 600_000} - (${kLast}[t + 1] * gap + ${eLast}[t + 1]))
      when 'noticeRunning' then 60000 + u4 * ${7 * DAY - 6 * 3_600_000}
      when 'onHold' then 60000 + u4 * u4 * ${20 * DAY}
      else 60000 + u4 * u4 * ${60 * DAY} end`;
  const placement = where.villages !== undefined ? `floor(u2 * ${where.villages})::int as v, null::int as hh` : `null::int as v, floor(u2 * ${where.households})::int as hh`;
  await q(`drop table if exists bench_seed."r_${service}"`);
  await q(`create unlogged table bench_seed."r_${service}" as
    select g, t, v, hh, gap, date_trunc('milliseconds', ${now} - ${ms(`(${lastAgo})::bigint + ${kLast}[t + 1] * gap + ${eLast}[t + 1]`)}) as c, gen_random_uuid() as case_id
    from (select g, ${pick} as t, ${placement}, (43200000 + floor(u3 * ${Math.round(5.5 * DAY)}))::bigint as gap, u4
          from (select g, ${u('g', 1)} u1, ${u('g', 2)} u2, ${u('g', 3)} u3, ${u('g', 4)} u4 from generate_series(0, ${n - 1}) g) s) s2`);
  await q(`create index on bench_seed."r_${service}" (c); analyze bench_seed."r_${service}"`);
}

/** SQL of the placeholders common to every service (row `r`, village `v`, and the service's department). */
function commonExprs(department: string): Record<string, string> {
  const label = DEPARTMENT_LABELS[department] ?? department;
  return {
    CASE: 'r.case_id::text',
    TWP: 'v.township_code',
    VIL: 'v.village_code',
    DECL: `'bench-vo1-' || v.village_code`,
    DECLNAME: `v.village_name || ' 村两委（合成）'`,
    VREV: `'bench-vo2-' || v.village_code`,
    VREVNAME: `v.village_name || ' 驻村工作队（合成）'`,
    TREV: `'bench-tr-' || v.township_code`,
    TREVNAME: `v.township_name || ' 审核员（合成）'`,
    CREV: `'bench-co-${department}-' || (r.g % 3)`,
    CREVNAME: `${literal(`${label} 审核员（合成）`)} || (r.g % 3)`,
    CACC: `'bench-ca-${department}-' || (r.g % 3)`,
    CACCNAME: `${literal(`${label} 验收员（合成）`)} || (r.g % 3)`,
    OBJ: `md5(r.case_id::text || 'objection')::uuid::text`,
  };
}

function identificationExprs(): Record<string, string> {
  return {
    HEAD: 'p.head_name',
    HEADID: 'p.head_id',
    MEMBERS: 'p.members_json',
    INCOME: 'p.income::text',
    CAUSE: 'p.cause',
    ATTR: 'p.attr',
    GRADE: 'p.grade',
  };
}

function householdExprs(): Record<string, string> {
  const member = '(1 + r.g % p.size)';
  return {
    HH: 'h.id::text',
    HHHEAD: 'h.head_name',
    HHSIZE: 'h.size::text',
    PNAME: `p.names[${member}]`,
    PID: `p.ids[${member}]`,
    PEOPLE: 'p.people_json',
  };
}

/** Inserts the case rows of one service in created_at order, a chunk at a time. */
async function insertCases(
  q: Query,
  definition: CaseServiceDefinition<any>,
  templates: CaseTemplate[],
  n: number,
  ctx: { now: string; report: (line: string) => void },
  joins: string,
  serviceExprs: Record<string, string>,
): Promise<number> {
  const schema = definition.schema;
  const staging = `bench_seed."r_${definition.service}"`;
  const department = definition.policy.acceptor.department ?? 'poverty_office';
  const exprs = { ...commonExprs(department), ...serviceExprs };
  // Non-identification rows sit in their household's village.
  const villageJoin = definition.service === 'identification' ? 'join bench_seed.village v on v.v = r.v' : '';
  const householdVillage = definition.service === 'identification' ? '' : 'join bench_seed.village v on v.village_code = h.village_code';
  const snapshot = byTemplate(templates, (t) => fill(t.snapshot, t, exprs), '');
  const title = byTemplate(templates, (t) => fill(t.title, t, exprs));
  const key = byTemplate(templates, (t) => (t.awaitingKey ? fill(t.awaitingKey, t, exprs) : 'null::text'));
  const excluded = byTemplate(templates, (t) =>
    t.awaitingExcluded.length ? `array[${t.awaitingExcluded.map((e) => fill(e, t, exprs)).join(', ')}]::text[]` : `'{}'::text[]`,
  );
  const waitingSince = byTemplate(templates, (t) => timeOf(t.waitingSince));
  const updatedAt = byTemplate(templates, (t) => timeOf(t.updatedAt));
  const due = byTemplate(templates, (t) => (t.dueDays === null ? 'null::timestamptz' : `(${timeOf(t.waitingSince)} + interval '${t.dueDays} days')`));
  const paid = byTemplate(templates, (t) => (t.paidFenPerMember !== null ? `(${t.paidFenPerMember}::bigint * p.size)` : t.paidFen === null ? 'null::bigint' : `${t.paidFen}::bigint`));
  const literalByTemplate = (value: (t: CaseTemplate) => string | number | null) =>
    byTemplate(templates, (t) => { const v = value(t); return v === null ? 'null' : typeof v === 'number' ? String(v) : literal(v); });
  const declaredBy = exprs['DECL'];
  // The declaration's audit row hash, as `auditHash('', …)` computes it (checked on a sample afterwards).
  const headHash = `encode(sha256(convert_to('["","' || r.case_id::text || '",1,"' || ${iso('r.c')} || '","' || ${declaredBy} || '","village_officer",null,"declare",null,null,"application"]', 'UTF8')), 'hex')`;
  const householdId = definition.service === 'identification' ? 'r.hh_id::text' : 'h.id::text';
  const text = `insert into "${schema}".case_record (id, service, household_id, title, township_code, village_code, stage, state, level, machine_id, machine_version,
      snapshot, version, policy_id, declared_by, audit_seq, audit_head, waiting_since, created_at, updated_at, awaiting_key, awaiting_excluded, due_at, paid_fen)
    select r.case_id, ${literal(definition.service)}, ${householdId}, ${title}, v.township_code, v.village_code,
      ${literalByTemplate((t) => t.stage)}, ${literalByTemplate((t) => t.state)}, ${literalByTemplate((t) => t.level)}::text,
      ${literal(`case.${definition.policy.service}`)}, 1, (${snapshot})::jsonb, ${literalByTemplate((t) => t.steps + 1)}::int,
      ${literal(definition.countyPolicyId)}, ${declaredBy}, 1, ${headHash}, ${waitingSince}, r.c, ${updatedAt}, ${key}, ${excluded}, ${due}, ${paid}
    from ${staging} r ${villageJoin} ${joins} ${householdVillage}
    where r.c >= $1 and r.c < $2 order by r.c`;
  const { rows: bounds } = await q(`select min(c) as lo from (select c, ntile(${Math.max(1, Math.ceil(n / CHUNK))}) over (order by c) b from ${staging}) x group by b order by b`);
  const edges = [...bounds.map((b) => b.lo as Date), new Date(Date.parse('2999-01-01'))];
  let inserted = 0;
  const started = performance.now();
  for (let i = 0; i + 1 < edges.length; i++) {
    const result = await q(text, [edges[i], edges[i + 1]]);
    inserted += result.rowCount ?? 0;
    const seconds = (performance.now() - started) / 1000;
    ctx.report(`${schema}.case_record: ${inserted} of ${n} rows (${Math.round(inserted / seconds)}/s)`);
  }
  if (inserted !== n) throw new Error(`${schema}: inserted ${inserted} of ${n} cases`);
  return inserted;
}

/** Declaration audit rows, notice timers, tallies and the read model's version of one service. */
async function afterCases(db: Client, definition: CaseServiceDefinition<any>, counts: Record<string, number>, report: (line: string) => void) {
  const schema = `"${definition.schema}"`;
  const audit = await db.query(`insert into ${schema}.case_audit (case_id, seq, at, actor_id, actor_name, role, level, action, comment, from_state, to_state, prev_hash, hash)
    select id, 1, created_at, declared_by, snapshot #>> '{context,declaredBy,displayName}', 'village_officer', null, 'declare', null, null, 'application', '', audit_head
    from ${schema}.case_record order by created_at`);
  counts[`${definition.schema}.case_audit`] = audit.rowCount ?? 0;
  // Running notices wait for their timer; every notice that ended left its fired timer; a held one its cancelled timer.
  const running = await db.query(`insert into ${schema}.case_timer (key, case_id, due_at, event)
    select snapshot #>> '{context,notice,timerKey}', id, (snapshot #>> '{context,notice,endsAt}')::timestamptz,
      jsonb_build_object('type', 'notice.elapsed', 'timerKey', snapshot #>> '{context,notice,timerKey}')
    from ${schema}.case_record where state = 'publicNotice.running'`);
  const fired = await db.query(`insert into ${schema}.case_timer (key, case_id, due_at, event, fired_at, outcome)
    select snapshot #>> '{context,notice,timerKey}', id, t.at, jsonb_build_object('type', 'notice.elapsed', 'timerKey', snapshot #>> '{context,notice,timerKey}'), t.at, 'fired: acceptance'
    from ${schema}.case_record c, lateral (select (c.snapshot #>> '{context,notice,endsAt}')::timestamptz as at) t
    where c.stage in ('acceptance', 'closed')`);
  const held = await db.query(`insert into ${schema}.case_timer (key, case_id, due_at, event, cancelled_at)
    select id || ':notice:1:0', id, waiting_since + interval '7 days', jsonb_build_object('type', 'notice.elapsed', 'timerKey', id || ':notice:1:0'), updated_at
    from ${schema}.case_record where state = 'publicNotice.onHold'`);
  counts[`${definition.schema}.case_timer`] = (running.rowCount ?? 0) + (fired.rowCount ?? 0) + (held.rowCount ?? 0);
  await db.query('begin');
  await new CaseStore(definition.schema).rebuildTallies(sqlOn(db));
  await db.query(`insert into ${schema}.read_model_state (name, version, done_at) values ($1, $2, now())
    on conflict (name) do update set version = excluded.version, done_at = excluded.done_at`, [CASE_READ_MODEL.name, CASE_READ_MODEL.version]);
  await db.query('commit');
  report(`${definition.schema}: ${counts[`${definition.schema}.case_audit`]} audit rows, ${counts[`${definition.schema}.case_timer`]} timers, tallies recounted (${TALLY_SLOTS} slots)`);
}

/** The SQL-computed hashes must be the ones `auditHash` computes, or `audit:verify` would call every chain broken. */
async function verifySample(db: Client, definitions: Record<string, CaseServiceDefinition<any>>) {
  for (const definition of Object.values(definitions)) {
    const { rows } = await db.query(`select a.*, c.audit_head from "${definition.schema}".case_audit a join "${definition.schema}".case_record c on c.id = a.case_id
      order by a.id limit 3`);
    for (const r of rows) {
      const hash = auditHash('', {
        caseId: r.case_id, seq: r.seq, at: new Date(r.at).toISOString(), actorId: r.actor_id, role: r.role, level: r.level,
        action: r.action, comment: r.comment, fromState: r.from_state, toState: r.to_state,
      });
      if (hash !== r.hash || hash !== r.audit_head) throw new Error(`${definition.schema}: the seeded audit hash of ${r.case_id} is not auditHash's`);
    }
  }
}
