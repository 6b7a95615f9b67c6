import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { natsOptionsFromEnv, jsonLogger } from '@poverty/messaging';
import { migrate } from '@poverty/persistence';
import type { CaseServiceDefinition } from './case-service.definition';
import { configureDefinition, serviceOrmConfig } from './case-service.module';

/**
 * Entry point of every case service: `main.js migrate` runs its migrations (safe twice);
 * otherwise it answers NATS commands in the `<service>` queue group (so replicas share
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
  logger.info('service started', { port, queue: definition.service });
}
