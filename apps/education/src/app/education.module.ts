import { Module } from '@nestjs/common';
import { CaseServiceModule } from '@poverty/service-kit';
import { educationDefinition } from './education.definition';

@Module({
  imports: [CaseServiceModule.register(educationDefinition)],
})
export class EducationModule {}
