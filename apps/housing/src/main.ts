import { bootstrapCaseService } from '@poverty/service-kit';
import { housingDefinition } from './app/housing.definition';
import { HousingModule } from './app/housing.module';

bootstrapCaseService(housingDefinition, HousingModule, 3101).catch((error) => {
  console.error(JSON.stringify({ level: 'error', app: 'housing', message: 'failed to start', error: String(error?.message ?? error) }));
  process.exit(1);
});
