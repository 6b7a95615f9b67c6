import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** A durable timer (e.g. the end of a 公示 period), fired once by whichever replica locks it first. */
@Entity({ tableName: 'case_timer' })
// Only pending timers: fired ones are kept for the record, and a poll that walked them all cost
// 171 ms at 1,000,000 cases, twice a second in every service (tools/bench/README.md).
@Index({
  name: 'case_timer_pending_index',
  expression: (table) => `create index "case_timer_pending_index" on "${table.schema}"."${table.name}" ("due_at") where "fired_at" is null and "cancelled_at" is null`,
})
export class CaseTimer {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'timestamptz' })
  dueAt!: Date;

  @Property({ type: 'jsonb' })
  event!: Record<string, unknown>;

  @Property({ type: 'timestamptz', nullable: true })
  firedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  cancelledAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  outcome?: string | null;
}
