/** The JSON shape of every error, over HTTP and inside NATS replies. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  field?: string;
  details?: Record<string, unknown>;
}

/** Stable codes that are not approval refusals (those live in @poverty/workflow REFUSAL). */
export const ERROR = {
  VALIDATION: 'REQUEST.VALIDATION_FAILED',
  MALFORMED_JSON: 'REQUEST.MALFORMED_JSON',
  NOT_FOUND: 'CASE.NOT_FOUND',
  STALE_VERSION: 'CASE.STALE_VERSION',
  UNKNOWN_ACTION: 'CASE.UNKNOWN_ACTION',
  UNKNOWN_SERVICE: 'REQUEST.UNKNOWN_SERVICE',
  UNKNOWN_HOUSEHOLD: 'HOUSEHOLD.UNKNOWN',
  UNAUTHENTICATED: 'AUTH.UNAUTHENTICATED',
  BAD_CREDENTIALS: 'AUTH.BAD_CREDENTIALS',
  FORBIDDEN: 'AUTH.FORBIDDEN',
  PRINCIPAL_INVALID: 'AUTH.PRINCIPAL_INVALID',
  TOKEN_EXPIRED: 'AUTH.TOKEN_EXPIRED',
  REFRESH_INVALID: 'AUTH.REFRESH_INVALID',
  ACCOUNT_LOCKED: 'AUTH.ACCOUNT_LOCKED',
  ACCOUNT_NOT_FOUND: 'ACCOUNT.NOT_FOUND',
  USERNAME_TAKEN: 'ACCOUNT.USERNAME_TAKEN',
  RATE_LIMITED: 'REQUEST.RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE.UNAVAILABLE',
  /** No running replica runs the approval-machine version the case was written by (see README, releasing a machine change). */
  MACHINE_VERSION_UNAVAILABLE: 'CASE.MACHINE_VERSION_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;

/** HTTP status for a refusal code: out of jurisdiction hides existence (404). */
export function statusForCode(code: string): number {
  switch (code) {
    case ERROR.VALIDATION:
    case ERROR.MALFORMED_JSON:
    case ERROR.UNKNOWN_ACTION:
      return 400;
    case ERROR.UNAUTHENTICATED:
    case ERROR.BAD_CREDENTIALS:
    case ERROR.PRINCIPAL_INVALID:
    case ERROR.TOKEN_EXPIRED:
    case ERROR.REFRESH_INVALID:
      return 401;
    case ERROR.ACCOUNT_LOCKED:
      return 423;
    case ERROR.ACCOUNT_NOT_FOUND:
      return 404;
    case ERROR.USERNAME_TAKEN:
      return 409;
    case ERROR.FORBIDDEN:
    case 'CASE.WRONG_ROLE':
    case 'CASE.SEPARATION_OF_DUTIES':
    case 'CASE.DECLARER_CANNOT_APPROVE':
      return 403;
    case ERROR.NOT_FOUND:
    case ERROR.UNKNOWN_SERVICE:
    case 'CASE.OUT_OF_JURISDICTION':
      return 404;
    case ERROR.STALE_VERSION:
      return 409;
    case ERROR.RATE_LIMITED:
      return 429;
    case ERROR.SERVICE_UNAVAILABLE:
    case ERROR.MACHINE_VERSION_UNAVAILABLE:
      return 503;
    case ERROR.INTERNAL:
      return 500;
    default:
      return 422;
  }
}

export function errorBody(code: string, message: string, extra: Pick<ErrorBody, 'field' | 'details'> = {}): ErrorBody {
  return { statusCode: statusForCode(code), code, message, ...extra };
}
