import { bootstrapCaseService } from '@poverty/service-kit';
import { exitDefinition } from './app/exit-verification.definition';
import { ExitVerificationModule } from './app/exit-verification.module';

bootstrapCaseService(exitDefinition, ExitVerificationModule, 3104).catch((error) => {
  console.error(JSON.stringify({ level: 'error', app: 'exit-verification', message: 'failed to start', error: String(error?.message ?? error) }));
  process.exit(1);
});
