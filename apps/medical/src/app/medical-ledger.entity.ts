import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';

/**
 * The relief ledger: one row per approved claim, per person (person key, never the ID number) and
 * calendar year. Written in the transaction of the county's approval, so the yearly cap holds across
 * all of a person's cases however many are in review at once.
 */
@Entity({ tableName: 'relief_ledger' })
@Index({ properties: ['personKey', 'year'] })
export class ReliefLedgerEntry {
  @PrimaryKey({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'text' })
  personKey!: string;

  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: 'integer' })
  selfPaidFen!: number;

  @Property({ type: 'integer' })
  reliefFen!: number;

  /** approved 已审定 | paid 已发放 | void 已撤销 (objection upheld) */
  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** 新农合 + 大病保险 enrolment paid by the county, per person and year. */
@Entity({ tableName: 'insurance_enrolment' })
@Unique({ properties: ['personKey', 'year'] })
export class InsuranceEnrolment {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  personKey!: string;

  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: 'uuid' })
  @Index()
  householdId!: string;

  @Property({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'integer' })
  premiumFen!: number;

  @Property({ type: 'timestamptz' })
  enrolledAt!: Date;
}
