import { Controller, Get, Inject, ServiceUnavailableException, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider, type Type } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from 'nats';
import { principalKeyFromEnv } from '@poverty/auth';
import { connectNats, ensureEventStream, jsonLogger, OutboxRelay, type Logger } from '@poverty/messaging';
import { CASE_ENTITIES, persistenceConfig } from '@poverty/persistence';
import { isoDurationToMs, machineVersionsFrom } from '@poverty/workflow';
import { CaseApplication } from './case-application';
import { createCaseCommandsController, PRINCIPAL_KEY } from './case-commands.controller';
import { CaseCommands } from './case-commands';
import type { CaseServiceDefinition } from './case-service.definition';
import { CLOCK, systemClock, type Clock } from './clock';
import { TimerScheduler } from './timer-scheduler';
import { CaseConsumerHost } from './case-consumers';

export const CASE_SERVICE_DEFINITION = Symbol('CASE_SERVICE_DEFINITION');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const LOGGER = Symbol('LOGGER');

/**
 * Applies deployment settings (NOTICE_PERIOD, MACHINE_VERSIONS, POLICY_DATE) to a definition and to
 * its definition under every policy version, failing fast on bad values.
 */
export function configureDefinition<T extends CaseServiceDefinition<any>>(input: T): T {
  const machineVersions = input.machineVersions ?? machineVersionsFrom(process.env['MACHINE_VERSIONS']);
  const policyDate = input.policyDate ?? (process.env['POLICY_DATE'] || undefined);
  if (policyDate !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(policyDate) || Number.isNaN(Date.parse(policyDate)))) {
    throw new Error(`POLICY_DATE: "${policyDate}" is not a date YYYY-MM-DD`);
  }
  const noticePeriod = process.env['NOTICE_PERIOD'];
  if (noticePeriod) {
    try {
      isoDurationToMs(noticePeriod);
    } catch (error) {
      throw new Error(`NOTICE_PERIOD: ${(error as Error).message}`);
    }
  }
  const configured = <D extends CaseServiceDefinition<any>>(definition: D): D =>
    noticePeriod ? { ...definition, policy: { ...definition.policy, noticePeriod } } : definition;
  const byPolicy = input.byPolicy && Object.fromEntries(Object.entries(input.byPolicy).map(([id, d]) => [id, configured(d)]));
  return { ...configured(input), machineVersions, policyDate, ...(byPolicy ? { byPolicy } : {}) };
}

/** The ORM options of a service: shared case tables plus its own entities, in its own schema. */
export function serviceOrmConfig(definition: CaseServiceDefinition<any>) {
  return persistenceConfig({
    schema: definition.schema,
    entities: [...CASE_ENTITIES, ...(definition.entities as any[])],
    migrations: definition.migrations,
  });
}

@Injectable()
class CaseServiceLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly relay: OutboxRelay,
    private readonly scheduler: TimerScheduler,
    private readonly consumers: CaseConsumerHost,
    private readonly commands: CaseCommands,
    private readonly cases: CaseApplication,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap() {
    // Before serving: cases written before this read model would be missing from inboxes and counts.
    await this.cases.bringReadModelUpToDate((line) => this.logger.info(line));
    await ensureEventStream(this.nc);
    this.commands.listenForVersions(this.cases.workflow.versions);
    this.relay.start();
    this.scheduler.start();
    await this.consumers.start();
  }

  async onApplicationShutdown() {
    await this.commands.close();
    await this.consumers.stop();
    await this.scheduler.stop();
    await this.relay.stop();
    await this.nc.drain().catch(() => undefined);
  }
}

@Controller('health')
class HealthController {
  constructor(private readonly orm: MikroORM, @Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    const database = await this.orm.em.fork().getConnection().execute('select 1').then(() => 'up', () => 'down');
    const nats = this.nc.isClosed() ? 'down' : 'up';
    const status = database === 'up' && nats === 'up' ? 'ok' : 'degraded';
    if (status !== 'ok') throw new ServiceUnavailableException({ status, checks: { database, nats } });
    return { status, checks: { database, nats } };
  }
}

/**
 * Wires one case service: ORM in its schema, NATS command controller, outbox relay,
 * timer scheduler and health checks. A service adds its own controllers and providers.
 */
@Module({})
export class CaseServiceModule {
  static register(
    input: CaseServiceDefinition<any>,
    extra: { controllers?: Type<unknown>[]; providers?: Provider[]; clock?: Clock } = {},
  ): DynamicModule {
    const definition = configureDefinition(input);
    const logger = jsonLogger(definition.service);
    return {
      module: CaseServiceModule,
      imports: [MikroOrmModule.forRoot({ ...serviceOrmConfig(definition), registerRequestContext: false } as any)],
      controllers: [createCaseCommandsController(definition.service), HealthController, ...(extra.controllers ?? [])],
      providers: [
        { provide: CASE_SERVICE_DEFINITION, useValue: definition },
        { provide: CLOCK, useValue: extra.clock ?? systemClock },
        { provide: LOGGER, useValue: logger },
        { provide: PRINCIPAL_KEY, useFactory: principalKeyFromEnv },
        { provide: NATS_CONNECTION, useFactory: () => connectNats(`${definition.service}-events`) },
        {
          provide: OutboxRelay,
          inject: [MikroORM, NATS_CONNECTION],
          useFactory: (orm: MikroORM, nc: NatsConnection) =>
            new OutboxRelay({ orm, schema: definition.schema, js: nc.jetstream(), logger }),
        },
        {
          provide: CaseApplication,
          inject: [MikroORM, CLOCK, OutboxRelay],
          useFactory: (orm: MikroORM, clock: Clock, relay: OutboxRelay) => new CaseApplication(definition, orm, clock, () => relay.nudge()),
        },
        {
          provide: CaseCommands,
          inject: [CaseApplication, PRINCIPAL_KEY, NATS_CONNECTION],
          useFactory: (cases: CaseApplication, key: string, nc: NatsConnection) => new CaseCommands(definition.service, cases, key, nc, logger),
        },
        { provide: TimerScheduler, inject: [CaseApplication], useFactory: (cases: CaseApplication) => new TimerScheduler(cases, logger) },
        {
          provide: CaseConsumerHost,
          inject: [MikroORM, NATS_CONNECTION, CaseApplication, OutboxRelay],
          useFactory: (orm: MikroORM, nc: NatsConnection, cases: CaseApplication, relay: OutboxRelay) =>
            new CaseConsumerHost(definition, { nc, orm, cases, relay, logger }),
        },
        CaseServiceLifecycle,
        ...(extra.providers ?? []),
      ],
      exports: [CaseApplication, NATS_CONNECTION, LOGGER, CLOCK, PRINCIPAL_KEY, CASE_SERVICE_DEFINITION],
    };
  }
}

export type { Logger };
