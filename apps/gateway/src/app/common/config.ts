import { DEFAULT_DATABASE_URL } from '@poverty/persistence';
import { DEFAULT_NATS_URL } from '@poverty/messaging';
import { principalSigningKeyFromEnv } from '@poverty/auth';

/** Gateway settings, read and checked once at start: a bad value stops it with a clear message. */
export interface GatewayConfig {
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string;
  natsServers: string[];
  natsUser: string | null;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  principalKey: string;
  principalTtlSeconds: number;
  natsTimeoutMs: number;
  portalDir: string | null;
  logLevel: 'silent' | 'error' | 'warn' | 'info';
  /** Consecutive failed logins that lock an account, and for how long. */
  loginMaxFailures: number;
  loginLockoutSeconds: number;
  /** How long a session's revocation may take to reach another gateway instance. */
  sessionCheckCacheMs: number;
  objectionRateLimit: number;
  objectionRateWindowSeconds: number;
  /** Fastify `trustProxy`: false, a hop count, or a comma-separated list of proxy addresses. */
  trustProxy: boolean | number | string;
  /** When set, `/metrics` needs `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  seedDemoAccounts: boolean;
}

/** Every setting the gateway reads, for error messages and the README. */
export const GATEWAY_ENV = [
  'PORT', 'HOST', 'DATABASE_URL', 'NATS_SERVERS', 'NATS_URL', 'NATS_USER', 'NATS_PASSWORD', 'JWT_SECRET',
  'ACCESS_TOKEN_TTL_SECONDS', 'REFRESH_TOKEN_TTL_SECONDS', 'PRINCIPAL_PRIVATE_KEY', 'PRINCIPAL_PUBLIC_KEY', 'PRINCIPAL_TTL_SECONDS',
  'NATS_TIMEOUT_MS', 'PORTAL_DIR', 'LOG_LEVEL', 'LOGIN_MAX_FAILURES', 'LOGIN_LOCKOUT_SECONDS', 'SESSION_CHECK_CACHE_MS',
  'OBJECTION_RATE_LIMIT', 'OBJECTION_RATE_WINDOW_SECONDS', 'TRUST_PROXY', 'METRICS_TOKEN', 'SEED_DEMO_ACCOUNTS',
] as const;

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me';
const LOG_LEVELS = ['silent', 'error', 'warn', 'info'] as const;

/** Thrown at start with every problem found, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid gateway configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const production = env['NODE_ENV'] === 'production';

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name}="${raw}" must be an integer between ${min} and ${max}`);
      return fallback;
    }
    return value;
  };
  const url = (name: string, value: string, protocols: string[]): string => {
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) problems.push(`${name} must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
    } catch {
      problems.push(`${name} is not a URL`);
    }
    return value;
  };

  const jwtSecret = env['JWT_SECRET'] || (production ? '' : DEV_JWT_SECRET);
  if (!jwtSecret) problems.push('JWT_SECRET must be set in production');
  else if (production && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
  else if (production && jwtSecret === DEV_JWT_SECRET) problems.push('JWT_SECRET must not be the development default');

  let principalKey = '';
  try {
    principalKey = principalSigningKeyFromEnv(env);
  } catch (error) {
    problems.push((error as Error).message);
  }

  const databaseUrl = url('DATABASE_URL', env['DATABASE_URL'] || DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']);
  const natsServers = (env['NATS_SERVERS'] || env['NATS_URL'] || DEFAULT_NATS_URL).split(',').map((s) => s.trim()).filter(Boolean);
  if (natsServers.length === 0) problems.push('NATS_SERVERS must name at least one server');
  natsServers.forEach((s) => url('NATS_SERVERS', s, ['nats:', 'tls:', 'ws:', 'wss:']));
  const natsUser = env['NATS_USER'] || null;
  if (natsUser && !env['NATS_PASSWORD']) problems.push('NATS_PASSWORD must be set when NATS_USER is');

  const logLevel = (env['LOG_LEVEL'] || 'info') as GatewayConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL="${env['LOG_LEVEL']}" must be one of ${LOG_LEVELS.join(', ')}`);

  const accessTokenTtlSeconds = integer('ACCESS_TOKEN_TTL_SECONDS', 900, 1, 3600);
  const refreshTokenTtlSeconds = integer('REFRESH_TOKEN_TTL_SECONDS', 8 * 3600, 60, 30 * 86_400);
  if (refreshTokenTtlSeconds <= accessTokenTtlSeconds) problems.push('REFRESH_TOKEN_TTL_SECONDS must be longer than ACCESS_TOKEN_TTL_SECONDS');

  const rawTrust = (env['TRUST_PROXY'] ?? '').trim();
  const trustProxy: GatewayConfig['trustProxy'] =
    rawTrust === '' || rawTrust === 'false' ? false : rawTrust === 'true' ? true : /^\d+$/.test(rawTrust) ? Number(rawTrust) : rawTrust;

  const seed = env['SEED_DEMO_ACCOUNTS'];
  if (seed !== undefined && seed !== '' && !['0', '1', 'true', 'false'].includes(seed)) problems.push('SEED_DEMO_ACCOUNTS must be 1 or 0');

  const metricsToken = env['METRICS_TOKEN'] || null;
  if (metricsToken && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters');

  const config: GatewayConfig = {
    production,
    port: integer('PORT', 3000, 0, 65535),
    host: env['HOST'] || '127.0.0.1',
    databaseUrl,
    natsServers,
    natsUser,
    jwtSecret,
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds,
    principalKey,
    principalTtlSeconds: integer('PRINCIPAL_TTL_SECONDS', 30, 5, 300),
    natsTimeoutMs: integer('NATS_TIMEOUT_MS', 10_000, 100, 120_000),
    portalDir: env['PORTAL_DIR'] || null,
    logLevel,
    loginMaxFailures: integer('LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockoutSeconds: integer('LOGIN_LOCKOUT_SECONDS', 900, 1, 86_400),
    sessionCheckCacheMs: integer('SESSION_CHECK_CACHE_MS', 5_000, 0, 60_000),
    objectionRateLimit: integer('OBJECTION_RATE_LIMIT', 10, 1, 10_000),
    objectionRateWindowSeconds: integer('OBJECTION_RATE_WINDOW_SECONDS', 600, 1, 86_400),
    trustProxy,
    metricsToken,
    seedDemoAccounts: seed === undefined || seed === '' ? !production : seed === '1' || seed === 'true',
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
