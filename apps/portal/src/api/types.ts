/**
 * Types of the gateway's public HTTP contract (/api/v1), as the portal reads them.
 * Amounts are integers in fen; timestamps are ISO-8601 strings.
 */

export const SERVICE_CODES = [
  'identification',
  'housing',
  'medical',
  'education',
  'exit-verification',
] as const;
export type ServiceCode = (typeof SERVICE_CODES)[number];

export const STAGE_CODES = [
  'application',
  'review',
  'publicNotice',
  'acceptance',
  'closed',
  'rejected',
  'withdrawn',
] as const;
export type StageCode = (typeof STAGE_CODES)[number];

export type LevelCode = 'village' | 'township' | 'county';

export type RoleCode =
  | 'village_officer'
  | 'township_reviewer'
  | 'county_officer'
  | 'evaluator'
  | 'auditor'
  | 'admin';

export type DepartmentCode =
  | 'poverty_office'
  | 'housing_bureau'
  | 'medical_security'
  | 'education_bureau'
  | 'civil_affairs'
  | 'finance';

/**
 * The signed-in user. The gateway sends `userId`/`townshipCode`/`villageCode`; the portal
 * normalises to this shape on receipt (see `normalizeUser`) so either spelling works.
 */
export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: RoleCode[];
  /** 12-digit township code of a township reviewer or village officer. */
  township?: string;
  /** 12-digit village code of a village officer. */
  village?: string;
  department?: DepartmentCode | string;
}

export interface LoginResponse {
  accessToken: string;
  expiresIn: number;
  /** Single use; exchanged at /auth/refresh for new tokens when the access token expires. */
  refreshToken?: string;
  user: User;
}

/** Error body every gateway error answers with. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  field?: string;
}

/**
 * One page of a keyset (cursor) list: `GET /{service}/cases`, `GET /households`. Newest first.
 * `nextCursor` is passed back as `cursor` for the next page and is null on the last one. `total`
 * is exact up to 10,000; when `totalCapped` is true there are more than `total`.
 */
export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
  totalCapped: boolean;
  pageSize: number;
}

/** A page of a list read from the start with “加载更多”: `GET /inbox`, `GET /public/notices`. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

// ---------- cases ----------

export interface Amount {
  code: string;
  label: string;
  amountFen: number;
  rule: string;
}

export type ObjectionStatus = 'open' | 'upheld' | 'dismissed' | string;

export interface Objection {
  id: string;
  reason: string;
  filedAt: string;
  status: ObjectionStatus;
}

export interface AcceptanceRecord {
  evidence: string;
  recordedBy: string;
  at: string;
}

export interface Acceptance {
  checks: Record<string, AcceptanceRecord>;
  /** Each check the policy requires; the gateway sends `{check, label}`. */
  required: (string | { check: string; label: string })[];
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actorId?: string;
  actorName: string | null;
  role: RoleCode | string;
  level?: LevelCode | string | null;
  action: ActionName | string;
  comment?: string | null;
  fromState?: string | null;
  toState: string;
}

export type ActionName =
  | 'submit'
  | 'edit'
  | 'withdraw'
  | 'approve'
  | 'return'
  | 'reject'
  | 'resolveObjection'
  | 'recordAcceptance'
  | 'accept'
  | 'rectify';

export type ActionNeed =
  | 'comment'
  | 'reason'
  | 'returnTo'
  | 'objectionOutcome'
  | 'acceptanceCheck'
  | 'data';

export interface AllowedAction {
  action: ActionName | string;
  label?: string;
  needs: ActionNeed[];
}

export interface CaseSummary {
  id: string;
  service: ServiceCode;
  title: string;
  householdId?: string;
  townshipCode?: string;
  townshipName?: string;
  villageCode?: string;
  villageName?: string;
  stage: StageCode;
  state: string;
  currentLevel?: LevelCode | null;
  version?: number;
  waitingSince?: string;
  createdAt?: string;
  updatedAt?: string;
}

export type PersonalDataKind = 'idNumbers' | 'income' | 'health' | 'phone' | 'bank';

/** A personal field masked in a case's data, by its path (`members.0.idNumber`). */
export interface MaskedField {
  path: string;
  kind: PersonalDataKind;
}

/** `POST /{service}/cases/:id/reveal`: one field's value, after the reveal was logged. */
export interface RevealedField {
  caseId: string;
  field: string;
  kind: PersonalDataKind;
  value: unknown;
  revealId: string;
  revealedAt: string;
}

/** One logged reveal, as the auditor reads it (never the value). */
export interface RevealLogEntry {
  id: string;
  at: string;
  actorId: string;
  actorName: string | null;
  role: string;
  service: string;
  caseId: string;
  householdId: string | null;
  field: string;
  kind: PersonalDataKind;
  reason: string;
}

