/**
 * Generates a migration for one service from the difference between its entities and its
 * committed migrations: `npm run migration:create -- identification`.
 * Works against a scratch database that is rebuilt from the committed migrations first.
 */
import { Client } from 'pg';
import { createMigration, migrate } from '@poverty/persistence';
import { serviceOrmConfig } from '@poverty/service-kit';
import { SERVICE_DEFINITIONS } from './service-definitions';

async function main() {
  const service = process.argv[2];
  const definition = SERVICE_DEFINITIONS[service];
  if (!definition) throw new Error(`Unknown service "${service}"; one of: ${Object.keys(SERVICE_DEFINITIONS).join(', ')}`);
  const admin = new Client({ connectionString: process.env['ADMIN_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query('drop database if exists poverty_migration_scratch');
  await admin.query('create database poverty_migration_scratch');
  await admin.end();
  const url = (process.env['ADMIN_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres').replace(/\/[^/]*$/, '/poverty_migration_scratch');
  const config = { ...serviceOrmConfig(definition), clientUrl: url };
  await migrate(config);
  const dir = `apps/${service}/src/migrations`;
  const file = await createMigration(config, dir);
  console.log(file ? `wrote ${dir}/${file}; add it to ${dir}/index.ts` : 'no changes');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
