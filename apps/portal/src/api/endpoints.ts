import { http } from './client';
import type {
  ActionRequest,
  CaseDetail,
  CaseSummary,
  DeclareRequest,
  Dossier,
  Engagement,
  Finding,
  Household,
  HouseholdSummary,
  InboxItem,
  LoginResponse,
  ObjectionRequest,
  Paged,
  ProgressStats,
  PublicNotice,
  Rates,
  SampleItem,
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

/** Lists may come back bare or wrapped in `{items}`; the portal wants `{items}`. */
function asPaged<T>(value: Paged<T> | T[] | { items: T[] }): Paged<T> {
  if (Array.isArray(value)) return { items: value, total: value.length, page: 1, pageSize: value.length };
  const v = value as Partial<Paged<T>>;
  const items = v.items ?? [];
  return { items, total: v.total ?? items.length, page: v.page ?? 1, pageSize: v.pageSize ?? items.length };
}

export const api = {
  login: (username: string, password: string) =>
    http
      .post<LoginResponse>('/auth/login', { username, password }, { auth: false })
      .then((r) => ({ ...r, user: normalizeUser(r.user) })),
  me: (o?: Opts) => http.get<unknown>('/me', o).then(normalizeUser),

  /** `unavailable` names services that did not answer; their items are missing. */
  inbox: (o?: Opts) => http.get<{ items: InboxItem[]; unavailable?: ServiceCode[] }>('/inbox', o),

  listCases: (
    service: ServiceCode,
    q: { stage?: string; township?: string; village?: string; page?: number; pageSize?: number },
    o?: Opts,
  ) =>
    http
      .get<Paged<CaseSummary>>(`/${service}/cases`, { ...o, query: q })
      .then((r) => asPaged<CaseSummary>(r)),
  getCase: (service: ServiceCode, id: string, o?: Opts) =>
    http.get<CaseDetail>(`/${service}/cases/${enc(id)}`, o),
  act: (service: ServiceCode, id: string, body: ActionRequest) =>
    http.post<CaseDetail>(`/${service}/cases/${enc(id)}/actions`, body),
  declare: (service: ServiceCode, body: DeclareRequest) =>
    http.post<CaseDetail>(`/${service}/cases`, body),

  /** The roster in the caller's jurisdiction; the gateway has no text search, callers filter. */
  listHouseholds: (
    q: { township?: string; village?: string; status?: string; page?: number; pageSize?: number },
    o?: Opts,
  ) =>
    http
      .get<Paged<HouseholdSummary>>('/households', { ...o, query: q })
      .then((r) => asPaged<HouseholdSummary>(r)),
  getHousehold: (id: string, o?: Opts) => http.get<Household>(`/households/${enc(id)}`, o),

  publicNotices: (q: { township?: string; village?: string }, o?: Opts) =>
    http.get<{ items: PublicNotice[] }>('/public/notices', { ...o, query: q, auth: false }),
  fileObjection: (caseId: string, body: ObjectionRequest) =>
    http.post<void>(`/public/notices/${enc(caseId)}/objections`, body, { auth: false }),

  progress: (year: number, o?: Opts) =>
    http.get<ProgressStats>('/stats/progress', { ...o, query: { year } }),

  engagements: (o?: Opts) => http.get<{ items: Engagement[] }>('/evaluation/engagements', o),
  sample: (engagementId: string, o?: Opts) =>
    http.get<{ items: SampleItem[] }>(`/evaluation/engagements/${enc(engagementId)}/sample`, o),
  dossier: (engagementId: string, householdId: string, o?: Opts) =>
    http.get<Dossier>(
      `/evaluation/engagements/${enc(engagementId)}/households/${enc(householdId)}`,
      o,
    ),
  recordFinding: (engagementId: string, finding: Finding) =>
    http.post<unknown>(`/evaluation/engagements/${enc(engagementId)}/findings`, finding),
  rates: (engagementId: string, o?: Opts) =>
    http.get<Rates>(`/evaluation/engagements/${enc(engagementId)}/rates`, o),
};
