import { Api, identificationCase, identificationDeclaration } from '../support/api';
import { sharedStack } from '../support/shared-stack';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);

describe('who may see and act on an identification case', () => {
  it('hides another township’s case: 404 to read and to act', async () => {
    const id = await identificationCase(api, 'township');
    const read = await api.get('township.caohezhang', `/identification/cases/${id}`);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('CASE.NOT_FOUND');
    const act = await api.act('township.caohezhang', 'identification', id, 'approve', { expectedVersion: 1 });
    expect(act.status).toBe(404);
    const listed = await api.get('township.caohezhang', '/identification/cases');
    expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('refuses the wrong role at a level with 403 and a reason code', async () => {
    const id = await identificationCase(api, 'township');
    const wrongRole = await api.act('county.poverty', 'identification', id, 'approve');
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.code).toBe('CASE.WRONG_ROLE');
  });

  it('does not let the township reviewer who approved act again at the county level', async () => {
    const id = await identificationCase(api, 'county');
    const asCountyRole = await api.act('township.xiaoshi', 'identification', id, 'approve');
    expect(asCountyRole.status).toBe(403);
  });

  it('refuses a declaration outside the officer’s village', async () => {
    const declared = await api.post('village.xiaoshi', '/identification/cases', identificationDeclaration({}));
    expect(declared.status).toBe(201);
    const elsewhere = await api.post('village.xiaoshi', '/identification/cases', { ...identificationDeclaration({}), townshipCode: '210521101000', villageCode: '210521101201' });
    expect(elsewhere.status).toBe(403);
  });

  it('lets auditors read but not act', async () => {
    const id = await identificationCase(api, 'township');
    const read = await api.get('auditor', `/identification/cases/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.allowedActions).toEqual([]);
    const act = await api.act('auditor', 'identification', id, 'approve');
    expect(act.status).toBe(403);
  });

  it('requires a login for everything but the public board', async () => {
    expect((await api.http().get('/api/v1/identification/cases')).status).toBe(401);
    expect((await api.http().get('/api/v1/inbox')).status).toBe(401);
    expect((await api.http().get('/api/v1/public/notices')).status).toBe(200);
    const bad = await api.http().post('/api/v1/auth/login').send({ username: 'county.poverty', password: 'wrong-password' });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('AUTH.BAD_CREDENTIALS');
  });
});
