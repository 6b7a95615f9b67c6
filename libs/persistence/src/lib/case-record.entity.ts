import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** A table name as SQL, quoted: schema names such as `exit-verification` need it. */
function quoted(table: { name: string; schema?: string }): string {
  return table.schema ? `"${table.schema}"."${table.name}"` : `"${table.name}"`;
}

/**
 * One row per case. Stage/state/level and who may act now are denormalised from the snapshot so
 * inboxes, lists and dashboards are index range scans at a province's volume; `version`
 * serialises concurrent decisions. Every list is ordered by (time, id), a keyset cursor's key.
 */
@Entity({ tableName: 'case_record' })
@Index({ name: 'case_record_inbox_index', expression: (table) => `create index "case_record_inbox_index" on ${quoted(table)} ("awaiting_key", "waiting_since", "id") where "awaiting_key" is not null` })
@Index({ properties: ['createdAt', 'id'] })
@Index({ properties: ['stage', 'createdAt', 'id'] })
@Index({ properties: ['townshipCode', 'createdAt', 'id'] })
@Index({ properties: ['townshipCode', 'stage', 'createdAt', 'id'] })
@Index({ properties: ['villageCode', 'createdAt', 'id'] })
@Index({ properties: ['villageCode', 'stage', 'createdAt', 'id'] })
@Index({ name: 'case_record_notice_index', expression: (table) => `create index "case_record_notice_index" on ${quoted(table)} ("updated_at", "id") where "stage" = 'publicNotice'` })
@Index({ name: 'case_record_due_index', expression: (table) => `create index "case_record_due_index" on ${quoted(table)} ("due_at") include ("policy_id", "township_code", "village_code") where "due_at" is not null` })
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

  /** The level key (`<role>:<scope>:<area>`, see `awaitingActor`) of who may act now; null: nobody. */
  @Property({ type: 'text', nullable: true })
  awaitingKey?: string | null;

  /** Holders of that level who may not act (they acted at another level of the case). */
  @Property({ type: 'text[]', default: '{}' })
  awaitingExcluded: string[] = [];

  /** When the current review level's time limit runs out; null outside review. */
  @Property({ type: 'timestamptz', nullable: true })
  dueAt?: Date | null;

  /** What a closed (销号) case paid, in fen, as its service priced it at closing. */
  @Property({ type: 'bigint', nullable: true })
  paidFen?: number | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
