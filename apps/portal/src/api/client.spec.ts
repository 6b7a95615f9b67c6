import { ApiError, buildQuery, localizeMessage, onUnauthorized, request, toApiError } from './client';
import { getToken, saveSession } from './session';

function reply(status: number, body?: unknown, raw?: string) {
  const text = raw ?? (body === undefined ? '' : JSON.stringify(body));
  return vi.fn(async () => ({ ok: status >= 200 && status < 300, status, text: async () => text }) as unknown as Response);
}

const user = { id: 'u', username: 'v', displayName: 'V', roles: ['village_officer' as const] };

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('toApiError', () => {
  it('keeps the gateway code, message and field', () => {
    const e = toApiError(400, { statusCode: 400, code: 'VALIDATION', message: '户主身份证号校验位不正确', field: 'data.householdHead.idNumber' });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('户主身份证号校验位不正确');
    expect(e.field).toBe('data.householdHead.idNumber');
  });

  it('recognises a stale version by status or code', () => {
    expect(toApiError(409, { statusCode: 409, code: 'CASE.STALE_VERSION', message: 'stale' }).isStaleVersion).toBe(true);
    expect(toApiError(409, undefined).isStaleVersion).toBe(true);
    expect(toApiError(422, { code: 'CASE.ACTION_NOT_ALLOWED', message: '公示期未满' }).isStaleVersion).toBe(false);
  });

  it('joins NestJS validation message arrays', () => {
    expect(toApiError(400, { statusCode: 400, message: ['a', 'b'] }).message).toBe('a；b');
  });

  it('falls back to a Chinese message and a status code when the body is not the contract', () => {
    const e = toApiError(502, undefined);
    expect(e.code).toBe('SERVER.ERROR');
    expect(e.message).toBe('服务器暂时不可用，请稍后再试');
    expect(toApiError(404, {}).code).toBe('NOT_FOUND');
    expect(toApiError(429, null).message).toBe('操作过于频繁，请稍后再试');
  });
});

describe('localizeMessage', () => {
  it('keeps the Chinese half of a bilingual rule message', () => {
    expect(localizeMessage(422, 'HOUSING.GRADE_NOT_ELIGIBLE', '只有 C 级、D 级危房可以改造 / Only grade C or D houses are renovated')).toBe(
      '只有 C 级、D 级危房可以改造',
    );
  });

  it('puts a Chinese explanation before an English-only refusal', () => {
    expect(localizeMessage(422, 'CASE.ACTION_NOT_ALLOWED', '"accept" is not possible while the case is in review')).toBe(
      '案件当前状态下不能执行该操作（"accept" is not possible while the case is in review）',
    );
    expect(localizeMessage(403, 'CASE.DECLARER_CANNOT_APPROVE', 'The person who declared a case cannot approve it')).toBe(
      '申报人不能审批自己申报的案件',
    );
  });

  it('keeps an English message it has no wording for', () => {
    expect(localizeMessage(422, 'SOMETHING.NEW', 'New rule')).toBe('New rule');
  });
});

describe('buildQuery', () => {
  it('skips empty values and encodes the rest', () => {
    expect(buildQuery({ stage: 'review', township: '', page: 2, village: undefined, q: '张 三' })).toBe('?stage=review&page=2&q=%E5%BC%A0+%E4%B8%89');
    expect(buildQuery({})).toBe('');
  });
});

