import { Module } from '@nestjs/common';
import { CaseServiceModule } from '@poverty/service-kit';
import { exitDefinition } from './exit-verification.definition';

@Module({
  imports: [CaseServiceModule.register(exitDefinition)],
})
export class ExitVerificationModule {}
