import { ConfigError, loadGatewayConfig } from './config';

describe('gateway configuration', () => {
  it('starts with development defaults', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({ port: 3000, accessTokenTtlSeconds: 900, loginMaxFailures: 5, trustProxy: false, seedDemoAccounts: true });
  });

  it('lists every bad setting at once, by name', () => {
    let error: ConfigError | undefined;
    try {
      loadGatewayConfig({ PORT: '70000', LOGIN_MAX_FAILURES: 'five', NATS_SERVERS: 'http://x', NATS_USER: 'gateway', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.split(/[ =]/)[0]).sort()).toEqual(['LOGIN_MAX_FAILURES', 'LOG_LEVEL', 'NATS_PASSWORD', 'NATS_SERVERS', 'PORT']);
  });

  it('insists on real secrets and keys in production', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set[\s\S]*PRINCIPAL_PRIVATE_KEY must be set/);
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(loadGatewayConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), PRINCIPAL_PRIVATE_KEY: 'A'.repeat(43) }).seedDemoAccounts).toBe(false);
  });

  it('reads TRUST_PROXY as off, a hop count or a list of proxies', () => {
    expect(loadGatewayConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadGatewayConfig({ TRUST_PROXY: '10.0.0.1,10.0.0.2' }).trustProxy).toBe('10.0.0.1,10.0.0.2');
  });
});
