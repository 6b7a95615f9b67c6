import { AsyncLocalStorage } from 'node:async_hooks';
import { createParamDecorator, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';

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

/** Runs each handler inside the request's context, so NATS commands carry its id as correlation id. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const meta = metaOf(context.switchToHttp().getRequest());
    return new Observable((subscriber) => storage.run(meta, () => next.handle().subscribe(subscriber)));
  }
}
