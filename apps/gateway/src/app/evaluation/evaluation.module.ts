import { Module } from '@nestjs/common';
import { GatewayBus } from '../reports/gateway-bus';
import { EvaluationController } from './evaluation.controller';
import { EvaluationService } from './evaluation.service';

/** Third-party evaluation (第三方评估); its tables are in the gateway schema (evaluation.entities.ts). */
@Module({
  controllers: [EvaluationController],
  providers: [EvaluationService, GatewayBus],
})
export class EvaluationModule {}
