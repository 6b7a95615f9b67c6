import type { CaseRow, StoredAuditRow } from '@poverty/persistence';
import { findTownship, findVillage, getPolicyById } from '@poverty/policy';
import type { AllowedAction, CaseContext } from '@poverty/workflow';
import type { CaseAmount, CaseServiceDefinition } from './case-service.definition';

export interface CaseSummary {
  id: string;
  service: string;
  householdId: string | null;
  title: string;
  townshipCode: string;
  townshipName: string;
  villageCode: string;
  villageName: string;
  stage: string;
  state: string;
  currentLevel: string | null;
  version: number;
  waitingSince: string;
  createdAt: string;
  updatedAt: string;
}

export interface CaseView extends CaseSummary {
  data: Record<string, unknown>;
  amounts: CaseAmount[];
  noticeStartsAt: string | null;
  noticeEndsAt: string | null;
  objections: CaseContext['objections'];
  acceptance: { checks: CaseContext['acceptance']; required: Array<{ check: string; label: string }> };
  history: Array<Omit<StoredAuditRow, 'prevHash' | 'hash' | 'caseId'> & { actorName: string | null }>;
  allowedActions: AllowedAction[];
  declaredBy: string;
  policyId: string;
  /** The county policy version the case was declared under, and the document it comes from. */
  policy: { id: string; year: number; title: string; sourceDocument: string };
  /** The approval-machine version the case runs. */
  machine: { id: string; version: number };
  dueAt: string | null;
}

export function buildSummary(row: CaseRow): CaseSummary {
  return {
    id: row.id,
    service: row.service,
    householdId: row.householdId,
    title: row.title,
    townshipCode: row.townshipCode,
    townshipName: findTownship(row.townshipCode)?.name ?? row.townshipCode,
    villageCode: row.villageCode,
    villageName: findVillage(row.villageCode)?.village.name ?? row.villageCode,
    stage: row.stage,
    state: row.state,
    currentLevel: row.level,
    version: row.version,
    waitingSince: row.waitingSince.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The case as an official with jurisdiction sees it. */
export function buildCaseView(input: {
  row: CaseRow;
  context: CaseContext;
  definition: CaseServiceDefinition<any>;
  history: Array<StoredAuditRow & { actorName: string | null }>;
  allowedActions: AllowedAction[];
  dueAt: Date | null;
}): CaseView {
  const { row, context, definition } = input;
  return {
    ...buildSummary(row),
    data: context.data,
    amounts: definition.amounts?.(context.data) ?? [],
    noticeStartsAt: context.notice.startedAt ?? null,
    noticeEndsAt: context.notice.endsAt ?? null,
    objections: context.objections,
    acceptance: {
      checks: context.acceptance,
      required: Object.entries(definition.policy.acceptanceChecks).map(([check, label]) => ({ check, label })),
    },
    history: input.history.map(({ prevHash: _p, hash: _h, caseId: _c, ...entry }) => entry),
    allowedActions: input.allowedActions,
    declaredBy: row.declaredBy,
    policyId: row.policyId,
    policy: policyOf(row.policyId),
    machine: { id: row.machineId, version: row.machineVersion },
    dueAt: input.dueAt?.toISOString() ?? null,
  };
}

function policyOf(id: string): CaseView['policy'] {
  const policy = getPolicyById(id);
  return { id: policy.id, year: policy.year, title: policy.sourceTitle, sourceDocument: policy.source };
}
