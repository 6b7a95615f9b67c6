import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { natsOptionsFromEnv } from '@poverty/messaging';
import { AccountsService } from './accounts/accounts.service';
import { AdminUsersController } from './accounts/admin-users.controller';
import { GatewayAudit } from './accounts/gateway-audit.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { AccessGuard } from './authorization/access.guard';
import { CasesController } from './cases/cases.controller';
import { InboxController } from './cases/inbox.controller';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { GATEWAY_CONFIG, loadGatewayConfig } from './common/config';
import { NATS_CLIENT, ServiceBus } from './common/service-bus';
import { gatewayOrmConfig } from './gateway-orm.config';
import { HealthController } from './health/health.controller';
import { HouseholdsController } from './households/households.controller';
import { MetricsController } from './operations/metrics.controller';
import { GatewayMetrics } from './operations/metrics';
import { PublicNoticesController } from './public/public-notices.controller';
import { EvaluationModule } from './evaluation/evaluation.module';
import { AuditModule } from './audit/audit.module';
import { ReportsModule } from './reports/reports.module';
import { ImportsModule } from './imports/imports.module';
import { PrivacyModule } from './privacy/privacy.module';
import { MonitoringModule } from './monitoring/monitoring.module';

// Each app connects to NATS as its own user (NATS_USER / NATS_PASSWORD, see docker/nats/auth.conf).
const nats = natsOptionsFromEnv('gateway');

/**
 * The gateway. A new feature adds its controller (with `@Access(...)` on each handler and an
 * entry in authorization/access-policy.ts) to `controllers`, and its services to `providers`.
 */
@Module({
  imports: [
    MikroOrmModule.forRoot({ ...gatewayOrmConfig(), registerRequestContext: false } as any),
    ClientsModule.register([{ name: NATS_CLIENT, transport: Transport.NATS, options: nats as any }]),
    EvaluationModule,
    AuditModule,
    ReportsModule,
    ImportsModule,
    PrivacyModule,
    MonitoringModule,
  ],
  controllers: [
    AuthController,
    AdminUsersController,
    CasesController,
    InboxController,
    HouseholdsController,
    PublicNoticesController,
    HealthController,
    MetricsController,
  ],
  providers: [
    { provide: GATEWAY_CONFIG, useFactory: () => loadGatewayConfig() },
    AuthService,
    AccountsService,
    GatewayAudit,
    GatewayMetrics,
    ServiceBus,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class AppModule {}
