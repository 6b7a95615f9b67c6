import type { ProgressStats } from '../../../api/types';
import { totalsOf, townshipMatrix } from './dashboard-stats';

const stats: ProgressStats = {
  year: 2019,
  rows: [
    { townshipCode: '100', townshipName: '小市镇', service: 'housing', stage: 'review', count: 3 },
    { townshipCode: '100', townshipName: '小市镇', service: 'medical', stage: 'review', count: 2 },
    { townshipCode: '100', townshipName: '小市镇', service: 'housing', stage: 'closed', count: 5 },
    { townshipCode: '101', townshipName: '草河掌镇', service: 'housing', stage: 'application', count: 1 },
  ],
  overdue: [
    { townshipCode: '100', service: 'housing', count: 2 },
    { townshipCode: '102', service: 'medical', count: 1 },
  ],
  paid: [],
  exitTarget: { households: 96, people: 205, exitedHouseholds: 0, exitedPeople: 0, byTownship: [] },
};

describe('township matrix', () => {
  it('sums every service per township and stage, with overdue counts', () => {
    const m = townshipMatrix(stats, '');
    const xs = m.find((r) => r.townshipCode === '100');
    expect(xs).toMatchObject({ townshipName: '小市镇', total: 10, overdue: 2, byStage: { review: 5, closed: 5 } });
    // a township with only overdue cases still shows, named by its code
    expect(m.find((r) => r.townshipCode === '102')).toMatchObject({ townshipName: '102', total: 0, overdue: 1 });
  });

  it('narrows to one service', () => {
    const m = townshipMatrix(stats, 'medical');
    expect(m.find((r) => r.townshipCode === '100')).toMatchObject({ total: 2, overdue: 0, byStage: { review: 2 } });
    expect(m.find((r) => r.townshipCode === '101')).toBeUndefined();
  });

  it('totals the columns', () => {
    const t = totalsOf(townshipMatrix(stats, ''));
    expect(t).toMatchObject({ total: 11, overdue: 3, byStage: { review: 5, closed: 5, application: 1 } });
  });
});
