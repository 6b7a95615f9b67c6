import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { natsOptionsFromEnv, jsonLogger } from '@poverty/messaging';
import { MikroORM } from '@mikro-orm/postgresql';
import { migrate, SqlDatabase } from '@poverty/persistence';
import { CaseApplication } from './case-application';
import type { CaseServiceDefinition } from './case-service.definition';
import { configureDefinition, serviceOrmConfig } from './case-service.module';
import { systemClock } from './clock';
import { formatMigrationReport, migrateMachineVersion } from './machine-migration';

/** `--name value` of the command line, or undefined. */
function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

function versionOption(args: string[], name: string): number {
  const value = Number(option(args, name));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} <machine version> is required, e.g. --from 1 --to 2`);
  return value;
}

/**
 * `main.js machine-migrate --from 1 --to 2 [--apply] [--by <user id>] [--batch 200] [--json]`: moves the
 * service's cases to the next approval-machine version (see `migrateMachineVersion`); a dry run
 * unless `--apply`. Prints the report; exits 0 unless the run itself failed.
 */
async function runMachineMigration(definition: CaseServiceDefinition<any>, args: string[]): Promise<void> {
  const from = versionOption(args, 'from');
  const to = versionOption(args, 'to');
  const orm = await MikroORM.init(serviceOrmConfig(definition));
  try {
    const cases = new CaseApplication(definition, orm, systemClock);
    const report = await migrateMachineVersion(cases, new SqlDatabase(orm), {
      from,
      to,
      apply: args.includes('--apply'),
      batchSize: option(args, 'batch') ? Number(option(args, 'batch')) : undefined,
      operator: { userId: option(args, 'by') ?? 'system', displayName: option(args, 'by') ? undefined : '系统（版本迁移）' },
    });
    console.log(args.includes('--json') ? JSON.stringify(report) : formatMigrationReport(report));
  } finally {
    await orm.close(true);
  }
}

/**
 * Entry point of every case service: `main.js migrate` runs its migrations (safe twice),
 * `main.js machine-migrate …` moves cases to the next approval-machine version; otherwise it answers NATS commands in the `<service>` queue group (so replicas share
 * the load) and serves health checks over HTTP on PORT.
 */
export async function bootstrapCaseService(definition: CaseServiceDefinition<any>, module: unknown, defaultPort: number): Promise<void> {
  const logger = jsonLogger(definition.service);
  const config = serviceOrmConfig(configureDefinition(definition));
  if (process.argv[2] === 'migrate') {
    const applied = await migrate(config);
    logger.info('migrations applied', { applied });
    return;
  }
  if (process.argv[2] === 'machine-migrate') {
    await runMachineMigration(configureDefinition(definition), process.argv.slice(3));
    return;
  }
  const app = await NestFactory.create<NestFastifyApplication>(module as any, new FastifyAdapter(), { logger: ['error', 'warn'] });
  // The command connection keeps reconnecting as long as the events connection does: with
  // nats.js's default it gave up after ten attempts (≈20 s), and the service stayed up but deaf.
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.NATS,
    options: { ...natsOptionsFromEnv(definition.service), queue: definition.service },
  });
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  const port = Number(process.env['PORT'] ?? defaultPort);
  await app.listen(port, process.env['HOST'] ?? '127.0.0.1');
  logger.info('service started', { port, queue: definition.service, machineVersions: configureDefinition(definition).machineVersions });
}
