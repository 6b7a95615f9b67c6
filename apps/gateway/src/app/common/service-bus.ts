import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { JSONCodec, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { ERROR, errorBody, type CommandEnvelope, type ErrorBody } from '@poverty/contracts';
import { signPrincipal } from '@poverty/auth';
import type { Actor } from '@poverty/workflow';
import { ApiError } from './api-error';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { currentRequest } from './request-context';

export const NATS_CLIENT = 'NATS_CLIENT';
const codec = JSONCodec();

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).code === 'string';
}

/**
 * Sends commands to the services over NATS request/reply. Each carries a short-lived
 * principal signed with the gateway's key, so services can check who acts.
 */
@Injectable()
export class ServiceBus implements OnApplicationShutdown {
  constructor(
    @Inject(NATS_CLIENT) private readonly client: ClientProxy,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async request<T>(subject: string, actor: Actor | null, payload: unknown, correlationId: string = currentRequest()?.requestId || randomUUID()): Promise<T> {
    const envelope: CommandEnvelope<unknown> = {
      // Signed for this one command (correlation id and payload digest), valid for seconds.
      principal: actor ? signPrincipal(actor, this.config.principalKey, this.config.principalTtlSeconds, { correlationId, payload }) : null,
      correlationId,
      timestamp: new Date().toISOString(),
      payload,
    };
    let reply: { response?: T; err?: unknown };
    try {
      // Nest's request packet over the connection's shared reply subscription: one PUB per
      // command (ClientProxy.send subscribes and unsubscribes a fresh inbox for each one).
      const nc = await this.connection();
      const message = await nc.request(subject, codec.encode({ pattern: subject, data: envelope, id: randomUUID() }), { timeout: this.config.natsTimeoutMs });
      reply = codec.decode(message.data) as typeof reply;
    } catch {
      throw ApiError.of(ERROR.SERVICE_UNAVAILABLE, `The service behind ${subject.split('.').slice(0, 2).join('.')} did not answer`);
    }
    if (reply.err !== undefined) {
      if (isErrorBody(reply.err)) throw new ApiError({ ...errorBody(reply.err.code, reply.err.message), ...reply.err });
      throw ApiError.of(ERROR.INTERNAL, 'The service failed to answer');
    }
    return reply.response as T;
  }

  private natsConnection: Promise<NatsConnection> | null = null;

  private connection(): Promise<NatsConnection> {
    this.natsConnection ??= this.client
      .connect()
      .then(() => this.client.unwrap<NatsConnection>())
      .catch((error) => {
        this.natsConnection = null; // try again on the next command
        throw error;
      });
    return this.natsConnection;
  }

  /** Like `request`, but a missing service yields `null` instead of failing the whole call. */
  async tryRequest<T>(subject: string, actor: Actor | null, payload: unknown): Promise<T | null> {
    try {
      return await this.request<T>(subject, actor, payload);
    } catch (error) {
      if (error instanceof ApiError && error.body.code === ERROR.SERVICE_UNAVAILABLE) return null;
      throw error;
    }
  }

  async onApplicationShutdown() {
    await this.client.close();
  }
}
