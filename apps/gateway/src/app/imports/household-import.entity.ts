import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** A household import: its progress while it runs, then its result (every bad row, or the counts). */
@Entity({ tableName: 'household_import' })
export class HouseholdImportJob {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  format!: string;

  /** `running` → `imported` | `rejected` | `failed`. */
  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'bigint' })
  bytesTotal!: string;

  @Property({ type: 'bigint' })
  bytesRead!: string;

  @Property({ type: 'integer' })
  rowsRead!: number;

  @Property({ type: 'integer' })
  households!: number;

  @Property({ type: 'integer' })
  people!: number;

  @Property({ type: 'integer' })
  errorCount!: number;

  /** The bad rows: `[{ line, field, message }]` (the first 1,000). */
  @Property({ type: 'jsonb' })
  errors!: Array<{ line: number; field: string; message: string }>;

  @Property({ type: 'text' })
  startedBy!: string;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;
}
