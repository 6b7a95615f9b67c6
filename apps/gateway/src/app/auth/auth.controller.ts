import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '@poverty/workflow';
import { Access, CurrentActor, CurrentSession } from '../authorization/access.guard';
import { BodyFrom, Errors } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import { Meta, type RequestMeta } from '../common/request-context';
import { AuthService } from './auth.service';

const loginSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict();
const refreshSchema = z.object({ refreshToken: z.string().min(1).max(200) }).strict();
const passwordSchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }).strict();

const TOKEN_PAIR_SCHEMA = {
  type: 'object',
  required: ['tokenType', 'accessToken', 'expiresIn', 'refreshToken', 'refreshExpiresIn'],
  properties: {
    tokenType: { type: 'string', enum: ['Bearer'] },
    accessToken: { type: 'string', description: 'JWT for `Authorization: Bearer …`' },
    expiresIn: { type: 'integer', description: 'seconds' },
    refreshToken: { type: 'string', description: 'opaque, single use' },
    refreshExpiresIn: { type: 'integer', description: 'seconds until the session ends' },
  },
};

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @HttpCode(200)
  @Access('auth.login')
  @BodyFrom(loginSchema)
  @ApiOkResponse({ schema: { ...TOKEN_PAIR_SCHEMA, properties: { ...TOKEN_PAIR_SCHEMA.properties, user: { type: 'object' } } } })
  @Errors([401, 'AUTH.BAD_CREDENTIALS'], [423, 'AUTH.ACCOUNT_LOCKED: too many failed logins (details.retryAfterSeconds)'])
  login(@Body() body: unknown, @Meta() meta: RequestMeta) {
    const { username, password } = parseBody(loginSchema, body);
    return this.auth.login(username, password, meta);
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @Access('auth.refresh')
  @BodyFrom(refreshSchema)
  @ApiOkResponse({ schema: TOKEN_PAIR_SCHEMA })
  @Errors([401, 'AUTH.REFRESH_INVALID: unknown, expired, revoked or already used (reuse revokes the session)'])
  refresh(@Body() body: unknown, @Meta() meta: RequestMeta) {
    return this.auth.refresh(parseBody(refreshSchema, body).refreshToken, meta);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Access('auth.logout')
  @ApiResponse({ status: 204, description: 'Session ended' })
  async logout(@CurrentActor() actor: Actor, @CurrentSession() sessionId: string, @Meta() meta: RequestMeta) {
    await this.auth.logout(actor, sessionId, meta);
  }

  @Post('auth/password')
  @HttpCode(204)
  @Access('auth.password')
  @BodyFrom(passwordSchema, 'newPassword: at least 10 characters, three of lower/upper/digit/symbol, not the username')
  @ApiResponse({ status: 204, description: 'Password changed; your other sessions are ended' })
  @Errors([401, 'AUTH.BAD_CREDENTIALS: the current password is wrong'])
  async changePassword(@Body() body: unknown, @CurrentActor() actor: Actor, @CurrentSession() sessionId: string, @Meta() meta: RequestMeta) {
    const { currentPassword, newPassword } = parseBody(passwordSchema, body);
    await this.auth.changePassword(actor, sessionId, currentPassword, newPassword, meta);
  }

  @Get('me')
  @Access('me')
  @ApiOkResponse({ schema: { type: 'object', properties: { userId: { type: 'string' }, displayName: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } }, townshipCode: { type: 'string' }, villageCode: { type: 'string' }, department: { type: 'string' } } } })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}
