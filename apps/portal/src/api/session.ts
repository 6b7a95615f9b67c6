import type { User } from './types';

// sessionStorage, not localStorage: village offices share phones and PCs, and a
// closed tab should not leave a usable token behind.
const TOKEN_KEY = 'portal.accessToken';
const EXPIRES_KEY = 'portal.expiresAt';
const REFRESH_KEY = 'portal.refreshToken';
const USER_KEY = 'portal.user';
const ENDED_KEY = 'portal.sessionEnded';
const DRAFT_PREFIX = 'portal.draft.';

/** Why the last session ended, so the login page can say so after any redirect. */
export type SessionEndReason = 'expired' | 'loggedOut';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return storage()?.getItem(TOKEN_KEY) ?? null;
}

export function getStoredUser(): User | null {
  const raw = storage()?.getItem(USER_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as User;
  } catch {
    return null;
  }
}

/** True when the token's own lifetime (from the login answer) has run out. */
export function isSessionExpired(now: number = Date.now()): boolean {
  // With a refresh token the gateway decides: an expired access token is renewed on its 401.
  if (storage()?.getItem(REFRESH_KEY)) return false;
  const raw = storage()?.getItem(EXPIRES_KEY);
  if (!raw) return false;
  const at = Number(raw);
  return Number.isFinite(at) && at <= now;
}

export function saveSession(
  token: string,
  expiresInSeconds: number | undefined,
  user: User,
  now: number = Date.now(),
  refreshToken?: string,
): void {
  const s = storage();
  if (!s) return;
  s.setItem(TOKEN_KEY, token);
  if (refreshToken) s.setItem(REFRESH_KEY, refreshToken);
  else s.removeItem(REFRESH_KEY);
  if (expiresInSeconds && expiresInSeconds > 0) {
    s.setItem(EXPIRES_KEY, String(now + expiresInSeconds * 1000));
  } else {
    s.removeItem(EXPIRES_KEY);
  }
  s.setItem(USER_KEY, JSON.stringify(user));
  s.removeItem(ENDED_KEY);
}

export function saveUser(user: User): void {
  storage()?.setItem(USER_KEY, JSON.stringify(user));
}

/** Forget the token; form drafts survive so an expired session loses no typing. */
export function clearToken(reason: SessionEndReason = 'expired'): void {
  const s = storage();
  if (!s) return;
  s.removeItem(TOKEN_KEY);
  s.removeItem(EXPIRES_KEY);
  s.removeItem(USER_KEY);
  s.setItem(ENDED_KEY, reason);
}

export function sessionEndReason(): SessionEndReason | null {
  const v = storage()?.getItem(ENDED_KEY);
  return v === 'expired' || v === 'loggedOut' ? v : null;
}

/** The login page has told the user why; later redirects need not repeat it. */
export function forgetSessionEndReason(): void {
  storage()?.removeItem(ENDED_KEY);
}

/** Explicit logout: forget the token and every draft, the device may be shared. */
export function clearSessionAndDrafts(): void {
  clearToken('loggedOut');
  const s = storage();
  if (!s) return;
  const keys: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k && k.startsWith(DRAFT_PREFIX)) keys.push(k);
  }
  keys.forEach((k) => s.removeItem(k));
}

export function loadDraft<T>(name: string): T | null {
  const raw = storage()?.getItem(DRAFT_PREFIX + name);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function saveDraft(name: string, value: unknown): void {
  try {
    storage()?.setItem(DRAFT_PREFIX + name, JSON.stringify(value));
  } catch {
    // quota exceeded: a lost draft is not worth interrupting the user
  }
}

export function clearDraft(name: string): void {
  storage()?.removeItem(DRAFT_PREFIX + name);
}

export function getRefreshToken(): string | null {
  return storage()?.getItem(REFRESH_KEY) ?? null;
}

/** Stores the tokens a refresh returned (the refresh token is single use: the new one replaces it). */
export function saveRefreshedTokens(token: string, expiresInSeconds: number | undefined, refreshToken: string, now: number = Date.now()): void {
  const s = storage();
  if (!s) return;
  s.setItem(TOKEN_KEY, token);
  s.setItem(REFRESH_KEY, refreshToken);
  if (expiresInSeconds && expiresInSeconds > 0) s.setItem(EXPIRES_KEY, String(now + expiresInSeconds * 1000));
}
