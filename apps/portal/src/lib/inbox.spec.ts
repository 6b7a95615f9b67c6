import type { InboxItem } from '../api/types';
import { countOverdue, filterInbox, sortInbox, townshipOptions } from './inbox';

function item(caseId: string, waitingSince: string, patch: Partial<InboxItem> = {}): InboxItem {
  return {
    service: 'housing',
    caseId,
    title: caseId,
    townshipName: '小市镇',
    villageName: '上堡村',
    stage: 'review',
    state: 'review.township',
    level: 'township',
    waitingSince,
    overdue: false,
    dueAt: null,
    ...patch,
  };
}

describe('inbox', () => {
  const items = [
    item('c', '2019-06-03T00:00:00Z'),
    item('a', '2019-06-01T00:00:00Z', { overdue: true, service: 'medical', townshipName: '草河掌镇' }),
    item('b', '2019-06-02T00:00:00Z', { stage: 'acceptance' }),
    item('a2', '2019-06-01T00:00:00Z'),
  ];

  it('puts the longest-waiting case first and keeps ties in server order', () => {
    expect(sortInbox(items).map((i) => i.caseId)).toEqual(['a', 'a2', 'b', 'c']);
  });

  it('does not reorder the array it was given', () => {
    sortInbox(items);
    expect(items[0].caseId).toBe('c');
  });

  it('filters by service, stage and township together', () => {
    expect(filterInbox(items, { service: 'medical' }).map((i) => i.caseId)).toEqual(['a']);
    expect(filterInbox(items, { stage: 'acceptance' }).map((i) => i.caseId)).toEqual(['b']);
    expect(filterInbox(items, { township: '小市镇', stage: 'review' }).map((i) => i.caseId)).toEqual(['c', 'a2']);
    expect(filterInbox(items, {})).toHaveLength(4);
  });

  it('offers each township once and counts overdue items', () => {
    expect(townshipOptions(items).sort()).toEqual(['小市镇', '草河掌镇'].sort());
    expect(countOverdue(items)).toBe(1);
  });
});
