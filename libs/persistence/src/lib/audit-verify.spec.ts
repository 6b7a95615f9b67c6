import { auditHash, type AuditFields } from './audit-chain';
import { verifySchemaAuditChains, type QueryRows } from './audit-verify';

type Row = Record<string, any>;

/** Rows of a case_audit table, chained as CaseStore writes them. */
function chain(caseId: string, length: number, firstId: number): Row[] {
  let prev = '';
  return Array.from({ length }, (_, i) => {
    const fields: AuditFields = {
      caseId,
      seq: i + 1,
      at: new Date(Date.UTC(2019, 5, 1, 0, i)).toISOString(),
      actorId: 'u1',
      role: 'village_officer',
      level: null,
      action: i === 0 ? 'declare' : 'approve',
      comment: null,
      fromState: null,
      toState: 's',
    };
    const hash = auditHash(prev, fields);
    const row = {
      id: String(firstId + i),
      case_id: caseId,
      seq: fields.seq,
      at: fields.at,
      actor_id: 'u1',
      role: fields.role,
      level: null,
      action: fields.action,
      comment: null,
      from_state: null,
      to_state: 's',
      prev_hash: prev,
      hash,
    };
    prev = hash;
    return row;
  });
}

/** Answers the two statements the verifier sends, over in-memory rows, keyset paging included. */
function table(audit: Row[], heads: Row[]): QueryRows {
  return async (sql, params) => {
    if (sql.includes('case_record')) return heads;
    const sorted = [...audit].sort((a, b) =>
      a.case_id === b.case_id ? a.seq - b.seq : a.case_id < b.case_id ? -1 : 1,
    );
    const limit = params[params.length - 1] as number;
    if (params.length === 1) return sorted.slice(0, limit);
    const [caseId, seq] = params as [string, number];
    return sorted
      .filter(
        (r) => r.case_id > caseId || (r.case_id === caseId && r.seq > seq),
      )
      .slice(0, limit);
  };
}

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const headOf = (rows: Row[]) => ({
  id: rows[0].case_id,
  audit_seq: rows.length,
  audit_head: rows[rows.length - 1].hash,
});

describe('verifying every audit chain of a schema', () => {
  it('holds for untouched chains read across several pages', async () => {
    const a = chain(A, 7, 1);
    const b = chain(B, 5, 100);
    expect(
      await verifySchemaAuditChains(
        table([...a, ...b], [headOf(a), headOf(b)]),
        'identification',
        { pageSize: 3 },
      ),
    ).toEqual({
      schema: 'identification',
      ok: true,
      cases: 2,
      rows: 12,
      broken: [],
      firstBroken: null,
    });
  });

  it('names the first row whose contents were changed', async () => {
    const a = chain(A, 7, 1);
    const b = chain(B, 5, 100);
    b[2] = { ...b[2], comment: 'tampered' };
    const verdict = await verifySchemaAuditChains(
      table([...a, ...b], [headOf(a), headOf(chain(B, 5, 100))]),
      'identification',
      { pageSize: 4 },
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken).toEqual({
      id: '102',
      caseId: B,
      seq: 3,
      reason: 'hash does not match the row contents',
    });
  });

  it("notices rows deleted from the end of a chain, against the case record's head", async () => {
    const a = chain(A, 4, 1);
    const verdict = await verifySchemaAuditChains(
      table(a.slice(0, 3), [headOf(a)]),
      'housing',
    );
    expect(verdict.firstBroken).toMatchObject({
      id: '3',
      seq: 3,
      reason: expect.stringContaining('does not end its chain'),
    });
  });
});
