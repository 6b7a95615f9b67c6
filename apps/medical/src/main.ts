import { bootstrapCaseService } from '@poverty/service-kit';
import { medicalDefinition } from './app/medical.definition';
import { MedicalModule } from './app/medical.module';

bootstrapCaseService(medicalDefinition, MedicalModule, 3102).catch((error) => {
  console.error(JSON.stringify({ level: 'error', app: 'medical', message: 'failed to start', error: String(error?.message ?? error) }));
  process.exit(1);
});
