import { Api, identificationCase, waitForStage } from '../support/api';
import { sharedStack } from '../support/shared-stack';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);

async function object(caseId: string, reason = '该户家中有经营性货车，收入不实') {
  return api.http().post(`/api/v1/public/notices/${caseId}/objections`).send({ reason, contact: '匿名' });
}

describe('objections during the public notice (公示异议)', () => {
  it('holds the notice on an objection; dismissed, the notice resumes with its remaining time and ends', async () => {
    const id = await identificationCase(api, 'publicNotice');
    expect((await object(id)).status).toBe(202);
    const held = (await api.get('township.xiaoshi', `/identification/cases/${id}`)).body;
    expect(held.state).toBe('publicNotice.onHold');
    expect(held.allowedActions.map((a: { action: string }) => a.action)).toEqual(['resolveObjection']);
    const inbox = (await api.inbox('township.xiaoshi')).body.items;
    expect(inbox.map((i: { caseId: string }) => i.caseId)).toContain(id);

    await new Promise((r) => setTimeout(r, 2500)); // longer than the whole 2 s notice: a held notice must not end
    expect((await api.get('township.xiaoshi', `/identification/cases/${id}`)).body.state).toBe('publicNotice.onHold');

    const resumed = await api.actOk('township.xiaoshi', 'identification', id, 'resolveObjection', { comment: '经核实，货车为亲属所有', data: { outcome: 'dismissed' } });
    expect(resumed.state).toBe('publicNotice.running');
    expect(resumed.objections).toEqual([expect.objectContaining({ status: 'dismissed' })]);
    await waitForStage(api, id, 'acceptance');
  });

  it('sends the case back to review when the objection is upheld', async () => {
    const id = await identificationCase(api, 'publicNotice');
    await object(id);
    const upheldWithoutReason = await api.act('township.xiaoshi', 'identification', id, 'resolveObjection', { data: { outcome: 'upheld' } });
    expect(upheldWithoutReason.body.code).toBe('CASE.COMMENT_REQUIRED');
    const back = await api.actOk('township.xiaoshi', 'identification', id, 'resolveObjection', { comment: '异议属实，重新审核', data: { outcome: 'upheld', then: 'review' } });
    expect([back.stage, back.currentLevel]).toEqual(['review', 'township']);
  });

  it('rejects the case when the objection is upheld with rejection', async () => {
    const id = await identificationCase(api, 'publicNotice');
    await object(id);
    const rejected = await api.actOk('township.xiaoshi', 'identification', id, 'resolveObjection', { comment: '异议属实', data: { outcome: 'upheld', then: 'rejected' } });
    expect(rejected.stage).toBe('rejected');
  });

  it('refuses an objection without a reason, naming the field, and one for a case not on notice', async () => {
    const id = await identificationCase(api, 'review');
    const noReason = await api.http().post(`/api/v1/public/notices/${id}/objections`).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', field: 'reason' });
    const notOnNotice = await object(id);
    expect(notOnNotice.status).toBe(404);
  });
});
