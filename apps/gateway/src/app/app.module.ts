import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { natsOptionsFromEnv } from '@poverty/messaging';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { CasesController } from './cases/cases.controller';
import { InboxController } from './cases/inbox.controller';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { GATEWAY_CONFIG, loadGatewayConfig } from './common/config';
import { NATS_CLIENT, ServiceBus } from './common/service-bus';
import { gatewayOrmConfig } from './gateway-orm.config';
import { HealthController } from './health/health.controller';
import { HouseholdsController } from './households/households.controller';
import { PublicNoticesController } from './public/public-notices.controller';

const nats = natsOptionsFromEnv('gateway');

@Module({
  imports: [
    MikroOrmModule.forRoot({ ...gatewayOrmConfig(), registerRequestContext: false } as any),
    ClientsModule.register([
      { name: NATS_CLIENT, transport: Transport.NATS, options: { servers: nats.servers as string[], user: nats.user, pass: nats.pass, name: 'gateway' } },
    ]),
  ],
  controllers: [AuthController, CasesController, InboxController, HouseholdsController, PublicNoticesController, HealthController],
  providers: [
    { provide: GATEWAY_CONFIG, useFactory: loadGatewayConfig },
    AuthService,
    ServiceBus,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class AppModule {}
