import request, { type Response } from 'supertest';
import { startApp, type AppProcess } from '@poverty/testing';
import { query } from '@poverty/testing';
import { DEMO_PASSWORD, SHANGBAO, XIAOSHI, nextIdNumber, wholeInbox } from '../support/api';
import { sharedStack } from '../support/shared-stack';

export const CAOHEZHANG = '210521101000';
export const CAOHEZHANG_VILLAGE = '210521101201';
/** The password of the accounts these tests create (it passes the password rules). */
export const TEST_PASSWORD = 'Gateway#Test2019';
/** An 18-character ID number anywhere in a text. */
export const ID_NUMBER_PATTERN = /\d{17}[\dXx]/;

/**
 * A gateway process of its own (same database, NATS and services as the shared stack), so a
 * test can set limits, token lifetimes and log levels without disturbing other test files.
 */
export async function startGateway(env: Record<string, string> = {}): Promise<AppProcess & { url: string }> {
  const stack = sharedStack();
  const gateway = await startApp(
    'gateway',
    { DATABASE_URL: stack.databaseUrl, NATS_URL: stack.natsUrl, LOG_LEVEL: 'silent', OBJECTION_RATE_LIMIT: '10000', ...env },
    { healthPath: '/api/v1/health/ready' },
  );
  return Object.assign(gateway, { url: `http://127.0.0.1:${gateway.port}` });
}

/** Logs users in (demo accounts or ones the tests created) and calls the gateway as them. */
export class Client {
  private readonly tokens = new Map<string, string>();
  private readonly passwords = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  http() {
    return request(this.baseUrl);
  }

  password(username: string): string {
    return this.passwords.get(username) ?? DEMO_PASSWORD;
  }

