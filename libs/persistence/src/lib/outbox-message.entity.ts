import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** An event written in the same transaction as the state change; the relay publishes it. */
@Entity({ tableName: 'outbox' })
@Index({ properties: ['publishedAt', 'createdAt'] })
export class OutboxMessage {
  /** Also the JetStream `Nats-Msg-Id`, so a re-publish after a crash is deduplicated. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt?: Date | null;

  /** Until when a relay that claimed the row is left to publish it (see OutboxRelay). */
  @Property({ type: 'timestamptz', nullable: true })
  claimedUntil?: Date | null;

  @Property({ type: 'integer' })
  attempts: number = 0;
}
