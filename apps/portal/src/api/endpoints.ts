import { API_BASE, buildQuery, http, toApiError } from './client';
import { getToken } from './session';
import type {
  ActionRequest,
  RevealedField,
  MonthlyDispatch,
  RiskFlag,
  RevealLogEntry,
  CaseDetail,
  CaseSummary,
  CursorPage,
  DeclareRequest,
  AuditTrail,
  AuditVerifyResult,
  Dossier,
  Engagement,
  Finding,
  FindingRequest,
  Household,
  HouseholdSummary,
  InboxItem,
  InboxPage,
  LoginResponse,
  ObjectionRequest,
  Paged,
  ProgressStats,
  PublicNotice,
  Rates,
  Sample,
  ServiceCode,
  User,
} from './types';

type Opts = { signal?: AbortSignal };

/** The gateway names the user's id and jurisdiction `userId`/`townshipCode`/`villageCode`. */
export function normalizeUser(raw: unknown): User {
  const r = (raw ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    id: str(r['id']) ?? str(r['userId']) ?? '',
    username: str(r['username']) ?? '',
    displayName: str(r['displayName']) ?? str(r['username']) ?? '',
    roles: Array.isArray(r['roles']) ? (r['roles'] as User['roles']) : [],
    township: str(r['township']) ?? str(r['townshipCode']),
    village: str(r['village']) ?? str(r['villageCode']),
    department: str(r['department']),
  };
}
const enc = encodeURIComponent;

/** Lists may come back bare or wrapped in `{items}`; the portal wants the whole page shape. */
function asPaged<T>(value: Paged<T> | T[] | { items: T[] }): Paged<T> {
  if (Array.isArray(value))
    return { items: value, nextCursor: null, total: value.length, totalCapped: false, pageSize: value.length };
  const v = value as Partial<Paged<T>>;
  const items = v.items ?? [];
  return {
    items,
    nextCursor: v.nextCursor ?? null,
    total: v.total ?? items.length,
    totalCapped: v.totalCapped ?? false,
    pageSize: v.pageSize ?? items.length,
  };
}

function asCursorPage<T>(value: Partial<CursorPage<T>> | undefined): CursorPage<T> {
  return { items: value?.items ?? [], nextCursor: value?.nextCursor ?? null };
}

/** Where a keyset list starts (`cursor`, the `nextCursor` of the page before) and how long it is. */
export type PageQuery = {
  cursor?: string;
  pageSize?: number;
};

