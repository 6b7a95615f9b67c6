/**
 * Checks a seeded database against the services' own code, on a sample of rows of each service:
 * the snapshot restores in the service's machine and its data passes the service's schema; the
 * derived columns are what `awaitingActor`, `reviewDueAt` and the service's amounts give (what
 * `bringReadModelUpToDate` would write); times are milliseconds, in order and within the year;
 * the tallies equal a recount; the audit chains verify (`verifySchemaAuditChains`, all of them up
 * to `fullAuditUpTo` cases, else the sample's).
 */
import { Client } from 'pg';
import { CaseStore, toCaseRow, toNumberedPlaceholders, verifySchemaAuditChains, verifyAuditChain, type Sql } from '@poverty/persistence';
import type { CaseServiceDefinition } from '@poverty/service-kit';
import { CaseWorkflow, awaitingActor, type PersistedCaseSnapshot } from '@poverty/workflow';
import { amountsPaid, reviewDueAt } from '../../libs/service-kit/src/lib/case-read-model';

export interface CheckResult {
  service: string;
  sampled: number;
  problems: string[];
}

export async function checkSeed(
  databaseUrl: string,
  definitions: Record<string, CaseServiceDefinition<any>>,
  options: { sample?: number; fullAuditUpTo?: number } = {},
): Promise<CheckResult[]> {
  const sample = options.sample ?? 2_000;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const sql: Sql = {
    all: async (text, params = []) => (await db.query(toNumberedPlaceholders(text), params as unknown[])).rows,
    run: async (text, params = []) => (await db.query(toNumberedPlaceholders(text), params as unknown[])).rowCount ?? 0,
  };
  const results: CheckResult[] = [];
  try {
    for (const definition of Object.values(definitions)) {
      const problems: string[] = [];
      const say = (id: string, what: string) => problems.length < 20 && problems.push(`${id}: ${what}`);
      const workflow = new CaseWorkflow(definition.policy);
      const table = `"${definition.schema}".case_record`;
      const { rows } = await db.query(`select * from ${table} order by md5(id::text) limit $1`, [sample]);
      const { rows: [{ now }] } = await db.query(`select max(updated_at) as now from ${table}`);
      for (const raw of rows) {
        const row = toCaseRow(raw);
        const snapshot = row.snapshot as unknown as PersistedCaseSnapshot;
        try {
          workflow.restore(snapshot);
        } catch (error) {
          say(row.id, `snapshot does not restore: ${(error as Error).message}`);
          continue;
        }
        const state = typeof snapshot.value === 'string' ? snapshot.value : `${Object.keys(snapshot.value)[0]}.${Object.values(snapshot.value)[0]}`;
        if (state !== row.state || !row.state.startsWith(row.stage)) say(row.id, `state ${row.state} / stage ${row.stage}, snapshot ${state}`);
        if (snapshot.context.caseId !== row.id) say(row.id, 'snapshot caseId');
        if (snapshot.context.jurisdiction.villageCode !== row.villageCode || snapshot.context.jurisdiction.townshipCode !== row.townshipCode) say(row.id, 'jurisdiction');
        const parsed = definition.dataSchema.safeParse(snapshot.context.data);
        if (!parsed.success) say(row.id, `data: ${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}`);
        const awaiting = awaitingActor(definition.policy, row.state, snapshot.context);
        if (awaiting.key !== row.awaitingKey) say(row.id, `awaiting_key ${row.awaitingKey}, derived ${awaiting.key}`);
        if (JSON.stringify(awaiting.excluded) !== JSON.stringify(row.awaitingExcluded)) say(row.id, `awaiting_excluded ${row.awaitingExcluded}, derived ${awaiting.excluded}`);
        const due = reviewDueAt(row.policyId, row.stage, row.level, row.waitingSince);
        if ((due?.getTime() ?? null) !== (row.dueAt?.getTime() ?? null)) say(row.id, `due_at ${row.dueAt?.toISOString()}, derived ${due?.toISOString()}`);
        const paid = row.stage === 'closed' ? amountsPaid(definition, snapshot.context.data) : null;
        if (paid !== row.paidFen) say(row.id, `paid_fen ${row.paidFen}, derived ${paid}`);
        if (definition.describe(snapshot.context.data as never).title !== row.title) say(row.id, 'title');
        for (const [name, at] of [['created_at', raw.created_at], ['waiting_since', raw.waiting_since], ['updated_at', raw.updated_at]] as const) {
          if ((at as Date).getTime() % 1 !== 0) say(row.id, `${name} not in ms`);
        }
        if (!(row.createdAt <= row.waitingSince && row.waitingSince <= row.updatedAt && row.updatedAt <= new Date(now))) say(row.id, 'times out of order');
        if (row.createdAt.getTime() < new Date(now).getTime() - 366 * 86_400_000) say(row.id, 'created before the year');
        if (snapshot.context.notice.endsAt && row.state === 'publicNotice.running' && Date.parse(snapshot.context.notice.endsAt) < Date.now()) say(row.id, 'a running notice past its end');
      }
      const { rows: micro } = await db.query(`select count(*)::int as n from ${table} where extract(microseconds from created_at)::int % 1000 <> 0
        or extract(microseconds from waiting_since)::int % 1000 <> 0 or extract(microseconds from updated_at)::int % 1000 <> 0`);
      if (micro[0].n > 0) problems.push(`${micro[0].n} rows with sub-millisecond times`);
      const store = new CaseStore(definition.schema);
      const [stored, recounted] = [await store.tallies(sql, 'tally'), await store.tallies(sql, 'cases')];
      if (JSON.stringify(stored) !== JSON.stringify(recounted)) problems.push('tallies differ from a recount');
      const { rows: [{ cases }] } = await db.query(`select count(*)::int as cases from ${table}`);
      if (cases <= (options.fullAuditUpTo ?? 20_000)) {
        const verdict = await verifySchemaAuditChains((text, params) => sql.all(text, params), definition.schema);
        if (!verdict.ok) problems.push(`audit chains broken: ${JSON.stringify(verdict.firstBroken)}`);
      } else {
        for (const raw of rows.slice(0, 200)) {
          const trail = await store.auditTrail(sql, raw.id);
          const verdict = verifyAuditChain(trail);
          if (!verdict.ok || trail[trail.length - 1]?.hash !== raw.audit_head) say(raw.id, 'audit chain');
        }
      }
      if (definition.service === 'identification') {
        const { rows: [roster] } = await db.query(`select count(*) filter (where c.id is null or c.stage <> 'closed' or c.updated_at <> h.registered_at
            or c.household_id <> h.id::text or c.village_code <> h.village_code)::int as wrong, count(*)::int as linked
          from identification.household h left join identification.case_record c on c.id = h.case_id where h.case_id is not null`);
        if (roster.wrong > 0) problems.push(`${roster.wrong} of ${roster.linked} registered households do not match the closed case that registered them`);
      } else {
        const { rows: [refs] } = await db.query(`select count(*)::int as wrong from ${table} c left join identification.household h on h.id::text = c.household_id
          where h.id is null or h.village_code <> c.village_code`);
        if (refs.wrong > 0) problems.push(`${refs.wrong} cases whose household is not in the roster (or in another village)`);
      }
      results.push({ service: definition.service, sampled: rows.length, problems });
    }
  } finally {
    await db.end();
  }
  return results;
}
