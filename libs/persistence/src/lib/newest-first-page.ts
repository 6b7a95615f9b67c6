import { decodeCursor, encodeCursor, type KeysetPosition } from '@poverty/contracts';
import type { SqlWhere } from './sql-where';

/** Lists count matching rows exactly up to here; past it they say "more than". */
export const LIST_TOTAL_CAP = 10_000;

/** A page of a list, newest first. */
export interface NewestFirstPage<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
  /** Matching rows, exact up to `LIST_TOTAL_CAP`. */
  total: number;
  /** True when there are more than `total`: counting them all would read every one. */
  totalCapped: boolean;
  pageSize: number;
}

/**
 * One page of `from` (a table, filtered by `where`), newest first by keyset: `(<time>, id)` below
 * the cursor, on an index that leads with the filter's columns, so a deep page costs what the
 * first does. Times must be stored at millisecond precision: the cursor carries milliseconds.
 */
export async function newestFirstPage<T>(
  all: (text: string, params: unknown[]) => Promise<Array<Record<string, any>>>,
  list: {
    from: string;
    columns: string;
    where: SqlWhere;
    timeColumn: string;
    pageSize: number;
    cursor?: string;
    toItem: (row: Record<string, any>) => T;
    positionOf: (item: T) => KeysetPosition;
  },
): Promise<NewestFirstPage<T>> {
  const { from, where, timeColumn, pageSize } = list;
  const [{ count }] = await all(`select count(*)::int as count from (select 1 from ${from} ${where.toSql()} limit ${LIST_TOTAL_CAP + 1}) capped`, where.params);
  const after = list.cursor ? decodeCursor(list.cursor) : null;
  if (after) where.add(`(${timeColumn}, id) < (?::timestamptz, ?::uuid)`, after.at, after.id);
  const rows = await all(`select ${list.columns} from ${from} ${where.toSql()} order by ${timeColumn} desc, id desc limit ?`, [...where.params, pageSize + 1]);
  const items = rows.slice(0, pageSize).map(list.toItem);
  return {
    items,
    nextCursor: rows.length > pageSize ? encodeCursor(list.positionOf(items[items.length - 1])) : null,
    total: Math.min(count, LIST_TOTAL_CAP),
    totalCapped: count > LIST_TOTAL_CAP,
    pageSize,
  };
}
