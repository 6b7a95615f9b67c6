import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/** Where global setup tells the test files about the stack (one file per database, so parallel runs do not mix). */
export const STACK_FILE = join(tmpdir(), `poverty-e2e-stack-${process.env['E2E_DB'] ?? 'poverty_e2e'}.json`);

/** The shared stack started by global-setup. */
export function sharedStack(): { gatewayUrl: string; databaseUrl: string; natsUrl: string } {
  return JSON.parse(readFileSync(STACK_FILE, 'utf8'));
}
