import type { ProgressStats } from '../../../api/types';
import { normalizeProgress, totalsOf, townshipMatrix } from './dashboard-stats';

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

describe('the gateway\'s progress', () => {
  const service = (stages: Record<string, number>, overdue = 0, paidFen = 0) => ({ stages, overdue, paidCases: 0, paidFen, closedInMonth: 0 });
  const gateway = {
    year: 2019,
    month: null,
    townships: [
      {
        townshipCode: '100',
        townshipName: '小市镇',
        services: { identification: service({ review: 1, closed: 2, rejected: 0 }, 1), housing: service({ closed: 1 }, 0, 4_500_000) },
        exited: { households: 3, people: 7 },
      },
      { townshipCode: '101', townshipName: '草河掌镇', services: { identification: service({ review: 0 }) }, exited: { households: 0, people: 0 } },
    ],
    totals: { services: { identification: service({}, 1), housing: service({}, 0, 4_500_000) }, exited: { households: 3, people: 7 } },
    exitTarget: { households: 96, people: 205, householdsPct: 3.13, peoplePct: 3.41 },
    unavailable: [],
    generatedAt: '2019-06-01T00:00:00.000Z',
  };

  it('becomes township × service × stage rows, overdue counts, amounts paid and exit progress', () => {
    const stats = normalizeProgress(gateway);
    expect(stats.rows).toEqual([
      { townshipCode: '100', townshipName: '小市镇', service: 'identification', stage: 'review', count: 1 },
      { townshipCode: '100', townshipName: '小市镇', service: 'identification', stage: 'closed', count: 2 },
      { townshipCode: '100', townshipName: '小市镇', service: 'housing', stage: 'closed', count: 1 },
    ]);
    expect(stats.overdue).toEqual([{ townshipCode: '100', service: 'identification', count: 1 }]);
    expect(stats.paid).toEqual([{ service: 'housing', amountFen: 4_500_000 }]);
    expect(stats.exitTarget).toEqual({
      households: 96,
      people: 205,
      exitedHouseholds: 3,
      exitedPeople: 7,
      byTownship: [{ townshipCode: '100', townshipName: '小市镇', households: 3, people: 7 }],
    });
    expect(totalsOf(townshipMatrix(stats, ''))).toMatchObject({ total: 4, overdue: 1 });
  });

  it('leaves the flat form as it is', () => {
    expect(normalizeProgress(stats)).toBe(stats);
  });
});