export interface CaseDetail {
  id: string;
  service: ServiceCode;
  householdId?: string | null;
  title: string;
  townshipCode: string;
  townshipName: string;
  villageCode: string;
  villageName: string;
  stage: StageCode;
  state: string;
  currentLevel?: LevelCode | null;
  version: number;
  /** Personal fields come masked (`2105**********1234`, `***`); `personalFields` lists them. */
  data: Record<string, unknown>;
  personalFields?: MaskedField[];
  amounts: Amount[];
  noticeStartsAt?: string | null;
  noticeEndsAt?: string | null;
  dueAt?: string | null;
  objections: Objection[];
  acceptance?: Acceptance | null;
  history: HistoryEntry[];
  allowedActions: AllowedAction[];
  declaredBy: string;
  createdAt: string;
  updatedAt: string;
  policyId: string;
}

export type ReturnTo = 'applicant' | 'previous';
export type ObjectionOutcome = 'upheld' | 'dismissed';

export interface ActionRequest {
  action: string;
  expectedVersion: number;
  comment?: string;
  data?: Record<string, unknown>;
}

// ---------- declare data, one shape per service (libs/contracts *.schemas.ts) ----------

export type Relation = '户主' | '配偶' | '子女' | '父母' | '孙子女' | '兄弟姐妹' | '其他';
export type HouseholdAttribute = 'general' | 'minimumLiving' | 'destitute';
export type HousingGrade = 'A' | 'B' | 'C' | 'D';
export type PovertyCause =
  | 'illness'
  | 'disability'
  | 'schooling'
  | 'disaster'
  | 'lackOfLand'
  | 'lackOfWater'
  | 'lackOfSkills'
  | 'lackOfLabour'
  | 'lackOfFunds'
  | 'poorTransport'
  | 'lackOfMotivation'
  | 'marriage'
  | 'other';
export type EducationStage =
  | 'seniorHigh'
  | 'vocational'
  | 'university'
  | 'juniorCollege'
  | 'boardingJuniorHigh'
  | 'boardingPrimary'
  | 'preschool'
  | 'nonBoarding';

export interface Person {
  name: string;
  idNumber: string;
}

export interface IdentificationData {
  householdHead: Person;
  members: (Person & { relation: Relation })[];
  perCapitaNetIncomeYuan: number;
  povertyCause: PovertyCause;
  attribute: HouseholdAttribute;
  assessment: {
    food: boolean;
    clothing: boolean;
    medical: boolean;
    education: boolean;
    housing: boolean;
  };
  phone?: string;
  housingGrade?: HousingGrade;
  year?: number;
}

export interface HousingData {
  householdId: string;
  appraisalGrade?: HousingGrade;
  appraisalReport?: string;
  method?: 'rebuild' | 'repair';
}

/** 医疗救助: one person's compliant self-paid costs after one-stop settlement, in fen. */
export interface MedicalReliefData {
  kind: 'relief';
  householdId: string;
  patient: Person;
  settledOn: string;
  selfPaidFen: number;
  rateBp?: number;
  hospital?: string;
  diagnosis?: string;
}

export interface EducationData {
  householdId: string;
  student: Person;
  stage: EducationStage;
  schoolYear: string;
  school: string;
}

export interface ExitVerificationData {
  householdId: string;
  year: number;
  survey: {
    perCapitaNetIncomeYuan: number;
    incomeStable: boolean;
    noWorryFood: boolean;
    noWorryClothing: boolean;
    safeDrinkingWater: boolean;
    noChildOutOfSchool?: boolean;
    surveyedOn: string;
    surveyedBy: string;
  };
}

export interface DeclareRequest {
  householdId?: string;
  townshipCode: string;
  villageCode: string;
  data:
    | IdentificationData
    | HousingData
    | MedicalReliefData
    | EducationData
    | ExitVerificationData;
}

// ---------- inbox ----------

export interface InboxItem {
  service: ServiceCode;
  caseId: string;
  title: string;
  townshipCode?: string;
  townshipName: string;
  villageName: string;
  stage: StageCode;
  state: string;
  level?: LevelCode | null;
  waitingSince: string;
  overdue: boolean;
  dueAt?: string | null;
}

/** `GET /inbox`: one page, oldest first; `unavailable` names services that did not answer. */
export interface InboxPage extends CursorPage<InboxItem> {
  unavailable: ServiceCode[];
}

// ---------- households ----------

export type HouseholdStatus = 'notExited' | 'exited' | 'returnedToPoverty';

export interface HouseholdSummary {
  id: string;
  /** The identification case that registered the household. */
  caseId?: string;
  headName: string;
  townshipCode: string;
  villageCode: string;
  townshipName?: string;
  villageName?: string;
  size: number;
  attribute: HouseholdAttribute | string;
  povertyCause: PovertyCause | string;
  housingGrade?: HousingGrade | null;
  status: HouseholdStatus | string;
  year?: number;
  registeredAt?: string;
}

