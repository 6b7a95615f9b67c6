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
  const { startNatsServer, startStack } = await import('@poverty/testing');
  // E2E_PRIVATE_NATS=1 runs a private nats-server, so several runs on one machine cannot
  // answer each other's requests; by default the machine's NATS (NATS_URL) is used.
  const privateNats = process.env['E2E_PRIVATE_NATS'] === '1' ? await startNatsServer() : null;
  const stack = await startStack({
    database: process.env['E2E_DB'] ?? 'poverty_e2e',
    natsUrl: privateNats?.url,
    services: { identification: 1 },
    env: { NOTICE_PERIOD: 'PT2S', TIMER_POLL_MS: '200' },
  });
  (globalThis as any).__E2E_STACK__ = stack;
  (globalThis as any).__E2E_NATS__ = privateNats;
  writeFileSync(STACK_FILE, JSON.stringify({ gatewayUrl: stack.gatewayUrl, databaseUrl: stack.databaseUrl, natsUrl: stack.natsUrl }));
}
