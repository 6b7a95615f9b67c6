import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import argon2 from 'argon2';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { ERROR } from '@poverty/contracts';
import type { Actor, Department, Role } from '@poverty/workflow';
import { ApiError } from '../common/api-error';
import { GATEWAY_CONFIG, type GatewayConfig } from '../common/config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts';

interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  township_code: string | null;
  village_code: string | null;
  department: Department | null;
  disabled: boolean;
}

/** Hash computed once so an unknown username costs the same as a wrong password. */
let decoyHash: Promise<string> | null = null;

@Injectable()
export class AuthService {
  constructor(private readonly orm: MikroORM, @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  private conn() {
    return this.orm.em.fork().getConnection();
  }

  async login(username: string, password: string): Promise<{ accessToken: string; expiresIn: number; user: Actor & { username: string } }> {
    const [row]: AccountRow[] = await this.conn().execute('select * from gateway.account where username = ?', [username]);
    decoyHash ??= argon2.hash('decoy-password');
    const valid = row ? await argon2.verify(row.password_hash, password) : (await argon2.verify(await decoyHash, password), false);
    if (!row || !valid || row.disabled) throw ApiError.of(ERROR.BAD_CREDENTIALS, 'Wrong username or password');
    const user = { ...this.toActor(row), username: row.username };
    const accessToken = jwt.sign({ actor: this.toActor(row) }, this.config.jwtSecret, {
      algorithm: 'HS256',
      expiresIn: this.config.accessTokenTtlSeconds,
      subject: row.id,
      jwtid: randomUUID(),
      audience: 'poverty-portal',
    });
    return { accessToken, expiresIn: this.config.accessTokenTtlSeconds, user };
  }

  /** The actor a bearer token names, or null when it is missing, forged or expired. */
  verifyAccessToken(token: string): Actor | null {
    try {
      const claims = jwt.verify(token, this.config.jwtSecret, { algorithms: ['HS256'], audience: 'poverty-portal' }) as { actor: Actor };
      return claims.actor ?? null;
    } catch {
      return null;
    }
  }

  private toActor(row: AccountRow): Actor {
    return {
      userId: row.id,
      displayName: row.display_name,
      roles: row.roles,
      ...(row.township_code ? { townshipCode: row.township_code } : {}),
      ...(row.village_code ? { villageCode: row.village_code } : {}),
      ...(row.department ? { department: row.department } : {}),
    };
  }

  /** Creates the demo accounts once; existing usernames are left as they are. */
  async seedDemoAccounts(): Promise<number> {
    const hash = await argon2.hash(DEMO_PASSWORD);
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
