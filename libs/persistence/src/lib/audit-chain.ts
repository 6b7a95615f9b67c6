import { createHash } from 'node:crypto';

/** The fields of an audit row that its hash covers. */
export interface AuditFields {
  caseId: string;
  seq: number;
  at: string;
  actorId: string;
  role: string;
  level: string | null;
  action: string;
  comment: string | null;
  fromState: string | null;
  toState: string;
}

/** sha256 over the previous hash and the row's fields in a fixed order. */
export function auditHash(prevHash: string, row: AuditFields): string {
  const canonical = JSON.stringify([
    prevHash,
    row.caseId,
    row.seq,
    new Date(row.at).toISOString(),
    row.actorId,
    row.role,
    row.level,
    row.action,
    row.comment,
    row.fromState,
    row.toState,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface StoredAuditRow extends AuditFields {
  id: string;
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenAt: { id: string; caseId: string; seq: number; reason: string } };

/** Re-computes one case's chain (rows in `seq` order) and names the first row that does not fit. */
export function verifyAuditChain(rows: StoredAuditRow[]): ChainVerdict {
  let prevHash = '';
  for (const [index, row] of rows.entries()) {
    const broken = (reason: string): ChainVerdict => ({
      ok: false,
      rows: rows.length,
      brokenAt: { id: row.id, caseId: row.caseId, seq: row.seq, reason },
    });
    if (row.seq !== index + 1) return broken(`expected seq ${index + 1}, found ${row.seq}`);
    if (row.prevHash !== prevHash) return broken('prevHash does not match the previous row');
    if (auditHash(prevHash, row) !== row.hash) return broken('hash does not match the row contents');
    prevHash = row.hash;
  }
  return { ok: true, rows: rows.length };
}
