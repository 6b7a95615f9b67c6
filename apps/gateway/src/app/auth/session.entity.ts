import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** One login: refresh tokens rotate within it; revoking it ends every token it issued. */
@Entity({ tableName: 'session' })
@Index({ properties: ['accountId'] })
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  accountId!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  /** Absolute end: refreshing never extends a session past it. */
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  revokedReason?: string | null;
}

/** A refresh token, stored only as a SHA-256 digest; used once, then replaced. */
@Entity({ tableName: 'refresh_token' })
@Index({ properties: ['sessionId'] })
export class RefreshToken {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  sessionId!: string;

  @Property({ type: 'text', hidden: true })
  tokenHash!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  usedAt?: Date | null;
}
