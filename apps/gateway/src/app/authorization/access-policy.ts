import { ERROR, SERVICES, isServiceName, type ServiceName } from '@poverty/contracts';
import { findVillage } from '@poverty/policy';
import type { Actor, Department, Role } from '@poverty/workflow';

/**
 * THE access policy of the gateway: which role may call which endpoint, and how far its grant
 * reaches. The gateway's guard enforces it on every request, the OpenAPI document is annotated
 * from it, and the authorization-matrix e2e test is generated from it. The services check again
 * (the approval machine's guards see the signed principal): out of jurisdiction → 404, wrong
 * role → 403.
 *
 * Adding an endpoint: add an entry here and put `@Access('<id>')` on the handler. A handler
 * without an entry is refused (fail closed).
 */

/** Roles a person logs in with (`public` and `system` are not accounts). */
export const ACCOUNT_ROLES = ['village_officer', 'township_reviewer', 'county_officer', 'evaluator', 'auditor', 'admin'] as const satisfies readonly Role[];
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/**
 * How far a grant reaches:
 * - `village` / `township`: the caller's own village / township;
 * - `department`: county-wide, for the services of the caller's department (the poverty office
 *   coordinates, so it reaches every service);
 * - `county`: county-wide;
 * - `self`: only what concerns the caller (their account, their inbox).
 */
export type Reach = 'village' | 'township' | 'department' | 'county' | 'self';

/**
 * Where the gateway finds what a request is about:
 * - `none`: nothing beyond the role;
 * - `service`: the `:service` path segment (the department check); the object itself (a case by
 *   id) is checked again by the service, which answers 404 outside the caller's jurisdiction;
 * - `declaration`: the body's `townshipCode`/`villageCode` (and `:service`);
 * - `filter`: the query's `township`/`village` filters (and `:service`, if any).
 */
export type Target = 'none' | 'service' | 'declaration' | 'filter';

export interface EndpointPolicy {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path under `/api/v1` (Nest syntax), or absolute when it starts with `!`. */
  path: string;
  summary: string;
  /** No login needed (public board, login, health). */
  public?: true;
  target: Target;
  /** What a request outside the reach gets: 404 hides what exists, 403 refuses a declaration elsewhere. */
  outOfReach: 403 | 404;
  grants: Partial<Record<AccountRole, Reach>>;
}

const EVERY_ROLE_SELF = Object.fromEntries(ACCOUNT_ROLES.map((r) => [r, 'self'])) as Record<AccountRole, Reach>;
const CASE_READERS = { village_officer: 'village', township_reviewer: 'township', county_officer: 'department', auditor: 'county' } as const;
const CASE_ACTORS = { village_officer: 'village', township_reviewer: 'township', county_officer: 'department' } as const;
const ROSTER_READERS = { village_officer: 'village', township_reviewer: 'township', county_officer: 'county', auditor: 'county' } as const;
const ADMIN_ONLY = { admin: 'county' } as const;

