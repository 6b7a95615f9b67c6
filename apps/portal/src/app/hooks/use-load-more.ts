import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../api/client';
import type { CursorPage } from '../../api/types';
import { asApiError } from './use-async';

export interface LoadMoreState<T, P extends CursorPage<T>> {
  /** The pages loaded so far, in order; undefined until the first arrives. */
  pages: P[] | undefined;
  /** Every item loaded, in the pages' order; an item met again on a later page counts once, there. */
  items: T[];
  /** True while the list has pages not loaded yet (the last page's `nextCursor` is not null). */
  hasMore: boolean;
  error: ApiError | undefined;
  loading: boolean;
  loadingMore: boolean;
  /** Load the first page again, dropping the pages appended; the old pages show meanwhile. */
  reload: () => Promise<void>;
  /** Append the page after the last one loaded. */
  loadMore: () => Promise<void>;
  /** Repeat what failed: the first page or the next one. */
  retry: () => Promise<void>;
}

/**
 * A list read from its start a page at a time (“加载更多”): `load(undefined)` is the first page,
 * `load(nextCursor)` each next one. Runs again from the first page when `deps` change; a newer
 * load wins over an older one, as in `useAsync`.
 */
export function useLoadMore<T, P extends CursorPage<T>>(
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<P>,
  keyOf: (item: T) => string,
  deps: readonly unknown[],
): LoadMoreState<T, P> {
  const [pages, setPages] = useState<P[]>();
  const [error, setError] = useState<ApiError>();
  const [mode, setMode] = useState<'first' | 'more' | null>('first');
  const [failed, setFailed] = useState<'first' | 'more'>('first');
  const generation = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const keyRef = useRef(keyOf);
  keyRef.current = keyOf;
  const pagesRef = useRef(pages);
  pagesRef.current = pages;

  const fetchPage = useCallback(async (which: 'first' | 'more') => {
    const before = pagesRef.current;
    const cursor = which === 'more' ? before?.[before.length - 1]?.nextCursor : undefined;
    if (which === 'more' && !cursor) return;
    const mine = ++generation.current;
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setMode(which);
    setError(undefined);
    try {
      const page = await loadRef.current(cursor ?? undefined, c.signal);
      if (mine === generation.current) setPages(which === 'more' && before ? [...before, page] : [page]);
    } catch (e) {
      if (mine === generation.current && !c.signal.aborted) {
        setError(asApiError(e));
        setFailed(which);
      }
    } finally {
      if (mine === generation.current) setMode(null);
    }
  }, []);

  useEffect(() => {
    void fetchPage('first');
    return () => controller.current?.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const items = useMemo(() => {
    const all = (pages ?? []).flatMap((p) => p.items);
    const seen = new Set<string>();
    const kept: T[] = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const key = keyRef.current(all[i]);
      if (seen.has(key)) continue;
      seen.add(key);
      kept.push(all[i]);
    }
    return kept.reverse();
  }, [pages]);

  const last = pages?.[pages.length - 1];
  return {
    pages,
    items,
    hasMore: !!last?.nextCursor,
    error,
    loading: mode !== null,
    loadingMore: mode === 'more',
    reload: () => fetchPage('first'),
    loadMore: () => fetchPage('more'),
    retry: () => fetchPage(failed === 'more' && pagesRef.current ? 'more' : 'first'),
  };
}
