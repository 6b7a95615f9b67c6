import { useLocation, useSearchParams } from 'react-router-dom';

/**
 * What a history entry of a paged list remembers: the cursors of the pages seen before this one
 * ('' is the first page), oldest first, and whether the walk began at a link's page, whose number
 * is not known.
 */
interface PagerHistoryState {
  pager: { cursor: string; earlier: string[]; fromLink: boolean };
}

function readState(state: unknown, cursor: string): PagerHistoryState['pager'] | null {
  const pager = (state as Partial<PagerHistoryState> | null)?.pager;
  if (!pager || typeof pager !== 'object') return null;
  if (pager.cursor !== cursor || !Array.isArray(pager.earlier) || !pager.earlier.every((c) => typeof c === 'string'))
    return null;
  return { cursor, earlier: pager.earlier, fromLink: pager.fromLink === true };
}

export interface CursorPager {
  /** The cursor of the page shown ('' for the first page), as the address holds it. */
  cursor: string;
  /** 1-based; null when the page was opened from a link and its place in the list is unknown. */
  pageNumber: number | null;
  isFirst: boolean;
  canGoBack: boolean;
  next: (nextCursor: string) => void;
  previous: () => void;
  first: () => void;
}

/**
 * Keyset paging of a list page: the current cursor lives in the address (`?cursor=`), so a reload
 * or a shared link shows the same page; the cursors of the pages before it live in that history
 * entry's state. History state rather than component state because each browser history entry
 * then carries its own (cursor, earlier cursors) pair: the back and forward buttons and a reload
 * restore a matching pair, where a component's stack would be lost on reload and would disagree
 * with the address after the back button. Each 下一页/上一页/第一页 is a new history entry.
 */
export function useCursorPager(): CursorPager {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const cursor = params.get('cursor') ?? '';
  const remembered = readState(location.state, cursor);
  const earlier = cursor ? (remembered?.earlier ?? []) : [];
  const fromLink = cursor ? (remembered?.fromLink ?? true) : false;

  function go(to: string, state: PagerHistoryState | null) {
    const next = new URLSearchParams(params);
    if (to) next.set('cursor', to);
    else next.delete('cursor');
    setParams(next, { state });
  }

  return {
    cursor,
    pageNumber: fromLink ? null : earlier.length + 1,
    isFirst: cursor === '',
    canGoBack: earlier.length > 0,
    next: (nextCursor) => go(nextCursor, { pager: { cursor: nextCursor, earlier: [...earlier, cursor], fromLink } }),
    previous: () => {
      if (earlier.length === 0) return;
      const to = earlier[earlier.length - 1];
      go(to, to ? { pager: { cursor: to, earlier: earlier.slice(0, -1), fromLink } } : null);
    },
    first: () => go('', null),
  };
}
