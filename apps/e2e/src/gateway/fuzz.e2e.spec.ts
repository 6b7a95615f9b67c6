/**
 * Property-based fuzzing of the auth and case endpoints with random and mutated bodies, headers
 * and tokens: whatever arrives, the gateway never answers 5xx, and every error is JSON with a
 * stable code and its own status.
 */
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { SERVICES } from '@poverty/contracts';
import { Client, OWN_PLACE, identificationData, startGateway } from './gateway-support';

let gateway: Awaited<ReturnType<typeof startGateway>>;
let client: Client;
let validToken: string;
let caseId: string;

beforeAll(async () => {
  gateway = await startGateway({ LOGIN_MAX_FAILURES: '100', LOGIN_LOCKOUT_SECONDS: '1' });
  client = new Client(gateway.url);
  validToken = await client.token(OWN_PLACE.declarer);
  const declared = await client.post(OWN_PLACE.declarer, '/identification/cases', { townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode, data: identificationData() });
  caseId = declared.body.id;
}, 120_000);

afterAll(async () => {
  await gateway?.kill('SIGTERM');
});

const RUNS = { numRuns: 100, endOnFailure: true } as const;

/** Tokens: valid, mutated, re-signed with another key, unsigned, expired, garbage. */
const tokenArb = () =>
  fc.oneof(
    fc.constant(() => validToken),
    fc.nat().map((i) => () => {
      const at = i % validToken.length;
      return `${validToken.slice(0, at)}${validToken[at] === 'A' ? 'B' : 'A'}${validToken.slice(at + 1)}`;
    }),
    fc.nat().map((i) => () => validToken.slice(0, i % validToken.length)),
    fc.constant(() => jwt.sign({ actor: { userId: 'x', roles: ['admin'] }, sid: 'x' }, 'guess', { audience: 'poverty-portal', issuer: 'poverty-gateway', subject: 'x' })),
    fc.constant(() => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${validToken.split('.')[1]}.`),
    fc.constant(() => validToken.split('.').reverse().join('.')),
    fc.string({ maxLength: 300 }).map((s) => () => s.replace(/[^\x21-\x7e]/g, '')),
  );

const authHeaderArb = () =>
  fc.oneof(
    tokenArb().map((t) => () => `Bearer ${t()}`),
    tokenArb().map((t) => () => `bearer ${t()}`),
    tokenArb().map((t) => () => t()),
    fc.constant(() => 'Basic YWRtaW46YWRtaW4='),
    fc.constant(() => ''),
  );

/** JSON-ish values, valid bodies with mutated fields, and raw non-JSON text. */
const jsonArb = fc.jsonValue({ maxDepth: 3 });
const mutated = (valid: Record<string, unknown>) =>
  fc.tuple(fc.constantFrom(...Object.keys(valid), 'extra', '__proto__', 'constructor'), jsonArb).map(([key, value]) => ({ ...valid, [key]: value }));
const bodyArb = (valid: Record<string, unknown>) =>
  fc.oneof(
    jsonArb.map((v) => ({ raw: JSON.stringify(v), type: 'application/json' })),
    mutated(valid).map((v) => ({ raw: JSON.stringify(v), type: 'application/json' })),
    fc.string({ maxLength: 200 }).map((s) => ({ raw: s, type: 'application/json' })),
    fc.tuple(fc.string({ maxLength: 100 }), fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/xml', 'application/json; charset=latin1', '')).map(([raw, type]) => ({ raw, type })),
    fc.constant({ raw: `{"a":${'['.repeat(5000)}`, type: 'application/json' }),
  );

const pathSegmentArb = fc.oneof(
  fc.constantFrom(...SERVICES, 'unknown', '..', '%2e%2e', '%00', 'identification%2F..'),
  fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(s)),
);
const idArb = fc.oneof(fc.uuid(), fc.constant(''), fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s)), fc.constant('00000000-0000-0000-0000-000000000000'));
const queryArb = fc.dictionary(fc.constantFrom('stage', 'township', 'village', 'page', 'pageSize', 'householdId', 'x', 'page[0]'), fc.string({ maxLength: 20 }), { maxKeys: 4 });

async function send(method: 'GET' | 'POST', path: string, options: { auth?: string; body?: { raw: string; type: string }; query?: Record<string, string> } = {}) {
  let r = method === 'GET' ? request(gateway.url).get(path) : request(gateway.url).post(path);
  if (options.auth !== undefined) r = r.set('authorization', options.auth);
  if (options.query) r = r.query(options.query);
  if (options.body) {
    if (options.body.type) r = r.set('content-type', options.body.type);
    r = r.send(options.body.raw);
  }
  return r;
}

function expectWellFormed(response: request.Response, context: unknown) {
  const described = `${response.status} ${response.text.slice(0, 200)} for ${JSON.stringify(context).slice(0, 300)}`;
  expect({ described, serverError: response.status >= 500 }).toEqual({ described, serverError: false });
  if (response.status >= 400) {
    expect({ described, json: /application\/json/.test(String(response.headers['content-type'])) }).toEqual({ described, json: true });
    expect({ described, code: typeof response.body.code, statusCode: response.body.statusCode, message: typeof response.body.message }).toEqual({
      described, code: 'string', statusCode: response.status, message: 'string',
    });
    expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/);
  }
}

describe('fuzzing the auth endpoints', () => {
  it('login never fails with a 5xx, whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb({ username: 'village.xiaoshi', password: 'Demo@2019x' }), async (body) => {
        expectWellFormed(await send('POST', '/api/v1/auth/login', { body }), body);
      }),
      RUNS,
    );
  });

  it('refresh, logout and password change never fail with a 5xx, whatever the token and body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/auth/refresh', '/api/v1/auth/logout', '/api/v1/auth/password', '/api/v1/me'),
        authHeaderArb(),
        bodyArb({ refreshToken: '00000000-0000-0000-0000-000000000000.abcdefghijklmnopqrstuvwxyz', currentPassword: 'a', newPassword: 'b' }),
        async (path, auth, body) => {
          const response = path === '/api/v1/me' ? await send('GET', path, { auth: auth() }) : await send('POST', path, { auth: auth(), body });
          // A real logout would end the shared session: log in again when it happened.
          if (path === '/api/v1/auth/logout' && response.status === 204) {
            client.forget(OWN_PLACE.declarer);
            validToken = await client.token(OWN_PLACE.declarer);
          }
          if (path === '/api/v1/auth/password' && response.status === 204) throw new Error('a random body changed a password');
          expectWellFormed(response, { path, body });
        },
      ),
      RUNS,
    );
  });
});

describe('fuzzing the case endpoints', () => {
  it('declare and list never fail with a 5xx, whatever the service, token, query and body', async () => {
    const valid = { townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode, data: identificationData() };
    await fc.assert(
      fc.asyncProperty(pathSegmentArb, authHeaderArb(), bodyArb(valid), queryArb, fc.boolean(), async (service, auth, body, query, post) => {
        const path = `/api/v1/${service}/cases`;
        const response = post ? await send('POST', path, { auth: auth(), body }) : await send('GET', path, { auth: auth(), query });
        expectWellFormed(response, { service, body, query, post });
      }),
      RUNS,
    );
  });

  it('get and act never fail with a 5xx, whatever the id, token and action body', async () => {
    await fc.assert(
      fc.asyncProperty(
        pathSegmentArb,
        fc.oneof(fc.constant(null), idArb),
        authHeaderArb(),
        bodyArb({ action: 'edit', expectedVersion: 1, comment: '测试', data: { perCapitaNetIncomeYuan: 2500 } }),
        fc.boolean(),
        async (service, id, auth, body, act) => {
          const target = id ?? caseId;
          const response = act
            ? await send('POST', `/api/v1/${service}/cases/${target}/actions`, { auth: auth(), body })
            : await send('GET', `/api/v1/${service}/cases/${target}`, { auth: auth() });
          expectWellFormed(response, { service, id, body, act });
        },
      ),
      RUNS,
    );
  });

  it('answers unknown routes and methods with a JSON error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pathSegmentArb, { minLength: 1, maxLength: 4 }), fc.constantFrom('GET', 'POST') as fc.Arbitrary<'GET' | 'POST'>, async (segments, method) => {
        const path = `/api/v1/${segments.join('/')}`;
        expectWellFormed(await send(method, path, { auth: `Bearer ${validToken}` }), { path, method });
      }),
      RUNS,
    );
  });
});
