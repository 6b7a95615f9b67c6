import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { onUnauthorized } from '../../api/client';
import { api } from '../../api/endpoints';
import {
  clearSessionAndDrafts,
  clearToken,
  getStoredUser,
  getToken,
  isSessionExpired,
  saveSession,
  saveUser,
} from '../../api/session';
import type { User } from '../../api/types';
import { loginPath } from './routes';

interface AuthContextValue {
  user: User | null;
  login: (username: string, password: string) => Promise<User>;
  logout: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

function initialUser(): User | null {
  if (!getToken()) return null;
  if (isSessionExpired()) return null;
  return getStoredUser();
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(initialUser);
  const navigate = useNavigate();
  const location = useLocation();
  const locationRef = useRef(location);
  locationRef.current = location;

  // Any call answered 401: the client has already dropped the token; send the user
  // to the login page with the way back to where they were.
  useEffect(
    () =>
      onUnauthorized(() => {
        setUser(null);
        const { pathname, search } = locationRef.current;
        if (pathname === '/login') return;
        navigate(loginPath({ expired: true, next: pathname + search }), { replace: true });
      }),
    [navigate],
  );

  // Refresh roles and jurisdiction once per page load; a stale cached user is only a
  // starting point for the first paint.
  useEffect(() => {
    if (!getToken()) return;
    const c = new AbortController();
    api
      .me({ signal: c.signal })
      .then((me) => {
        saveUser(me);
        setUser(me);
      })
      .catch(() => undefined);
    return () => c.abort();
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const res = await api.login(username, password);
    saveSession(res.accessToken, res.expiresIn, res.user, Date.now(), res.refreshToken);
    setUser(res.user);
    return res.user;
  }, []);

  const logout = useCallback(() => {
    clearSessionAndDrafts();
    setUser(null);
    navigate(loginPath({ loggedOut: true }), { replace: true });
  }, [navigate]);

  // The token can vanish under a cached user (expiry, another tab logging out).
  const current = user && getToken() ? user : null;
  const value = useMemo(() => ({ user: current, login, logout }), [current, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/** Drops an expired session before it is used; true when it did. */
export function expireIfStale(): boolean {
  if (getToken() && isSessionExpired()) {
    clearToken();
    return true;
  }
  return false;
}
