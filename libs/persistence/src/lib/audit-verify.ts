import { verifyAuditChain, type StoredAuditRow } from './audit-chain';

/** Runs one SQL statement with `?` placeholders and returns its rows. */
export type QueryRows = (
  sql: string,
  params: unknown[],
) => Promise<Array<Record<string, any>>>;

export interface BrokenChain {
  id: string;
  caseId: string;
  seq: number;
  reason: string;
}

export interface SchemaAuditVerdict {
  schema: string;
  ok: boolean;
  cases: number;
  rows: number;
  /** The first bad row of each broken case, in case order (at most `maxBroken`). */
  broken: BrokenChain[];
  firstBroken: BrokenChain | null;
}

function toStored(r: Record<string, any>): StoredAuditRow {
  return {
    id: String(r['id']),
    caseId: r['case_id'],
    seq: Number(r['seq']),
    at: new Date(r['at']).toISOString(),
    actorId: r['actor_id'],
    role: r['role'],
    level: r['level'],
    action: r['action'],
    comment: r['comment'],
    fromState: r['from_state'],
    toState: r['to_state'],
    prevHash: r['prev_hash'],
    hash: r['hash'],
  };
}

/**
 * Re-computes every case's hash chain in a schema's `case_audit`, reading it in keyset pages so a
 * large table is never held whole. A case whose head row (`case_record.audit_head`) is not the last
 * row's hash, or whose rows were deleted at the end, is reported too.
 */
export async function verifySchemaAuditChains(
  query: QueryRows,
  schema: string,
  options: { pageSize?: number; maxBroken?: number } = {},
): Promise<SchemaAuditVerdict> {
  const pageSize = options.pageSize ?? 5_000;
  const maxBroken = options.maxBroken ?? 100;
  const table = `"${schema}".case_audit`;
  const broken: BrokenChain[] = [];
  let cases = 0;
  let rows = 0;
  let current: StoredAuditRow[] = [];
  const heads = new Map<string, string>();
  for (const r of await query(
    `select id, audit_head, audit_seq from "${schema}".case_record`,
    [],
  ))
    heads.set(r['id'], `${r['audit_seq']}:${r['audit_head']}`);

  const finish = () => {
    if (current.length === 0) return;
    cases++;
    const verdict = verifyAuditChain(current);
    const last = current[current.length - 1];
    if (!verdict.ok) broken.push(verdict.brokenAt);
    else if (
      heads.has(last.caseId) &&
      heads.get(last.caseId) !== `${last.seq}:${last.hash}`
    ) {
      broken.push({
        id: last.id,
        caseId: last.caseId,
        seq: last.seq,
        reason:
          'the case record does not end its chain at this row (rows missing or replaced)',
      });
    }
    current = [];
  };

  let after: { caseId: string; seq: number } | null = null;
  for (;;) {
    const page: Array<Record<string, any>> = await query(
      `select id, case_id, seq, at, actor_id, role, level, action, comment, from_state, to_state, prev_hash, hash
       from ${table} ${after ? 'where (case_id, seq) > (?::uuid, ?)' : ''} order by case_id, seq limit ?`,
      after ? [after.caseId, after.seq, pageSize] : [pageSize],
    );
    for (const raw of page) {
      const row = toStored(raw);
      if (current.length && current[0].caseId !== row.caseId) finish();
      current.push(row);
      rows++;
    }
    if (page.length < pageSize) break;
    const last = current[current.length - 1];
    after = { caseId: last.caseId, seq: last.seq };
  }
  finish();
  const listed = broken.slice(0, maxBroken);
  return {
    schema,
    ok: broken.length === 0,
    cases,
    rows,
    broken: listed,
    firstBroken: listed[0] ?? null,
  };
}
