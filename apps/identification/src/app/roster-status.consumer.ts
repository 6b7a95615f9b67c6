import { randomUUID } from 'node:crypto';
import { HOUSEHOLD_EXITED, HOUSEHOLD_STATUS_CHANGED, type HouseholdExitedEvent, type HouseholdStatusChangedEvent } from '@poverty/contracts';
import { CaseStore, type Sql } from '@poverty/persistence';
import type { CaseEventConsumer } from '@poverty/service-kit';

const store = new CaseStore('identification');

/**
 * Moves a roster household to a new status, keeps the change in its history and tells the other
 * services. Returns false when the household is unknown or already has that status.
 */
export async function changeHouseholdStatus(
  db: Sql,
  change: Omit<HouseholdStatusChangedEvent, 'from'>,
): Promise<boolean> {
  const [row] = await db.all(`select status from identification.household where id = ? for update`, [change.householdId]);
  if (!row || row.status === change.to) return false;
  await db.run(`update identification.household set status = ?, updated_at = ? where id = ?`, [change.to, change.at, change.householdId]);
  await db.run(
    `insert into identification.household_status_change (id, household_id, from_status, to_status, cause, case_id, at) values (?,?,?,?,?,?,?)`,
    [randomUUID(), change.householdId, row.status, change.to, change.cause, change.caseId, change.at],
  );
  const event: HouseholdStatusChangedEvent = { ...change, from: row.status };
  await store.insertOutbox(db, [{ subject: HOUSEHOLD_STATUS_CHANGED, payload: { name: 'household.statusChanged', ...event } }]);
  return true;
}

/** Exit verification's 销号 marks the household 已脱贫 (it stays in the roster, with its history). */
export const exitConsumer: CaseEventConsumer = {
  name: 'exits',
  filterSubject: HOUSEHOLD_EXITED,
  async handle(db, { payload }) {
    const exited = payload as HouseholdExitedEvent;
    await changeHouseholdStatus(db, { householdId: exited.householdId, to: 'exited', cause: 'exit', caseId: exited.caseId, at: exited.exitedAt });
  },
};
