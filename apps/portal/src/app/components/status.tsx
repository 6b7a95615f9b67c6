import type { ReactNode } from 'react';
import type { ApiError } from '../../api/client';
import { stageLabel } from '../i18n/zh';

export function Loading({ label = '正在加载…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** A failed load, with a retry button when one is given. */
export function ErrorNotice({
  error,
  onRetry,
  testId = 'load-error',
}: {
  error: ApiError | Error | string;
  onRetry?: () => void;
  testId?: string;
}) {
  const message = typeof error === 'string' ? error : error.message;
  return (
    <div className="banner banner--error" role="alert" data-testid={testId}>
      <p>{message}</p>
      {onRetry ? (
        <button type="button" className="button button--small" onClick={onRetry}>
          重试
        </button>
      ) : null}
    </div>
  );
}

export function Banner({
  kind,
  children,
  testId,
  onDismiss,
}: {
  kind: 'info' | 'success' | 'warning' | 'error';
  children: ReactNode;
  testId?: string;
  onDismiss?: () => void;
}) {
  return (
    <div
      className={`banner banner--${kind}`}
      role={kind === 'error' || kind === 'warning' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <div className="banner__body">{children}</div>
      {onDismiss ? (
        <button type="button" className="banner__close" onClick={onDismiss} aria-label="关闭提示">
          ×
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({
  title,
  children,
  testId = 'empty-state',
}: {
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty-state" data-testid={testId}>
      <p className="empty-state__title">{title}</p>
      {children ? <div className="empty-state__body">{children}</div> : null}
    </div>
  );
}

export function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge badge--stage badge--${stage}`}>{stageLabel(stage)}</span>;
}

export function OverdueFlag() {
  return (
    <span className="badge badge--overdue" data-testid="overdue-flag">
      逾期
    </span>
  );
}
