import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { adminCodeSchema } from '@poverty/contracts';
import { DEPARTMENTS, type Actor } from '@poverty/workflow';
import { Access, CurrentActor } from '../authorization/access.guard';
import { ACCOUNT_ROLES } from '../authorization/access-policy';
import { BodyFrom, Errors, QueryFrom } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import { Meta, type RequestMeta } from '../common/request-context';
import { AccountsService } from './accounts.service';
import { GatewayAudit } from './gateway-audit.service';

const scopeFields = {
  roles: z.array(z.enum(ACCOUNT_ROLES)).min(1).max(3),
  townshipCode: adminCodeSchema.nullable().optional(),
  villageCode: adminCodeSchema.nullable().optional(),
  department: z.enum(DEPARTMENTS).nullable().optional(),
};
const createSchema = z
  .object({
    username: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,49}$/, 'lower-case letters, digits, ".", "_" or "-", 3 to 50 characters'),
    displayName: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(200),
    ...scopeFields,
  })
  .strict();
const rescopeSchema = z
  .object({ displayName: z.string().trim().min(1).max(100).optional(), ...scopeFields, roles: scopeFields.roles.optional() })
  .strict();
const passwordSchema = z.object({ password: z.string().min(1).max(200) }).strict();
const listSchema = z
  .object({
    role: z.enum(ACCOUNT_ROLES).optional(),
    township: adminCodeSchema.optional(),
    disabled: z.enum(['true', 'false']).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
const auditSchema = z
  .object({
    targetId: z.string().max(64).optional(),
    action: z.string().max(64).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const ACCOUNT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string', enum: [...ACCOUNT_ROLES] } },
    townshipCode: { type: 'string', nullable: true },
    villageCode: { type: 'string', nullable: true },
    department: { type: 'string', nullable: true },
    disabled: { type: 'boolean' },
    lockedUntil: { type: 'string', nullable: true },
    lastLoginAt: { type: 'string', nullable: true },
  },
};
const NOT_FOUND: [number, string] = [404, 'ACCOUNT.NOT_FOUND'];

/** Users, their roles and jurisdictions (admin); every change lands in the gateway audit log. */
@ApiTags('admin')
@Controller('admin')
export class AdminUsersController {
  constructor(private readonly accounts: AccountsService, private readonly audit: GatewayAudit) {}

  @Get('users')
  @Access('admin.users.list')
  @QueryFrom(listSchema)
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: ACCOUNT_SCHEMA }, total: { type: 'integer' } } } })
  list(@Query() query: unknown) {
    const q = parseBody(listSchema, query);
    return this.accounts.list({ ...q, disabled: q.disabled === undefined ? undefined : q.disabled === 'true' });
  }

  @Post('users')
  @Access('admin.users.create')
  @BodyFrom(createSchema, 'password: at least 10 characters, three of lower/upper/digit/symbol, not the username')
  @ApiResponse({ status: 201, schema: ACCOUNT_SCHEMA })
  @Errors([409, 'ACCOUNT.USERNAME_TAKEN'])
  create(@Body() body: unknown, @CurrentActor() admin: Actor, @Meta() meta: RequestMeta) {
    const input = parseBody(createSchema, body);
    return this.accounts.create(admin, { ...input, townshipCode: input.townshipCode ?? null, villageCode: input.villageCode ?? null, department: input.department ?? null }, meta);
  }

  @Get('users/:id')
  @Access('admin.users.get')
  @ApiOkResponse({ schema: ACCOUNT_SCHEMA })
  @Errors(NOT_FOUND)
  get(@Param('id') id: string) {
    return this.accounts.get(id);
  }

  @Patch('users/:id')
  @Access('admin.users.rescope')
  @BodyFrom(rescopeSchema, 'Fields not given keep their value; null clears a jurisdiction field')
  @ApiOkResponse({ schema: ACCOUNT_SCHEMA })
  @Errors(NOT_FOUND)
  rescope(@Param('id') id: string, @Body() body: unknown, @CurrentActor() admin: Actor, @Meta() meta: RequestMeta) {
    return this.accounts.rescope(admin, id, parseBody(rescopeSchema, body), meta);
  }

  @Post('users/:id/disable')
  @HttpCode(200)
  @Access('admin.users.disable')
  @ApiOkResponse({ schema: ACCOUNT_SCHEMA })
  @Errors(NOT_FOUND)
  disable(@Param('id') id: string, @CurrentActor() admin: Actor, @Meta() meta: RequestMeta) {
    return this.accounts.setDisabled(admin, id, true, meta);
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  @Access('admin.users.enable')
  @ApiOkResponse({ schema: ACCOUNT_SCHEMA })
  @Errors(NOT_FOUND)
  enable(@Param('id') id: string, @CurrentActor() admin: Actor, @Meta() meta: RequestMeta) {
    return this.accounts.setDisabled(admin, id, false, meta);
  }

  @Post('users/:id/password')
  @HttpCode(204)
  @Access('admin.users.password')
  @BodyFrom(passwordSchema)
  @ApiResponse({ status: 204, description: 'Password set; the account is unlocked and its sessions ended' })
  @Errors(NOT_FOUND)
  async password(@Param('id') id: string, @Body() body: unknown, @CurrentActor() admin: Actor, @Meta() meta: RequestMeta) {
    await this.accounts.resetPassword(admin, id, parseBody(passwordSchema, body).password, meta);
  }

  @Get('audit-log')
  @Access('admin.audit')
  @QueryFrom(auditSchema)
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, total: { type: 'integer' } } } })
  auditLog(@Query() query: unknown) {
    return this.audit.list(parseBody(auditSchema, query));
  }
}
