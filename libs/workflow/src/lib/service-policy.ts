import type { Department, LevelSpec } from './actor';
import type { CaseContext } from './case-context';
import type { CaseEvent } from './case-events';
import type { Refusal } from './refusals';

/** A check a service adds on top of the shared rules (e.g. the income must be below the line). */
export interface ExtraGuard {
  /** The event it applies to. */
  on: CaseEvent['type'];
  /** Only at this review level (for review events); every level when omitted. */
  level?: string;
  /** `data` is the case data as it will be if the event is accepted. */
  check: (data: Record<string, unknown>, context: CaseContext, event: CaseEvent) => Refusal | null;
}

/**
 * What makes one service's approval flow different from another's. The machine itself
 * is shared (`createApprovalMachine`); services only describe themselves with this.
 */
export interface ServicePolicy {
  service: string;
  /** Who declares (申报) and may edit, submit and withdraw. */
  declarer: LevelSpec;
  /** Review levels in order (village → township → county department). */
  levels: LevelSpec[];
  /** 公示 period as an ISO-8601 duration, e.g. `P7D`. */
  noticePeriod: string;
  /** The review level that resolves objections filed during the notice. */
  objectionLevel: string;
  /** Who records acceptance (验收) evidence and accepts. */
  acceptor: LevelSpec;
  /** Evidence that must be recorded before acceptance, key → Chinese label. */
  acceptanceChecks: Record<string, string>;
  /** Departments whose officers see this service's cases. */
  departments: Department[];
  extraGuards?: ExtraGuard[];
}
