import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import argon2 from 'argon2';
import jwt from 'jsonwebtoken';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { ERROR } from '@poverty/contracts';
import type { Actor, Department, Role } from '@poverty/workflow';
import { GatewayAudit } from '../accounts/gateway-audit.service';
import { ApiError } from '../common/api-error';
import { GATEWAY_CONFIG, type GatewayConfig } from '../common/config';
import type { RequestMeta } from '../common/request-context';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts';
import { passwordProblems } from './password-policy';

export interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  township_code: string | null;
  village_code: string | null;
  department: Department | null;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
}

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export type AccessCheck =
  | { ok: true; actor: Actor; sessionId: string; accountId: string }
  | { ok: false; expired: boolean };

/** OWASP's argon2id parameters: 19 MiB, 2 passes — slow for guessing, light on a 200 MB gateway. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const AUDIENCE = 'poverty-portal';
const ISSUER = 'poverty-gateway';
const UNKNOWN_USER_TRACKING_LIMIT = 10_000;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Hash computed once so an unknown username costs the same as a wrong password. */
let decoyHash: Promise<string> | null = null;

export function actorOf(row: Pick<AccountRow, 'id' | 'display_name' | 'roles' | 'township_code' | 'village_code' | 'department'>): Actor {
  return {
    userId: row.id,
    displayName: row.display_name,
    roles: row.roles,
    ...(row.township_code ? { townshipCode: row.township_code } : {}),
    ...(row.village_code ? { villageCode: row.village_code } : {}),
    ...(row.department ? { department: row.department } : {}),
  };
}

/**
 * Logins, sessions and tokens. An access token is a short-lived JWT naming its session; the
 * session is checked on every request (cached for `SESSION_CHECK_CACHE_MS`), so logout,
 * disabling an account or re-scoping it ends its tokens. Refresh tokens are opaque, stored as
 * digests, used once; presenting a spent one revokes the whole session (theft detection).
 */
