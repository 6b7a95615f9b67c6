import { applyDecorators, createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiExtension, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ERROR } from '@poverty/contracts';
import { jsonLogger } from '@poverty/messaging';
import type { Actor } from '@poverty/workflow';
import { AuthService } from '../auth/auth.service';
import { ApiError } from '../common/api-error';
import { ERROR_BODY_SCHEMA } from '../common/openapi';
import { ACCESS_POLICY, decide, type EndpointId } from './access-policy';

const ACCESS = 'access-policy-id';
const logger = jsonLogger('gateway');

/** What an authenticated request carries after the guard. */
export interface AuthenticatedRequest {
  actor?: Actor;
  sessionId?: string;
  accessRole?: string | null;
}

function whoMay(id: EndpointId): string {
  const policy = ACCESS_POLICY[id] as (typeof ACCESS_POLICY)[EndpointId];
  if ('public' in policy && policy.public) return 'Public: no login.';
  const grants = Object.entries(policy.grants).map(([role, reach]) => `${role} (${reach})`);
  return `Who may call it (access policy \`${id}\`): ${grants.join(', ')}. Outside the reach: ${policy.outOfReach}.`;
}

/**
 * Binds a handler to its entry in the access policy, and documents it in OpenAPI: who may
 * call it, the bearer scheme, and the 401/403/404 answers.
 */
export function Access(id: EndpointId) {
  const policy = ACCESS_POLICY[id] as (typeof ACCESS_POLICY)[EndpointId];
  const isPublic = 'public' in policy && policy.public;
  const error = (status: number, description: string) => ApiResponse({ status, description, schema: ERROR_BODY_SCHEMA });
  return applyDecorators(
    SetMetadata(ACCESS, id),
    ApiOperation({ summary: policy.summary, description: whoMay(id), operationId: id }),
    ApiExtension('x-access-policy', { id, public: Boolean(isPublic), grants: policy.grants, outOfReach: policy.outOfReach }),
    ...(isPublic
      ? []
      : [
          ApiBearerAuth('bearer'),
          error(401, `${ERROR.UNAUTHENTICATED} (no or bad token), ${ERROR.TOKEN_EXPIRED} (refresh it)`),
          error(403, `${ERROR.FORBIDDEN}: your role may not call this`),
          ...(policy.outOfReach === 404 ? [error(404, `${ERROR.NOT_FOUND}: not in your jurisdiction, or does not exist`)] : []),
        ]),
  );
}

/**
 * The gateway's authorization check, from the one access policy. Every handler must name its
 * policy entry with `@Access(id)`; one that does not is refused (fail closed).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const id = this.reflector.get<EndpointId | undefined>(ACCESS, context.getHandler());
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined>; params?: any; query?: any; body?: unknown }>();
    if (!id || !(id in ACCESS_POLICY)) {
      logger.error('route without an access policy refused', { handler: `${context.getClass().name}.${context.getHandler().name}` });
      throw ApiError.of(ERROR.FORBIDDEN, 'This endpoint has no access policy');
    }
    const policy = ACCESS_POLICY[id] as (typeof ACCESS_POLICY)[EndpointId];
    let actor: Actor | null = null;
    if (!('public' in policy && policy.public)) {
      const token = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(request.headers['authorization'] ?? '')?.[1];
      const check = token ? this.auth.verifyAccessToken(token) : null;
      if (check && !check.ok && check.expired) throw ApiError.of(ERROR.TOKEN_EXPIRED, 'The access token has expired: refresh it or log in again');
      if (!check || !check.ok || !(await this.auth.isSessionActive(check.sessionId))) {
        throw ApiError.of(ERROR.UNAUTHENTICATED, 'Log in first: a valid bearer token is required');
      }
      actor = check.actor;
      request.actor = check.actor;
      request.sessionId = check.sessionId;
    }
    const decision = decide(id, actor, { params: request.params, query: request.query, body: request.body });
    if (!decision.allow) throw ApiError.of(decision.code, decision.message);
    request.accessRole = decision.role;
    return true;
  }
}

/** The authenticated caller. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<{ actor: Actor }>().actor;
});

/** The caller's session id (for logout and password changes). */
export const CurrentSession = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<{ sessionId: string }>().sessionId;
});
