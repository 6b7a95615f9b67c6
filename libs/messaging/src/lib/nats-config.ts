import { connect, type ConnectionOptions, type NatsConnection } from 'nats';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** Connection options from NATS_SERVERS (or NATS_URL), NATS_USER and NATS_PASSWORD. */
export function natsOptionsFromEnv(name: string): ConnectionOptions {
  const servers = (process.env['NATS_SERVERS'] ?? process.env['NATS_URL'] ?? DEFAULT_NATS_URL).split(',').map((s) => s.trim());
  const user = process.env['NATS_USER'];
  const pass = process.env['NATS_PASSWORD'];
  return {
    servers,
    name,
    ...(user ? { user, pass } : {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // Otherwise every request captures two stack traces up front, in case it times out (≈0.1 ms
    // of CPU a command); a timeout here is answered as "service unavailable" either way.
    noAsyncTraces: true,
  };
}

export function connectNats(name: string): Promise<NatsConnection> {
  return connect(natsOptionsFromEnv(name));
}