@Injectable()
export class AuthService {
  private readonly sessionCache = new Map<string, { active: boolean; accountId: string; checkedAt: number }>();
  /** Access tokens whose signature was checked, until they expire (bounded). */
  private readonly verifiedTokens = new Map<string, { check: AccessCheck; expiresAtMs: number }>();
  /** Failed attempts for usernames that do not exist, so lockout does not reveal which do. */
  private readonly unknownFailures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    private readonly orm: MikroORM,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly audit: GatewayAudit,
  ) {}

  private secretKey: KeyObject | null = null;

  /**
   * The JWT secret as a KeyObject, made once: given a string, jsonwebtoken re-parses it as a
   * possible PEM key on every verify, which cost ~2 ms of CPU per request here.
   */
  private jwtKey(): KeyObject {
    return (this.secretKey ??= createSecretKey(Buffer.from(this.config.jwtSecret, 'utf8')));
  }

  private conn() {
    return this.orm.em.fork().getConnection();
  }

  async login(username: string, password: string, meta?: RequestMeta): Promise<TokenPair & { user: Actor & { username: string } }> {
    const [row]: AccountRow[] = await this.conn().execute('select * from gateway.account where username = ?', [username]);
    decoyHash ??= hashPassword(`decoy-${randomUUID()}`);
    if (!row) {
      await argon2.verify(await decoyHash, password).catch(() => false);
      const locked = this.trackUnknownFailure(username);
      await this.audit.record({ action: 'login', outcome: 'refused', target: { id: null, username }, details: { reason: 'unknown-username' }, meta });
      if (locked) throw this.lockedError(this.config.loginLockoutSeconds);
      throw ApiError.of(ERROR.BAD_CREDENTIALS, 'Wrong username or password');
    }
    const target = { id: row.id, username: row.username };
    const lockedFor = row.locked_until ? Math.ceil((new Date(row.locked_until).getTime() - Date.now()) / 1000) : 0;
    if (lockedFor > 0) {
      await argon2.verify(row.password_hash, password).catch(() => false);
      await this.audit.record({ action: 'login', outcome: 'refused', target, details: { reason: 'locked' }, meta });
      throw this.lockedError(lockedFor);
    }
    const valid = await argon2.verify(row.password_hash, password).catch(() => false);
    if (!valid) {
      const [updated] = await this.conn().execute(
        `update gateway.account
            set failed_logins = case when failed_logins + 1 >= ? then 0 else failed_logins + 1 end,
                locked_until = case when failed_logins + 1 >= ? then now() + make_interval(secs => ?) else locked_until end,
                updated_at = now()
          where id = ? returning failed_logins, coalesce(locked_until > now(), false) as locked`,
        [this.config.loginMaxFailures, this.config.loginMaxFailures, this.config.loginLockoutSeconds, row.id],
      );
      await this.audit.record({ action: 'login', outcome: 'refused', target, details: { reason: 'bad-password' }, meta });
      if (updated?.locked) {
        await this.audit.record({ action: 'account.locked', outcome: 'ok', target, details: { lockoutSeconds: this.config.loginLockoutSeconds }, meta });
      }
      throw ApiError.of(ERROR.BAD_CREDENTIALS, 'Wrong username or password');
    }
    if (row.disabled) {
      await this.audit.record({ action: 'login', outcome: 'refused', target, details: { reason: 'disabled' }, meta });
      throw ApiError.of(ERROR.BAD_CREDENTIALS, 'Wrong username or password');
    }
    const rehash = argon2.needsRehash(row.password_hash, ARGON2_OPTIONS) ? await hashPassword(password) : null;
    await this.conn().execute(
      'update gateway.account set failed_logins = 0, locked_until = null, last_login_at = now(), password_hash = coalesce(?, password_hash) where id = ?',
      [rehash, row.id],
      'run',
    );
    const sessionId = randomUUID();
    await this.conn().execute(
      `insert into gateway.session (id, account_id, created_at, expires_at) values (?, ?, now(), now() + make_interval(secs => ?))`,
      [sessionId, row.id, this.config.refreshTokenTtlSeconds],
      'run',
    );
    const pair = await this.issue(row, sessionId);
    await this.audit.record({ action: 'login', outcome: 'ok', actor: target, target, details: { sessionId }, meta });
    return { ...pair, user: { ...actorOf(row), username: row.username } };
  }

  /** A new token pair for a refresh token, which is spent; a spent one revokes its session. */
  async refresh(refreshToken: string, meta?: RequestMeta): Promise<TokenPair> {
    const invalid = () => ApiError.of(ERROR.REFRESH_INVALID, 'The refresh token is not valid: log in again');
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/.exec(refreshToken);
    if (!match) throw invalid();
    const [, tokenId, secret] = match;
    const [row] = await this.conn().execute(
      `select t.token_hash, t.used_at, t.expires_at as token_expires_at, s.id as session_id, s.revoked_at, s.expires_at as session_expires_at, a.*
         from gateway.refresh_token t join gateway.session s on s.id = t.session_id join gateway.account a on a.id = s.account_id
        where t.id = ?`,
      [tokenId],
    );
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'base64url'), sha256(secret))) throw invalid();
    const target = { id: row.id as string, username: row.username as string };
    if (row.used_at) {
      await this.revokeSession(row.session_id, 'refresh-token-reuse');
      await this.audit.record({ action: 'session.revoked', outcome: 'ok', target, details: { sessionId: row.session_id, reason: 'refresh-token-reuse' }, meta });
      throw invalid();
    }
    const now = Date.now();
    if (row.revoked_at || row.disabled || new Date(row.token_expires_at).getTime() < now || new Date(row.session_expires_at).getTime() < now) throw invalid();
    const spent = await this.conn().execute('update gateway.refresh_token set used_at = now() where id = ? and used_at is null', [tokenId], 'run');
    if (spent.affectedRows !== 1) {
      await this.revokeSession(row.session_id, 'refresh-token-reuse');
      throw invalid();
    }
    const pair = await this.issue(row as AccountRow, row.session_id);
    await this.audit.record({ action: 'token.refresh', outcome: 'ok', actor: target, target, details: { sessionId: row.session_id }, meta });
    return pair;
  }

  async logout(actor: Actor, sessionId: string, meta?: RequestMeta): Promise<void> {
    await this.revokeSession(sessionId, 'logout');
    await this.audit.record({ action: 'logout', outcome: 'ok', actor: { id: actor.userId, username: null }, target: { id: actor.userId, username: null }, details: { sessionId }, meta });
  }

  async changePassword(actor: Actor, sessionId: string, currentPassword: string, newPassword: string, meta?: RequestMeta): Promise<void> {
    const [row]: AccountRow[] = await this.conn().execute('select * from gateway.account where id = ?', [actor.userId]);
    if (!row || !(await argon2.verify(row.password_hash, currentPassword).catch(() => false))) {
      await this.audit.record({ action: 'password.change', outcome: 'refused', actor: { id: actor.userId, username: row?.username ?? null }, details: { reason: 'bad-password' }, meta });
      throw ApiError.of(ERROR.BAD_CREDENTIALS, 'The current password is wrong');
    }
    assertPasswordAcceptable(newPassword, row.username, 'newPassword');
    await this.conn().execute('update gateway.account set password_hash = ?, password_changed_at = now(), updated_at = now() where id = ?', [await hashPassword(newPassword), row.id], 'run');
    await this.revokeSessions(row.id, 'password-changed', sessionId);
    const who = { id: row.id, username: row.username };
    await this.audit.record({ action: 'password.change', outcome: 'ok', actor: who, target: who, meta });
  }

  private async issue(row: Pick<AccountRow, 'id' | 'display_name' | 'roles' | 'township_code' | 'village_code' | 'department'>, sessionId: string): Promise<TokenPair> {
    const accessToken = jwt.sign({ actor: actorOf(row), sid: sessionId }, this.jwtKey(), {
      algorithm: 'HS256',
      expiresIn: this.config.accessTokenTtlSeconds,
      subject: row.id,
      jwtid: randomUUID(),
      audience: AUDIENCE,
      issuer: ISSUER,
    });
    const tokenId = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const [session] = await this.conn().execute('select expires_at from gateway.session where id = ?', [sessionId]);
    await this.conn().execute(
      'insert into gateway.refresh_token (id, session_id, token_hash, created_at, expires_at) values (?, ?, ?, now(), ?)',
      [tokenId, sessionId, sha256(secret).toString('base64url'), session.expires_at],
      'run',
    );
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresIn: this.config.accessTokenTtlSeconds,
      refreshToken: `${tokenId}.${secret}`,
      refreshExpiresIn: Math.max(0, Math.floor((new Date(session.expires_at).getTime() - Date.now()) / 1000)),
    };
  }

  /** Checks a bearer token's signature, audience and expiry (not yet its session). */
  verifyAccessToken(token: string): AccessCheck {
    // A token verified once needs no second HMAC until it expires (≈0.2 ms a request here);
    // revocation is the session check's job, which runs on every request regardless.
    const known = this.verifiedTokens.get(token);
    if (known && Date.now() < known.expiresAtMs) return known.check;
    if (known) this.verifiedTokens.delete(token);
    try {
      const claims = jwt.verify(token, this.jwtKey(), { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER }) as {
        actor?: Actor;
        sid?: string;
        sub?: string;
        exp?: number;
      };
      if (!claims.actor || typeof claims.sid !== 'string' || typeof claims.sub !== 'string' || claims.actor.userId !== claims.sub) return { ok: false, expired: false };
      const check: AccessCheck = { ok: true, actor: claims.actor, sessionId: claims.sid, accountId: claims.sub };
      if (typeof claims.exp === 'number') {
        if (this.verifiedTokens.size >= 10_000) this.verifiedTokens.clear();
        this.verifiedTokens.set(token, { check, expiresAtMs: claims.exp * 1000 });
      }
      return check;
    } catch (error) {
      return { ok: false, expired: (error as Error).name === 'TokenExpiredError' };
    }
  }

  /** Whether a session still stands (not revoked, not past its end, account enabled). */
  async isSessionActive(sessionId: string): Promise<boolean> {
    const cached = this.sessionCache.get(sessionId);
    if (cached && Date.now() - cached.checkedAt < this.config.sessionCheckCacheMs) return cached.active;
    const [row] = await this.conn().execute(
      `select s.account_id, (s.revoked_at is null and s.expires_at > now() and not a.disabled) as active
         from gateway.session s join gateway.account a on a.id = s.account_id where s.id = ?`,
      [sessionId],
    );
    const active = Boolean(row?.active);
    if (this.sessionCache.size > 50_000) this.sessionCache.clear();
    this.sessionCache.set(sessionId, { active, accountId: row?.account_id ?? '', checkedAt: Date.now() });
    return active;
  }

  async revokeSession(sessionId: string, reason: string): Promise<void> {
    await this.conn().execute('update gateway.session set revoked_at = now(), revoked_reason = ? where id = ? and revoked_at is null', [reason, sessionId], 'run');
    this.sessionCache.delete(sessionId);
  }

  /** Ends every session of an account (except `keep`): disable, re-scope, password change. */
  async revokeSessions(accountId: string, reason: string, keep?: string): Promise<number> {
    const result = await this.conn().execute(
      'update gateway.session set revoked_at = now(), revoked_reason = ? where account_id = ? and revoked_at is null and id <> ?',
      [reason, accountId, keep ?? '00000000-0000-0000-0000-000000000000'],
      'run',
    );
    for (const [sid, entry] of this.sessionCache) if (entry.accountId === accountId && sid !== keep) this.sessionCache.delete(sid);
    return result.affectedRows;
  }

  private trackUnknownFailure(username: string): boolean {
    const now = Date.now();
    const entry = this.unknownFailures.get(username) ?? { count: 0, lockedUntil: 0 };
    if (entry.lockedUntil > now) return true;
    entry.count += 1;
    if (entry.count >= this.config.loginMaxFailures) Object.assign(entry, { count: 0, lockedUntil: now + this.config.loginLockoutSeconds * 1000 });
    if (this.unknownFailures.size >= UNKNOWN_USER_TRACKING_LIMIT) this.unknownFailures.delete(this.unknownFailures.keys().next().value as string);
    this.unknownFailures.set(username, entry);
    return false;
  }

  private lockedError(seconds: number): ApiError {
    return ApiError.of(ERROR.ACCOUNT_LOCKED, 'Too many failed logins: the account is locked for a while', { details: { retryAfterSeconds: Math.max(1, seconds) } });
  }

  /** Creates the demo accounts once; existing usernames are left as they are. */
  async seedDemoAccounts(): Promise<number> {
    const hash = await hashPassword(DEMO_PASSWORD);
    let created = 0;
    for (const account of DEMO_ACCOUNTS) {
      const result = await this.conn().execute(
        `insert into gateway.account (id, username, display_name, password_hash, roles, township_code, village_code, department, disabled, failed_logins, created_at, updated_at)
         values (?,?,?,?,?,?,?,?,false,0,now(),now()) on conflict (username) do nothing`,
        [randomUUID(), account.username, account.displayName, hash, JSON.stringify(account.roles), account.townshipCode ?? null, account.villageCode ?? null, account.department ?? null],
        'run',
      );
      created += result.affectedRows;
    }
    return created;
  }
}

/** 400 naming the `password` field when a new password breaks the rules. */
export function assertPasswordAcceptable(password: string, username: string, field = 'password'): void {
  const problems = passwordProblems(password, username);
  if (problems.length) throw ApiError.of(ERROR.VALIDATION, `${field}: ${problems.join('; ')}`, { field });
}
