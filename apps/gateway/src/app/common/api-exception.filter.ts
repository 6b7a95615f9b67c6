import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ERROR, errorBody, type ErrorBody } from '@poverty/contracts';
import { jsonLogger } from '@poverty/messaging';
import { ApiError } from './api-error';

const logger = jsonLogger('gateway');

/** Set when the gateway serves the portal: unknown non-API GETs then get the portal's index.html. */
export const portalFallback = { enabled: false };

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).code === 'string' && typeof (value as ErrorBody).statusCode === 'number';
}

/** Turns every failure into `{statusCode, code, message, field?}`; never a stack trace. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof ApiError) return exception.body;
  if (isErrorBody(exception)) return exception;
  const fastifyCode = (exception as { code?: string })?.code;
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_ERR_CTP')) {
    if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return errorBody(ERROR.VALIDATION, 'Send the body as application/json', { field: 'body' });
    if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return { ...errorBody(ERROR.VALIDATION, 'Body too large', { field: 'body' }), statusCode: 413 };
    return errorBody(ERROR.MALFORMED_JSON, 'The body is not valid JSON', { field: 'body' });
  }
  if ((exception as { statusCode?: number })?.statusCode === 400 && exception instanceof SyntaxError) {
    return errorBody(ERROR.MALFORMED_JSON, 'The body is not valid JSON', { field: 'body' });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 400 && /JSON/i.test(exception.message)) return errorBody(ERROR.MALFORMED_JSON, 'The body is not valid JSON', { field: 'body' });
    if (status === 415) return { ...errorBody(ERROR.VALIDATION, 'Send the body as application/json', { field: 'body' }), statusCode: 415 };
    const code = status === 404 ? 'ROUTE.NOT_FOUND' : status === 401 ? ERROR.UNAUTHENTICATED : status === 403 ? ERROR.FORBIDDEN : status === 429 ? ERROR.RATE_LIMITED : `HTTP.${status}`;
    return { statusCode: status, code, message: status === 404 ? 'No such route' : exception.message };
  }
  return errorBody(ERROR.INTERNAL, 'Internal error');
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const body = toErrorBody(exception);
    const request = host.switchToHttp().getRequest<{ method: string; url: string; id?: string }>();
    if (portalFallback.enabled && body.code === 'ROUTE.NOT_FOUND' && request.method === 'GET' && !request.url.startsWith('/api/')) {
      void (host.switchToHttp().getResponse() as any).sendFile('index.html');
      return;
    }
    if (body.statusCode >= 500) {
      logger.error('request failed', { requestId: request.id, code: body.code, error: (exception as Error)?.message });
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(body.statusCode).header('cache-control', 'no-store').send(body);
  }
}
