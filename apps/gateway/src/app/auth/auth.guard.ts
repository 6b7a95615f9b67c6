import { createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ERROR } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { ApiError } from '../common/api-error';
import { AuthService } from './auth.service';

const PUBLIC = 'public-route';
/** Marks a route that needs no login (public board, login, health). */
export const PublicRoute = () => SetMetadata(PUBLIC, true);

/** Every route needs a valid bearer token unless marked `@PublicRoute()`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly auth: AuthService) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const header = request.headers['authorization'] ?? '';
    const token = /^Bearer (\S+)$/.exec(header)?.[1];
    const actor = token ? this.auth.verifyAccessToken(token) : null;
    if (!actor) throw ApiError.of(ERROR.UNAUTHENTICATED, 'Log in first: a valid bearer token is required');
    request.actor = actor;
    return true;
  }
}

/** The authenticated caller. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
