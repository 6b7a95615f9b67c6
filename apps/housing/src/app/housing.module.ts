import { Module } from '@nestjs/common';
import { CaseServiceModule } from '@poverty/service-kit';
import { housingDefinition } from './housing.definition';

@Module({
  imports: [CaseServiceModule.register(housingDefinition)],
})
export class HousingModule {}