  async login(username: string, password = this.password(username)) {
    const response = await this.http().post('/api/v1/auth/login').send({ username, password });
    if (response.status !== 200) throw new Error(`login ${username} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { accessToken: string; refreshToken: string; expiresIn: number; user: { userId: string } };
  }

  async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const { accessToken } = await this.login(username);
    this.tokens.set(username, accessToken);
    return accessToken;
  }

  forget(username: string) {
    this.tokens.delete(username);
  }

  async call(username: string | null, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<Response> {
    const url = path.startsWith('!') ? path.slice(1) : `/api/v1${path}`;
    let r = method === 'GET' ? this.http().get(url) : method === 'POST' ? this.http().post(url) : this.http().patch(url);
    if (username) r = r.set('authorization', `Bearer ${await this.token(username)}`);
    const response = await (body === undefined ? r : r.send(body as object));
    // Short-lived access tokens: log in again once when the cached one has expired.
    if (username && response.status === 401 && response.body.code === 'AUTH.TOKEN_EXPIRED') {
      this.forget(username);
      return this.call(username, method, path, body);
    }
    return response;
  }

  get(username: string | null, path: string) {
    return this.call(username, 'GET', path);
  }

  /** Every page of the caller's inbox (see `wholeInbox`). */
  inbox(username: string | null) {
    return wholeInbox((path) => this.get(username, path));
  }

  post(username: string | null, path: string, body: unknown = {}) {
    return this.call(username, 'POST', path, body);
  }

  async actOk(username: string, service: string, caseId: string, action: string, extra: { comment?: string; data?: unknown } = {}) {
    const version = (await this.get(username, `/${service}/cases/${caseId}`)).body.version;
    const response = await this.post(username, `/${service}/cases/${caseId}/actions`, { action, expectedVersion: version, ...extra });
    if (response.status !== 200) throw new Error(`${username} ${action} on ${service} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Creates an account as the admin (idempotent by username) and remembers its password. */
  async ensureAccount(account: { username: string; roles: string[]; townshipCode?: string; villageCode?: string; department?: string; displayName?: string }) {
    this.passwords.set(account.username, TEST_PASSWORD);
    const created = await this.post('admin', '/admin/users', { displayName: account.displayName ?? account.username, password: TEST_PASSWORD, ...account });
    if (created.status === 201) return created.body;
    if (created.status !== 409) throw new Error(`create ${account.username} → ${created.status} ${JSON.stringify(created.body)}`);
    const list = await this.get('admin', '/admin/users?pageSize=200');
    return list.body.items.find((a: { username: string }) => a.username === account.username);
  }
}

export async function waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** A place and the demo or test users who act there. */
export interface Place {
  townshipCode: string;
  villageCode: string;
  declarer: string;
  villageReviewer: string;
  townshipReviewer: string;
}

export const OWN_PLACE: Place = { townshipCode: XIAOSHI, villageCode: SHANGBAO, declarer: 'village.xiaoshi', villageReviewer: 'village.xiaoshi.2', townshipReviewer: 'township.xiaoshi' };
export const OTHER_PLACE: Place = { townshipCode: CAOHEZHANG, villageCode: CAOHEZHANG_VILLAGE, declarer: 'gw.village.caohezhang', villageReviewer: 'gw.village.caohezhang.2', townshipReviewer: 'township.caohezhang' };

/** The Caohezhang village officers the demo data lacks. */
export async function ensureOtherPlaceAccounts(client: Client) {
  for (const username of [OTHER_PLACE.declarer, OTHER_PLACE.villageReviewer]) {
    await client.ensureAccount({ username, roles: ['village_officer'], townshipCode: CAOHEZHANG, villageCode: CAOHEZHANG_VILLAGE });
  }
}

export function identificationData(overrides: Record<string, unknown> = {}) {
  return {
    householdHead: { name: '赵大林', idNumber: nextIdNumber() },
    members: [{ name: '赵小林', idNumber: nextIdNumber(), relation: '子女' }],
    perCapitaNetIncomeYuan: 2600,
    povertyCause: 'illness',
    attribute: 'general',
    assessment: { food: true, clothing: true, medical: false, education: true, housing: true },
    ...overrides,
  };
}

export interface Household {
  householdId: string;
  place: Place;
  members: Array<{ name: string; idNumber: string }>;
}

/** Registers a household in a place (精准识别 through 销号) and waits for every service's roster. */
export async function registerHousehold(client: Client, databaseUrl: string, place: Place): Promise<Household> {
  const data = identificationData();
  const declared = await client.post(place.declarer, '/identification/cases', { townshipCode: place.townshipCode, villageCode: place.villageCode, data });
  if (declared.status !== 201) throw new Error(`declare → ${declared.status} ${JSON.stringify(declared.body)}`);
  const id = declared.body.id;
  await client.actOk(place.declarer, 'identification', id, 'submit');
  await client.actOk(place.villageReviewer, 'identification', id, 'approve');
  await client.actOk(place.townshipReviewer, 'identification', id, 'approve');
  await client.actOk('county.poverty', 'identification', id, 'approve');
  await waitUntil(async () => (await client.get('county.poverty', `/identification/cases/${id}`)).body.stage === 'acceptance', 'the notice to end');
  await client.actOk('county.poverty.2', 'identification', id, 'recordAcceptance', { data: { check: 'dataComparison', evidence: '信息比对一致' } });
  await client.actOk('county.poverty.2', 'identification', id, 'recordAcceptance', { data: { check: 'dataEntry', evidence: '已录入' } });
  const closed = await client.actOk('county.poverty.2', 'identification', id, 'accept');
  const householdId: string = closed.householdId;
  for (const schema of ['housing', 'medical', 'education', 'exit_verification']) {
    await waitUntil(async () => {
      const exists = await query(databaseUrl, `select 1 from information_schema.tables where table_schema = $1 and table_name = 'roster_household'`, [schema]);
      if (exists.length === 0) return true;
      return (await query(databaseUrl, `select 1 from ${schema}.roster_household where id = $1`, [householdId])).length === 1;
    }, `${schema} roster read model`);
  }
  return { householdId, place, members: [data.householdHead, ...data.members.map(({ name, idNumber }) => ({ name, idNumber }))] };
}
