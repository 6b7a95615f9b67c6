/**
 * The authorization matrix, generated from the gateway's access policy: every role (and an
 * anonymous caller) × every endpoint in ACCESS_POLICY × a target in the caller's own jurisdiction
 * and one outside it, each asserted allow or deny against the real gateway, services, NATS and
 * PostgreSQL. Case endpoints run for every service that is started in the stack.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { SERVICES, type ServiceName } from '@poverty/contracts';
// The matrix is generated from the gateway's own policy table: the one source the guard enforces.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ACCESS_POLICY, ACCOUNT_ROLES, ENDPOINT_IDS, type AccountRole, type EndpointId, type EndpointPolicy } from '../../../gateway/src/app/authorization/access-policy';
import { sharedStack } from '../support/shared-stack';
import { Client, OTHER_PLACE, OWN_PLACE, TEST_PASSWORD, ensureOtherPlaceAccounts, startGateway } from './gateway-support';
import { COUNTY_ACCOUNTS, buildFixtures, declarationBody, type MatrixFixtures } from './matrix-fixtures';

type Caller = AccountRole | 'anonymous';
type Cell = 'own' | 'other';
type Expected = 'allow' | 401 | 403 | 404;

const CALLERS: Caller[] = [...ACCOUNT_ROLES, 'anonymous'];
const CELLS: Cell[] = ['own', 'other'];
const CASE_ENDPOINTS = new Set<EndpointId>(['cases.declare', 'cases.list', 'cases.get', 'cases.act', 'cases.reveal']);

/** A personal field each service's fixture cases hold (housing cases hold none: the service says so). */
const PERSONAL_FIELD: Record<ServiceName, string> = {
  identification: 'householdHead.idNumber',
  housing: 'appraisalReport',
  medical: 'patient.idNumber',
  education: 'student.idNumber',
  'exit-verification': 'survey.perCapitaNetIncomeYuan',
};

/** What the policy table says a cell must answer. */
function expected(id: EndpointId, caller: Caller, cell: Cell): Expected {
  const policy: EndpointPolicy = ACCESS_POLICY[id];
  if (policy.public) return 'allow';
  if (caller === 'anonymous') return 401;
  const reach = policy.grants[caller];
  if (!reach) return 403;
  if (reach === 'county' || reach === 'self' || cell === 'own') return 'allow';
  return policy.outOfReach;
}

const DENIAL_CODES: Record<401 | 403 | 404, string[]> = { 401: ['AUTH.UNAUTHENTICATED'], 403: ['AUTH.FORBIDDEN'], 404: ['CASE.NOT_FOUND'] };

