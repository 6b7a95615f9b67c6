import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export const STACK_FILE = join(tmpdir(), 'poverty-e2e-stack.json');

/** The shared stack started by global-setup. */
export function sharedStack(): { gatewayUrl: string; databaseUrl: string; natsUrl: string } {
  return JSON.parse(readFileSync(STACK_FILE, 'utf8'));
}
