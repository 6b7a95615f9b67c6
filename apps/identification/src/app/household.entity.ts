import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** A household in the 建档立卡 roster. Rows are never deleted: exit changes `status`. */
@Entity({ tableName: 'household' })
@Index({ properties: ['townshipCode', 'villageCode'] })
export class Household {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The identification case that registered it. */
  @Property({ type: 'uuid' })
  caseId!: string;

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
