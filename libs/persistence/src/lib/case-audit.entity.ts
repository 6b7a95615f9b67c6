import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';

/**
 * Append-only trail of every transition, hash-chained per case (`hash` covers the row
 * and `prevHash`). A trigger created by the migration refuses UPDATE and DELETE.
 */
@Entity({ tableName: 'case_audit' })
@Unique({ properties: ['caseId', 'seq'] })
export class CaseAudit {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  @Index()
  caseId!: string;

  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'text' })
  actorId!: string;

  @Property({ type: 'text', nullable: true })
  actorName?: string | null;

  @Property({ type: 'text' })
  role!: string;

  @Property({ type: 'text', nullable: true })
  level?: string | null;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'text', nullable: true })
  fromState?: string | null;

  @Property({ type: 'text' })
  toState!: string;

  @Property({ type: 'text' })
  prevHash!: string;

  @Property({ type: 'text' })
  hash!: string;
}
