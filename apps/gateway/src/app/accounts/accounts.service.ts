import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ERROR } from '@poverty/contracts';
import { findTownship, findVillage } from '@poverty/policy';
import type { Actor, Department } from '@poverty/workflow';
import { assertPasswordAcceptable, AuthService, hashPassword, type AccountRow } from '../auth/auth.service';
import type { AccountRole } from '../authorization/access-policy';
import { ApiError } from '../common/api-error';
import type { RequestMeta } from '../common/request-context';
import { GatewayAudit } from './gateway-audit.service';

export interface AccountScope {
  roles: AccountRole[];
  townshipCode: string | null;
  villageCode: string | null;
  department: Department | null;
}

export interface AccountView extends AccountScope {
  id: string;
  username: string;
  displayName: string;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

function view(row: AccountRow & Record<string, any>): AccountView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles as AccountRole[],
    townshipCode: row.township_code,
    villageCode: row.village_code,
    department: row.department,
    disabled: row.disabled,
    lockedUntil: row.locked_until && new Date(row.locked_until).getTime() > Date.now() ? iso(row.locked_until) : null,
    lastLoginAt: iso(row.last_login_at),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

const invalid = (field: string, message: string) => ApiError.of(ERROR.VALIDATION, `${field}: ${message}`, { field });

/**
 * A role needs exactly the jurisdiction it acts in: a village officer a village (its township
 * follows), a township reviewer a township, a county officer a department; the others none.
 */
export function normaliseScope(scope: AccountScope): AccountScope {
  const roles = [...new Set(scope.roles)];
  let { townshipCode } = scope;
  const { villageCode, department } = scope;
  const has = (role: AccountRole) => roles.includes(role);
  if (has('village_officer')) {
    const found = villageCode ? findVillage(villageCode) : undefined;
    if (!found) throw invalid('villageCode', 'a village officer needs a village of the county');
    if (townshipCode && townshipCode !== found.township.code) throw invalid('townshipCode', 'not the township of that village');
    townshipCode = found.township.code;
  } else if (villageCode) {
    throw invalid('villageCode', 'only a village officer has a village');
  }
  if (has('township_reviewer')) {
    if (!townshipCode || !findTownship(townshipCode)) throw invalid('townshipCode', 'a township reviewer needs a township of the county');
  } else if (townshipCode && !has('village_officer')) {
    throw invalid('townshipCode', 'only village officers and township reviewers have a township');
  }
  if (has('village_officer') && has('township_reviewer')) throw invalid('roles', 'one person does not review at two levels');
  if (has('county_officer')) {
    if (!department) throw invalid('department', 'a county officer needs a department');
  } else if (department) {
    throw invalid('department', 'only a county officer has a department');
  }
  return { roles, townshipCode: townshipCode ?? null, villageCode: villageCode ?? null, department: department ?? null };
}

/** Accounts as the admin manages them; every change is audited and ends the user's sessions. */
@Injectable()
export class AccountsService {
  constructor(private readonly orm: MikroORM, private readonly audit: GatewayAudit, private readonly auth: AuthService) {}

  private conn() {
    return this.orm.em.fork().getConnection();
  }

  private async row(id: string): Promise<AccountRow & Record<string, any>> {
    const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await this.conn().execute('select * from gateway.account where id = ?', [id]) : [];
    if (!row) throw ApiError.of(ERROR.ACCOUNT_NOT_FOUND, 'No such account');
    return row;
  }

