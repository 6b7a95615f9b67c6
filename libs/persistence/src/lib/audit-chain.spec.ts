import { auditHash, verifyAuditChain, type StoredAuditRow } from './audit-chain';

function chain(length: number): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  let prevHash = '';
  for (let seq = 1; seq <= length; seq++) {
    const fields = {
      caseId: 'c-1',
      seq,
      at: new Date(Date.UTC(2019, 4, seq)).toISOString(),
      actorId: `u-${seq}`,
      role: 'township_reviewer',
      level: 'township',
      action: 'approve',
      comment: `意见 ${seq}`,
      fromState: 'review',
      toState: 'review',
    };
    const hash = auditHash(prevHash, fields);
    rows.push({ ...fields, id: String(seq), prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

describe('the audit hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyAuditChain(chain(5))).toEqual({ ok: true, rows: 5 });
  });

  it('names the row whose contents were changed', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], comment: '同意（已篡改）' };
    expect(verifyAuditChain(rows)).toMatchObject({ ok: false, brokenAt: { id: '3', seq: 3, reason: expect.stringContaining('hash') } });
  });

  it('names the row after a deleted one', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyAuditChain(rows)).toMatchObject({ ok: false, brokenAt: { id: '3', reason: expect.stringContaining('seq') } });
  });

  it('detects a row re-hashed after tampering by the link to the next row', () => {
    const rows = chain(4);
    const tampered = { ...rows[1], comment: '改写' };
    tampered.hash = auditHash(tampered.prevHash, tampered);
    rows[1] = tampered;
    expect(verifyAuditChain(rows)).toMatchObject({ ok: false, brokenAt: { id: '3', reason: expect.stringContaining('prevHash') } });
  });
});
