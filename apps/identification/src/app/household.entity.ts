import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** A household in the 建档立卡 roster. Rows are never deleted: exit changes `status`. */
@Entity({ tableName: 'household' })
@Index({ properties: ['townshipCode', 'villageCode'] })
// The roster's pages: newest first by (registered_at, id), a keyset cursor's key, per filter.
@Index({ properties: ['registeredAt', 'id'] })
@Index({ properties: ['status', 'registeredAt', 'id'] })
@Index({ properties: ['townshipCode', 'registeredAt', 'id'] })
@Index({ properties: ['townshipCode', 'status', 'registeredAt', 'id'] })
@Index({ properties: ['villageCode', 'registeredAt', 'id'] })
@Index({ properties: ['villageCode', 'status', 'registeredAt', 'id'] })
// The dashboard's exits of a year, read from the index alone.
@Index({
  name: 'household_exits_index',
  expression: (table) => `create index "household_exits_index" on "${table.schema}"."${table.name}" ("exit_year", "township_code") include ("size") where "status" = 'exited'`,
})
export class Household {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The identification case that registered it; null for a household imported from a 建档立卡 sheet. */
  @Property({ type: 'uuid', nullable: true })
  caseId?: string | null;

  /** The import that brought it in (see household-import), if any. */
  @Property({ type: 'uuid', nullable: true })
  @Index()
  importId?: string | null;

  /** The county's 户编号 from the imported sheet, if any. */
  @Property({ type: 'text', nullable: true })
  registryNo?: string | null;

  /** The year it left poverty, when the imported sheet says so (later exits are in the status history). */
  @Property({ type: 'integer', nullable: true })
  exitYear?: number | null;

  @Property({ type: 'text' })
  townshipCode!: string;

  @Property({ type: 'text' })
  villageCode!: string;

  @Property({ type: 'text' })
  headName!: string;

  @Property({ type: 'integer' })
  size!: number;

  @Property({ type: 'text' })
  attribute!: string;

  @Property({ type: 'text' })
  povertyCause!: string;

  /** Personal data: never in notices, logs or errors. */
  @Property({ type: 'integer' })
  perCapitaNetIncomeYuan!: number;

  @Property({ type: 'text', nullable: true })
  housingGrade?: string | null;

  /** notExited 未脱贫 | exited 已脱贫 | returnedToPoverty 返贫 */
  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: 'timestamptz' })
  registeredAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A member of a roster household. */
@Entity({ tableName: 'household_member' })
export class HouseholdMember {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  @Index()
  householdId!: string;

  @Property({ type: 'text' })
  name!: string;

  /** Personal data: shown masked, never logged. */
  @Property({ type: 'text' })
  @Index()
  idNumber!: string;

  @Property({ type: 'text' })
  relation!: string;
}

/** Every status change of a roster household (未脱贫 → 已脱贫 → 返贫 …): append-only history. */
@Entity({ tableName: 'household_status_change' })
export class HouseholdStatusChange {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  @Index()
  householdId!: string;

  @Property({ type: 'text' })
  fromStatus!: string;

  @Property({ type: 'text' })
  toStatus!: string;

  @Property({ type: 'text' })
  cause!: string;

  /** The case (in whichever service) that caused it. */
  @Property({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;
}

/**
 * Households of an import waiting to be swapped into the roster: the import writes here batch by
 * batch, and one transaction at the end moves every row into the roster or none (all-or-nothing).
 */
@Entity({ tableName: 'household_import_row' })
@Index({ properties: ['importId', 'line'] })
export class HouseholdImportRow {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  importId!: string;

  /** The household's first line in the file. */
  @Property({ type: 'integer' })
  line!: number;

  /** The validated household, with the person keys of its members. */
  @Property({ type: 'jsonb' })
  household!: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  stagedAt!: Date;
}