export interface HouseholdMember {
  name: string;
  idNumberMasked: string;
  relation: string;
}

/** A case of the household; the gateway sends the case summary (`id`), older drafts `caseId`. */
export interface HouseholdCase {
  service: ServiceCode;
  id?: string;
  caseId?: string;
  stage: StageCode;
  state: string;
  title: string;
  updatedAt: string;
}

export interface HouseholdTimelineEntry {
  service: ServiceCode;
  caseId: string;
  at: string;
  action: string;
  actorName: string | null;
  role?: string;
  comment?: string | null;
  toState: string;
}

/** A 防返贫 risk flag with the follow-up task (帮扶措施) it gave the village. */
export interface RiskFlag {
  id: string;
  householdId: string;
  headName: string | null;
  townshipCode: string;
  villageCode: string;
  rule: string;
  label: string;
  reason: string;
  figures: Record<string, unknown>;
  sourceService: ServiceCode;
  sourceCaseId: string | null;
  status: 'open' | 'closed';
  raisedAt: string;
  closedAt: string | null;
  task: {
    id: string;
    status: 'open' | 'closed';
    dueAt: string;
    overdue: boolean;
    measureKind: string | null;
    measure: string | null;
    closedBy: string | null;
    closedByName: string | null;
    closedAt: string | null;
  };
}

export interface Household extends HouseholdSummary {
  members: HouseholdMember[];
  cases: HouseholdCase[];
  riskFlags?: RiskFlag[];
  /** Optional: when absent the portal builds it from each case's history. */
  timeline?: HouseholdTimelineEntry[];
}

// ---------- public notice board ----------

export interface PublicNotice {
  caseId: string;
  service: ServiceCode;
  title: string;
  name: string;
  townshipCode?: string;
  townshipName: string;
  villageCode?: string;
  villageName: string;
  /** An objection holds the notice until it is resolved. */
  onHold?: boolean;
  householdSize: number;
  category: string;
  amounts: { label: string; amountFen: number }[];
  noticeStartsAt: string | null;
  noticeEndsAt: string | null;
  /** When the notice last changed (put on hold, resumed); the board's order, oldest first. */
  noticeUpdatedAt?: string;
}

export interface ObjectionRequest {
  reason: string;
  contact?: string;
}

// ---------- stats ----------

export interface ProgressStats {
  year: number;
  rows: {
    townshipCode: string;
    townshipName: string;
    service: ServiceCode;
    stage: StageCode;
    count: number;
  }[];
  overdue: { townshipCode: string; service: ServiceCode; count: number }[];
  paid: { service: ServiceCode; amountFen: number }[];
  exitTarget: {
    households: number;
    people: number;
    exitedHouseholds: number;
    exitedPeople: number;
    byTownship: {
      townshipCode: string;
      townshipName: string;
      households: number;
      people: number;
    }[];
  };
}

// ---------- third-party evaluation (gateway apps/gateway/src/app/evaluation) ----------

/** What an engagement lets its evaluators see unmasked; everything else personal comes masked. */
export interface Disclosure {
  idNumbers: boolean;
  income: boolean;
  health: boolean;
  phone: boolean;
  bank: boolean;
}

/** `GET /evaluation/engagements` (`{items}`) and `GET /evaluation/engagements/:id`. */
export interface Engagement {
  id: string;
  name: string;
  organisation: string;
  evaluators: { id: string; username: string }[];
  startsAt: string;
  endsAt: string;
  /** 12-digit township codes evaluated. */
  townshipCodes: string[];
  /** The exit year evaluated. */
  year: number;
  /** Share of each township's exited households sampled, in basis points. */
  sampleRateBp: number;
  disclosure: Disclosure;
  /** Set when the sample is drawn; the sample is frozen from then on. */
  seed: string | null;
  sampledAt: string | null;
  createdBy: string;
  createdAt: string;
  /** Inside the window now; an evaluator gets 403 EVALUATION.OUTSIDE_WINDOW otherwise. */
  open: boolean;
}

export interface SampleHousehold {
  householdId: string;
  townshipCode: string;
  /** Order of drawing within the township. */
  position: number;
}

/** `GET|POST /evaluation/engagements/:id/sample` (POST adds `frameSize`). */
export interface Sample {
  engagementId: string;
  seed: string | null;
  sampledAt: string | null;
  rateBp: number;
  strata: { townshipCode: string; townshipName: string; count: number }[];
  households: SampleHousehold[];
  /** Exited households the sample was drawn from (only in the answer to the draw). */
  frameSize?: number;
}

export type ExitVerdict = 'correct' | 'wronglyExited';
export type FindingKind = 'sampled' | 'nonRegistered';

