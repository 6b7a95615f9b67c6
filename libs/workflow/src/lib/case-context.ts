import type { Actor, CaseJurisdiction } from './actor';

export interface Approval {
  level: string;
  userId: string;
  at: string;
}

export interface Objection {
  id: string;
  reason: string;
  filedAt: string;
  status: 'open' | 'upheld' | 'dismissed';
  resolvedBy?: string;
  resolvedAt?: string;
}

export interface AcceptanceRecord {
  evidence: string;
  recordedBy: string;
  at: string;
}

/** Everything the machine knows about a case. Changed only by `assign`. */
export interface CaseContext {
  caseId: string;
  service: string;
  jurisdiction: CaseJurisdiction;
  declaredBy: Pick<Actor, 'userId' | 'displayName'>;
  data: Record<string, unknown>;
  /** Index into the policy's review levels while in review. */
  levelIndex: number;
  /** Signatures gathered at the current level in this round (会签 needs several). */
  approvals: Approval[];
  /** userId → the review level they acted at, so nobody acts at two levels of one case. */
  actedAtLevel: Record<string, string>;
  notice: {
    round: number;
    timerKey?: string;
    startedAt?: string;
    endsAt?: string;
    /** Time left when an objection put the notice on hold. */
    remainingMs?: number;
  };
  objections: Objection[];
  acceptance: Record<string, AcceptanceRecord>;
  /** Machine v2 on: why, by whom and when the case was withdrawn (撤回). Absent in v1 snapshots. */
  withdrawal?: Withdrawal;
}

export interface Withdrawal {
  reason: string;
  by: string;
  at: string;
}

/** What `initialTransition` needs to open a case. */
export interface CaseInput {
  caseId: string;
  jurisdiction: CaseJurisdiction;
  declaredBy: Actor;
  data: Record<string, unknown>;
}
