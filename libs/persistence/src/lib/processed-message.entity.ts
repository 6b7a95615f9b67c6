import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** Messages a durable consumer has applied; inserting twice is how a duplicate is spotted. */
@Entity({ tableName: 'processed_message' })
export class ProcessedMessage {
  @PrimaryKey({ type: 'text' })
  consumer!: string;

  @PrimaryKey({ type: 'text' })
  messageId!: string;

  @Property({ type: 'timestamptz' })
  processedAt!: Date;
}
