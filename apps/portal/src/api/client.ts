import { clearToken, getRefreshToken, getToken, saveRefreshedTokens } from './session';

export const API_BASE = '/api/v1';
const DEFAULT_TIMEOUT_MS = 30_000;

/** Codes the portal itself produces when no server answer is available. */
export const CLIENT_ERROR_CODES = {
  network: 'CLIENT.NETWORK',
  timeout: 'CLIENT.TIMEOUT',
  badResponse: 'CLIENT.BAD_RESPONSE',
} as const;

const FALLBACK_MESSAGES: Record<number, string> = {
  400: '提交的数据有误，请检查后重试',
  401: '登录已过期，请重新登录',
  403: '没有权限执行此操作',
  404: '未找到该记录，或不在您的管辖范围内',
  409: '数据已被他人修改，请刷新后重试',
  422: '当前不能执行此操作',
  429: '操作过于频繁，请稍后再试',
};

function fallbackCode(status: number): string {
  if (status === 400) return 'REQUEST.INVALID';
  if (status === 401) return 'AUTH.UNAUTHORIZED';
  if (status === 403) return 'AUTH.FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 422) return 'UNPROCESSABLE';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'SERVER.ERROR';
  return 'HTTP.' + status;
}

function fallbackMessage(status: number): string {
  if (FALLBACK_MESSAGES[status]) return FALLBACK_MESSAGES[status];
  if (status >= 500) return '服务器暂时不可用，请稍后再试';
  return `请求失败（${status}）`;
}

/** Chinese wording for the gateway's stable codes, used when its message is English only. */
export const CODE_MESSAGES: Record<string, string> = {
  'AUTH.BAD_CREDENTIALS': '用户名或密码错误',
  'AUTH.UNAUTHENTICATED': '登录已过期，请重新登录',
  'AUTH.PRINCIPAL_INVALID': '登录已过期，请重新登录',
  'AUTH.FORBIDDEN': '没有权限执行此操作',
  'REQUEST.VALIDATION_FAILED': '提交的数据有误',
  'REQUEST.MALFORMED_JSON': '提交的数据格式有误',
  'REQUEST.UNKNOWN_SERVICE': '没有这种业务',
  'REQUEST.RATE_LIMITED': '操作过于频繁，请稍后再试',
  'SERVICE.UNAVAILABLE': '该业务服务暂时不可用，请稍后再试',
  'ROUTE.NOT_FOUND': '该功能尚未开放',
  INTERNAL: '服务器内部错误，请稍后再试',
  'CASE.NOT_FOUND': '未找到该案件，或不在您的管辖范围内',
  'CASE.STALE_VERSION': '该案件已被他人处理',
  'CASE.UNKNOWN_ACTION': '不支持的操作',
  'CASE.ACTION_NOT_ALLOWED': '案件当前状态下不能执行该操作',
  'CASE.WRONG_ROLE': '您的岗位不能在这一级办理',
  'CASE.OUT_OF_JURISDICTION': '该案件不在您的管辖范围内',
  'CASE.SEPARATION_OF_DUTIES': '您已在本案件的另一级办理过，同一人不能在两级办理',
  'CASE.DECLARER_CANNOT_APPROVE': '申报人不能审批自己申报的案件',
  'CASE.ALREADY_SIGNED': '您已在这一级签署过意见',
  'CASE.COMMENT_REQUIRED': '请填写办理意见',
  'CASE.REASON_REQUIRED': '请填写理由',
  'CASE.FIELD_NOT_EDITABLE': '这一级不能登记该项信息',
  'CASE.NOT_WITHDRAWABLE': '已有审核层级同意，不能撤回',
  'CASE.NO_OPEN_OBJECTION': '没有待处理的异议',
  'CASE.UNKNOWN_ACCEPTANCE_CHECK': '没有这个验收项目',
  'CASE.EVIDENCE_REQUIRED': '请填写验收依据',
  'CASE.ACCEPTANCE_INCOMPLETE': '验收项目尚未全部登记，不能验收通过',
  'HOUSEHOLD.UNKNOWN': '该农户不在建档立卡名单中',
};

const HAS_CJK = /[\u3400-\u9fff]/;

/**
 * A message fit for a Chinese screen: rule messages come as "中文 / English" and keep their
 * Chinese half; English-only messages give way to the code's Chinese wording, with the
 * server's detail in brackets where it explains a refusal (400/422).
 */
