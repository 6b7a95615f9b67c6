/**
 * NATS is a trust boundary: on a nats-server with authorization, each app connects as its own
 * user, and a process that can publish commands (here an `intruder` user allowed to publish on
 * `case.>`) still cannot act: without the gateway's private key it cannot produce a principal
 * the service accepts, and a genuine principal only fits the command it was signed for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID, createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { connect, StringCodec, type NatsConnection } from 'nats';
import { DEV_PRINCIPAL_PRIVATE_KEY, generatePrincipalKeyPair, signPrincipal } from '@poverty/auth';
import { caseSubject } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { freePort, migrateApp, query, recreateDatabase, startApp, waitFor, type AppProcess } from '@poverty/testing';
import { Client, OWN_PLACE, identificationData } from './gateway-support';

const PASSWORDS = { gateway: 'gatewayNatsPass1', identification: 'identificationNatsPass1', intruder: 'intruderNatsPass1' };
const sc = StringCodec();

let server: ChildProcess;
let natsUrl: string;
let databaseUrl: string;
const apps: AppProcess[] = [];
let intruder: NatsConnection;

async function startAuthorizedNats(): Promise<void> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'nats-auth-'));
  const config = join(dir, 'nats.conf');
  writeFileSync(
    config,
    `listen: 127.0.0.1:${port}
jetstream { store_dir: "${join(dir, 'js')}" }
authorization {
  users = [
    { user: gateway, password: "${PASSWORDS.gateway}" }
    { user: identification, password: "${PASSWORDS.identification}" }
    { user: intruder, password: "${PASSWORDS.intruder}", permissions: { publish: ["case.>"], subscribe: ["_INBOX.>"] } }
  ]
}
`,
  );
  server = spawn(process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server', ['-c', config], { stdio: 'ignore' });
  natsUrl = `nats://127.0.0.1:${port}`;
  await waitFor(async () => {
    const nc = await connect({ servers: natsUrl, user: 'intruder', pass: PASSWORDS.intruder, reconnect: false });
    await nc.close();
    return true;
  }, 'the authorized nats-server');
}

/** Publishes a Nest-style request as the intruder and returns the service's answer. */
async function command(subject: string, principal: string | null, payload: unknown, correlationId = randomUUID()) {
  const packet = { pattern: subject, id: randomUUID(), data: { principal, correlationId, timestamp: new Date().toISOString(), payload } };
  const reply = await intruder.request(subject, sc.encode(JSON.stringify(packet)), { timeout: 10_000 });
  return JSON.parse(sc.decode(reply.data)) as { err?: { code: string; statusCode: number; message: string }; response?: { id: string; stage: string } };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const actor: Actor = { userId: '00000000-0000-4000-8000-000000000001', displayName: '伪造', roles: ['village_officer'], townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode };
const declaration = () => ({ townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode, data: identificationData() });
const caseCount = async () => Number((await query(databaseUrl, 'select count(*)::int as n from identification.case_record'))[0].n);

beforeAll(async () => {
  await startAuthorizedNats();
  databaseUrl = await recreateDatabase(`${process.env['E2E_DB'] ?? 'poverty_e2e'}_nats`);
  const base = { DATABASE_URL: databaseUrl, NATS_URL: natsUrl, LOG_LEVEL: 'silent', NATS_STREAM_REPLICAS: '1' };
  await migrateApp('gateway', base);
  await migrateApp('identification', base);
  apps.push(await startApp('identification', { ...base, NATS_USER: 'identification', NATS_PASSWORD: PASSWORDS.identification }));
  apps.push(await startApp('gateway', { ...base, NATS_USER: 'gateway', NATS_PASSWORD: PASSWORDS.gateway }, { healthPath: '/api/v1/health/ready' }));
  intruder = await connect({ servers: natsUrl, user: 'intruder', pass: PASSWORDS.intruder });
}, 180_000);

afterAll(async () => {
  await intruder?.close();
  await Promise.all(apps.map((a) => a.kill('SIGTERM')));
  await new Promise<void>((done) => {
    if (!server) return done();
    server.once('exit', () => done());
    server.kill('SIGTERM');
  });
});

describe('NATS as a trust boundary', () => {
  it('refuses connections without a user or with a wrong password', async () => {
    await expect(connect({ servers: natsUrl, reconnect: false })).rejects.toThrow(/Authorization/i);
    await expect(connect({ servers: natsUrl, user: 'identification', pass: 'wrong', reconnect: false })).rejects.toThrow(/Authorization/i);
  });

  it('works end to end when the gateway and the service each connect as their own user', async () => {
    const client = new Client(`http://127.0.0.1:${apps[1].port}`);
    const declared = await client.post(OWN_PLACE.declarer, '/identification/cases', declaration());
    expect(declared.status).toBe(201);
  });

  it('does not let the intruder listen to commands', async () => {
    const subscription = intruder.subscribe('case.>');
    const timeout = new Promise<string>((done) => setTimeout(() => done('still open'), 3_000));
    const closed = await Promise.race([subscription.closed.then(() => 'closed', (e) => String(e)), timeout]);
    expect(closed).toMatch(/closed|Permissions Violation/i);
  });

  it('refuses a command with no principal, and changes nothing', async () => {
    const before = await caseCount();
    const answer = await command(caseSubject('identification', 'declare'), null, declaration());
    expect(answer.err).toMatchObject({ code: 'AUTH.PRINCIPAL_INVALID', statusCode: 401 });
    expect(await caseCount()).toBe(before);
  });

  it('refuses principals that are forged: another Ed25519 key, an HMAC secret, alg none, edited claims', async () => {
    const before = await caseCount();
    const payload = declaration();
    const correlationId = randomUUID();
    const otherKey = generatePrincipalKeyPair().privateKey;
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: 'poverty-gateway', aud: 'poverty-services', sub: actor.userId, iat: now, exp: now + 30, actor };
    const hs = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    const genuine = signPrincipal({ ...actor, roles: ['auditor'] as Actor['roles'] }, DEV_PRINCIPAL_PRIVATE_KEY, 30, { correlationId, payload });
    const [h, , s] = genuine.split('.');
    const forged = [
      signPrincipal(actor, otherKey, 30, { correlationId, payload }),
      jwt.sign({ actor }, 'dev-only-principal-signing-key-change-me', { algorithm: 'HS256', audience: 'poverty-services', issuer: 'poverty-gateway', expiresIn: 30 }),
      `${hs}.${createHmac('sha256', 'anything').update(hs).digest('base64url')}`,
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      `${h}.${b64({ ...claims, actor })}.${s}`,
      'not-a-token',
    ];
    for (const principal of forged) {
      const answer = await command(caseSubject('identification', 'declare'), principal, payload, correlationId);
      expect(answer.err?.code).toBe('AUTH.PRINCIPAL_INVALID');
    }
    expect(await caseCount()).toBe(before);
  });

  it('accepts a genuine principal only for the command it was signed for, and only while it lives', async () => {
    const payload = declaration();
    const correlationId = randomUUID();
    const principal = signPrincipal(actor, DEV_PRINCIPAL_PRIVATE_KEY, 30, { correlationId, payload });

    const replayed = await command(caseSubject('identification', 'declare'), principal, declaration(), correlationId);
    expect(replayed.err?.code).toBe('AUTH.PRINCIPAL_INVALID');
    const otherId = await command(caseSubject('identification', 'declare'), principal, payload, randomUUID());
    expect(otherId.err?.code).toBe('AUTH.PRINCIPAL_INVALID');

    // The control: the same principal with its own command is accepted, so the refusals above are about the principal.
    const genuine = await command(caseSubject('identification', 'declare'), principal, payload, correlationId);
    expect(genuine.err).toBeUndefined();
    expect(genuine.response).toMatchObject({ stage: 'application' });

    jest.useFakeTimers({ now: Date.now() - 120_000, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask'] });
    const stalePayload = declaration();
    const stale = signPrincipal(actor, DEV_PRINCIPAL_PRIVATE_KEY, 30, { correlationId, payload: stalePayload });
    jest.useRealTimers();
    expect((await command(caseSubject('identification', 'declare'), stale, stalePayload, correlationId)).err?.code).toBe('AUTH.PRINCIPAL_INVALID');
  });
});
