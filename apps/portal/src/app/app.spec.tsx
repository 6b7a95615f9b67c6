import { fireEvent, screen, waitFor } from '@testing-library/react';
import { getToken } from '../api/session';
import { inboxItem } from '../testing/fixtures';
import { demoUsers, gatewayUser, mockApi, renderApp, signIn } from '../testing/mock-api';

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function login(username: string, password: string) {
  fireEvent.change(screen.getByTestId('login-username'), { target: { value: username } });
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('login-submit'));
}

describe('portal shell', () => {
  it('sends an anonymous visitor to the login page, which links to the notice board', async () => {
    mockApi({});
    renderApp('/');
    expect(await screen.findByTestId('login-form')).toBeTruthy();
    expect(screen.getByRole('link', { name: '进入公示栏' })).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/login');
  });

  it('logs a township reviewer in and lands on the inbox', async () => {
    const { calls } = mockApi({
      'POST /auth/login': { status: 200, body: { accessToken: 'tok', expiresIn: 3600, user: gatewayUser(demoUsers.township) } },
      'GET /inbox': { status: 200, body: { items: [inboxItem()] } },
      'GET /me': { status: 200, body: gatewayUser(demoUsers.township) },
    });
    renderApp('/login');
    login('township.xiaoshi', 'Demo@2019');
    expect(await screen.findAllByTestId('inbox-row')).toHaveLength(1);
    expect(calls[0].body).toEqual({ username: 'township.xiaoshi', password: 'Demo@2019' });
    expect(getToken()).toBe('tok');
    expect(screen.getByTestId('current-user').textContent).toContain('李审核');
    // the gateway's townshipCode is kept as the user's township
    expect(JSON.parse(sessionStorage.getItem('portal.user') ?? '{}')).toMatchObject({ id: 'u-2', township: '210521100000' });
  });

  it('says so when the credentials are wrong, without leaving the page', async () => {
    mockApi({ 'POST /auth/login': { status: 401, body: { statusCode: 401, code: 'AUTH.BAD_CREDENTIALS', message: 'Wrong username or password' } } });
    renderApp('/login');
    login('township.xiaoshi', 'wrong');
    expect((await screen.findByTestId('login-error')).textContent).toBe('用户名或密码错误');
    expect(screen.getByTestId('location').textContent).toBe('/login');
  });

  it('validates the login form in Chinese before calling the server', async () => {
    const { calls } = mockApi({});
    renderApp('/login');
    fireEvent.click(screen.getByTestId('login-submit'));
    expect((await screen.findByTestId('error-username')).textContent).toBe('请填写用户名');
    expect(screen.getByTestId('error-password').textContent).toBe('请填写密码');
    expect(calls).toHaveLength(0);
  });

  it('on a 401 clears the session, asks to log in again and returns to the page afterwards', async () => {
    signIn(demoUsers.township);
    let expired = true;
    mockApi({
      'GET /me': () => (expired ? { status: 401, body: { statusCode: 401, code: 'AUTH.EXPIRED', message: 'jwt expired' } } : { status: 200, body: demoUsers.township }),
      'GET /inbox': () =>
        expired
          ? { status: 401, body: { statusCode: 401, code: 'AUTH.EXPIRED', message: 'jwt expired' } }
          : { status: 200, body: { items: [inboxItem(), inboxItem({ caseId: 'H-2', overdue: true })] } },
      'POST /auth/login': () => {
        expired = false;
        return { status: 200, body: { accessToken: 'fresh', expiresIn: 3600, user: demoUsers.township } };
      },
    });
    renderApp('/inbox?service=housing');
    expect((await screen.findByTestId('login-expired')).textContent).toBe('登录已过期，请重新登录');
    expect(getToken()).toBeNull();
    expect(screen.getByTestId('location').textContent).toBe('/login?reason=expired&next=%2Finbox%3Fservice%3Dhousing');

    login('township.xiaoshi', 'Demo@2019');
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/inbox?service=housing'));
    expect(await screen.findAllByTestId('inbox-row')).toHaveLength(2);
    expect(screen.getAllByTestId('overdue-flag')).toHaveLength(1);
  });

  it('treats a session past its lifetime as expired without calling the server', async () => {
    signIn(demoUsers.village, 60, Date.now() - 120_000);
    const { calls } = mockApi({});
    renderApp('/declare/housing');
    expect(await screen.findByTestId('login-expired')).toBeTruthy();
    expect(calls.filter((c) => c.path !== '/me')).toHaveLength(0);
  });

  it('logs out, forgetting the token and any unsent drafts', async () => {
    signIn(demoUsers.village);
    sessionStorage.setItem('portal.draft.declare.housing', '{"values":{}}');
    mockApi({ 'GET /me': { status: 200, body: demoUsers.village }, 'GET /inbox': { status: 200, body: { items: [] } } });
    renderApp('/inbox');
    fireEvent.click(await screen.findByTestId('logout-button'));
    expect(await screen.findByTestId('login-logged-out')).toBeTruthy();
    expect(getToken()).toBeNull();
    expect(sessionStorage.getItem('portal.draft.declare.housing')).toBeNull();
  });

  it('shows a Chinese 404 page for unknown addresses', async () => {
    mockApi({});
    renderApp('/no-such-page');
    expect((await screen.findByTestId('not-found')).textContent).toContain('页面不存在');
  });
});
