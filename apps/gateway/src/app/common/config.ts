import { DEFAULT_DATABASE_URL } from '@poverty/persistence';
import { DEFAULT_NATS_URL } from '@poverty/messaging';
import { principalKeyFromEnv } from '@poverty/auth';

/** Gateway settings, read and checked once at start: a bad value stops it with a clear message. */
export interface GatewayConfig {
  port: number;
  host: string;
  databaseUrl: string;
  natsServers: string[];
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  principalKey: string;
  natsTimeoutMs: number;
  portalDir: string | null;
}

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me';

function integer(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Config ${name}="${raw}" must be an integer between ${min} and ${max}`);
  }
  return value;
}

export function loadGatewayConfig(): GatewayConfig {
  const production = process.env['NODE_ENV'] === 'production';
  const jwtSecret = process.env['JWT_SECRET'] ?? (production ? '' : DEV_JWT_SECRET);
  if (!jwtSecret) throw new Error('Config JWT_SECRET must be set in production');
  if (production && jwtSecret.length < 32) throw new Error('Config JWT_SECRET must be at least 32 characters');
  return {
    port: integer('PORT', 3000, 0, 65535),
    host: process.env['HOST'] ?? '127.0.0.1',
    databaseUrl: process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL,
    natsServers: (process.env['NATS_SERVERS'] ?? process.env['NATS_URL'] ?? DEFAULT_NATS_URL).split(',').map((s) => s.trim()),
    jwtSecret,
    accessTokenTtlSeconds: integer('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400),
    principalKey: principalKeyFromEnv(),
    natsTimeoutMs: integer('NATS_TIMEOUT_MS', 10_000, 100, 120_000),
    portalDir: process.env['PORTAL_DIR'] ?? null,
  };
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
