import { Client } from 'pg';
import { CaseStore, toNumberedPlaceholders, type SqlTransaction } from '@poverty/persistence';
import { getPolicyById } from '@poverty/policy';
import { query } from '@poverty/testing';

/**
 * Tests that date a case into the past by writing its row directly bypass the transition that
 * keeps the read model: these keep it as a transition at that date would have.
 */

/** Recounts a schema's tallies from its case rows, as after a bulk load (`CaseStore.rebuildTallies`). */
export async function recountTallies(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const all = async (text: string, params: readonly unknown[] = []) => (await client.query(toNumberedPlaceholders(text), params as unknown[])).rows;
  const sql: SqlTransaction = { all, last: all, run: async (text, params = []) => (await client.query(toNumberedPlaceholders(text), params as unknown[])).rowCount ?? 0 };
  try {
    await client.query('begin');
    await new CaseStore(schema).rebuildTallies(sql);
    await client.query('commit');
  } finally {
    await client.end();
  }
}

/** Makes a review case have waited since `waitingSince`, with the due date its level's time limit gives. */
export async function backdateWaiting(databaseUrl: string, schema: string, caseId: string, waitingSince: Date): Promise<void> {
  const [row] = await query<{ policy_id: string; level: string }>(databaseUrl, `select policy_id, level from "${schema}".case_record where id = $1`, [caseId]);
  const days = (getPolicyById(row.policy_id).levelTimeLimitsDays as Record<string, number>)[row.level];
  const dueAt = days === undefined ? null : new Date(waitingSince.getTime() + days * 86_400_000).toISOString();
  await query(databaseUrl, `update "${schema}".case_record set waiting_since = $2, due_at = $3 where id = $1`, [caseId, waitingSince.toISOString(), dueAt]);
}