  async list(query: { role?: string; township?: string; disabled?: boolean; page: number; pageSize: number }) {
    const where: string[] = [];
    const params: unknown[] = [];
    const filter = (clause: string, value: unknown) => {
      where.push(clause);
      params.push(value);
    };
    if (query.role) filter('roles @> ?::jsonb', JSON.stringify([query.role]));
    if (query.township) filter('township_code = ?', query.township);
    if (query.disabled !== undefined) filter('disabled = ?', query.disabled);
    const clause = where.length ? `where ${where.join(' and ')}` : '';
    const [{ total }] = await this.conn().execute(`select count(*)::int as total from gateway.account ${clause}`, params);
    const rows = await this.conn().execute(`select * from gateway.account ${clause} order by username limit ? offset ?`, [...params, query.pageSize, (query.page - 1) * query.pageSize]);
    return { items: rows.map(view), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<AccountView> {
    return view(await this.row(id));
  }

  async create(admin: Actor, input: AccountScope & { username: string; displayName: string; password: string }, meta: RequestMeta): Promise<AccountView> {
    const scope = normaliseScope(input);
    assertPasswordAcceptable(input.password, input.username);
    const id = randomUUID();
    const hash = await hashPassword(input.password);
    const result = await this.conn().execute(
      `insert into gateway.account (id, username, display_name, password_hash, roles, township_code, village_code, department, disabled, failed_logins, password_changed_at, created_at, updated_at)
       values (?,?,?,?,?,?,?,?,false,0,now(),now(),now()) on conflict (username) do nothing`,
      [id, input.username, input.displayName, hash, JSON.stringify(scope.roles), scope.townshipCode, scope.villageCode, scope.department],
      'run',
    );
    if (result.affectedRows !== 1) throw ApiError.of(ERROR.USERNAME_TAKEN, 'That username is taken', { field: 'username' });
    await this.audit.record({ action: 'account.create', outcome: 'ok', actor: this.who(admin), target: { id, username: input.username }, details: { scope }, meta });
    return this.get(id);
  }

  async rescope(admin: Actor, id: string, change: Partial<AccountScope> & { displayName?: string }, meta: RequestMeta): Promise<AccountView> {
    const row = await this.row(id);
    const before: AccountScope = { roles: row.roles as AccountRole[], townshipCode: row.township_code, villageCode: row.village_code, department: row.department };
    const after = normaliseScope({ ...before, ...change });
    if (id === admin.userId && !after.roles.includes('admin')) throw ApiError.of(ERROR.FORBIDDEN, 'You cannot remove your own admin role');
    await this.conn().execute(
      'update gateway.account set roles = ?, township_code = ?, village_code = ?, department = ?, display_name = ?, updated_at = now() where id = ?',
      [JSON.stringify(after.roles), after.townshipCode, after.villageCode, after.department, change.displayName ?? row.display_name, id],
      'run',
    );
    const ended = await this.auth.revokeSessions(id, 'rescoped');
    await this.audit.record({ action: 'account.rescope', outcome: 'ok', actor: this.who(admin), target: { id, username: row.username }, details: { before, after, sessionsEnded: ended }, meta });
    return this.get(id);
  }

  async setDisabled(admin: Actor, id: string, disabled: boolean, meta: RequestMeta): Promise<AccountView> {
    const row = await this.row(id);
    if (disabled && id === admin.userId) throw ApiError.of(ERROR.FORBIDDEN, 'You cannot disable your own account');
    await this.conn().execute(
      `update gateway.account set disabled = ?, failed_logins = 0, locked_until = ${disabled ? 'locked_until' : 'null'}, updated_at = now() where id = ?`,
      [disabled, id],
      'run',
    );
    const ended = disabled ? await this.auth.revokeSessions(id, 'disabled') : 0;
    await this.audit.record({
      action: disabled ? 'account.disable' : 'account.enable',
      outcome: 'ok',
      actor: this.who(admin),
      target: { id, username: row.username },
      details: disabled ? { sessionsEnded: ended } : { unlocked: true },
      meta,
    });
    return this.get(id);
  }

  async resetPassword(admin: Actor, id: string, password: string, meta: RequestMeta): Promise<void> {
    const row = await this.row(id);
    assertPasswordAcceptable(password, row.username);
    await this.conn().execute('update gateway.account set password_hash = ?, password_changed_at = now(), failed_logins = 0, locked_until = null, updated_at = now() where id = ?', [await hashPassword(password), id], 'run');
    const ended = await this.auth.revokeSessions(id, 'password-reset');
    await this.audit.record({ action: 'account.password.reset', outcome: 'ok', actor: this.who(admin), target: { id, username: row.username }, details: { sessionsEnded: ended }, meta });
  }

  private who(actor: Actor) {
    return { id: actor.userId, username: null };
  }
}