export const ACCESS_POLICY = {
  'auth.login': { method: 'POST', path: 'auth/login', summary: 'Log in → access token (short-lived) and refresh token', public: true, target: 'none', outOfReach: 403, grants: {} },
  'auth.refresh': { method: 'POST', path: 'auth/refresh', summary: 'Exchange a refresh token for a new pair (the old one is spent)', public: true, target: 'none', outOfReach: 403, grants: {} },
  'auth.logout': { method: 'POST', path: 'auth/logout', summary: 'End this session: its access and refresh tokens stop working', target: 'none', outOfReach: 403, grants: EVERY_ROLE_SELF },
  'auth.password': { method: 'POST', path: 'auth/password', summary: 'Change your password (ends your other sessions)', target: 'none', outOfReach: 403, grants: EVERY_ROLE_SELF },
  me: { method: 'GET', path: 'me', summary: 'The caller, roles and jurisdiction', target: 'none', outOfReach: 403, grants: EVERY_ROLE_SELF },

  'cases.declare': { method: 'POST', path: ':service/cases', summary: 'Declare a case (申报) in your village → 201 with the case', target: 'declaration', outOfReach: 403, grants: { village_officer: 'village' } },
  'cases.list': { method: 'GET', path: ':service/cases', summary: 'List cases in your jurisdiction (stage, township, village, page, pageSize)', target: 'filter', outOfReach: 404, grants: CASE_READERS },
  'cases.get': { method: 'GET', path: ':service/cases/:id', summary: 'A case with its history and the actions allowed to you now', target: 'service', outOfReach: 404, grants: CASE_READERS },
  'cases.act': { method: 'POST', path: ':service/cases/:id/actions', summary: 'Act on a case (submit, approve, return, reject, …)', target: 'service', outOfReach: 404, grants: CASE_ACTORS },
  'cases.reveal': { method: 'POST', path: ':service/cases/:id/reveal', summary: 'Reveal one masked personal field of a case, with a reason (officials of its area; every reveal is logged for the auditor)', target: 'service', outOfReach: 404, grants: CASE_ACTORS },
  inbox: { method: 'GET', path: 'inbox', summary: 'Everything awaiting you across services, oldest first, overdue flagged', target: 'none', outOfReach: 404, grants: EVERY_ROLE_SELF },

  'households.list': { method: 'GET', path: 'households', summary: 'Roster households in your jurisdiction', target: 'filter', outOfReach: 404, grants: ROSTER_READERS },
  'households.get': { method: 'GET', path: 'households/:id', summary: 'A household, its members (ID numbers masked) and its cases', target: 'none', outOfReach: 404, grants: ROSTER_READERS },

  'monitoring.flags': { method: 'GET', path: 'monitoring/flags', summary: '防返贫 risk flags in your jurisdiction, each with its follow-up task (township, village, householdId, status)', target: 'filter', outOfReach: 404, grants: ROSTER_READERS },
  'monitoring.tasks.close': { method: 'POST', path: 'monitoring/tasks/:id/close', summary: 'Close a follow-up task with the measure taken (帮扶措施); village officers of the household\'s village', target: 'none', outOfReach: 404, grants: { village_officer: 'village' } },

  'public.notices': { method: 'GET', path: 'public/notices', summary: 'Active public notices (公示), masked; no login', public: true, target: 'none', outOfReach: 404, grants: {} },
  'public.objection': { method: 'POST', path: 'public/notices/:caseId/objections', summary: 'File an objection (异议) to an active notice; no login, rate-limited per client → 202', public: true, target: 'none', outOfReach: 404, grants: {} },

  'admin.users.list': { method: 'GET', path: 'admin/users', summary: 'Accounts (admin)', target: 'none', outOfReach: 403, grants: ADMIN_ONLY },
  'admin.users.create': { method: 'POST', path: 'admin/users', summary: 'Create an account with its roles and jurisdiction (admin, audited)', target: 'none', outOfReach: 403, grants: ADMIN_ONLY },
  'admin.users.get': { method: 'GET', path: 'admin/users/:id', summary: 'One account (admin)', target: 'none', outOfReach: 403, grants: ADMIN_ONLY },
  'admin.users.rescope': { method: 'PATCH', path: 'admin/users/:id', summary: 'Change roles, jurisdiction or display name (admin, audited; ends the user\'s sessions)', target: 'none', outOfReach: 403, grants: ADMIN_ONLY },
  'admin.users.disable': { method: 'POST', path: 'admin/users/:id/disable', summary: 'Disable an account and end its sessions (admin, audited)', target: 'none', outOfReach: 403, grants: ADMIN_ONLY },
  'admin.users.enable': { method: 'POST', path: 'admin/users/:id/enable', summary: 'Enable and unlock an account (admin, audited)', target: 'none', outOfReach: 403, grants: ADMIN_ONLY },
  'admin.users.password': { method: 'POST', path: 'admin/users/:id/password', summary: 'Set a new password for an account (admin, audited; ends its sessions)', target: 'none', outOfReach: 403, grants: ADMIN_ONLY },
  'admin.audit': { method: 'GET', path: 'admin/audit-log', summary: 'The gateway audit log: logins, lockouts, account changes (admin, auditor)', target: 'none', outOfReach: 403, grants: { admin: 'county', auditor: 'county' } },

  'evaluation.engagements.create': { method: 'POST', path: 'evaluation/engagements', summary: 'Create a third-party evaluation engagement: organisation, evaluator accounts, window, townships, year (county poverty office)', target: 'none', outOfReach: 403, grants: { county_officer: 'county' } },
  'evaluation.engagements.list': { method: 'GET', path: 'evaluation/engagements', summary: 'Engagements (an evaluator sees only their own)', target: 'none', outOfReach: 404, grants: { county_officer: 'county', auditor: 'county', evaluator: 'self' } },
  'evaluation.engagements.get': { method: 'GET', path: 'evaluation/engagements/:id', summary: 'One engagement (an evaluator: their own, within its window)', target: 'none', outOfReach: 404, grants: { county_officer: 'county', auditor: 'county', evaluator: 'self' } },
  'evaluation.sample.draw': { method: 'POST', path: 'evaluation/engagements/:id/sample', summary: 'Draw the seeded, township-stratified sample of exited households once; it is frozen (county poverty office)', target: 'none', outOfReach: 404, grants: { county_officer: 'county' } },
  'evaluation.sample.get': { method: 'GET', path: 'evaluation/engagements/:id/sample', summary: 'The frozen sample and its seed', target: 'none', outOfReach: 404, grants: { county_officer: 'county', auditor: 'county', evaluator: 'self' } },
  'evaluation.records.get': { method: 'GET', path: 'evaluation/engagements/:id/households/:householdId', summary: 'The read-only verification record of a sampled household (masked; every read is logged)', target: 'none', outOfReach: 404, grants: { evaluator: 'self', auditor: 'county' } },
  'evaluation.findings.record': { method: 'POST', path: 'evaluation/engagements/:id/findings', summary: 'Record a finding: a sampled household (correct / wrongly exited, satisfied) or a surveyed non-registered household (missed or not)', target: 'none', outOfReach: 404, grants: { evaluator: 'self' } },
  'evaluation.findings.list': { method: 'GET', path: 'evaluation/engagements/:id/findings', summary: 'The findings of an engagement', target: 'none', outOfReach: 404, grants: { county_officer: 'county', auditor: 'county', evaluator: 'self' } },
  'evaluation.rates': { method: 'GET', path: 'evaluation/engagements/:id/rates', summary: '三率一度: 错退率, 漏评率, 群众认可度 against the policy thresholds', target: 'none', outOfReach: 404, grants: { county_officer: 'county', auditor: 'county', evaluator: 'self' } },
  'evaluation.report': { method: 'GET', path: 'evaluation/engagements/:id/report', summary: 'The evaluation report (findings and 三率一度) as CSV or XLSX', target: 'none', outOfReach: 404, grants: { county_officer: 'county', auditor: 'county', evaluator: 'self' } },
  'evaluation.reads': { method: 'GET', path: 'evaluation/engagements/:id/reads', summary: 'The read log of an engagement: who read which verification record, when (auditors, county)', target: 'none', outOfReach: 404, grants: { county_officer: 'county', auditor: 'county' } },
  'audit.trail': { method: 'GET', path: 'audit', summary: 'The hash-chained transition trail of a case, from whichever service holds it, with its chain verdict (auditor)', target: 'none', outOfReach: 404, grants: { auditor: 'county' } },
  'audit.reveals': { method: 'GET', path: 'audit/reveals', summary: 'The log of personal-data reveals: who revealed which field of which case, why, when (auditor)', target: 'none', outOfReach: 403, grants: { auditor: 'county' } },
  'audit.verify': { method: 'POST', path: 'audit/verify', summary: 'Re-compute every service\'s audit chains and name the first broken row (auditor)', target: 'none', outOfReach: 403, grants: { auditor: 'county' } },
  'stats.progress': { method: 'GET', path: 'stats/progress', summary: 'Counts per township × service × stage, overdue, amounts paid, exit target progress', target: 'none', outOfReach: 404, grants: { county_officer: 'county', auditor: 'county' } },
  'reports.dispatch': { method: 'GET', path: 'reports/dispatch', summary: 'The monthly dispatch report (一月一调度) as CSV or XLSX', target: 'none', outOfReach: 404, grants: { county_officer: 'county', auditor: 'county' } },
  'reports.monthly': { method: 'GET', path: 'reports/monthly', summary: '一月一调度 per township for a month: exits vs the target, open cases per service and stage, overdue work, 防返贫 flags, money committed and paid', target: 'filter', outOfReach: 404, grants: { township_reviewer: 'township', county_officer: 'county', auditor: 'county' } },
  'reports.monthly.export': { method: 'GET', path: 'reports/monthly/export', summary: 'The monthly dispatch per township as XLSX or PDF (format=xlsx|pdf)', target: 'filter', outOfReach: 404, grants: { township_reviewer: 'township', county_officer: 'county', auditor: 'county' } },
  'imports.households.start': { method: 'POST', path: 'imports/households', summary: 'Import households from a 建档立卡 sheet (CSV or XLSX body), validated row by row, all-or-nothing (county poverty office)', target: 'none', outOfReach: 403, grants: { county_officer: 'county' } },
  'imports.households.get': { method: 'GET', path: 'imports/households/:id', summary: 'An import\'s progress and result: rows read, every bad row and field', target: 'none', outOfReach: 404, grants: { county_officer: 'county' } },
  'health.live': { method: 'GET', path: 'health/live', summary: 'The process is up', public: true, target: 'none', outOfReach: 404, grants: {} },
  'health.ready': { method: 'GET', path: 'health/ready', summary: 'PostgreSQL and NATS reachable; 503 when not', public: true, target: 'none', outOfReach: 404, grants: {} },
  metrics: { method: 'GET', path: '!/metrics', summary: 'Prometheus metrics (bearer METRICS_TOKEN when configured)', public: true, target: 'none', outOfReach: 404, grants: {} },
} as const satisfies Record<string, EndpointPolicy>;

