/**
 * Generates a migration for one service from the difference between its entities and its
 * committed migrations: `npm run migration:create -- identification`.
 * Works against a scratch database that is rebuilt from the committed migrations first.
 */
import { Client } from 'pg';
import { createMigration, migrate } from '@poverty/persistence';
import { appOrmConfigs } from './service-definitions';

async function main() {
  const service = process.argv[2];
  const base = appOrmConfigs()[service];
  if (!base) throw new Error(`Unknown app "${service}"; one of: ${Object.keys(appOrmConfigs()).join(', ')}`);
  const admin = new Client({ connectionString: process.env['ADMIN_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query('drop database if exists poverty_migration_scratch');
  await admin.query('create database poverty_migration_scratch');
  await admin.end();
  const url = (process.env['ADMIN_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres').replace(/\/[^/]*$/, '/poverty_migration_scratch');
  const config = { ...base, clientUrl: url };
  await migrate(config);
  const dir = service === 'gateway' ? 'apps/gateway/src/app/migrations' : `apps/${service}/src/migrations`;
  const file = await createMigration(config, dir);
  console.log(file ? `wrote ${dir}/${file}; add it to ${dir}/index.ts` : 'no changes');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
