import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MikroORM } from '@mikro-orm/postgresql';
import { generatePrincipalKeyPair } from '@poverty/auth';
import { jsonLogger } from '@poverty/messaging';
import { migrate } from '@poverty/persistence';
import { GatewayAudit } from './app/accounts/gateway-audit.service';
import { AppModule } from './app/app.module';
import { AuthService } from './app/auth/auth.service';
import { GATEWAY_CONFIG, loadGatewayConfig, type GatewayConfig } from './app/common/config';
import { ERROR_BODY_SCHEMA } from './app/common/openapi';
import { gatewayOrmConfig } from './app/gateway-orm.config';
import { portalFallback } from './app/common/api-exception.filter';
import { requestContextHook } from './app/common/request-context';
import { GatewayMetrics } from './app/operations/metrics';

const logger = jsonLogger('gateway');
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Creates the gateway app (also used by tests, which listen on a port of their own). */
export async function createGateway(): Promise<NestFastifyApplication> {
  const config = loadGatewayConfig();
  const adapter = new FastifyAdapter({
    bodyLimit: 1_048_576,
    trustProxy: config.trustProxy as any,
    // A caller's X-Request-Id is kept when it is a plain token; otherwise the gateway makes one.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      // …but never one that could be an ID number: it is echoed and logged.
      return typeof given === 'string' && REQUEST_ID.test(given) && !/\d{11}/.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { logger: ['error', 'warn'] });
  app.setGlobalPrefix('api/v1', { exclude: ['metrics'] });
  // Security headers from one helmet middleware built at start (@fastify/helmet built a new one
  // for every request).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', requestContextHook);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)));
  instrument(app);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('巩固脱贫 approval platform')
      .setDescription(
        'Public HTTP API of the gateway. Errors are always JSON `{statusCode, code, message, field?, details?}` with a stable `code`. ' +
          'Log in at `POST /api/v1/auth/login`, send `Authorization: Bearer <accessToken>`, renew with `POST /api/v1/auth/refresh`. ' +
          'Each operation says which roles may call it (from the access policy); out of your jurisdiction answers 404, a role without the grant 403.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /auth/login (short-lived)' }, 'bearer')
      .build(),
  );
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: ERROR_BODY_SCHEMA as any } };
  // `@Access` documents the error answers; an operation that documents no success of its own gets the 2XX range.
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as Array<{ responses?: Record<string, unknown> }>) {
      if (operation?.responses && !Object.keys(operation.responses).some((s) => s.startsWith('2'))) {
        operation.responses['2XX'] = { description: 'Success' };
      }
    }
  }
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await servePortal(app, config);
  app.enableShutdownHooks();
  return app;
}

/**
 * Per request: the request id echoed back, `Cache-Control: no-store` on every API answer (they
 * carry personal data), one JSON log line (route template, never the raw URL or body) and the
 * Prometheus request metrics.
 */
function instrument(app: NestFastifyApplication) {
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(GatewayMetrics);
  // Callback hooks, not async ones: no promise per hook per request.
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    (request as any).startedAt = process.hrtime.bigint();
    void reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/v1/') || request.url === '/metrics') {
      void reply.header('cache-control', 'no-store');
      void reply.header('pragma', 'no-cache');
    }
    done();
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const seconds = Number(process.hrtime.bigint() - ((request as any).startedAt ?? process.hrtime.bigint())) / 1e9;
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, seconds);
    const actor = (request as any).actor as { userId?: string } | undefined;
    const status = reply.statusCode;
    (status >= 500 ? logger.error : status >= 400 ? logger.warn : logger.info)('request', {
      requestId: request.id,
      method: request.method,
      route,
      status,
      durationMs: Math.round(seconds * 1000),
      ...(actor?.userId ? { userId: actor.userId } : {}),
    });
    done();
  });
}

async function servePortal(app: NestFastifyApplication, config: GatewayConfig) {
  const dir = (config.portalDir && resolve(config.portalDir)) ?? [join(__dirname, '../portal'), resolve(process.cwd(), 'dist/apps/portal')].find((d) => existsSync(join(d, 'index.html')));
  if (!dir) return;
  if (!existsSync(join(dir, 'index.html'))) return;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(require('@fastify/static'), { root: dir, prefix: '/', wildcard: false });
  // Client-side routes of the portal (/cases/…, /public) answer with its index.html.
  portalFallback.enabled = true;
}

async function main() {
  if (process.argv[2] === 'keygen') {
    const pair = generatePrincipalKeyPair();
    process.stdout.write(`PRINCIPAL_PRIVATE_KEY=${pair.privateKey}\nPRINCIPAL_PUBLIC_KEY=${pair.publicKey}\n`);
    return;
  }
  if (process.argv[2] === 'migrate') {
    const config = loadGatewayConfig();
    const applied = await migrate(gatewayOrmConfig());
    const orm = await MikroORM.init(gatewayOrmConfig());
    const created = config.seedDemoAccounts ? await new AuthService(orm as any, config, new GatewayAudit(orm as any)).seedDemoAccounts() : 0;
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
    // Config errors list every bad setting; nothing else of the error is printed.
    logger.error('gateway failed to start', { error: String(error?.message ?? error) });
    process.exit(1);
  });
}