export type EndpointId = keyof typeof ACCESS_POLICY;
export const ENDPOINT_IDS = Object.keys(ACCESS_POLICY) as EndpointId[];

export function endpointPolicy(id: EndpointId): EndpointPolicy {
  return ACCESS_POLICY[id];
}

/** Departments whose county officers act on each service (policy data of the county). */
export const SERVICE_DEPARTMENTS: Record<ServiceName, Department[]> = {
  identification: ['poverty_office'],
  housing: ['housing_bureau'],
  medical: ['medical_security'],
  education: ['education_bureau'],
  'exit-verification': ['poverty_office'],
};

/** The poverty office (扶贫办) coordinates every service, so its reach covers all of them. */
const COORDINATING_DEPARTMENT: Department = 'poverty_office';

export function departmentReaches(department: Department | undefined, service: ServiceName): boolean {
  return department !== undefined && (department === COORDINATING_DEPARTMENT || SERVICE_DEPARTMENTS[service].includes(department));
}

/** What the guard sees of a request. */
export interface AccessRequest {
  params?: Record<string, string | undefined>;
  query?: Record<string, unknown>;
  body?: unknown;
}

export type Decision =
  | { allow: true; role: AccountRole | null; reach: Reach | null }
  | { allow: false; statusCode: 401 | 403 | 404; code: string; message: string };

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The township and village a request names (body for declarations, query for filters). */
function namedPlace(policy: EndpointPolicy, request: AccessRequest): { township?: string; village?: string } {
  if (policy.target === 'declaration') {
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    return { township: str(body['townshipCode']), village: str(body['villageCode']) };
  }
  if (policy.target === 'filter') return { township: str(request.query?.['township']), village: str(request.query?.['village']) };
  return {};
}

