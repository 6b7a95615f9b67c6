import { Module } from '@nestjs/common';
import { GatewayBus } from '../reports/gateway-bus';
import { AuditController } from './audit.controller';

/** The audit trail for auditors: per-case trails and chain verification across services. */
@Module({ controllers: [AuditController], providers: [GatewayBus] })
export class AuditModule {}
