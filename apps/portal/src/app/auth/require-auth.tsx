import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { sessionEndReason } from '../../api/session';
import type { RoleCode } from '../../api/types';
import { expireIfStale, useAuth } from './auth-context';
import { hasRole, loginPath } from './routes';

/** Renders children for a signed-in user (with one of `roles`, when given). */
export function RequireAuth({ children, roles }: { children: ReactNode; roles?: RoleCode[] }) {
  const { user } = useAuth();
  const location = useLocation();
  const here = location.pathname + location.search;
  const staleNow = expireIfStale();
  if (!user || staleNow) {
    const reason = staleNow ? 'expired' : sessionEndReason();
    // After a logout there is nothing to return to; after an expiry there is.
    const to =
      reason === 'loggedOut'
        ? loginPath({ loggedOut: true })
        : loginPath({ expired: reason === 'expired', next: here });
    return <Navigate to={to} replace />;
  }
  if (roles && !hasRole(user, ...roles)) {
    return (
      <section className="panel" aria-labelledby="forbidden-title">
        <h1 id="forbidden-title">无权访问</h1>
        <p>您的账号没有访问此页面的权限。如需办理，请联系县扶贫办管理员。</p>
      </section>
    );
  }
  return children;
}
