import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/postgresql';
import { jsonLogger } from '@poverty/messaging';
import { migrate } from '@poverty/persistence';
import { AppModule } from './app/app.module';
import { AuthService } from './app/auth/auth.service';
import { GATEWAY_CONFIG, loadGatewayConfig, type GatewayConfig } from './app/common/config';
import { gatewayOrmConfig } from './app/gateway-orm.config';
import { portalFallback } from './app/common/api-exception.filter';

const logger = jsonLogger('gateway');

/** Creates the gateway app (also used by tests, which listen on a port of their own). */
export async function createGateway(): Promise<NestFastifyApplication> {
  const config = loadGatewayConfig();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter({ bodyLimit: 1_048_576, trustProxy: true }), {
    logger: ['error', 'warn'],
  });
  app.setGlobalPrefix('api/v1', { exclude: [] });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('巩固脱贫 approval platform').setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await servePortal(app, config);
  app.enableShutdownHooks();
  return app;
}

async function servePortal(app: NestFastifyApplication, config: GatewayConfig) {
  const dir = config.portalDir ?? [join(__dirname, '../portal'), resolve(process.cwd(), 'dist/apps/portal')].find((d) => existsSync(join(d, 'index.html')));
  if (!dir) return;
  if (!existsSync(join(dir, 'index.html'))) return;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(require('@fastify/static'), { root: dir, prefix: '/', wildcard: false });
  // Client-side routes of the portal (/cases/…, /public) answer with its index.html.
  portalFallback.enabled = true;
}

async function main() {
  if (process.argv[2] === 'migrate') {
    const applied = await migrate(gatewayOrmConfig());
    const orm = await MikroORM.init(gatewayOrmConfig());
    const created = await new AuthService(orm as any, loadGatewayConfig()).seedDemoAccounts();
    await orm.close(true);
    logger.info('migrations applied', { applied, demoAccountsCreated: created });
    return;
  }
  const app = await createGateway();
  const config = app.get<GatewayConfig>(GATEWAY_CONFIG);
  await app.listen(config.port, config.host);
  logger.info('gateway started', { url: `http://${config.host}:${config.port}` });
}

if (require.main === module) {
  main().catch((error) => {
    logger.error('gateway failed to start', { error: String(error?.message ?? error) });
    process.exit(1);
  });
}
