import { query } from '@poverty/testing';
import { Api, identificationCase } from '../support/api';
import { sharedStack } from '../support/shared-stack';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);
const path = (id: string) => `/identification/cases/${id}`;

describe('review paths of an identification case', () => {
  it('returns the case to the village when the township returns it to the previous level', async () => {
    const id = await identificationCase(api, 'township');
    const returned = await api.actOk('township.xiaoshi', 'identification', id, 'return', { comment: '收入核算有误，请村级复核', data: { to: 'previous' } });
    expect([returned.stage, returned.currentLevel]).toEqual(['review', 'village']);
    expect(returned.history.at(-1)).toMatchObject({ action: 'return', level: 'township', comment: '收入核算有误，请村级复核' });
    const again = await api.actOk('village.xiaoshi.2', 'identification', id, 'approve');
    expect(again.currentLevel).toBe('township');
  });

  it('returns the case to the applicant, who edits and resubmits it', async () => {
    const id = await identificationCase(api, 'review');
    const returned = await api.actOk('village.xiaoshi.2', 'identification', id, 'return', { comment: '补充家庭成员', data: { to: 'applicant' } });
    expect(returned.stage).toBe('application');
    const edited = await api.actOk('village.xiaoshi', 'identification', id, 'edit', { data: { perCapitaNetIncomeYuan: 2500 } });
    expect(edited.data.perCapitaNetIncomeYuan).toBe('***');
    const income = await api.post('village.xiaoshi', `${path(id)}/reveal`, { field: 'perCapitaNetIncomeYuan', reason: '核对修改后的收入' });
    expect(income.body.value).toBe(2500);
    const resubmitted = await api.actOk('village.xiaoshi', 'identification', id, 'submit');
    expect([resubmitted.stage, resubmitted.currentLevel]).toEqual(['review', 'village']);
  });

  it('requires a reason to reject, then rejects and tells the reason', async () => {
    const id = await identificationCase(api, 'township');
    const withoutReason = await api.act('township.xiaoshi', 'identification', id, 'reject');
    expect(withoutReason.status).toBe(422);
    expect(withoutReason.body).toMatchObject({ code: 'CASE.REASON_REQUIRED', field: 'comment' });
    const rejected = await api.actOk('township.xiaoshi', 'identification', id, 'reject', { comment: '家庭有稳定经营收入，不符合识别标准' });
    expect(rejected.stage).toBe('rejected');
    expect(rejected.allowedActions).toEqual([]);
  });

  it('lets the village withdraw a case before anyone approved it, and not after', async () => {
    const draft = await identificationCase(api, 'application');
    expect((await api.actOk('village.xiaoshi', 'identification', draft, 'withdraw', { comment: '农户申请撤回' })).stage).toBe('withdrawn');
    const reviewed = await identificationCase(api, 'township');
    const late = await api.act('village.xiaoshi', 'identification', reviewed, 'withdraw');
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('CASE.NOT_WITHDRAWABLE');
  });

  it('refuses county approval when the income is not below the year’s poverty line, saying why without the figure', async () => {
    const id = await identificationCase(api, 'county', { perCapitaNetIncomeYuan: 5200 });
    const refused = await api.act('county.poverty', 'identification', id, 'approve');
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'IDENTIFICATION.INCOME_NOT_BELOW_LINE', field: 'data.perCapitaNetIncomeYuan' });
    expect(refused.body.message).not.toContain('5200');
    expect(refused.body.message).not.toContain('5,200');
    const [row] = await query(stack.databaseUrl, 'select stage, level, version from identification.case_record where id = $1', [id]);
    expect(row).toMatchObject({ stage: 'review', level: 'county' });
  });

  it('does not let the declarer approve their own case', async () => {
    const id = await identificationCase(api, 'review');
    const own = await api.act('village.xiaoshi', 'identification', id, 'approve');
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('CASE.DECLARER_CANNOT_APPROVE');
    expect((await api.get('village.xiaoshi', path(id))).body.allowedActions.map((a: { action: string }) => a.action)).not.toContain('approve');
  });
});
