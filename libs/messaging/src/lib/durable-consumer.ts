import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import type { MikroORM } from '@mikro-orm/postgresql';
import { EVENT_STREAM } from '@poverty/contracts';
import { SqlDatabase, type SqlTransaction } from '@poverty/persistence';
import type { Logger } from './logger';

/** The durables of one service: named `<service>-<purpose>` (tests wait for them by this prefix). */
export function serviceDurablePrefix(service: string): string {
  return `${service}-`;
}

/** A service's durable for one purpose; its replicas share it. */
export function serviceDurableName(service: string, purpose: string): string {
  return `${serviceDurablePrefix(service)}${purpose}`;
}

export interface DurableConsumerOptions {
  nc: NatsConnection;
  orm: MikroORM;
  schema: string;
  /** Durable name: one per (service, purpose); replicas share it. */
  durable: string;
  filterSubjects: string[];
  logger: Logger;
  /** Applies one event inside the transaction that also records it as processed. */
  handle: (sql: SqlTransaction, subject: string, payload: any, messageId: string) => Promise<void>;
}

/**
 * A durable JetStream pull consumer that applies each message once: the processed-message
 * row and the handler's writes commit together, and the ack is sent only after the commit.
 * A redelivery after a crash finds the row and is acked without being applied again.
 */
export class DurableConsumer {
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  private readonly db: SqlDatabase;

  constructor(private readonly options: DurableConsumerOptions) {
    this.db = new SqlDatabase(options.orm);
  }

  async start(): Promise<void> {
    const { nc, durable, filterSubjects } = this.options;
    const jsm = await nc.jetstreamManager();
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: 30 * 1_000_000_000,
      max_deliver: -1,
      ...(filterSubjects.length === 1 ? { filter_subject: filterSubjects[0] } : { filter_subjects: filterSubjects }),
    };
    try {
      await jsm.consumers.info(EVENT_STREAM, durable);
    } catch {
      try {
        await jsm.consumers.add(EVENT_STREAM, config);
      } catch (error) {
        if (!String((error as Error).message).includes('already')) throw error;
      }
    }
    const consumer = await nc.jetstream().consumers.get(EVENT_STREAM, durable);
    this.messages = await consumer.consume({ max_messages: 64 });
    this.loop = this.run(this.messages);
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      await this.process(msg);
    }
  }

  private async process(msg: JsMsg): Promise<void> {
    const messageId = msg.headers?.get('Nats-Msg-Id') || `${EVENT_STREAM}:${msg.seq}`;
    const { schema, durable, handle, logger } = this.options;
    try {
      await this.db.transaction(async (sql) => {
        const inserted = await sql.run(`insert into "${schema}".processed_message (consumer, message_id, processed_at) values (?,?,now()) on conflict do nothing`, [
          durable,
          messageId,
        ]);
        if (inserted !== 1) return; // already applied: a redelivery
        await handle(sql, msg.subject, JSON.parse(Buffer.from(msg.data).toString('utf8')), messageId);
      });
      msg.ack();
    } catch (error) {
      logger.error('event handling failed; will be redelivered', { consumer: durable, subject: msg.subject, error: (error as Error).message });
      msg.nak(1000);
    }
  }
}