function withinReach(reach: Reach, actor: Actor, policy: EndpointPolicy, request: AccessRequest): boolean {
  const service = request.params?.['service'];
  if ((policy.target === 'service' || policy.target === 'declaration' || policy.target === 'filter') && service && isServiceName(service)) {
    // Only county officers are limited by service; an unknown service is answered by the controller.
    if (reach === 'department' && !departmentReaches(actor.department, service)) return false;
  }
  const place = namedPlace(policy, request);
  const villageTownship = place.village ? findVillage(place.village)?.township.code : undefined;
  switch (reach) {
    case 'county':
    case 'self':
    case 'department':
      return true;
    case 'township':
      if (!actor.townshipCode) return false;
      return (!place.township || place.township === actor.townshipCode) && (!place.village || villageTownship === actor.townshipCode);
    case 'village':
      if (!actor.villageCode) return false;
      return (!place.township || place.township === actor.townshipCode) && (!place.village || place.village === actor.villageCode);
  }
}

/**
 * Decides one request: 401 without a login, 403 for a role with no grant on the endpoint,
 * then the endpoint's out-of-reach answer (404, or 403 for a declaration elsewhere).
 */
export function decide(id: EndpointId, actor: Actor | null, request: AccessRequest = {}): Decision {
  const policy: EndpointPolicy = ACCESS_POLICY[id];
  if (policy.public) return { allow: true, role: null, reach: null };
  if (!actor) return { allow: false, statusCode: 401, code: ERROR.UNAUTHENTICATED, message: 'Log in first: a valid bearer token is required' };
  const granted = actor.roles.flatMap((role) => {
    const reach = policy.grants[role as AccountRole];
    return reach ? [{ role: role as AccountRole, reach }] : [];
  });
  if (granted.length === 0) {
    return { allow: false, statusCode: 403, code: ERROR.FORBIDDEN, message: `Your role may not call ${id}` };
  }
  const hit = granted.find((g) => withinReach(g.reach, actor, policy, request));
  if (hit) return { allow: true, role: hit.role, reach: hit.reach };
  return policy.outOfReach === 404
    ? { allow: false, statusCode: 404, code: ERROR.NOT_FOUND, message: 'Not found in your jurisdiction' }
    : { allow: false, statusCode: 403, code: ERROR.FORBIDDEN, message: 'Outside your jurisdiction' };
}

/** Which services a matrix or a client should consider. */
export const POLICY_SERVICES: readonly ServiceName[] = SERVICES;
