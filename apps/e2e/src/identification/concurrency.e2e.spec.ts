import { query } from '@poverty/testing';
import { Api, identificationCase } from '../support/api';
import { sharedStack } from '../support/shared-stack';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);

async function footprint(caseId: string) {
  const [row] = await query<{ version: number; state: string; level: string; audit_seq: number }>(stack.databaseUrl, 'select version, state, level, audit_seq from identification.case_record where id = $1', [caseId]);
  const [{ audits }] = await query(stack.databaseUrl, 'select count(*)::int as audits from identification.case_audit where case_id = $1', [caseId]);
  const [{ events }] = await query(stack.databaseUrl, `select count(*)::int as events from identification.outbox where payload->>'caseId' = $1`, [caseId]);
  return { ...row, audits, events };
}

describe('concurrent decisions are serialised by version', () => {
  it('answers 409 to a stale expectedVersion and changes nothing', async () => {
    const id = await identificationCase(api, 'township');
    const before = await footprint(id);
    const stale = await api.act('township.xiaoshi', 'identification', id, 'approve', { expectedVersion: before.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'CASE.STALE_VERSION' });
    expect(await footprint(id)).toEqual(before);
  });

  it('lets exactly one of two simultaneous decisions on the same version win', async () => {
    const id = await identificationCase(api, 'township');
    const { version } = await footprint(id);
    const [approve, reject] = await Promise.all([
      api.act('township.xiaoshi', 'identification', id, 'approve', { expectedVersion: version }),
      api.act('township.xiaoshi', 'identification', id, 'reject', { expectedVersion: version, comment: '不符合' }),
    ]);
    expect([approve.status, reject.status].sort()).toEqual([200, 409]);
    const after = await footprint(id);
    expect(after.version).toBe(version + 1);
    expect(after.audits).toBe(after.audit_seq);
  });
});
