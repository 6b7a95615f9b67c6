import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';

/** One account per person. Passwords are stored only as argon2id hashes. */
@Entity({ tableName: 'account' })
export class Account {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  @Unique()
  username!: string;

  @Property({ type: 'text' })
  displayName!: string;

  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  @Property({ type: 'jsonb' })
  roles!: string[];

  @Property({ type: 'text', nullable: true })
  townshipCode?: string | null;

  @Property({ type: 'text', nullable: true })
  villageCode?: string | null;

  @Property({ type: 'text', nullable: true })
  department?: string | null;

  @Property({ type: 'boolean' })
  disabled = false;

  @Property({ type: 'integer' })
  failedLogins = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  passwordChangedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastLoginAt?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
