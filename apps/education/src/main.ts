import { bootstrapCaseService } from '@poverty/service-kit';
import { educationDefinition } from './app/education.definition';
import { EducationModule } from './app/education.module';

bootstrapCaseService(educationDefinition, EducationModule, 3103).catch((error) => {
  console.error(JSON.stringify({ level: 'error', app: 'education', message: 'failed to start', error: String(error?.message ?? error) }));
  process.exit(1);
});
