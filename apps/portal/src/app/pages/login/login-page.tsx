import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { forgetSessionEndReason } from '../../../api/session';
import { useAuth } from '../../auth/auth-context';
import { homePath, safeNext } from '../../auth/routes';
import { TextField } from '../../components/form-controls';
import { Banner } from '../../components/status';

export const SESSION_EXPIRED_MESSAGE = '登录已过期，请重新登录';

export function LoginPage() {
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const reason = params.get('reason');
  const next = safeNext(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string; password?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => forgetSessionEndReason(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: typeof errors = {};
    if (!username.trim()) found.username = '请填写用户名';
    if (!password) found.password = '请填写密码';
    setErrors(found);
    setFailure(undefined);
    if (found.username || found.password) return;
    setBusy(true);
    try {
      const user = await login(username.trim(), password);
      navigate(next ?? homePath(user), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 401) setFailure('用户名或密码错误');
      else setFailure(err instanceof ApiError ? err.message : '登录失败，请重试');
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="login" aria-labelledby="login-title">
      <div className="panel login__panel">
        <h1 id="login-title">登录</h1>
        <p className="muted">村、乡镇、县直部门工作人员，审计和第三方评估人员请使用分配的账号登录。</p>
        {reason === 'expired' ? (
          <Banner kind="warning" testId="login-expired">
            {SESSION_EXPIRED_MESSAGE}
          </Banner>
        ) : null}
        {reason === 'loggedOut' ? (
          <Banner kind="info" testId="login-logged-out">
            您已安全退出。
          </Banner>
        ) : null}
        {failure ? (
          <Banner kind="error" testId="login-error">
            {failure}
          </Banner>
        ) : null}
        <form className="form" noValidate onSubmit={submit} data-testid="login-form">
          <TextField
            name="username"
            idPrefix="login"
            label="用户名"
            required
            value={username}
            onChange={setUsername}
            autoComplete="username"
            error={errors.username}
            testId="login-username"
          />
          <TextField
            name="password"
            idPrefix="login"
            label="密码"
            type="password"
            required
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            error={errors.password}
            testId="login-password"
          />
          <button type="submit" className="button button--block" disabled={busy} data-testid="login-submit">
            {busy ? '正在登录…' : '登录'}
          </button>
        </form>
        <p className="login__public">
          群众查看公示、提出异议无需登录：<Link to="/public">进入公示栏</Link>
        </p>
      </div>
    </section>
  );
}