export function localizeMessage(status: number, code: string, message: string): string {
  if (HAS_CJK.test(message)) {
    const [zh] = message.split(/\s+\/\s+(?=[A-Za-z])/);
    return zh.trim();
  }
  const zh = CODE_MESSAGES[code];
  if (!zh) return message || fallbackMessage(status);
  if (message && (status === 400 || status === 422)) return `${zh}（${message}）`;
  return zh;
}

/** A failed gateway call: its HTTP status, the stable error code and a message fit to show. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly field?: string;

  constructor(statusCode: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.field = field;
  }

  get isNetwork(): boolean {
    return this.statusCode === 0;
  }
  get isStaleVersion(): boolean {
    return this.statusCode === 409 || this.code === 'CASE.STALE_VERSION';
  }
  get isNotFound(): boolean {
    return this.statusCode === 404;
  }
  get isUnauthorized(): boolean {
    return this.statusCode === 401;
  }
}

/**
 * Turns an HTTP status and whatever body came with it into an ApiError.
 * Bodies are `{statusCode, code, message, field?}`; NestJS's validation pipe may send
 * `message` as an array, and proxies may send HTML, so both are tolerated.
 */
export function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const code = typeof b['code'] === 'string' && b['code'] ? (b['code'] as string) : fallbackCode(status);
    let message: string;
    const raw = b['message'];
    if (Array.isArray(raw)) message = raw.filter((m) => typeof m === 'string').join('；');
    else if (typeof raw === 'string') message = raw;
    else message = '';
    message = message ? localizeMessage(status, code, message) : (CODE_MESSAGES[code] ?? fallbackMessage(status));
    const field = typeof b['field'] === 'string' && b['field'] ? (b['field'] as string) : undefined;
    return new ApiError(status, code, message, field);
  }
  return new ApiError(status, fallbackCode(status), fallbackMessage(status));
}

export function networkError(timedOut: boolean): ApiError {
  return timedOut
    ? new ApiError(0, CLIENT_ERROR_CODES.timeout, '网络较慢，请求超时，请稍后重试')
    : new ApiError(0, CLIENT_ERROR_CODES.network, '网络连接失败，请检查网络后重试');
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called (once per failing call) when a call that carried a token is answered 401. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export type QueryValue = string | number | boolean | null | undefined;

export function buildQuery(query?: Record<string, QueryValue>): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  const s = params.toString();
  return s ? '?' + s : '';
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** Send the bearer token (default true). Public endpoints pass false. */
  auth?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Set on the repeat after a token refresh, so a second 401 ends the session. */
  isRetry?: boolean;
}

/** One call to the gateway. Resolves with the parsed JSON body (undefined for 202/204). */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const { body, query, auth = true, signal, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = auth ? getToken() : null;
  if (token) headers['Authorization'] = `Bearer ${token}`;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = () => controller.abort();
  signal?.addEventListener('abort', onOuterAbort);

  let res: Response;
  try {
    res = await fetch(API_BASE + path + buildQuery(query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw networkError(timedOut);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onOuterAbort);
  }

  const text = await res.text().catch(() => '');
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }

  if (!res.ok) {
    const error = toApiError(res.status, parsed);
    // An expired access token is renewed once with the refresh token, then the call is repeated.
    if (res.status === 401 && token && !options.isRetry && (await refreshSession())) {
      return request<T>(method, path, { ...options, isRetry: true });
    }
    if (res.status === 401 && token) {
      clearToken();
      unauthorizedListeners.forEach((l) => l());
    }
    throw error;
  }
  if (text && parsed === undefined) {
    throw new ApiError(res.status, CLIENT_ERROR_CODES.badResponse, '服务器返回的数据无法识别');
  }
  return parsed as T;
}

export const http = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
};

let refreshing: Promise<boolean> | null = null;

/**
 * Exchanges the refresh token for new tokens. Single flight: the refresh token is single use
 * (replaying one revokes the session), so concurrent 401s share one refresh.
 */
export function refreshSession(): Promise<boolean> {
  const refreshToken = getRefreshToken();
  if (!refreshToken) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const res = await fetch(API_BASE + '/auth/refresh', {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
      if (!res.ok) return false;
      const body = (await res.json()) as { accessToken: string; expiresIn?: number; refreshToken: string };
      saveRefreshedTokens(body.accessToken, body.expiresIn, body.refreshToken);
      return true;
    } catch {
      return false;
    } finally {
      setTimeout(() => (refreshing = null), 0);
    }
  })();
  return refreshing;
}
