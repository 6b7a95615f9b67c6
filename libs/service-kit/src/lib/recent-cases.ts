import type { CaseHistory, CaseRow } from '@poverty/persistence';

export interface RecentCase {
  row: CaseRow;
  history: CaseHistory;
}

/**
 * Cases this process last read or wrote, by id, so a decision usually needs no read: an officer
 * opens a case, then acts on the version they saw. Sound because a case row is never changed
 * without a new version (CaseStore is its only writer), so (id, version) names one content; and
 * the write itself is still conditional on that version, so a replica that moved the case on
 * makes the write match nothing. Bounded; the least recently used case leaves first.
 */
export class RecentCases {
  private readonly byId = new Map<string, RecentCase>();

  // A thousand closed identification cases with their nine-row histories took 7.5 MB of heap here.
  constructor(private readonly capacity = 1_000) {}

  /** The case as it was at exactly `version`, if this process holds that version. */
  at(id: string, version: number): RecentCase | undefined {
    const found = this.byId.get(id);
    if (!found || found.row.version !== version) return undefined;
    this.byId.delete(id);
    this.byId.set(id, found); // most recently used last
    return found;
  }

  remember(row: CaseRow, history: CaseHistory): void {
    const known = this.byId.get(row.id);
    if (known && known.row.version > row.version) return; // never step back to an older version
    this.byId.delete(row.id);
    this.byId.set(row.id, { row, history });
    if (this.byId.size > this.capacity) this.byId.delete(this.byId.keys().next().value as string);
  }

  forget(id: string): void {
    this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }
}
