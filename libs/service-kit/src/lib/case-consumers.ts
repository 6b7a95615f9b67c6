import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from 'nats';
import { DurableConsumer, serviceDurableName, type Logger, type OutboxRelay } from '@poverty/messaging';
import type { CaseApplication } from './case-application';
import type { CaseServiceDefinition } from './case-service.definition';

/** Runs a service's durable consumers (one DurableConsumer each; replicas share the durable). */
export class CaseConsumerHost {
  private readonly running: DurableConsumer[] = [];

  constructor(
    private readonly definition: CaseServiceDefinition<any>,
    private readonly deps: { nc: NatsConnection; orm: MikroORM; cases: CaseApplication; relay: OutboxRelay; logger: Logger },
  ) {}

  async start(): Promise<void> {
    for (const spec of this.definition.consumers ?? []) {
      const { nc, orm, cases, relay, logger } = this.deps;
      const consumer = new DurableConsumer({
        nc,
        orm,
        schema: this.definition.schema,
        durable: serviceDurableName(this.definition.service, spec.name),
        filterSubjects: [spec.filterSubject],
        logger,
        handle: async (sql, subject, payload, messageId) => {
          await spec.handle(sql, { subject, payload, messageId }, cases);
          // Outbox rows written by the handler leave soon after the commit.
          setTimeout(() => relay.nudge(), 20);
        },
      });
      await consumer.start();
      this.running.push(consumer);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.running.splice(0).map((c) => c.stop()));
  }
}
