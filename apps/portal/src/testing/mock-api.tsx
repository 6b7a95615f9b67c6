import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { vi } from 'vitest';
import { saveSession } from '../api/session';
import type { User } from '../api/types';
import { AuthProvider } from '../app/auth/auth-context';
import { AppRoutes } from '../app/app';

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

export interface MockReply {
  status: number;
  body?: unknown;
}

type Handler = (call: RecordedCall) => MockReply | Promise<MockReply>;

/**
 * A fake gateway: routes are "METHOD /path" (no /api/v1, no query) mapped to a reply or
 * a function of the call. Unknown routes answer 404 so a missing stub is loud.
 */
export function mockApi(routes: Record<string, MockReply | Handler>) {
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://portal.test');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const method = (init.method ?? 'GET').toUpperCase();
    const call: RecordedCall = {
      method,
      path,
      query: url.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    const route = routes[`${method} ${path}`];
    const reply: MockReply = !route
      ? { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: `no stub for ${method} ${path}` } }
      : typeof route === 'function'
        ? await route(call)
        : route;
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    return {
      ok: reply.status >= 200 && reply.status < 300,
      status: reply.status,
      text: async () => text,
    } as unknown as Response;
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export const demoUsers: Record<string, User> = {
  village: {
    id: 'u-1',
    username: 'village.xiaoshi',
    displayName: '王村官',
    roles: ['village_officer'],
    township: '210521100000',
    village: '210521100201',
  },
  township: {
    id: 'u-2',
    username: 'township.xiaoshi',
    displayName: '李审核',
    roles: ['township_reviewer'],
    township: '210521100000',
  },
  county: {
    id: 'u-3',
    username: 'county.poverty',
    displayName: '赵扶贫',
    roles: ['county_officer'],
    department: 'poverty_office',
  },
  auditor: {
    id: 'u-4',
    username: 'auditor',
    displayName: '钱审计',
    roles: ['auditor'],
  },
};

/** The user as the gateway sends it (`userId`, `townshipCode`, `villageCode`). */
export function gatewayUser(u: User) {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    ...(u.township ? { townshipCode: u.township } : {}),
    ...(u.village ? { villageCode: u.village } : {}),
    ...(u.department ? { department: u.department } : {}),
  };
}

/** Signs a user in the way a login would: token, expiry and user in sessionStorage. */
export function signIn(user: User, expiresInSeconds = 3600, now = Date.now()) {
  saveSession('test-token', expiresInSeconds, user, now);
}

export function LocationProbe() {
  const l = useLocation();
  return <output data-testid="location">{l.pathname + l.search}</output>;
}

/** The whole app (routes, auth, layout) at `path`, as a browser would show it. */
export function renderApp(path: string, extra?: ReactElement) {
  return render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <AuthProvider>
        <AppRoutes />
        <LocationProbe />
        {extra}
      </AuthProvider>
    </MemoryRouter>,
  );
}
