import { Module } from '@nestjs/common';
import { CaseServiceModule } from '@poverty/service-kit';
import { identificationDefinition } from './identification.definition';
import { RosterMessageController } from './roster.message.controller';
import { HouseholdImportMessageController } from './household-import.message.controller';
import { RosterReportingMessageController } from './roster-reporting.message.controller';
import { MonitoringMessageController } from './monitoring/monitoring.message.controller';

@Module({
  imports: [CaseServiceModule.register(identificationDefinition, { controllers: [RosterMessageController, HouseholdImportMessageController, RosterReportingMessageController, MonitoringMessageController] })],
})
export class IdentificationModule {}
