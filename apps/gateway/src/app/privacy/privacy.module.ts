import { Module } from '@nestjs/common';
import { GatewayBus } from '../reports/gateway-bus';
import { PrivacyController } from './privacy.controller';
import { RevealLog } from './reveal-log.service';

/** Reveals of masked personal data, and their log (table `gateway.personal_data_reveal`). */
@Module({
  controllers: [PrivacyController],
  providers: [RevealLog, GatewayBus],
})
export class PrivacyModule {}
