import type { InboxItem } from '../api/types';

export interface InboxFilter {
  service?: string;
  stage?: string;
  township?: string;
}

function time(iso: string): number {
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** Oldest waiting first; ties keep the server's order. Does not mutate its input. */
export function sortInbox(items: readonly InboxItem[]): InboxItem[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => time(a.item.waitingSince) - time(b.item.waitingSince) || a.index - b.index)
    .map((x) => x.item);
}

/** Township filtering is by name: inbox items carry the name only. */
export function filterInbox(items: readonly InboxItem[], f: InboxFilter): InboxItem[] {
  return items.filter(
    (i) =>
      (!f.service || i.service === f.service) &&
      (!f.stage || i.stage === f.stage) &&
      (!f.township || i.townshipName === f.township),
  );
}

export function townshipOptions(items: readonly InboxItem[]): string[] {
  return Array.from(new Set(items.map((i) => i.townshipName).filter(Boolean))).sort((a, b) =>
    a.localeCompare(b, 'zh-CN'),
  );
}

export function countOverdue(items: readonly InboxItem[]): number {
  return items.filter((i) => i.overdue).length;
}
