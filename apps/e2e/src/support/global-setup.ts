import './register-paths';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNatsServer, startStack } from '@poverty/testing';
import { ensurePortalBuilt } from './portal-build';
import { STACK_FILE } from './shared-stack';

const root = join(__dirname, '../../../..');

/**
 * Starts the shared platform once per test run: every service and the gateway as separate
 * processes on a fresh database, connected only through NATS.
 */
export default async function globalSetup() {
  // The gateway serves dist/apps/portal for the browser tests only if it exists when it starts.
  ensurePortalBuilt(root);
  // E2E_PRIVATE_NATS=1 runs a private nats-server, so several runs on one machine cannot
  // answer each other's requests; by default the machine's NATS (NATS_URL) is used.
  const privateNats = process.env['E2E_PRIVATE_NATS'] === '1' ? await startNatsServer() : null;
  const stack = await startStack({
    database: process.env['E2E_DB'] ?? 'poverty_e2e',
    natsUrl: privateNats?.url,
    services: { identification: 1, housing: 1, medical: 1, education: 1, 'exit-verification': 1 },
    // Many suites file objections from one address; the limit itself is tested on a gateway of its own.
    env: { NOTICE_PERIOD: 'PT2S', TIMER_POLL_MS: '200', OBJECTION_RATE_LIMIT: '10000' },
  });
  (globalThis as any).__E2E_STACK__ = stack;
  (globalThis as any).__E2E_NATS__ = privateNats;
  writeFileSync(STACK_FILE, JSON.stringify({ gatewayUrl: stack.gatewayUrl, databaseUrl: stack.databaseUrl, natsUrl: stack.natsUrl }));
}
