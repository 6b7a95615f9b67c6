import jwt from 'jsonwebtoken';
import { query } from '@poverty/testing';
import { sharedStack } from '../support/shared-stack';
import { Client, OWN_PLACE, TEST_PASSWORD, startGateway } from './gateway-support';

const stack = sharedStack();
let gateway: Awaited<ReturnType<typeof startGateway>>;
let client: Client;
let seq = 0;

beforeAll(async () => {
  gateway = await startGateway({ ACCESS_TOKEN_TTL_SECONDS: '2', LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_SECONDS: '3' });
  client = new Client(gateway.url);
}, 120_000);

afterAll(async () => {
  await gateway?.kill('SIGTERM');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function newUser(extra: Record<string, unknown> = {}) {
  const username = `gw.acct.${Date.now()}.${seq++}`;
  const account = await client.ensureAccount({ username, roles: ['village_officer'], townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode, ...extra });
  return { username, id: account.id as string };
}

const login = (username: string, password: string) => client.http().post('/api/v1/auth/login').send({ username, password });
const me = (token: string) => client.http().get('/api/v1/me').set('authorization', `Bearer ${token}`);
const refresh = (refreshToken: string) => client.http().post('/api/v1/auth/refresh').send({ refreshToken });

describe('logins, lockout and tokens', () => {
  it('locks an account after repeated failed logins, refuses even the right password meanwhile, and lets it in after the lockout', async () => {
    const { username, id } = await newUser();
    for (let i = 0; i < 3; i++) expect((await login(username, 'Wrong#Password1')).body.code).toBe('AUTH.BAD_CREDENTIALS');

    const locked = await login(username, TEST_PASSWORD);
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ code: 'AUTH.ACCOUNT_LOCKED', details: { retryAfterSeconds: expect.any(Number) } });

    await sleep(3_200);
    expect((await login(username, TEST_PASSWORD)).status).toBe(200);
    const audit = await client.get('admin', `/admin/audit-log?targetId=${id}`);
    expect(audit.body.items.map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`)).toEqual(
      expect.arrayContaining(['login:refused', 'account.locked:ok', 'login:ok']),
    );
  });

  it('lets an admin unlock a locked account at once', async () => {
    const { username, id } = await newUser();
    for (let i = 0; i < 3; i++) await login(username, 'Wrong#Password1');
    expect((await login(username, TEST_PASSWORD)).status).toBe(423);
    expect((await client.post('admin', `/admin/users/${id}/enable`)).body.lockedUntil).toBeNull();
    expect((await login(username, TEST_PASSWORD)).status).toBe(200);
  });

  it('answers the same for an unknown username as for a wrong password, and locks it out the same way', async () => {
    const ghost = `gw.ghost.${Date.now()}`;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await login(ghost, 'Wrong#Password1')).status);
    expect(answers).toEqual([401, 401, 401, 423]);
  });

  it('refuses an expired access token with AUTH.TOKEN_EXPIRED, and a refresh token renews it', async () => {
    const { username } = await newUser();
    const first = (await login(username, TEST_PASSWORD)).body;
    expect(first).toMatchObject({ tokenType: 'Bearer', expiresIn: 2, refreshToken: expect.any(String) });
    expect((await me(first.accessToken)).status).toBe(200);

    await sleep(2_600);
    const expired = await me(first.accessToken);
    expect([expired.status, expired.body.code]).toEqual([401, 'AUTH.TOKEN_EXPIRED']);

    const renewed = await refresh(first.refreshToken);
    expect(renewed.status).toBe(200);
    expect((await me(renewed.body.accessToken)).body.roles).toEqual(['village_officer']);
  });

  it('spends a refresh token on use, and a replayed one revokes the whole session', async () => {
    const { username } = await newUser();
    const first = (await login(username, TEST_PASSWORD)).body;
    const second = (await refresh(first.refreshToken)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);

    const replay = await refresh(first.refreshToken);
    expect([replay.status, replay.body.code]).toEqual([401, 'AUTH.REFRESH_INVALID']);
    expect((await refresh(second.refreshToken)).status).toBe(401);
    expect((await me(second.accessToken)).status).toBe(401);
  });

  it('ends the access and refresh tokens of a session at logout, and only that session', async () => {
    const { username } = await newUser();
    const phone = (await login(username, TEST_PASSWORD)).body;
    const desk = (await login(username, TEST_PASSWORD)).body;

    expect((await client.http().post('/api/v1/auth/logout').set('authorization', `Bearer ${phone.accessToken}`)).status).toBe(204);

    expect((await me(phone.accessToken)).status).toBe(401);
    expect((await refresh(phone.refreshToken)).status).toBe(401);
    expect((await me(desk.accessToken)).status).toBe(200);
  });

  it('refuses tokens that are forged, unsigned or for another audience', async () => {
    const { username } = await newUser();
    const real = (await login(username, TEST_PASSWORD)).body.accessToken as string;
    const claims = jwt.decode(real) as Record<string, unknown>;
    const { exp: _exp, iat: _iat, ...rest } = claims;
    const forged = jwt.sign(rest, 'not-the-gateway-secret', { algorithm: 'HS256', expiresIn: 60 });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${real.split('.')[1]}.`;
    const [h, , s] = real.split('.');
    const edited = `${h}.${Buffer.from(JSON.stringify({ ...claims, actor: { ...(claims['actor'] as object), roles: ['admin'] } })).toString('base64url')}.${s}`;
    for (const token of [forged, unsigned, edited, `${real}x`, 'Bearer', '']) {
      const response = await me(token);
      expect([response.status, response.body.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
    }
  });
});

describe('admin: accounts, roles and jurisdictions', () => {
  it('disabling an account ends its sessions at once and refuses its logins', async () => {
    const { username, id } = await newUser();
    const session = (await login(username, TEST_PASSWORD)).body;
    expect((await client.post('admin', `/admin/users/${id}/disable`)).body.disabled).toBe(true);

    expect((await me(session.accessToken)).status).toBe(401);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await login(username, TEST_PASSWORD)).body.code).toBe('AUTH.BAD_CREDENTIALS');
  });

  it('re-scoping a user ends their sessions, and the next login carries the new jurisdiction', async () => {
    const { username, id } = await newUser();
    const before = (await login(username, TEST_PASSWORD)).body;
    const rescoped = await client.call('admin', 'PATCH', `/admin/users/${id}`, { roles: ['township_reviewer'], townshipCode: '210521101000', villageCode: null });
    expect(rescoped.status).toBe(200);
    expect(rescoped.body).toMatchObject({ roles: ['township_reviewer'], townshipCode: '210521101000', villageCode: null });

    expect((await me(before.accessToken)).status).toBe(401);
    const after = (await login(username, TEST_PASSWORD)).body;
    expect((await me(after.accessToken)).body).toMatchObject({ roles: ['township_reviewer'], townshipCode: '210521101000' });
    expect((await me(after.accessToken)).body.villageCode).toBeUndefined();
  });

  it('refuses a jurisdiction that does not fit the role, naming the field', async () => {
    const base = { username: `gw.bad.${Date.now()}`, displayName: '错', password: TEST_PASSWORD };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ roles: ['village_officer'] }, 'villageCode'],
      [{ roles: ['township_reviewer'], townshipCode: '210521999000' }, 'townshipCode'],
      [{ roles: ['county_officer'] }, 'department'],
      [{ roles: ['auditor'], department: 'finance' }, 'department'],
      [{ roles: ['public'] }, 'roles.0'],
    ];
    for (const [scope, field] of cases) {
      const response = await client.post('admin', '/admin/users', { ...base, ...scope });
      expect([response.status, response.body.code, response.body.field]).toEqual([400, 'REQUEST.VALIDATION_FAILED', field]);
    }
  });

  it('refuses weak passwords and a taken username', async () => {
    const base = { displayName: '弱', roles: ['auditor'] };
    for (const password of ['Short1!', 'alllowercaseletters', 'Password123', `Gw.weak.${Date.now()}Aa1`]) {
      const username = `gw.weak.${Date.now()}`;
      const response = await client.post('admin', '/admin/users', { ...base, username, password: password.includes('Gw.weak') ? `${username}A1!` : password });
      expect([response.status, response.body.field]).toEqual([400, 'password']);
    }
    const { username } = await newUser();
    expect((await client.post('admin', '/admin/users', { ...base, username, password: TEST_PASSWORD })).status).toBe(409);
  });

  it('changing your own password needs the current one and ends your other sessions', async () => {
    const { username } = await newUser();
    const a = (await login(username, TEST_PASSWORD)).body;
    const b = (await login(username, TEST_PASSWORD)).body;
    const change = (currentPassword: string, newPassword: string) =>
      client.http().post('/api/v1/auth/password').set('authorization', `Bearer ${a.accessToken}`).send({ currentPassword, newPassword });
    expect((await change('Wrong#Password1', 'Another#Pass2019')).status).toBe(401);
    expect((await change(TEST_PASSWORD, 'weak')).body.field).toBe('newPassword');
    expect((await change(TEST_PASSWORD, 'Another#Pass2019')).status).toBe(204);
    expect((await me(a.accessToken)).status).toBe(200);
    expect((await me(b.accessToken)).status).toBe(401);
    expect((await login(username, 'Another#Pass2019')).status).toBe(200);
  });

  it('audits every account change with who did it, and the audit log cannot be altered', async () => {
    const { id } = await newUser();
    await client.call('admin', 'PATCH', `/admin/users/${id}`, { displayName: '新名字' });
    await client.post('admin', `/admin/users/${id}/disable`);
    await client.post('admin', `/admin/users/${id}/enable`);
    await client.post('admin', `/admin/users/${id}/password`, { password: 'Reset#Pass2019' });

    const log = await client.get('auditor', `/admin/audit-log?targetId=${id}`);
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: { action: string }) => e.action).reverse()).toEqual([
      'account.create', 'account.rescope', 'account.disable', 'account.enable', 'account.password.reset',
    ]);
    expect(log.body.items.every((e: { actorUsername: string; requestId: string }) => e.actorUsername === 'admin' && e.requestId)).toBe(true);
    expect(JSON.stringify(log.body)).not.toMatch(/Reset#Pass2019|\$argon2/);

    await expect(query(stack.databaseUrl, `update gateway.audit_log set action = 'nothing' where target_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(query(stack.databaseUrl, `delete from gateway.audit_log where target_id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it('stores only argon2id hashes and digests of refresh tokens', async () => {
    const { username, id } = await newUser();
    const { refreshToken } = (await login(username, TEST_PASSWORD)).body;
    const [account] = await query(stack.databaseUrl, 'select password_hash from gateway.account where id = $1', [id]);
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    const rows = await query(stack.databaseUrl, 'select t.token_hash from gateway.refresh_token t join gateway.session s on s.id = t.session_id where s.account_id = $1', [id]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.token_hash)).not.toContain(refreshToken.split('.')[1]);
  });
});
