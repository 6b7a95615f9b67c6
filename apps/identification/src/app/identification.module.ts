import { Module } from '@nestjs/common';
import { CaseServiceModule } from '@poverty/service-kit';
import { identificationDefinition } from './identification.definition';
import { RosterMessageController } from './roster.message.controller';

@Module({
  imports: [CaseServiceModule.register(identificationDefinition, { controllers: [RosterMessageController] })],
})
export class IdentificationModule {}
