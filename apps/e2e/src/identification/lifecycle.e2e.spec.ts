import { EVENT_STREAM, HOUSEHOLD_REGISTERED } from '@poverty/contracts';
import { query, readStreamEvents } from '@poverty/testing';
import { Api, SHANGBAO, identificationCase, waitForStage } from '../support/api';
import { sharedStack } from '../support/shared-stack';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);

describe('identification case, end to end through gateway, NATS and PostgreSQL', () => {
  it('goes 申报 → 审核 (village → township → county) → 公示 → 验收 → 销号 and registers the household once', async () => {
    const caseId = await identificationCase(api, 'application');
    await api.actOk('village.xiaoshi', 'identification', caseId, 'submit');
    const atVillage = (await api.get('village.xiaoshi.2', `/identification/cases/${caseId}`)).body;
    expect([atVillage.stage, atVillage.currentLevel]).toEqual(['review', 'village']);

    await api.actOk('village.xiaoshi.2', 'identification', caseId, 'approve', { comment: '村民代表评议通过' });
    await api.actOk('township.xiaoshi', 'identification', caseId, 'approve', { comment: '乡镇审核通过' });
    const noticed = await api.actOk('county.poverty', 'identification', caseId, 'approve', { comment: '县扶贫办审定' });
    expect(noticed.state).toBe('publicNotice.running');

    const board = await api.http().get('/api/v1/public/notices').query({ village: SHANGBAO }).expect(200);
    expect(board.body.items.map((n: { caseId: string }) => n.caseId)).toContain(caseId);

    await waitForStage(api, caseId, 'acceptance');
    await api.actOk('county.poverty.2', 'identification', caseId, 'recordAcceptance', { data: { check: 'dataComparison', evidence: '与公安、民政数据比对一致' } });
    await api.actOk('county.poverty.2', 'identification', caseId, 'recordAcceptance', { data: { check: 'dataEntry', evidence: '已录入全国扶贫开发信息系统' } });
    const closed = await api.actOk('county.poverty.2', 'identification', caseId, 'accept');

    expect(closed.stage).toBe('closed');
    expect(closed.householdId).toEqual(expect.any(String));
    expect(closed.history.map((h: { action: string }) => h.action)).toEqual([
      'declare', 'submit', 'approve', 'approve', 'approve', 'notice.elapsed', 'recordAcceptance', 'recordAcceptance', 'accept',
    ]);
    const household = (await api.get('township.xiaoshi', `/households/${closed.householdId}`)).body;
    expect(household).toMatchObject({ status: 'notExited', size: 2, villageCode: SHANGBAO });
    expect(household.members.every((m: { idNumberMasked: string }) => /^\d{4}\*{10}[\dX]{4}$/.test(m.idNumberMasked))).toBe(true);
    expect(household.cases.map((c: { id: string }) => c.id)).toContain(caseId);

    const events = await waitForEvents(closed.householdId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId, householdId: closed.householdId, villageCode: SHANGBAO });

    const [case_] = await query(stack.databaseUrl, 'select stage from identification.case_record where id = $1', [caseId]);
    expect(case_.stage).toBe('closed');
  });
});

async function waitForEvents(householdId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = await readStreamEvents<{ householdId: string; caseId: string }>(stack.natsUrl, EVENT_STREAM, HOUSEHOLD_REGISTERED, (e) => e.householdId === householdId);
    if (events.length > 0 || Date.now() > deadline) {
      await new Promise((r) => setTimeout(r, 500)); // a duplicate, if any, would have landed by now
      return readStreamEvents<{ householdId: string; caseId: string }>(stack.natsUrl, EVENT_STREAM, HOUSEHOLD_REGISTERED, (e) => e.householdId === householdId);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
