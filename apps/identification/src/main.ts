import { bootstrapCaseService } from '@poverty/service-kit';
import { identificationDefinition } from './app/identification.definition';
import { IdentificationModule } from './app/identification.module';

bootstrapCaseService(identificationDefinition, IdentificationModule, 3100).catch((error) => {
  console.error(JSON.stringify({ level: 'error', app: 'identification', message: 'failed to start', error: String(error?.message ?? error) }));
  process.exit(1);
});
