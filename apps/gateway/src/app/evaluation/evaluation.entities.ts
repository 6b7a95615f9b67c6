import {
  Entity,
  Index,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/postgresql';

/** What an engagement lets its evaluators see unmasked (everything else personal is masked). */
export interface Disclosure {
  idNumbers: boolean;
  income: boolean;
  health: boolean;
  phone: boolean;
  bank: boolean;
}

/**
 * A third-party evaluation (第三方评估) of a county's exits: who evaluates (organisation and
 * evaluator accounts), when (a window; access ends with it), and what (townships and the exit year).
 */
@Entity({ tableName: 'engagement' })
export class Engagement {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  organisation!: string;

  /** Evaluator accounts: `[{ id, username }]`. */
  @Property({ type: 'jsonb' })
  evaluators!: Array<{ id: string; username: string }>;

  @Property({ type: 'timestamptz' })
  startsAt!: Date;

  @Property({ type: 'timestamptz' })
  endsAt!: Date;

  @Property({ type: 'jsonb' })
  townshipCodes!: string[];

  /** The exit year evaluated. */
  @Property({ type: 'integer' })
  year!: number;

  /** Share of each township's exited households to sample, in basis points. */
  @Property({ type: 'integer' })
  sampleRateBp!: number;

  @Property({ type: 'jsonb' })
  disclosure!: Disclosure;

  /** Recorded when the sample is drawn; the sample is frozen from then on. */
  @Property({ type: 'text', nullable: true })
  seed?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  sampledAt?: Date | null;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}

/** A household drawn into an engagement's sample (frozen: rows are only ever inserted, once). */
@Entity({ tableName: 'engagement_sample' })
@Unique({ properties: ['engagementId', 'householdId'] })
export class EngagementSample {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  @Index()
  engagementId!: string;

  @Property({ type: 'uuid' })
  householdId!: string;

  @Property({ type: 'text' })
  townshipCode!: string;

  /** Order of drawing within the township. */
  @Property({ type: 'integer' })
  position!: number;
}

/**
 * What the evaluator found: for a sampled household, whether its exit was correct and whether it is
 * satisfied; for a surveyed non-registered household, whether it was missed (漏评) and satisfied.
 */
@Entity({ tableName: 'engagement_finding' })
@Unique({ properties: ['engagementId', 'subjectKey'] })
export class EngagementFinding {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  @Index()
  engagementId!: string;

  /** `sampled` or `nonRegistered`. */
  @Property({ type: 'text' })
  kind!: string;

  /** The sampled household's id, or the evaluator's label of a surveyed non-registered household. */
  @Property({ type: 'text' })
  subjectKey!: string;

  @Property({ type: 'uuid', nullable: true })
  householdId?: string | null;

  /** Sampled: `correct` | `wronglyExited`. */
  @Property({ type: 'text', nullable: true })
  exitVerdict?: string | null;

  /** Non-registered: should have been registered (漏评). */
  @Property({ type: 'boolean', nullable: true })
  missed?: boolean | null;

  /** Null when the household was not asked. */
  @Property({ type: 'boolean', nullable: true })
  satisfied?: boolean | null;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;
}

/** One read of evaluation data by anyone (who, what, when); append-only, shown to auditors. */
@Entity({ tableName: 'evaluation_read' })
export class EvaluationRead {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  @Index()
  engagementId!: string;

  @Property({ type: 'text' })
  actorId!: string;

  @Property({ type: 'text', nullable: true })
  actorName?: string | null;

  /** `record` (a household's verification record), `sample`, `findings`, `report`. */
  @Property({ type: 'text' })
  what!: string;

  @Property({ type: 'uuid', nullable: true })
  householdId?: string | null;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Property({ type: 'text', nullable: true })
  clientIp?: string | null;
}

export const EVALUATION_ENTITIES = [
  Engagement,
  EngagementSample,
  EngagementFinding,
  EvaluationRead,
];