/** `POST /evaluation/engagements/:id/findings`; recording again for the same subject replaces it. */
export type FindingRequest =
  | {
      kind: 'sampled';
      householdId: string;
      exitVerdict: ExitVerdict;
      /** `null` when the household was not asked. */
      satisfied: boolean | null;
      notes?: string;
    }
  | {
      kind: 'nonRegistered';
      /** The evaluator's own label of the surveyed household (village and a number, not a name). */
      label: string;
      missed: boolean;
      satisfied: boolean | null;
      notes?: string;
    };

/** A recorded finding, as `POST …/findings` answers and `GET …/findings` lists (`{items}`). */
export interface Finding {
  id: string;
  kind: FindingKind;
  householdId: string | null;
  label: string | null;
  exitVerdict: ExitVerdict | null;
  missed: boolean | null;
  satisfied: boolean | null;
  notes: string | null;
  recordedBy: string;
  recordedAt: string;
}

/** `GET /evaluation/engagements/:id/households/:householdId`: the masked verification record. */
export interface Dossier {
  engagementId: string;
  household: HouseholdSummary & { members?: HouseholdMember[] };
  /** The household's exit-verification cases (data with `checklist`, `unmet`, full history). */
  exitCases: CaseDetail[];
  /** Every case of the household across the services, oldest first (exit cases included). */
  cases: CaseDetail[];
  /** Services that did not answer; their cases are missing. */
  unavailable: ServiceCode[];
  disclosure: Disclosure;
  readAt: string;
}

export interface EvaluationCounts {
  sampledExited: number;
  wronglyExited: number;
  surveyedNonRegistered: number;
  missedFound: number;
  surveyed: number;
  satisfied: number;
}

/** One rate against its threshold; `rateBp`/`pass` are null when the denominator is zero. */
export type EvaluatedRate =
  | { rateBp: number; thresholdBp: number; pass: boolean }
  | { rateBp: null; thresholdBp: number; pass: null; reason: string; message: string };

/** `GET /evaluation/engagements/:id/rates`: 三率一度 against the engagement year's policy. */
export interface Rates {
  engagementId: string;
  year: number;
  sampleSize: number;
  /** Sampled households without a finding yet. */
  pending: number;
  counts: EvaluationCounts;
  /** 错退率: passes at or below the threshold. */
  wrongExitRate: EvaluatedRate;
  /** 漏评率: passes at or below the threshold. */
  missedRate: EvaluatedRate;
  /** 群众认可度: passes at or above the threshold. */
  satisfaction: EvaluatedRate;
  /** null while any rate cannot be computed. */
  allPass: boolean | null;
  policyId: string;
}

// ---------- audit (gateway apps/gateway/src/app/audit) ----------

export interface AuditRow {
  id: string;
  caseId: string;
  seq: number;
  at: string;
  actorId: string;
  actorName?: string | null;
  role: string;
  level: string | null;
  action: string;
  comment: string | null;
  fromState: string | null;
  toState: string;
  prevHash: string;
  hash: string;
}

export interface BrokenAuditRow {
  id: string;
  caseId: string;
  seq: number;
  reason: string;
}

export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: BrokenAuditRow };

/** `GET /audit?caseId=`. */
export interface AuditTrail {
  caseId: string;
  service: ServiceCode;
  items: AuditRow[];
  chain: ChainVerdict;
}

export interface AuditVerification {
  service: string;
  schema: string;
  ok: boolean;
  cases: number;
  rows: number;
  broken: BrokenAuditRow[];
  firstBroken: BrokenAuditRow | null;
}

/** `POST /audit/verify`. */
export interface AuditVerifyResult {
  ok: boolean;
  verifiedAt: string;
  firstBroken: (BrokenAuditRow & { service: string | null }) | null;
  services: AuditVerification[];
  unavailable: string[];
}

// ---------- 一月一调度 (GET /reports/monthly) ----------

export type OpenStage = 'application' | 'review' | 'publicNotice' | 'acceptance';

export interface ServiceDispatch {
  open: Record<OpenStage, number>;
  overdue: number;
  committedFen: number;
  paidFen: number;
  closedInMonth: number;
  paidInMonthFen: number;
}

export interface TownshipDispatch {
  townshipCode: string;
  townshipName: string;
  exits: { yearHouseholds: number; yearPeople: number; monthHouseholds: number; monthPeople: number };
  services: Record<ServiceCode, ServiceDispatch>;
  openCases: number;
  overdue: { cases: number; tasks: number };
  flags: { raised: number; closed: number; open: number };
  money: { committedFen: number; paidFen: number; paidInMonthFen: number };
}

export interface MonthlyDispatch {
  year: number;
  month: number;
  exitTarget: { households: number; people: number };
  townships: TownshipDispatch[];
  totals: Omit<TownshipDispatch, 'townshipCode' | 'townshipName'>;
  unavailable: string[];
  generatedAt: string;
}
