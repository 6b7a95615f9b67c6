import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import {
  ERROR,
  HOUSEHOLD_REGISTERED,
  HOUSEHOLD_STATUS_CHANGED,
  type HouseholdRegisteredEvent,
  type HouseholdStatusChangedEvent,
  type RosterFacts,
} from '@poverty/contracts';
import { refusal, type CaseJurisdiction, type ExtraGuard, type Refusal } from '@poverty/workflow';
import type { Sql } from '@poverty/persistence';

/**
 * A service's local copy of the 建档立卡 roster, fed by identification's events. Members are kept
 * only as person keys (keyed hashes of their ID numbers).
 */
@Entity({ tableName: 'roster_household' })
@Index({ properties: ['townshipCode', 'villageCode'] })
export class RosterHousehold {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  townshipCode!: string;

  @Property({ type: 'text' })
  villageCode!: string;

  @Property({ type: 'text' })
  headName!: string;

  @Property({ type: 'integer' })
  size!: number;

  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'text', nullable: true })
  housingGrade?: string | null;

  @Property({ type: 'jsonb' })
  memberKeys!: string[];

  @Property({ type: 'timestamptz' })
  registeredAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}

export interface RosterHouseholdRow {
  id: string;
  townshipCode: string;
  villageCode: string;
  headName: string;
  size: number;
  status: 'notExited' | 'exited' | 'returnedToPoverty';
  housingGrade: string | null;
  memberKeys: string[];
}

/** The roster events a read model follows (registered, statusChanged), in one ordered subject filter. */
export const ROSTER_EVENTS_FILTER = 'events.identification.household.>';

/**
 * Applies a roster event to the schema's read model (idempotent on its own: an upsert, and a status
 * change only moves forward from the status it names). Returns what it did.
 */
export async function applyRosterEvent(sql: Sql, schema: string, subject: string, payload: any): Promise<'registered' | 'statusChanged' | 'ignored'> {
  if (subject === HOUSEHOLD_REGISTERED) {
    const e = payload as HouseholdRegisteredEvent;
    await sql.run(
      `insert into "${schema}".roster_household (id, township_code, village_code, head_name, size, status, housing_grade, member_keys, registered_at, updated_at)
       values (?,?,?,?,?,'notExited',?,?,?,now())
       on conflict (id) do update set township_code = excluded.township_code, village_code = excluded.village_code,
         head_name = excluded.head_name, size = excluded.size, housing_grade = excluded.housing_grade,
         member_keys = excluded.member_keys, updated_at = now()`,
      [e.householdId, e.townshipCode, e.villageCode, e.headName, e.size, e.housingGrade, JSON.stringify((e.members ?? []).map((m) => m.personKey)), e.registeredAt],
    );
    return 'registered';
  }
  if (subject === HOUSEHOLD_STATUS_CHANGED) {
    const e = payload as HouseholdStatusChangedEvent;
    await sql.run(`update "${schema}".roster_household set status = ?, updated_at = now() where id = ?`, [e.to, e.householdId]);
    return 'statusChanged';
  }
  return 'ignored';
}

export async function findRosterHousehold(sql: Sql, schema: string, id: string, options: { forUpdate?: boolean } = {}): Promise<RosterHouseholdRow | null> {
  const [r] = await sql.all(
    `select id, township_code, village_code, head_name, size, status, housing_grade, member_keys from "${schema}".roster_household where id = ?${options.forUpdate ? ' for update' : ''}`,
    [id],
  );
  if (!r) return null;
  return {
    id: r.id,
    townshipCode: r.township_code,
    villageCode: r.village_code,
    headName: r.head_name,
    size: r.size,
    status: r.status,
    housingGrade: r.housing_grade,
    memberKeys: r.member_keys ?? [],
  };
}

/**
 * The household a case is declared for, from the read model, or the refusal: unknown households and
 * households of another village answer the same, so a declaration cannot probe other villages.
 */
export async function rosterHouseholdFor(
  sql: Sql,
  schema: string,
  householdId: string,
  where: CaseJurisdiction,
): Promise<{ household: RosterHouseholdRow } | { refusal: Refusal }> {
  const household = await findRosterHousehold(sql, schema, householdId, { forUpdate: true });
  if (!household || household.villageCode !== where.villageCode || household.townshipCode !== where.townshipCode) {
    return {
      refusal: refusal(
        ERROR.UNKNOWN_HOUSEHOLD,
        '该户不在本村建档立卡名单中 / The household is not in this village\'s poverty roster (建档立卡); cases are accepted only for roster households',
        { field: 'data.householdId' },
      ),
    };
  }
  return { household };
}

/** The roster facts a case records at declaration. */
export function rosterFacts(household: RosterHouseholdRow): RosterFacts {
  return { headName: household.headName, size: household.size, status: household.status };
}

/** Serialises work on one household across replicas until the transaction ends. */
export async function lockHousehold(sql: Sql, scope: string, householdId: string): Promise<void> {
  await sql.all(`select pg_advisory_xact_lock(hashtext(?))`, [`${scope}:${householdId}`]);
}

/** A guard that keeps fields the service recorded (roster facts, computed amounts) out of `edit`. */
export function lockedFieldsGuard(fields: string[]): ExtraGuard {
  return {
    on: 'case.edit',
    check: (_data, _context, event) => {
      const touched = event.type === 'case.edit' ? fields.find((f) => f in event.data) : undefined;
      return touched
        ? refusal('CASE.FIELD_NOT_EDITABLE', `"${touched}" is recorded by the service and cannot be edited`, { field: `data.${touched}` })
        : null;
    },
  };
}
