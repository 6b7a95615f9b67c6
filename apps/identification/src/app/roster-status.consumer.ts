import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { HOUSEHOLD_EXITED, HOUSEHOLD_STATUS_CHANGED, type HouseholdExitedEvent, type HouseholdStatusChangedEvent } from '@poverty/contracts';
import { CaseStore } from '@poverty/persistence';
import type { CaseEventConsumer } from '@poverty/service-kit';

const store = new CaseStore('identification');

/**
 * Moves a roster household to a new status, keeps the change in its history and tells the other
 * services. Returns false when the household is unknown or already has that status.
 */
export async function changeHouseholdStatus(
  em: EntityManager,
  change: Omit<HouseholdStatusChangedEvent, 'from'>,
): Promise<boolean> {
  const conn = em.getConnection();
  const ctx = em.getTransactionContext();
  const [row] = await conn.execute(`select status from identification.household where id = ? for update`, [change.householdId], 'all', ctx);
  if (!row || row.status === change.to) return false;
  await conn.execute(`update identification.household set status = ?, updated_at = ? where id = ?`, [change.to, change.at, change.householdId], 'run', ctx);
  await conn.execute(
    `insert into identification.household_status_change (id, household_id, from_status, to_status, cause, case_id, at) values (?,?,?,?,?,?,?)`,
    [randomUUID(), change.householdId, row.status, change.to, change.cause, change.caseId, change.at],
    'run',
    ctx,
  );
  const event: HouseholdStatusChangedEvent = { ...change, from: row.status };
  await store.insertOutbox(em, [{ subject: HOUSEHOLD_STATUS_CHANGED, payload: { name: 'household.statusChanged', ...event } }]);
  return true;
}

/** Exit verification's 销号 marks the household 已脱贫 (it stays in the roster, with its history). */
export const exitConsumer: CaseEventConsumer = {
  name: 'exits',
  filterSubject: HOUSEHOLD_EXITED,
  async handle(em, { payload }) {
    const exited = payload as HouseholdExitedEvent;
    await changeHouseholdStatus(em, { householdId: exited.householdId, to: 'exited', cause: 'exit', caseId: exited.caseId, at: exited.exitedAt });
  },
};
