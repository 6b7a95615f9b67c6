import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/**
 * One row per case. Stage/state/level columns are denormalised from the snapshot so
 * inboxes and dashboards are index scans; `version` serialises concurrent decisions.
 */
@Entity({ tableName: 'case_record' })
@Index({ properties: ['stage', 'level', 'waitingSince'] })
@Index({ properties: ['townshipCode', 'villageCode', 'stage'] })
export class CaseRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  service!: string;

  @Property({ type: 'text', nullable: true })
  @Index()
  householdId?: string | null;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  townshipCode!: string;

  @Property({ type: 'text' })
  villageCode!: string;

  @Property({ type: 'text' })
  stage!: string;

  @Property({ type: 'text' })
  state!: string;

  @Property({ type: 'text', nullable: true })
  level?: string | null;

  @Property({ type: 'text' })
  machineId!: string;

  @Property({ type: 'integer' })
  machineVersion!: number;

  @Property({ type: 'jsonb' })
  snapshot!: Record<string, unknown>;

  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Property({ type: 'text' })
  policyId!: string;

  @Property({ type: 'text' })
  declaredBy!: string;

  /** Number of audit rows so far and the hash of the last one (the chain's head). */
  @Property({ type: 'integer' })
  auditSeq: number = 0;

  @Property({ type: 'text' })
  auditHead: string = '';

  /** When the case started waiting on its current stage/level (inbox order, overdue). */
  @Property({ type: 'timestamptz' })
  waitingSince!: Date;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
