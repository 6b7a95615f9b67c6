import { screen } from '@testing-library/react';
import { demoUsers, mockApi, renderApp, signIn } from '../../../testing/mock-api';

beforeEach(() => signIn(demoUsers.village));
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('household page', () => {
  it('shows the household, its members and every case across services in one timeline', async () => {
    mockApi({
      'GET /me': { status: 200, body: demoUsers.village },
      'GET /households/HH-1': {
        status: 200,
        body: {
          id: 'HH-1',
          headName: '张三',
          townshipCode: '210521100',
          villageCode: '210521100201',
          size: 2,
          attribute: 'minimumLiving',
          povertyCause: '因病',
          status: 'notExited',
          members: [
            { name: '张三', idNumberMasked: '210521********0011', relation: '户主' },
            { name: '李四', idNumberMasked: '210521********0031', relation: '配偶' },
          ],
          cases: [
            { service: 'identification', caseId: 'I-1', stage: 'closed', state: 'closed', title: '张三户精准识别', updatedAt: '2019-03-01T00:00:00Z' },
            { service: 'medical', caseId: 'M-1', stage: 'review', state: 'review.county', title: '张三医疗救助', updatedAt: '2019-05-01T00:00:00Z' },
          ],
          timeline: [
            { service: 'medical', caseId: 'M-1', at: '2019-05-01T00:00:00Z', action: 'submit', actorName: '王村官', toState: 'review.township' },
            { service: 'identification', caseId: 'I-1', at: '2019-03-01T00:00:00Z', action: 'accept', actorName: '赵扶贫', toState: 'closed' },
          ],
        },
      },
    });
    renderApp('/households/HH-1');
    expect(await screen.findByRole('heading', { level: 1, name: /张三 户/ })).toBeTruthy();
    expect(screen.getByTestId('household-status').textContent).toBe('未脱贫');
    expect(screen.getByTestId('household-facts').textContent).toContain('低保贫困户');
    expect(screen.getByTestId('household-members').textContent).toContain('210521********0031');
    expect(screen.getAllByTestId('household-case')).toHaveLength(2);
    const entries = screen.getAllByTestId('timeline-entry');
    expect(entries[0].textContent).toContain('精准识别');
    expect(entries[1].textContent).toContain('医疗救助');
    expect(screen.getByRole('link', { name: '危房改造' }).getAttribute('href')).toBe('/declare/housing?householdId=HH-1');
  });
});
