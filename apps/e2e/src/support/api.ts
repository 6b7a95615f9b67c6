import request from 'supertest';
import { syntheticIdNumber } from '@poverty/policy';

export const DEMO_PASSWORD = 'Demo@2019';
export const XIAOSHI = '210521100000';
export const SHANGBAO = '210521100201';

let idSeed = Math.floor(Math.random() * 1_000_000);
/** A synthetic ID number with a valid check digit, different each call. */
export const nextIdNumber = () => syntheticIdNumber(idSeed++);

/** The same ID number with a check digit that is surely wrong (any other digit than the right one). */
export function withBadCheckDigit(idNumber: string): string {
  return idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0');
}

/** A supertest client for the gateway that logs users in once and reuses their tokens. */
interface InboxResponse {
  status: number;
  body: any;
  headers: Record<string, string>;
}

/**
 * The caller's whole inbox: every page, following `nextCursor`, as one response (the first page's
 * status and headers). A refused first page is returned as it is.
 */
export async function wholeInbox<R extends InboxResponse>(get: (path: string) => Promise<R>): Promise<R> {
  const first = await get('/inbox?limit=200');
  if (first.status !== 200) return first;
  const items = [...first.body.items];
  for (let cursor = first.body.nextCursor; cursor; ) {
    const next = await get(`/inbox?limit=200&cursor=${encodeURIComponent(cursor)}`);
    if (next.status !== 200) throw new Error(`inbox page → ${next.status} ${JSON.stringify(next.body)}`);
    items.push(...next.body.items);
    cursor = next.body.nextCursor;
  }
  return Object.assign(first, { body: { ...first.body, items, nextCursor: null } });
}

export class Api {
  private tokens = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  http() {
    return request(this.baseUrl);
  }

  async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const response = await this.http().post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
    this.tokens.set(username, response.body.accessToken);
    return response.body.accessToken;
  }

  async get(username: string, path: string) {
    return this.http().get(`/api/v1${path}`).set('authorization', `Bearer ${await this.token(username)}`);
  }

  /** Every page of the caller's inbox (see `wholeInbox`). */
  inbox(username: string) {
    return wholeInbox((path) => this.get(username, path));
  }

  async post(username: string, path: string, body: unknown) {
    return this.http().post(`/api/v1${path}`).set('authorization', `Bearer ${await this.token(username)}`).send(body as object);
  }

  /** Acts on a case at its current version (read first), unless `expectedVersion` is given. */
  async act(username: string, service: string, caseId: string, action: string, extra: { comment?: string; data?: unknown; expectedVersion?: number } = {}) {
    const expectedVersion = extra.expectedVersion ?? (await this.get(username, `/${service}/cases/${caseId}`)).body.version;
    return this.post(username, `/${service}/cases/${caseId}/actions`, { action, expectedVersion, comment: extra.comment, data: extra.data });
  }

  async actOk(username: string, service: string, caseId: string, action: string, extra: { comment?: string; data?: unknown } = {}) {
    const response = await this.act(username, service, caseId, action, extra);
    if (response.status !== 200) throw new Error(`${username} ${action} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
}

export function identificationDeclaration(overrides: Record<string, unknown> = {}) {
  return {
    townshipCode: XIAOSHI,
    villageCode: SHANGBAO,
    data: {
      householdHead: { name: '王大山', idNumber: nextIdNumber() },
      members: [{ name: '王小山', idNumber: nextIdNumber(), relation: '子女' }],
      perCapitaNetIncomeYuan: 2800,
      povertyCause: 'illness',
      attribute: 'general',
      assessment: { food: true, clothing: true, medical: false, education: true, housing: true },
      ...overrides,
    },
  };
}

/** Declares an identification case and takes it as far as `until`. */
export async function identificationCase(api: Api, until: 'application' | 'review' | 'township' | 'county' | 'publicNotice', overrides: Record<string, unknown> = {}) {
  const declared = await api.post('village.xiaoshi', '/identification/cases', identificationDeclaration(overrides));
  if (declared.status !== 201) throw new Error(`declare → ${declared.status} ${JSON.stringify(declared.body)}`);
  const id: string = declared.body.id;
  if (until === 'application') return id;
  await api.actOk('village.xiaoshi', 'identification', id, 'submit');
  if (until === 'review') return id;
  await api.actOk('village.xiaoshi.2', 'identification', id, 'approve');
  if (until === 'township') return id;
  await api.actOk('township.xiaoshi', 'identification', id, 'approve');
  if (until === 'county') return id;
  await api.actOk('county.poverty', 'identification', id, 'approve');
  return id;
}

export async function waitForStage(api: Api, caseId: string, stage: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await api.get('county.poverty', `/identification/cases/${caseId}`)).body;
    if (body.stage === stage) return body;
    if (Date.now() > deadline) throw new Error(`case ${caseId} stayed in ${body.stage}/${body.state}, expected ${stage}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
