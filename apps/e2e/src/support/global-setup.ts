import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';
import { STACK_FILE } from './shared-stack';

const root = join(__dirname, '../../../..');
// Jest's module mapping does not reach global setup; resolve @poverty/* like the tests do.
register({ baseUrl: root, paths: JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths });

/**
 * Starts the shared platform once per test run: every service and the gateway as separate
 * processes on a fresh database, connected only through NATS.
 */
export default async function globalSetup() {
  const { startStack } = await import('@poverty/testing');
  const stack = await startStack({
    database: 'poverty_e2e',
    services: { identification: 1 },
    env: { NOTICE_PERIOD: 'PT2S', TIMER_POLL_MS: '200' },
  });
  (globalThis as any).__E2E_STACK__ = stack;
  writeFileSync(STACK_FILE, JSON.stringify({ gatewayUrl: stack.gatewayUrl, databaseUrl: stack.databaseUrl, natsUrl: stack.natsUrl }));
}
