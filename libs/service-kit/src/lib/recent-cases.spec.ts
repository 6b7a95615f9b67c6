import type { CaseRow } from '@poverty/persistence';
import { RecentCases } from './recent-cases';

const row = (id: string, version: number) => ({ id, version }) as CaseRow;

describe('RecentCases', () => {
  it('answers only for the exact version it holds', () => {
    const recent = new RecentCases(10);
    recent.remember(row('a', 3), []);
    expect(recent.at('a', 3)?.row.version).toBe(3);
    expect(recent.at('a', 2)).toBeUndefined();
    expect(recent.at('a', 4)).toBeUndefined();
    expect(recent.at('b', 3)).toBeUndefined();
  });

  it('never steps back to an older version (a slow read finishing after a write)', () => {
    const recent = new RecentCases(10);
    recent.remember(row('a', 5), []);
    recent.remember(row('a', 4), []);
    expect(recent.at('a', 5)).toBeDefined();
    expect(recent.at('a', 4)).toBeUndefined();
  });

  it('lets the least recently used case go when full', () => {
    const recent = new RecentCases(2);
    recent.remember(row('a', 1), []);
    recent.remember(row('b', 1), []);
    recent.at('a', 1); // a is now the most recently used
    recent.remember(row('c', 1), []);
    expect(recent.size).toBe(2);
    expect(recent.at('b', 1)).toBeUndefined();
    expect(recent.at('a', 1)).toBeDefined();
    expect(recent.at('c', 1)).toBeDefined();
  });

  it('forgets a case on request', () => {
    const recent = new RecentCases(2);
    recent.remember(row('a', 1), []);
    recent.forget('a');
    expect(recent.at('a', 1)).toBeUndefined();
  });
});
