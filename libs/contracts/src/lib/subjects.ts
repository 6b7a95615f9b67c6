import type { ServiceName } from './services';

/** Request/reply operations every case service answers on `case.<service>.<op>`. */
export const CASE_OPERATIONS = ['declare', 'act', 'get', 'list', 'inbox', 'notices', 'objection', 'audit', 'stats', 'verifyAudit', 'reveal', 'dispatch'] as const;
export type CaseOperation = (typeof CASE_OPERATIONS)[number];

export const caseSubject = (service: ServiceName, op: CaseOperation): string => `case.${service}.${op}`;

/** The roster is owned by identification. */
export const ROSTER_SUBJECTS = {
  list: 'roster.households.list',
  get: 'roster.households.get',
} as const;

/** JetStream: one stream carries every domain event; subjects are `events.<service>.<event>`. */
export const EVENT_STREAM = 'POVERTY_EVENTS';
export const EVENT_SUBJECTS = 'events.>';
export const eventSubject = (service: ServiceName, event: string): string => `events.${service}.${event}`;

/** Events other services subscribe to. */
export const HOUSEHOLD_REGISTERED = eventSubject('identification', 'household.registered');
