import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/**
 * One reveal of a masked personal field by an official (who, which case and field, why, when).
 * Append-only (a trigger refuses UPDATE and DELETE), written before the value is answered, read by
 * auditors. Never holds the value.
 */
@Entity({ tableName: 'personal_data_reveal' })
@Index({ properties: ['caseId'] })
@Index({ properties: ['at'] })
export class PersonalDataReveal {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'text' })
  actorId!: string;

  @Property({ type: 'text', nullable: true })
  actorName?: string | null;

  @Property({ type: 'text' })
  role!: string;

  @Property({ type: 'text' })
  service!: string;

  @Property({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'uuid', nullable: true })
  householdId?: string | null;

  @Property({ type: 'text' })
  townshipCode!: string;

  @Property({ type: 'text' })
  villageCode!: string;

  /** The field's path in the case data (`householdHead.idNumber`). */
  @Property({ type: 'text' })
  field!: string;

  /** `idNumbers`, `income`, `health`, `phone` or `bank`. */
  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Property({ type: 'text', nullable: true })
  clientIp?: string | null;
}
