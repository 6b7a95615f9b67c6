import { defineConfig, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';
import { CaseAudit } from './case-audit.entity';
import { CaseRecord } from './case-record.entity';
import { CaseClosedTally, CaseStageTally, ReadModelState } from './case-tally.entity';
import { CaseTimer } from './case-timer.entity';
import { OutboxMessage } from './outbox-message.entity';
import { ProcessedMessage } from './processed-message.entity';

/** Entities every case service stores in its own schema. */
export const CASE_ENTITIES = [CaseRecord, CaseAudit, CaseTimer, OutboxMessage, ProcessedMessage, CaseStageTally, CaseClosedTally, ReadModelState];

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/poverty';

export interface PersistenceOptions {
  /** PostgreSQL schema the service owns, e.g. `identification`. */
  schema: string;
  entities: Options['entities'];
  /** Generated migrations, listed so they survive bundling. */
  migrations: MigrationObject[];
  databaseUrl?: string;
  poolMax?: number;
}

/** MikroORM options for one service: its schema, its entities, its committed migrations. */
export function persistenceConfig(options: PersistenceOptions): Options {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: options.databaseUrl ?? process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL,
    schema: options.schema,
    entities: options.entities,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: options.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: 0, max: options.poolMax ?? Number(process.env['DB_POOL_MAX'] ?? 10) },
    allowGlobalContext: false,
    debug: false,
  });
}
