import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';

/**
 * The dangerous-housing ledger (危房台账): one row per roster household whose house is grade C or D.
 * 销号 strikes the house off with the subsidy paid; rows are never deleted.
 */
@Entity({ tableName: 'dangerous_house' })
export class DangerousHouse {
  @PrimaryKey({ type: 'uuid' })
  householdId!: string;

  @Property({ type: 'text' })
  grade!: string;

  /** listed 在册 | renovating 改造中 | struckOff 已销号 */
  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'uuid', nullable: true })
  caseId?: string | null;

  @Property({ type: 'integer', nullable: true })
  subsidyPaidFen?: number | null;

  @Property({ type: 'timestamptz' })
  listedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  struckOffAt?: Date | null;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
