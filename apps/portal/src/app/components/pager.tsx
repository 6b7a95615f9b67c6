import type { ApiError } from '../../api/client';
import { ErrorNotice } from './status';

/** “共 N 件”, or “超过 N 件” when the gateway stopped counting at N. */
export function countLabel(total: number, capped: boolean, unit: string): string {
  return capped ? `超过 ${total} ${unit}` : `共 ${total} ${unit}`;
}

/** The gateway's answer to a cursor it did not give (stale, edited or from another list). */
export function isBadCursor(error: ApiError | undefined): boolean {
  return !!error && error.statusCode === 400 && error.field === 'cursor';
}

/**
 * A failed list load, shown as other failed loads are. A bad cursor cannot be retried, so it
 * offers the first page instead of 重试.
 */
export function ListError({
  error,
  onRetry,
  onFirstPage,
}: {
  error: ApiError;
  onRetry: () => void;
  onFirstPage: () => void;
}) {
  if (!isBadCursor(error)) return <ErrorNotice error={error} onRetry={onRetry} />;
  return (
    <div className="banner banner--error" role="alert" data-testid="load-error">
      <p>
        {error.message}
        <br />
        这一页的位置已失效，请回到第一页重新查看。
      </p>
      <button type="button" className="button button--small" onClick={onFirstPage} data-testid="error-first-page">
        回到第一页
      </button>
    </div>
  );
}

/**
 * 第一页 / 上一页 / 第 N 页 / 下一页 of a keyset list. There is no “of M”: the total may be capped.
 * A page opened from a link has no known number and no 上一页 until one is visited from it.
 */
export function CursorPagerNav({
  pageNumber,
  isFirst,
  canGoBack,
  hasNext,
  busy,
  onFirst,
  onPrevious,
  onNext,
}: {
  pageNumber: number | null;
  isFirst: boolean;
  canGoBack: boolean;
  hasNext: boolean;
  busy: boolean;
  onFirst: () => void;
  onPrevious: () => void;
  onNext: () => void;
}) {
  return (
    <nav className="pager" aria-label="分页">
      <button type="button" className="button button--ghost button--small" disabled={isFirst || busy} onClick={onFirst} data-testid="first-page">
        第一页
      </button>
      <button
        type="button"
        className="button button--ghost button--small"
        disabled={!canGoBack || busy}
        onClick={onPrevious}
        data-testid="previous-page"
      >
        上一页
      </button>
      <span data-testid="page-number" aria-live="polite">
        {pageNumber === null ? '链接打开的页' : `第 ${pageNumber} 页`}
      </span>
      <button type="button" className="button button--ghost button--small" disabled={!hasNext || busy} onClick={onNext} data-testid="next-page">
        下一页
      </button>
    </nav>
  );
}

/** “加载更多” under a list read from its start; not rendered once the list is complete. */
export function LoadMoreButton({ hasMore, loading, onLoadMore }: { hasMore: boolean; loading: boolean; onLoadMore: () => void }) {
  if (!hasMore) return null;
  return (
    <div className="pager">
      <button
        type="button"
        className="button button--secondary"
        onClick={onLoadMore}
        disabled={loading}
        aria-busy={loading || undefined}
        data-testid="load-more"
      >
        {loading ? '正在加载…' : '加载更多'}
      </button>
    </div>
  );
}
