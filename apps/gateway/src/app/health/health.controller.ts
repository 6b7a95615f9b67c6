import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/core';
import { ClientProxy } from '@nestjs/microservices';
import type { FastifyReply } from 'fastify';
import { Access } from '../authorization/access.guard';
import { NATS_CLIENT } from '../common/service-bus';

const CHECK_TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, fail) => setTimeout(() => fail(new Error('timeout')), ms).unref())]);
}

const READY_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'down'] },
    checks: { type: 'object', properties: { database: { type: 'string', enum: ['up', 'down'] }, nats: { type: 'string', enum: ['up', 'down'] } } },
  },
};

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly orm: MikroORM, @Inject(NATS_CLIENT) private readonly nats: ClientProxy) {}

  @Get('live')
  @Access('health.live')
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Access('health.ready')
  @ApiOkResponse({ schema: READY_SCHEMA })
  @ApiResponse({ status: 503, description: 'A dependency is down', schema: READY_SCHEMA })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, nats] = await Promise.all([
      within(this.orm.em.fork().getConnection().execute('select 1'), CHECK_TIMEOUT_MS).then(() => 'up', () => 'down'),
      this.natsUp().then((up) => (up ? 'up' : 'down')),
    ]);
    const ok = database === 'up' && nats === 'up';
    if (!ok) void reply.status(503);
    return { status: ok ? 'ok' : 'down', checks: { database, nats } };
  }

  /** Connected and answering a round trip (a flush) to the server. */
  private async natsUp(): Promise<boolean> {
    try {
      await within(this.nats.connect(), CHECK_TIMEOUT_MS);
      const connection = (this.nats as unknown as { natsClient?: { isClosed(): boolean; flush(): Promise<void> } }).natsClient;
      if (!connection || connection.isClosed()) return false;
      await within(connection.flush(), CHECK_TIMEOUT_MS);
      return true;
    } catch {
      return false;
    }
  }
}