/** The services the stack runs: a case subject with no responders is a service not started. */
function startedServices(natsUrl: string): ServiceName[] {
  const script = `
    const { connect, StringCodec } = require('nats');
    (async () => {
      const nc = await connect({ servers: ${JSON.stringify(natsUrl)} });
      const sc = StringCodec();
      const started = [];
      for (const s of ${JSON.stringify(SERVICES)}) {
        const packet = { pattern: 'case.' + s + '.inbox', id: 'probe', data: { principal: null, correlationId: 'probe', timestamp: '', payload: {} } };
        try { await nc.request('case.' + s + '.inbox', sc.encode(JSON.stringify(packet)), { timeout: 5000 }); started.push(s); }
        catch (e) { if (e.code !== '503') started.push(s); }
      }
      process.stdout.write(JSON.stringify(started));
      await nc.close();
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

const stack = sharedStack();
const STARTED = startedServices(stack.natsUrl);
let gateway: Awaited<ReturnType<typeof startGateway>>;
let client: Client;
let fixtures: MatrixFixtures;
let targetSeq = 0;

/** Accounts of each role used for the endpoints about oneself (login, refresh, password, logout). */
const selfAccount = (role: AccountRole) => `gw.self.${role.replace('_', '-')}`;
const SELF_SCOPES: Record<AccountRole, Record<string, string>> = {
  village_officer: { townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode },
  township_reviewer: { townshipCode: OWN_PLACE.townshipCode },
  county_officer: { department: 'poverty_office' },
  evaluator: {},
  auditor: {},
  admin: {},
};

/** The demo account of a role acting on a service's cases (own cell) or one outside its reach (other cell). */
function caseCaller(caller: Caller, cell: Cell, service: ServiceName): string | null {
  switch (caller) {
    case 'anonymous':
      return null;
    case 'village_officer':
      return OWN_PLACE.declarer;
    case 'township_reviewer':
      return OWN_PLACE.townshipReviewer;
    case 'county_officer':
      return COUNTY_ACCOUNTS[service][cell];
    default:
      return caller;
  }
}

/** Whether the other cell of a role means another place (not another department). */
const placeBound = (caller: Caller) => caller !== 'county_officer';

interface Probe {
  response: Response;
  /** Statuses that mean the handler ran (default: 2xx). */
  allowed?: number[];
  /** Extra checks when allowed. */
  check?: () => void | Promise<void>;
}

type ProbeFn = (caller: Caller, cell: Cell, service: ServiceName) => Promise<Probe>;

const ids = (response: Response) => (response.body.items ?? []).map((i: { id?: string; caseId?: string }) => i.id ?? i.caseId);

/**
 * For endpoints without a specific probe (added to the policy by other features): call it with
 * made-up ids and an empty body. Allowed means the gateway let it through to the handler, which
 * may still refuse the made-up input; denied cells must get exactly the policy's answer.
 */
function genericProbe(id: EndpointId): ProbeFn {
  const policy: EndpointPolicy = ACCESS_POLICY[id];
  return async (caller) => {
    const path = policy.path.replace(/:(\w+)/g, () => randomUUID());
    const username = caller === 'anonymous' ? null : selfAccount(caller);
    const response = await client.call(username, policy.method, policy.path.startsWith('!') ? path : `/${path}`, policy.method === 'GET' ? undefined : {});
    return { response, allowed: [200, 201, 202, 204, 400, 404, 409, 415, 422] };
  };
}

const SPECIFIC_PROBES: Partial<Record<EndpointId, ProbeFn>> = {
  'auth.login': async (caller) => {
    const username = caller === 'anonymous' ? selfAccount('village_officer') : selfAccount(caller);
    return { response: await client.http().post('/api/v1/auth/login').send({ username, password: TEST_PASSWORD }) };
  },
  'auth.refresh': async (caller) => {
    const { refreshToken } = await client.login(caller === 'anonymous' ? selfAccount('auditor') : selfAccount(caller), TEST_PASSWORD);
    const response = await client.http().post('/api/v1/auth/refresh').send({ refreshToken });
    return { response, check: async () => expect((await client.http().post('/api/v1/auth/refresh').send({ refreshToken })).status).toBe(401) };
  },
  'auth.logout': async (caller) => {
    if (caller === 'anonymous') return { response: await client.http().post('/api/v1/auth/logout') };
    const { accessToken } = await client.login(selfAccount(caller), TEST_PASSWORD);
    const response = await client.http().post('/api/v1/auth/logout').set('authorization', `Bearer ${accessToken}`);
    return { response, check: async () => expect((await client.http().get('/api/v1/me').set('authorization', `Bearer ${accessToken}`)).status).toBe(401) };
  },
  'auth.password': async (caller) => {
    if (caller === 'anonymous') return { response: await client.http().post('/api/v1/auth/password').send({ currentPassword: 'x', newPassword: 'y' }) };
    const { accessToken } = await client.login(selfAccount(caller), TEST_PASSWORD);
    const change = (from: string, to: string) =>
      client.http().post('/api/v1/auth/password').set('authorization', `Bearer ${accessToken}`).send({ currentPassword: from, newPassword: to });
    const response = await change(TEST_PASSWORD, `${TEST_PASSWORD}-new`);
    // A password change ends the account's other sessions, including the one cached for other cells.
    client.forget(selfAccount(caller));
    return { response, check: async () => expect((await change(`${TEST_PASSWORD}-new`, TEST_PASSWORD)).status).toBe(204) };
  },
  me: async (caller) => {
    const username = caller === 'anonymous' ? null : selfAccount(caller);
    const response = await client.get(username, '/me');
    return { response, check: () => expect(response.body.roles).toEqual([caller]) };
  },

  'cases.declare': async (caller, cell, service) => {
    const place = cell === 'own' || !placeBound(caller) ? OWN_PLACE : OTHER_PLACE;
    const household = place === OWN_PLACE ? fixtures.households.own[3] : fixtures.households.other;
    const response = await client.post(caseCaller(caller, cell, service), `/${service}/cases`, declarationBody(service, household, place));
    return { response, allowed: [201], check: () => expect(response.body.stage).toBe('application') };
  },
  'cases.list': async (caller, cell, service) => {
    const other = cell === 'other' && placeBound(caller);
    const filter =
      caller === 'village_officer' ? `?village=${other ? OTHER_PLACE.villageCode : OWN_PLACE.villageCode}` :
      caller === 'township_reviewer' || caller === 'auditor' ? `?township=${other ? OTHER_PLACE.townshipCode : OWN_PLACE.townshipCode}` : '';
    const response = await client.get(caseCaller(caller, cell, service), `/${service}/cases${filter}${filter ? '&' : '?'}pageSize=200`);
    return {
      response,
      check: () => {
        const place = other ? OTHER_PLACE : OWN_PLACE;
        for (const item of response.body.items) {
          if (caller === 'village_officer') expect(item.villageCode).toBe(place.villageCode);
          if (caller === 'township_reviewer') expect(item.townshipCode).toBe(place.townshipCode);
        }
        if (other) expect(ids(response)).toContain(fixtures.cases[service]!.otherTownship);
      },
    };
  },
  'cases.get': async (caller, cell, service) => {
    const id = cell === 'other' && placeBound(caller) ? fixtures.cases[service]!.otherTownship : fixtures.cases[service]!.ownTownship;
    const response = await client.get(caseCaller(caller, cell, service), `/${service}/cases/${id}`);
    return { response, check: () => expect(response.body.id).toBe(id) };
  },
  'cases.act': async (caller, cell, service) => {
    const cases = fixtures.cases[service]!;
    const own = { village_officer: cases.ownApplication, township_reviewer: cases.ownTownship, county_officer: cases.ownCounty } as Record<string, string>;
    const id = cell === 'own' ? own[caller] ?? cases.ownTownship : placeBound(caller) ? cases.otherTownship : cases.ownTownship;
    const action = caller === 'village_officer' ? { action: 'submit' } : { action: caller === 'township_reviewer' || caller === 'county_officer' ? 'reject' : 'approve', comment: '矩阵测试' };
    const username = caseCaller(caller, cell, service);
    const version = (await client.get('auditor', `/${service}/cases/${id}`)).body.version ?? 1;
    const response = await client.post(username, `/${service}/cases/${id}/actions`, { ...action, expectedVersion: version });
    return { response, check: () => expect(response.body.version).toBe(version + 1) };
  },
  'cases.reveal': async (caller, cell, service) => {
    const id = cell === 'other' && placeBound(caller) ? fixtures.cases[service]!.otherTownship : fixtures.cases[service]!.ownTownship;
    const response = await client.post(caseCaller(caller, cell, service), `/${service}/cases/${id}/reveal`, { field: PERSONAL_FIELD[service], reason: '矩阵测试：核对个人信息' });
    if (service === 'housing') return { response, allowed: [400], check: () => expect(response.body.field).toBe('field') };
    return { response, check: () => expect(response.body).toMatchObject({ caseId: id, field: PERSONAL_FIELD[service], revealId: expect.any(String) }) };
  },
  inbox: async (caller, cell) => {
    const username = caller === 'anonymous' ? null : caller === 'county_officer' ? (cell === 'own' ? 'county.poverty' : 'county.housing') : caseCaller(caller, cell, 'identification');
    const response = await client.inbox(username);
    return {
      response,
      check: () => {
        const listed: string[] = ids(response);
        for (const service of STARTED) {
          const cases = fixtures.cases[service]!;
          expect(listed).not.toContain(cases.otherTownship);
          if (caller === 'village_officer') expect(listed).toContain(cases.ownApplication);
          if (caller === 'township_reviewer') expect(listed).toContain(cases.ownTownship);
          if (caller === 'county_officer' && cell === 'own' && COUNTY_ACCOUNTS[service].own === 'county.poverty') expect(listed).toContain(cases.ownCounty);
          if (caller === 'county_officer' && cell === 'other' && COUNTY_ACCOUNTS[service].own === 'county.poverty') expect(listed).not.toContain(cases.ownCounty);
          if (!['village_officer', 'township_reviewer', 'county_officer'].includes(caller)) expect(listed).toEqual([]);
        }
      },
    };
  },

  'households.list': async (caller, cell) => {
    const other = cell === 'other';
    const place = other ? OTHER_PLACE : OWN_PLACE;
    const filter = caller === 'village_officer' ? `village=${place.villageCode}` : `township=${place.townshipCode}`;
    const username = caller === 'anonymous' ? null : caller === 'county_officer' ? 'county.poverty' : caseCaller(caller, cell, 'identification');
    const response = await client.get(username, `/households?${filter}&pageSize=200`);
    const household = other ? fixtures.households.other : fixtures.households.own[0];
    return { response, check: () => expect(ids(response)).toContain(household.householdId) };
  },
  'households.get': async (caller, cell) => {
    const household = cell === 'other' ? fixtures.households.other : fixtures.households.own[0];
    const username = caller === 'anonymous' ? null : caller === 'county_officer' ? 'county.housing' : caseCaller(caller, cell, 'identification');
    const response = await client.get(username, `/households/${household.householdId}`);
    return { response, check: () => expect(response.body.id).toBe(household.householdId) };
  },

  'monitoring.flags': async (caller, cell) => {
    const place = cell === 'other' ? OTHER_PLACE : OWN_PLACE;
    const filter = caller === 'village_officer' ? `village=${place.villageCode}` : `township=${place.townshipCode}`;
    const username = caller === 'anonymous' ? null : caller === 'county_officer' ? 'county.poverty' : caseCaller(caller, cell, 'identification');
    const response = await client.get(username, `/monitoring/flags?${filter}`);
    return {
      response,
      check: () => {
        for (const flag of response.body.items) {
          if (caller === 'village_officer') expect(flag.villageCode).toBe(place.villageCode);
          if (caller === 'township_reviewer') expect(flag.townshipCode).toBe(place.townshipCode);
        }
      },
    };
  },
  'monitoring.tasks.close': async (caller) => {
    const username = caller === 'anonymous' ? null : caller === 'county_officer' ? 'county.poverty' : caseCaller(caller, 'own', 'identification');
    const response = await client.post(username, `/monitoring/tasks/${randomUUID()}/close`, { measureKind: 'other', measure: '矩阵测试：无此任务' });
    // The handler ran: identification has no such task (closing a real one is in monitoring.e2e).
    return { response, allowed: [404], check: () => expect(response.body.message).toMatch(/Task not found/) };
  },

  'reports.monthly': async (caller, cell) => {
    const place = cell === 'other' ? OTHER_PLACE : OWN_PLACE;
    const username = caller === 'anonymous' ? null : caller === 'county_officer' ? 'county.poverty' : caseCaller(caller, cell, 'identification');
    const response = await client.get(username, `/reports/monthly?year=2019&month=6&township=${place.townshipCode}`);
    return { response, check: () => expect(response.body.townships.map((t: { townshipCode: string }) => t.townshipCode)).toEqual([place.townshipCode]) };
  },
  'reports.monthly.export': async (caller, cell) => {
    const place = cell === 'other' ? OTHER_PLACE : OWN_PLACE;
    const username = caller === 'anonymous' ? null : caller === 'county_officer' ? 'county.poverty' : caseCaller(caller, cell, 'identification');
    const response = await client.get(username, `/reports/monthly/export?year=2019&month=6&format=xlsx&township=${place.townshipCode}`);
    return { response, check: () => expect(response.headers['content-type']).toContain('spreadsheetml') };
  },

  'public.notices': async (caller) => ({ response: await client.get(caller === 'anonymous' ? null : selfAccount(caller), '/public/notices') }),
  'public.objection': async (caller) => {
    const response = await client.post(caller === 'anonymous' ? null : selfAccount(caller), `/public/notices/${randomUUID()}/objections`, { reason: '矩阵测试：无此公示' });
    // The handler ran: the board has no notice with this id.
    return { response, allowed: [404], check: () => expect(response.body.message).toMatch(/No active public notice/) };
  },

  'admin.users.list': async (caller) => {
    const response = await client.get(caller === 'anonymous' ? null : selfAccount(caller), '/admin/users');
    return { response, check: () => expect(response.body.items.every((a: Record<string, unknown>) => !('passwordHash' in a) && !('password_hash' in a))).toBe(true) };
  },
  'admin.users.create': async (caller) => ({
    response: await client.post(caller === 'anonymous' ? null : selfAccount(caller), '/admin/users', {
      username: `gw.made.${Date.now()}.${targetSeq++}`, displayName: '矩阵', password: TEST_PASSWORD, roles: ['auditor'],
    }),
  }),
  'admin.users.get': async (caller) => ({ response: await client.get(caller === 'anonymous' ? null : selfAccount(caller), `/admin/users/${(await target()).id}`) }),
  'admin.users.rescope': async (caller) => ({
    response: await client.call(caller === 'anonymous' ? null : selfAccount(caller), 'PATCH', `/admin/users/${(await target()).id}`, { roles: ['township_reviewer'], townshipCode: OWN_PLACE.townshipCode }),
  }),
  'admin.users.disable': async (caller) => ({ response: await client.post(caller === 'anonymous' ? null : selfAccount(caller), `/admin/users/${(await target()).id}/disable`) }),
  'admin.users.enable': async (caller) => ({ response: await client.post(caller === 'anonymous' ? null : selfAccount(caller), `/admin/users/${(await target()).id}/enable`) }),
  'admin.users.password': async (caller) => ({
    response: await client.post(caller === 'anonymous' ? null : selfAccount(caller), `/admin/users/${(await target()).id}/password`, { password: `${TEST_PASSWORD}-reset` }),
  }),
  'admin.audit': async (caller) => ({ response: await client.get(caller === 'anonymous' ? null : selfAccount(caller), '/admin/audit-log') }),

  'health.live': async (caller) => ({ response: await client.get(caller === 'anonymous' ? null : selfAccount(caller), '/health/live') }),
  'health.ready': async (caller) => ({ response: await client.get(caller === 'anonymous' ? null : selfAccount(caller), '/health/ready') }),
  metrics: async (caller) => ({ response: await client.get(caller === 'anonymous' ? null : selfAccount(caller), '!/metrics') }),
};

const PROBES = Object.fromEntries(ENDPOINT_IDS.map((id) => [id, SPECIFIC_PROBES[id] ?? genericProbe(id)])) as Record<EndpointId, ProbeFn>;
const GATEWAY_OWN_ENDPOINTS: EndpointId[] = [
  'auth.login', 'auth.refresh', 'auth.logout', 'auth.password', 'me', 'cases.declare', 'cases.list', 'cases.get', 'cases.act', 'cases.reveal', 'inbox',
  'households.list', 'households.get', 'public.notices', 'public.objection', 'admin.users.list', 'admin.users.create', 'admin.users.get',
  'admin.users.rescope', 'admin.users.disable', 'admin.users.enable', 'admin.users.password', 'admin.audit', 'health.live', 'health.ready', 'metrics',
] as EndpointId[];

/** A fresh account for admin endpoints to change. */
async function target() {
  return client.ensureAccount({ username: `gw.target.${Date.now()}.${targetSeq++}`, roles: ['auditor'] });
}

async function assertCell(id: EndpointId, caller: Caller, cell: Cell, service: ServiceName) {
  const want = expected(id, caller, cell);
  const probe = await PROBES[id](caller, cell, service);
  const { status, body } = probe.response;
  const context = `${id} as ${caller} (${cell}) on ${service}: ${status} ${JSON.stringify(body).slice(0, 300)}`;
  if (want === 'allow') {
    expect({ context, allowed: (probe.allowed ?? [200, 201, 202, 204]).includes(status) }).toEqual({ context, allowed: true });
    await probe.check?.();
  } else {
    expect({ context, status, code: DENIAL_CODES[want].includes(body.code) }).toEqual({ context, status: want, code: true });
  }
}

beforeAll(async () => {
  gateway = await startGateway();
  client = new Client(gateway.url);
  await ensureOtherPlaceAccounts(client);
  for (const role of ACCOUNT_ROLES) await client.ensureAccount({ username: selfAccount(role), roles: [role], ...SELF_SCOPES[role] });
  fixtures = await buildFixtures(client, stack.databaseUrl, STARTED, OWN_PLACE, OTHER_PLACE);
}, 300_000);

afterAll(async () => {
  await gateway?.kill('SIGTERM');
});

describe('authorization matrix generated from the access policy', () => {
  it('has a probe for every endpoint of the policy and covers every started service', () => {
    // The account, case, board and operations endpoints have probes that check real success, not only admission.
    expect(GATEWAY_OWN_ENDPOINTS.filter((id) => !SPECIFIC_PROBES[id])).toEqual([]);
    expect(Object.keys(PROBES).sort()).toEqual([...ENDPOINT_IDS].sort());
    expect(STARTED).toContain('identification');
  });

  // Acting changes the fixtures, so the case actions run last.
  const order = [...ENDPOINT_IDS].sort((a, b) => Number(a === 'cases.act') - Number(b === 'cases.act'));
  for (const id of order) {
    const services: ServiceName[] = CASE_ENDPOINTS.has(id) ? [...SERVICES] : ['identification'];
    describe(`${ACCESS_POLICY[id].method} ${ACCESS_POLICY[id].path} (${id})`, () => {
      for (const service of services) {
        const run = CASE_ENDPOINTS.has(id) && !STARTED.includes(service) ? it.skip : it;
        for (const caller of CALLERS) {
          for (const cell of CELLS) {
            const want = expected(id, caller, cell);
            const where = CASE_ENDPOINTS.has(id) ? ` on ${service}` : '';
            run(`${want === 'allow' ? 'allows' : `answers ${want} to`} ${caller} (${cell} jurisdiction)${where}`, () => assertCell(id, caller, cell, service));
          }
        }
      }
    });
  }
});