describe('request', () => {
  it('sends the bearer token from sessionStorage under /api/v1', async () => {
    saveSession('tok-1', 3600, user);
    const fetchMock = reply(200, { ok: true });
    vi.stubGlobal('fetch', fetchMock);
    await expect(request('GET', '/inbox', { query: { page: 1 } })).resolves.toEqual({ ok: true });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/inbox?page=1');
    expect((init.headers as Record<string, string>)['Authorization']).toBe('Bearer tok-1');
  });

  it('sends no token to public endpoints', async () => {
    saveSession('tok-1', 3600, user);
    const fetchMock = reply(202);
    vi.stubGlobal('fetch', fetchMock);
    await expect(request('POST', '/public/notices/c1/objections', { body: { reason: 'x' }, auth: false })).resolves.toBeUndefined();
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>)['Authorization']).toBeUndefined();
    expect(init.body).toBe('{"reason":"x"}');
  });

  it('throws a typed ApiError carrying the server body', async () => {
    vi.stubGlobal('fetch', reply(422, { statusCode: 422, code: 'CASE.ACTION_NOT_ALLOWED', message: '公示期未满，不能验收' }));
    const err = await request('POST', '/housing/cases/1/actions', { body: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('CASE.ACTION_NOT_ALLOWED');
    expect(err.message).toBe('公示期未满，不能验收');
  });

  it('on 401 forgets the token and tells the session listener', async () => {
    saveSession('tok-1', 3600, user);
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    vi.stubGlobal('fetch', reply(401, { statusCode: 401, code: 'AUTH.TOKEN_EXPIRED', message: 'expired' }));
    const err = await request('GET', '/me').catch((e) => e);
    off();
    expect(err.isUnauthorized).toBe(true);
    expect(getToken()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('does not treat a failed login (401 without a token) as an expired session', async () => {
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    vi.stubGlobal('fetch', reply(401, { statusCode: 401, code: 'AUTH.BAD_CREDENTIALS', message: 'bad' }));
    const err = await request('POST', '/auth/login', { body: {}, auth: false }).catch((e) => e);
    off();
    expect(err.code).toBe('AUTH.BAD_CREDENTIALS');
    expect(listener).not.toHaveBeenCalled();
  });

  it('turns a dropped connection into a network ApiError', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const err = await request('GET', '/inbox').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.isNetwork).toBe(true);
    expect(err.message).toBe('网络连接失败，请检查网络后重试');
  });

  it('reports a timeout on a slow network', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        (_url: string, init: RequestInit) =>
          new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
      ),
    );
    const err = await request('GET', '/inbox', { timeoutMs: 10 }).catch((e) => e);
    expect(err.code).toBe('CLIENT.TIMEOUT');
  });

  it('maps an HTML error page from a proxy to a readable error', async () => {
    vi.stubGlobal('fetch', reply(502, undefined, '<html>Bad Gateway</html>'));
    const err = await request('GET', '/inbox').catch((e) => e);
    expect(err.statusCode).toBe(502);
    expect(err.message).toBe('服务器暂时不可用，请稍后再试');
  });
});

describe('token refresh', () => {
  afterEach(() => {
    sessionStorage.clear();
    vi.restoreAllMocks();
  });

  it('renews an expired access token once with the refresh token and repeats the call', async () => {
    const { saveSession, getToken } = await import('./session');
    const { request } = await import('./client');
    saveSession('old-token', 900, { userId: 'u', roles: ['auditor'] } as never, Date.now(), 'refresh-1');
    const calls: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
      const auth = (init?.headers as Record<string, string>)?.['Authorization'];
      calls.push(`${String(url)} ${auth ?? ''}`);
      if (String(url).endsWith('/auth/refresh')) {
        return new Response(JSON.stringify({ accessToken: 'new-token', expiresIn: 900, refreshToken: 'refresh-2' }), { status: 200 });
      }
      if (auth === 'Bearer old-token') return new Response(JSON.stringify({ statusCode: 401, code: 'AUTH.UNAUTHENTICATED', message: 'expired' }), { status: 401 });
      return new Response(JSON.stringify({ ok: true }), { status: 200 });
    });
    await expect(request('GET', '/me')).resolves.toEqual({ ok: true });
    expect(calls).toEqual(['/api/v1/me Bearer old-token', '/api/v1/auth/refresh ', '/api/v1/me Bearer new-token']);
    expect(getToken()).toBe('new-token');
  });
});
