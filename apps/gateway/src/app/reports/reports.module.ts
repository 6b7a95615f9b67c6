import { Module } from '@nestjs/common';
import { GatewayBus } from './gateway-bus';
import { ProgressService } from './progress.service';
import { ReportsController } from './reports.controller';
import { DispatchController } from './dispatch.controller';
import { DispatchService } from './dispatch.service';

/** County reporting: progress statistics and the monthly dispatch report. */
@Module({
  controllers: [ReportsController, DispatchController],
  providers: [ProgressService, DispatchService, GatewayBus],
})
export class ReportsModule {}
