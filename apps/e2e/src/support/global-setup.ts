import './register-paths';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STREAM } from '@poverty/contracts';
import { serviceDurablePrefix } from '@poverty/messaging';
import { startNatsServer, startStack, waitForDurableConsumers } from '@poverty/testing';
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
  const services = { identification: 1, housing: 1, medical: 1, education: 1, 'exit-verification': 1 };
  const stack = await startStack({
    database: process.env['E2E_DB'] ?? 'poverty_e2e',
    natsUrl: privateNats?.url,
    services,
    // Many suites file objections from one address; the limit itself is tested on a gateway of its own.
    env: { NOTICE_PERIOD: 'PT2S', TIMER_POLL_MS: '200', OBJECTION_RATE_LIMIT: '10000' },
  });
  (globalThis as any).__E2E_STACK__ = stack;
  (globalThis as any).__E2E_NATS__ = privateNats;
  // On the machine's NATS the services' durable consumers may first have events of earlier runs to
  // apply (a run stopped half-way, a stack that published without consuming): wait for them once.
  try {
    await waitForDurableConsumers(stack.natsUrl, EVENT_STREAM, {
      namePrefixes: Object.keys(services).map(serviceDurablePrefix),
      report: (line) => process.stderr.write(`e2e setup: ${line}\n`),
    });
  } catch (error) {
    await stack.stop();
    await privateNats?.stop();
    throw error;
  }
  writeFileSync(STACK_FILE, JSON.stringify({ gatewayUrl: stack.gatewayUrl, databaseUrl: stack.databaseUrl, natsUrl: stack.natsUrl }));
}
