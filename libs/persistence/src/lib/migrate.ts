import { MikroORM } from '@mikro-orm/postgresql';
import type { Options } from '@mikro-orm/postgresql';

/** Creates the schema if needed and runs pending migrations; running it twice changes nothing. */
export async function migrate(config: Options): Promise<string[]> {
  const orm = await MikroORM.init(config);
  try {
    await orm.em.getConnection().execute(`create schema if not exists "${config.schema}"`);
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

/** Writes a new migration from the difference between the entities and the database. */
export async function createMigration(config: Options, path: string): Promise<string | null> {
  const orm = await MikroORM.init({ ...config, migrations: { ...config.migrations, path, pathTs: path, snapshot: false, emit: 'ts' } });
  try {
    await orm.em.getConnection().execute(`create schema if not exists "${config.schema}"`);
    const result = await orm.getMigrator().createMigration(path);
    return result.fileName || null;
  } finally {
    await orm.close(true);
  }
}

/**
 * SQL that makes a schema's audit table append-only: UPDATE and DELETE raise an error.
 * Tampering then needs a superuser who disables the trigger, and the hash chain still shows it.
 */
export function auditAppendOnlySql(schema: string): string[] {
  return [
    `create or replace function "${schema}".case_audit_append_only() returns trigger language plpgsql as $$
     begin raise exception 'case_audit is append-only'; end $$;`,
    `create trigger case_audit_no_update_delete before update or delete on "${schema}".case_audit
     for each row execute function "${schema}".case_audit_append_only();`,
  ];
}
