import { z } from 'zod';

/**
 * A position in a list ordered by (time, id): where the next page starts. Lists at a province's
 * volume page by position, never by offset, so a deep page costs what the first one does.
 */
export interface KeysetPosition {
  /** ISO-8601 instant with milliseconds, as every list item carries its time. */
  at: string;
  id: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The opaque cursor of a position (base64url of `at|id`). */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.at}|${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not a cursor a list gave. */
export function decodeCursor(cursor: string): KeysetPosition | null {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !ISO_INSTANT.test(at ?? '') || !UUID.test(id ?? '') || Number.isNaN(Date.parse(at))) return null;
  return { at, id };
}

/** Compares two positions in ascending (time, id) order. */
export function comparePositions(a: KeysetPosition, b: KeysetPosition): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A cursor field: checked here, so a bad one is a 400 naming the field, not a failed query. */
export const cursorSchema = z
  .string()
  .max(200)
  .refine((cursor) => decodeCursor(cursor) !== null, 'not a cursor this list gave');

/** How many items a page holds. */
export const pageLimitSchema = (fallback: number) => z.coerce.number().int().min(1).max(200).default(fallback);

/**
 * One service's page of a list that the gateway merges across services: items in the list's
 * order, and how far the service has looked (`scannedTo`), null when it has nothing more. Every
 * item the service has up to `scannedTo` is in `items`, so the merge never skips one.
 */
export interface KeysetPage<T> {
  items: T[];
  scannedTo: KeysetPosition | null;
}

/**
 * Merges the pages of several services into one page of `limit` items in ascending (time, id)
 * order, with the cursor of the next page (null at the end). Only items up to the shortest
 * unfinished scan are certain to be complete, so the page stops there.
 */
export function mergeKeysetPages<T>(pages: Array<KeysetPage<T>>, limit: number, positionOf: (item: T) => KeysetPosition): { items: T[]; nextCursor: string | null } {
  const bounds = pages.map((p) => p.scannedTo).filter((b): b is KeysetPosition => b !== null);
  const bound = bounds.sort(comparePositions)[0] ?? null;
  const candidates = pages
    .flatMap((p) => p.items)
    .filter((item) => bound === null || comparePositions(positionOf(item), bound) <= 0)
    .sort((a, b) => comparePositions(positionOf(a), positionOf(b)));
  const items = candidates.slice(0, limit);
  if (candidates.length > limit) return { items, nextCursor: encodeCursor(positionOf(items[items.length - 1])) };
  return { items, nextCursor: bound === null ? null : encodeCursor(bound) };
}
