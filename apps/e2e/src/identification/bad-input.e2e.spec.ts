import { randomUUID } from 'node:crypto';
import { Api, identificationCase, identificationDeclaration, nextIdNumber, withBadCheckDigit } from '../support/api';
import { sharedStack } from '../support/shared-stack';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);

async function expectClientError(response: { status: number; body: any; text: string }, status: number, code: string, field?: string) {
  expect(response.status).toBe(status);
  expect(response.body).toMatchObject({ statusCode: status, code, ...(field ? { field } : {}) });
  expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/); // never a stack trace
}

describe('bad input gets a 4xx with a stable code and the field named', () => {
  it('malformed JSON', async () => {
    const token = await api.token('village.xiaoshi');
    const response = await api.http().post('/api/v1/identification/cases').set('authorization', `Bearer ${token}`).set('content-type', 'application/json').send('{"townshipCode": ');
    await expectClientError(response, 400, 'REQUEST.MALFORMED_JSON', 'body');
  });

  it('a missing field', async () => {
    const { villageCode: _omitted, ...body } = identificationDeclaration();
    await expectClientError(await api.post('village.xiaoshi', '/identification/cases', body), 400, 'REQUEST.VALIDATION_FAILED', 'villageCode');
  });

  it('a wrong-typed field inside data', async () => {
    const body = identificationDeclaration({ perCapitaNetIncomeYuan: '2800' });
    await expectClientError(await api.post('village.xiaoshi', '/identification/cases', body), 400, 'REQUEST.VALIDATION_FAILED', 'data.perCapitaNetIncomeYuan');
  });

  it('an ID number with a bad check digit, without echoing the number', async () => {
    const bad = withBadCheckDigit(nextIdNumber());
    const body = identificationDeclaration({ members: [{ name: '王小山', idNumber: bad, relation: '子女' }] });
    const response = await api.post('village.xiaoshi', '/identification/cases', body);
    await expectClientError(response, 400, 'REQUEST.VALIDATION_FAILED', 'data.members.0.idNumber');
    expect(response.text).not.toContain(bad);
  });

  it('an unknown action', async () => {
    const id = await identificationCase(api, 'review');
    await expectClientError(await api.act('village.xiaoshi.2', 'identification', id, 'teleport', { expectedVersion: 2 }), 400, 'CASE.UNKNOWN_ACTION', 'action');
  });

  it('an action that is not possible in the current stage', async () => {
    const id = await identificationCase(api, 'application');
    const response = await api.act('village.xiaoshi', 'identification', id, 'accept');
    await expectClientError(response, 422, 'CASE.ACTION_NOT_ALLOWED');
  });

  it('an unknown case, a malformed case id, an unknown service', async () => {
    await expectClientError(await api.get('county.poverty', `/identification/cases/${randomUUID()}`), 404, 'CASE.NOT_FOUND');
    await expectClientError(await api.get('county.poverty', '/identification/cases/not-a-uuid'), 404, 'CASE.NOT_FOUND', 'id');
    await expectClientError(await api.get('county.poverty', '/lottery/cases'), 404, 'REQUEST.UNKNOWN_SERVICE', 'service');
  });

  it('a missing expectedVersion and an unexpected property', async () => {
    const id = await identificationCase(api, 'review');
    await expectClientError(await api.post('village.xiaoshi.2', `/identification/cases/${id}/actions`, { action: 'approve' }), 400, 'REQUEST.VALIDATION_FAILED', 'expectedVersion');
    await expectClientError(await api.post('village.xiaoshi.2', `/identification/cases/${id}/actions`, { action: 'approve', expectedVersion: 2, admin: true }), 400, 'REQUEST.VALIDATION_FAILED');
  });
});
