import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/**
 * The gateway's own audit trail: logins, lockouts, logouts and every change to an account.
 * Append-only (a trigger refuses UPDATE and DELETE); never holds a password or a token.
 */
@Entity({ tableName: 'audit_log' })
@Index({ properties: ['targetId'] })
@Index({ properties: ['at'] })
export class GatewayAuditEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'text', nullable: true })
  actorId?: string | null;

  @Property({ type: 'text', nullable: true })
  actorUsername?: string | null;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text' })
  outcome!: string;

  @Property({ type: 'text', nullable: true })
  targetId?: string | null;

  @Property({ type: 'text', nullable: true })
  targetUsername?: string | null;

  @Property({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Property({ type: 'text', nullable: true })
  clientIp?: string | null;
}
