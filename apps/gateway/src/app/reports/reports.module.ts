import { Module } from '@nestjs/common';
import { GatewayBus } from './gateway-bus';
import { ProgressService } from './progress.service';
import { ReportsController } from './reports.controller';

/** County reporting: progress statistics and the monthly dispatch report. */
@Module({
  controllers: [ReportsController],
  providers: [ProgressService, GatewayBus],
})
export class ReportsModule {}
