import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Load again; resolves when done. Keeps showing the old data meanwhile. */
  reload: () => Promise<void>;
  setData: (value: T) => void;
}

function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, 'CLIENT.UNEXPECTED', e instanceof Error ? e.message : '发生未知错误');
}

/**
 * Runs `load` when `deps` change and on `reload()`; a newer load wins over a slower
 * older one, which matters on a weak network where answers arrive out of order.
 */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(async () => {
    const mine = ++generation.current;
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setLoading(true);
    setError(undefined);
    try {
      const value = await loadRef.current(c.signal);
      if (mine === generation.current) setData(value);
    } catch (e) {
      if (mine === generation.current && !c.signal.aborted) setError(asApiError(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void run();
    return () => controller.current?.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { data, error, loading, reload: run, setData };
}

export { asApiError };
