import { textArrayLiteral, toCaseRow, type CaseStore, type SqlDatabase } from '@poverty/persistence';
import { awaitingActor, type PersistedCaseSnapshot } from '@poverty/workflow';
import type { CaseServiceDefinition } from './case-service.definition';
import { getPolicyById } from '@poverty/policy';

/**
 * The version of what transitions derive for the inbox and the dashboard (`awaiting_key`,
 * `awaiting_excluded`, `due_at`, `paid_fen`, the tallies). Bump it when the derivation changes:
 * each service then recomputes its existing rows once, at start.
 */
export const CASE_READ_MODEL = { name: 'case-read-model', version: 1 } as const;

const BATCH = 1_000;

/** When a review level's time limit (county policy data) runs out; null outside review. */
export function reviewDueAt(policyId: string, stage: string, level: string | null, waitingSince: Date): Date | null {
  const limits = getPolicyById(policyId).levelTimeLimitsDays as Record<string, number>;
  const days = stage === 'review' && level ? limits[level] : undefined;
  return days === undefined ? null : new Date(waitingSince.getTime() + days * 86_400_000);
}

/** The sum of a closed case's amounts; data a service cannot price counts as nothing paid. */
export function amountsPaid(definition: CaseServiceDefinition<any>, data: Record<string, unknown>): number {
  try {
    return (definition.amounts?.(data) ?? []).reduce((sum, a) => sum + a.amountFen, 0);
  } catch {
    return 0;
  }
}


/**
 * Recomputes the derived columns of every case written before this version of the read model,
 * in batches by id (each row only if it is still at the version read, so a transition in between
 * wins), then recounts the tallies. Safe to run on several replicas at once. Returns the rows seen.
 */
export async function bringReadModelUpToDate(
  db: SqlDatabase,
  store: CaseStore,
  definition: CaseServiceDefinition<any>,
  report: (line: string) => void,
): Promise<number> {
  const state = `"${definition.schema}".read_model_state`;
  const table = `"${definition.schema}".case_record`;
  const [done] = await db.read((sql) => sql.all<{ version: number }>(`select version from ${state} where name = ?`, [CASE_READ_MODEL.name]));
  if (done && done.version >= CASE_READ_MODEL.version) return 0;
  const [{ total }] = await db.read((sql) => sql.all<{ total: number }>(`select count(*)::int as total from ${table}`));
  let after = '00000000-0000-0000-0000-000000000000';
  let seen = 0;
  for (;;) {
    const rows = (await db.read((sql) => sql.all(`select * from ${table} where id > ?::uuid order by id limit ${BATCH}`, [after]))).map(toCaseRow);
    if (rows.length === 0) break;
    const params = rows.flatMap((row) => {
      const snapshot = row.snapshot as unknown as PersistedCaseSnapshot;
      // Each case under the rules of the policy version it was declared under.
      const rules = definition.byPolicy?.[row.policyId] ?? definition;
      const awaiting = awaitingActor(rules.policy, row.state, snapshot.context);
      const due = reviewDueAt(row.policyId, row.stage, row.level, row.waitingSince);
      const paid = row.stage === 'closed' ? amountsPaid(rules, snapshot.context.data) : null;
      return [row.id, row.version, awaiting.key, textArrayLiteral(awaiting.excluded), due?.toISOString() ?? null, paid];
    });
    await db.read((sql) =>
      sql.run(
        `update ${table} c set awaiting_key = v.awaiting_key, awaiting_excluded = v.excluded::text[], due_at = v.due_at::timestamptz, paid_fen = v.paid_fen::bigint
         from (values ${rows.map(() => '(?::uuid, ?::int, ?::text, ?::text, ?::text, ?::bigint)').join(',')}) as v(id, version, awaiting_key, excluded, due_at, paid_fen)
         where c.id = v.id and c.version = v.version`,
        params,
      ),
    );
    seen += rows.length;
    after = rows[rows.length - 1].id;
    if (seen % (BATCH * 50) === 0) report(`read model: ${seen} of ${total} cases brought up to date`);
  }
  await db.transaction(async (sql) => {
    await store.rebuildTallies(sql);
    await sql.run(
      `insert into ${state} (name, version, done_at) values (?, ?, now()) on conflict (name) do update set version = excluded.version, done_at = excluded.done_at`,
      [CASE_READ_MODEL.name, CASE_READ_MODEL.version],
    );
  });
  report(`read model: ${seen} cases brought to version ${CASE_READ_MODEL.version}, tallies recounted`);
  return seen;
}
