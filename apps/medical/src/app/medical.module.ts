import { Module } from '@nestjs/common';
import { CaseServiceModule } from '@poverty/service-kit';
import { medicalDefinition } from './medical.definition';

@Module({
  imports: [CaseServiceModule.register(medicalDefinition)],
})
export class MedicalModule {}
