import { AsyncLocalStorage } from 'node:async_hooks';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Who and where a request comes from, for the audit log and the services' correlation ids. */
export interface RequestMeta {
  requestId: string;
  clientIp: string;
  userAgent?: string;
}

const storage = new AsyncLocalStorage<RequestMeta>();

/** The current request's metadata, when called inside a request. */
export function currentRequest(): RequestMeta | undefined {
  return storage.getStore();
}

export function metaOf(request: { id?: string; ip?: string; headers?: Record<string, unknown> }): RequestMeta {
  const agent = request.headers?.['user-agent'];
  return {
    requestId: String(request.id ?? ''),
    clientIp: request.ip ?? 'unknown',
    ...(typeof agent === 'string' ? { userAgent: agent.slice(0, 200) } : {}),
  };
}

/** `@Meta()`: the request id and client address of the current request. */
export const Meta = createParamDecorator((_: unknown, context: ExecutionContext): RequestMeta => metaOf(context.switchToHttp().getRequest()));

/**
 * Runs the rest of each request inside its context, so NATS commands carry its id as correlation
 * id. A Fastify `onRequest` hook (as @fastify/request-context does) rather than a Nest interceptor:
 * the interceptor's Observable and bound callbacks cost more than the request's own work here.
 */
export function requestContextHook(request: { id?: string; ip?: string; headers?: Record<string, unknown> }, _reply: unknown, done: () => void): void {
  storage.run(metaOf(request), done);
}
