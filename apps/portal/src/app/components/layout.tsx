import { NavLink, Outlet } from 'react-router-dom';
import type { RoleCode, User } from '../../api/types';
import { useAuth } from '../auth/auth-context';
import { hasRole, OFFICIAL_ROLES } from '../auth/routes';
import { departmentLabels, label, roleLabel } from '../i18n/zh';

interface NavItem {
  to: string;
  label: string;
  roles?: RoleCode[];
}

const NAV: NavItem[] = [
  { to: '/inbox', label: '待办', roles: OFFICIAL_ROLES },
  { to: '/declare', label: '申报', roles: ['village_officer'] },
  { to: '/cases', label: '案件', roles: [...OFFICIAL_ROLES, 'auditor', 'admin'] },
  { to: '/households', label: '农户', roles: [...OFFICIAL_ROLES, 'auditor', 'admin'] },
  { to: '/dashboard', label: '调度', roles: [...OFFICIAL_ROLES, 'auditor', 'admin'] },
  { to: '/dispatch', label: '月度调度', roles: ['township_reviewer', 'county_officer', 'auditor'] },
  { to: '/evaluation', label: '第三方评估', roles: ['evaluator', 'county_officer', 'auditor'] },
  { to: '/audit', label: '审计', roles: ['auditor'] },
  { to: '/public', label: '公示栏' },
];

function who(user: User): string {
  const role = user.roles.map(roleLabel).join('、');
  const dept = user.department ? label(departmentLabels, user.department) : '';
  return [user.displayName, dept || role].filter(Boolean).join(' · ');
}

export function Layout() {
  const { user, logout } = useAuth();
  const items = NAV.filter((n) => !n.roles || hasRole(user, ...n.roles));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <NavLink to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              巩
            </span>
            <span className="brand__text">
              巩固脱贫成果<span className="brand__sub">本溪满族自治县</span>
            </span>
          </NavLink>
          <nav aria-label="主导航" className="nav">
            <ul>
              {items.map((n) => (
                <li key={n.to}>
                  <NavLink to={n.to} className="nav__link" data-testid={`nav-${n.to.slice(1)}`}>
                    {n.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account">
            {user ? (
              <>
                <span className="account__name" data-testid="current-user">
                  {who(user)}
                </span>
                <button type="button" className="button button--ghost button--small" onClick={logout} data-testid="logout-button">
                  退出
                </button>
              </>
            ) : (
              <NavLink to="/login" className="button button--small" data-testid="nav-login">
                登录
              </NavLink>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <p>本溪满族自治县 巩固脱贫成果审批平台 · 依据《本溪满族自治县 2019 年巩固脱贫实施方案》</p>
      </footer>
    </div>
  );
}
