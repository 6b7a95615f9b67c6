import type { RoleCode, User } from '../../api/types';

export function hasRole(user: User | null | undefined, ...roles: RoleCode[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}

export const OFFICIAL_ROLES: RoleCode[] = ['village_officer', 'township_reviewer', 'county_officer'];

/** Where a user lands after login when there is no page to return to. */
export function homePath(user: User | null | undefined): string {
  if (!user) return '/login';
  if (hasRole(user, ...OFFICIAL_ROLES)) return '/inbox';
  if (hasRole(user, 'evaluator')) return '/evaluation';
  if (hasRole(user, 'auditor')) return '/cases';
  if (hasRole(user, 'admin')) return '/dashboard';
  return '/public';
}

/** Only same-site paths may be returned to after login. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next.startsWith('/login')) return null;
  return next;
}

export function loginPath(o: { expired?: boolean; loggedOut?: boolean; next?: string } = {}): string {
  const p = new URLSearchParams();
  if (o.expired) p.set('reason', 'expired');
  if (o.loggedOut) p.set('reason', 'loggedOut');
  const next = safeNext(o.next);
  if (next) p.set('next', next);
  const s = p.toString();
  return '/login' + (s ? '?' + s : '');
}
