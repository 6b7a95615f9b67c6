import { recreateDatabase } from './databases';
import { freePort, migrateApp, startApp, type AppProcess } from './processes';

export interface StackOptions {
  /** Database name, re-created empty. */
  database: string;
  natsUrl?: string;
  /** Services and how many replicas of each (gateway always runs one). */
  services: Record<string, number>;
  /**
   * Extra environment for every app (e.g. NOTICE_PERIOD, TIMER_POLL_MS). POLICY_DATE is 2019-06-01
   * unless given: the suites' figures are the 2019 plan's (`POLICY_DATE: ''` for the real date).
   */
  env?: Record<string, string>;
}

export interface Stack {
  gatewayUrl: string;
  databaseUrl: string;
  natsUrl: string;
  env: Record<string, string>;
  gateway: AppProcess;
  services: Record<string, AppProcess[]>;
  /**
   * Starts one more replica of a service against the same database and NATS; `env` adds to or
   * overrides the stack's (e.g. `MACHINE_VERSIONS` for a replica of another build).
   */
  startReplica(service: string, env?: Record<string, string>): Promise<AppProcess>;
  stop(): Promise<void>;
}

/**
 * A real platform for end-to-end tests: a fresh PostgreSQL database, migrations, service
 * processes and a gateway process, talking only over NATS.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const databaseUrl = await recreateDatabase(options.database);
  const natsUrl = options.natsUrl ?? process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
  const env = { DATABASE_URL: databaseUrl, NATS_URL: natsUrl, LOG_LEVEL: 'silent', POLICY_DATE: '2019-06-01', ...options.env };
  const apps = ['gateway', ...Object.keys(options.services)];
  for (const app of apps) await migrateApp(app, env);
  const services: Record<string, AppProcess[]> = {};
  const startReplica = async (service: string, extra: Record<string, string> = {}) => {
    const replica = await startApp(service, { ...env, ...extra });
    (services[service] ??= []).push(replica);
    return replica;
  };
  await Promise.all(
    Object.entries(options.services).flatMap(([service, replicas]) => Array.from({ length: replicas }, () => startReplica(service))),
  );
  const gatewayPort = await freePort();
  const gateway = await startApp('gateway', { ...env, PORT: String(gatewayPort) }, { healthPath: '/api/v1/health/ready' });
  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    databaseUrl,
    natsUrl,
    env,
    gateway,
    services,
    startReplica,
    async stop() {
      await Promise.all([gateway, ...Object.values(services).flat()].map((p) => p.kill('SIGTERM')));
    },
  };
}
