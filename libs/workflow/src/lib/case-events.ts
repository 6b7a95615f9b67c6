import type { Actor } from './actor';

interface Stamped {
  actor: Actor;
  /** ISO timestamp from the injected clock: the machine never reads the wall clock. */
  at: string;
}

/** Every event the approval machine understands, dot-namespaced by stage. */
export type CaseEvent =
  | (Stamped & { type: 'case.edit'; data: Record<string, unknown>; comment?: string })
  | (Stamped & { type: 'case.submit'; comment?: string })
  | (Stamped & { type: 'case.withdraw'; comment?: string })
  | (Stamped & { type: 'review.approve'; comment?: string; data?: Record<string, unknown> })
  | (Stamped & { type: 'review.return'; to: 'applicant' | 'previous'; comment?: string })
  | (Stamped & { type: 'review.reject'; comment?: string })
  | (Stamped & { type: 'notice.objection'; objectionId: string; reason: string })
  | (Stamped & {
      type: 'notice.resolveObjection';
      outcome: 'upheld' | 'dismissed';
      then?: 'review' | 'rejected';
      comment?: string;
    })
  | (Stamped & { type: 'notice.elapsed'; timerKey: string })
  | (Stamped & { type: 'acceptance.record'; check: string; evidence: string; comment?: string })
  | (Stamped & { type: 'acceptance.accept'; comment?: string })
  | (Stamped & { type: 'acceptance.rectify'; comment?: string });

export type CaseEventType = CaseEvent['type'];

/** The action names of the HTTP/NATS contract and the machine event each one sends. */
export const ACTION_EVENTS = {
  edit: 'case.edit',
  submit: 'case.submit',
  withdraw: 'case.withdraw',
  approve: 'review.approve',
  return: 'review.return',
  reject: 'review.reject',
  objection: 'notice.objection',
  resolveObjection: 'notice.resolveObjection',
  recordAcceptance: 'acceptance.record',
  accept: 'acceptance.accept',
  rectify: 'acceptance.rectify',
} as const satisfies Record<string, CaseEventType>;

export type CaseAction = keyof typeof ACTION_EVENTS;
export const CASE_ACTIONS = Object.keys(ACTION_EVENTS) as CaseAction[];

/** Actions a logged-in official may send through `POST /cases/:id/actions`. */
export const OFFICIAL_ACTIONS: CaseAction[] = CASE_ACTIONS.filter((action) => action !== 'objection');
