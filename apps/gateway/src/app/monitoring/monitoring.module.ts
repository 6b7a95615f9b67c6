import { Module } from '@nestjs/common';
import { GatewayBus } from '../reports/gateway-bus';
import { MonitoringController } from './monitoring.controller';

/** 防返贫 monitoring: flags and follow-up tasks, held by identification. */
@Module({
  controllers: [MonitoringController],
  providers: [GatewayBus],
})
export class MonitoringModule {}
