import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/**
 * A 防返贫 risk flag on a roster household: the rule that raised it, the figures it compared (the
 * household's own are personal data, masked when shown) and the event it came from.
 */
@Entity({ tableName: 'risk_flag' })
@Index({ properties: ['townshipCode', 'villageCode'] })
@Index({ properties: ['householdId'] })
export class RiskFlag {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  householdId!: string;

  @Property({ type: 'text' })
  townshipCode!: string;

  @Property({ type: 'text' })
  villageCode!: string;

  /** `medicalCosts`, `dangerousHouse`, `incomeNearLine`, `educationBurden`. */
  @Property({ type: 'text' })
  rule!: string;

  @Property({ type: 'text' })
  label!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'jsonb' })
  figures!: Record<string, unknown>;

  /** The county policy version whose rules raised it. */
  @Property({ type: 'text' })
  policyId!: string;

  @Property({ type: 'text' })
  sourceService!: string;

  @Property({ type: 'uuid', nullable: true })
  sourceCaseId?: string | null;

  /** The JetStream message that raised it. */
  @Property({ type: 'text' })
  messageId!: string;

  /** `open` until its follow-up task is closed with a measure. */
  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'timestamptz' })
  raisedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;
}

/** The follow-up (帮扶措施) a flag gives the household's village, due by a date; closed only with the measure taken. */
@Entity({ tableName: 'follow_up_task' })
@Index({ properties: ['villageCode', 'status'] })
export class FollowUpTask {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid', unique: true })
  flagId!: string;

  @Property({ type: 'uuid' })
  householdId!: string;

  @Property({ type: 'text' })
  townshipCode!: string;

  @Property({ type: 'text' })
  villageCode!: string;

  @Property({ type: 'timestamptz' })
  dueAt!: Date;

  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'text', nullable: true })
  measureKind?: string | null;

  @Property({ type: 'text', nullable: true })
  measure?: string | null;

  @Property({ type: 'text', nullable: true })
  closedBy?: string | null;

  @Property({ type: 'text', nullable: true })
  closedByName?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}

export const MONITORING_ENTITIES = [RiskFlag, FollowUpTask];
