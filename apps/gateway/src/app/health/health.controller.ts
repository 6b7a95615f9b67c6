import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/core';
import { ClientProxy } from '@nestjs/microservices';
import { PublicRoute } from '../auth/auth.guard';
import { NATS_CLIENT } from '../common/service-bus';

@ApiTags('operations')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(private readonly orm: MikroORM, @Inject(NATS_CLIENT) private readonly nats: ClientProxy) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    const database = await this.orm.em.fork().getConnection().execute('select 1').then(() => 'up', () => 'down');
    const nats = await this.nats.connect().then(() => 'up', () => 'down');
    return { status: database === 'up' && nats === 'up' ? 'ok' : 'degraded', checks: { database, nats } };
  }
}
