import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** A durable timer (e.g. the end of a 公示 period), fired once by whichever replica locks it first. */
@Entity({ tableName: 'case_timer' })
@Index({ properties: ['dueAt'], options: {} })
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