export const api = {
  login: (username: string, password: string) =>
    http
      .post<LoginResponse>('/auth/login', { username, password }, { auth: false })
      .then((r) => ({ ...r, user: normalizeUser(r.user) })),
  me: (o?: Opts) => http.get<unknown>('/me', o).then(normalizeUser),

  /** One page of 待办, oldest first; `unavailable` names services that did not answer. */
  inbox: (q: { cursor?: string; limit?: number } = {}, o?: Opts) =>
    http
      .get<Partial<InboxPage>>('/inbox', { ...o, query: q })
      .then((r): InboxPage => ({ ...asCursorPage<InboxItem>(r), unavailable: r?.unavailable ?? [] })),

  /** One page of a service's cases, newest first. */
  listCases: (
    service: ServiceCode,
    q: { stage?: string; township?: string; village?: string; householdId?: string } & PageQuery,
    o?: Opts,
  ) =>
    http
      .get<Paged<CaseSummary>>(`/${service}/cases`, { ...o, query: q })
      .then((r) => asPaged<CaseSummary>(r)),
  getCase: (service: ServiceCode, id: string, o?: Opts) =>
    http.get<CaseDetail>(`/${service}/cases/${enc(id)}`, o),
  /** Reveals one masked personal field, with a reason; the gateway logs it for the auditor. */
  revealField: (service: ServiceCode, id: string, body: { field: string; reason: string }) =>
    http.post<RevealedField>(`/${service}/cases/${enc(id)}/reveal`, body),
  /** 防返贫 risk flags with their follow-up tasks, in the caller's jurisdiction. */
  riskFlags: (q: { township?: string; village?: string; householdId?: string; status?: string } = {}, o?: Opts) =>
    http.get<Paged<RiskFlag>>('/monitoring/flags', { ...o, query: q }),
  /** Closes a follow-up task with the measure taken (village officers of the household's village). */
  closeTask: (taskId: string, body: { measureKind: string; measure: string }) =>
    http.post<RiskFlag>(`/monitoring/tasks/${enc(taskId)}/close`, body),
  /** 一月一调度 for a month, per township (a township reviewer's: their township). */
  monthlyDispatch: (q: { year: number; month: number; township?: string }, o?: Opts) =>
    http.get<MonthlyDispatch>('/reports/monthly', { ...o, query: q }),
  /** The monthly dispatch as a file (XLSX or PDF), saved by the browser. */
  downloadMonthlyDispatch: async (q: { year: number; month: number; township?: string; format: 'xlsx' | 'pdf' }) => {
    const token = getToken();
    const res = await fetch(`${API_BASE}/reports/monthly/export${buildQuery(q)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!res.ok) throw toApiError(res.status, await res.json().catch(() => ({})));
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `一月一调度-${q.year}-${String(q.month).padStart(2, '0')}.${q.format}`;
    a.click();
    URL.revokeObjectURL(url);
  },
  /** The reveal log (auditor). */
  reveals: (q: { caseId?: string; page?: number; pageSize?: number } = {}, o?: Opts) =>
    http.get<Paged<RevealLogEntry>>('/audit/reveals', { ...o, query: q }),
  act: (service: ServiceCode, id: string, body: ActionRequest) =>
    http.post<CaseDetail>(`/${service}/cases/${enc(id)}/actions`, body),
  declare: (service: ServiceCode, body: DeclareRequest) =>
    http.post<CaseDetail>(`/${service}/cases`, body),

  /** A page of the roster in the caller's jurisdiction, newest registration first; no text search. */
  listHouseholds: (q: { township?: string; village?: string; status?: string } & PageQuery, o?: Opts) =>
    http
      .get<Paged<HouseholdSummary>>('/households', { ...o, query: q })
      .then((r) => asPaged<HouseholdSummary>(r)),
  getHousehold: (id: string, o?: Opts) => http.get<Household>(`/households/${enc(id)}`, o),

  /** One page of active 公示, oldest first. */
  publicNotices: (q: { township?: string; village?: string; cursor?: string; limit?: number }, o?: Opts) =>
    http
      .get<Partial<CursorPage<PublicNotice>>>('/public/notices', { ...o, query: q, auth: false })
      .then((r) => asCursorPage<PublicNotice>(r)),
  fileObjection: (caseId: string, body: ObjectionRequest) =>
    http.post<void>(`/public/notices/${enc(caseId)}/objections`, body, { auth: false }),

  progress: (year: number, o?: Opts) =>
    http.get<ProgressStats>('/stats/progress', { ...o, query: { year } }),

  // ---- third-party evaluation ----
  engagements: (o?: Opts) => http.get<{ items: Engagement[] }>('/evaluation/engagements', o),
  engagement: (engagementId: string, o?: Opts) =>
    http.get<Engagement>(`/evaluation/engagements/${enc(engagementId)}`, o),
  /** The frozen sample; `seed` is null and `households` empty until it is drawn. */
  sample: (engagementId: string, o?: Opts) =>
    http.get<Sample>(`/evaluation/engagements/${enc(engagementId)}/sample`, o),
  /** County poverty office only; 409 EVALUATION.SAMPLE_FROZEN once drawn. */
  drawSample: (engagementId: string, seed?: string) =>
    http.post<Sample>(`/evaluation/engagements/${enc(engagementId)}/sample`, seed ? { seed } : {}),
  dossier: (engagementId: string, householdId: string, o?: Opts) =>
    http.get<Dossier>(
      `/evaluation/engagements/${enc(engagementId)}/households/${enc(householdId)}`,
      o,
    ),
  findings: (engagementId: string, o?: Opts) =>
    http.get<{ items: Finding[] }>(`/evaluation/engagements/${enc(engagementId)}/findings`, o),
  recordFinding: (engagementId: string, finding: FindingRequest) =>
    http.post<Finding>(`/evaluation/engagements/${enc(engagementId)}/findings`, finding),
  rates: (engagementId: string, o?: Opts) =>
    http.get<Rates>(`/evaluation/engagements/${enc(engagementId)}/rates`, o),

  // ---- audit (auditor) ----
  auditTrail: (caseId: string, o?: Opts) => http.get<AuditTrail>('/audit', { ...o, query: { caseId } }),
  verifyAudit: () => http.post<AuditVerifyResult>('/audit/verify', {}),
};
