import type { CaseRow, StoredAuditRow } from '@poverty/persistence';
import { findTownship, findVillage, getPolicyById, maskIdNumbersInText, maskPersonalData, type MaskedField, type PersonalDataKind } from '@poverty/policy';
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
  /** The case data with its personal fields masked (see `personalFields`). */
  data: Record<string, unknown>;
  /** The personal fields masked in `data`: what an official in the case's area may reveal. */
  personalFields: MaskedField[];
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

const maskText = (text: string | null | undefined) => (typeof text === 'string' ? maskIdNumbersInText(text) : text);

/**
 * The case as an official with jurisdiction sees it, with its personal data masked for every role:
 * the service's personal fields in `data` (except the kinds in `disclosed`, which only the gateway's
 * evaluation reads ask for, as their engagement allows) and ID numbers in free text (comments,
 * objections, acceptance evidence). Amounts are computed from the unmasked data.
 */
export function buildCaseView(input: {
  row: CaseRow;
  context: CaseContext;
  definition: CaseServiceDefinition<any>;
  history: Array<StoredAuditRow & { actorName: string | null }>;
  allowedActions: AllowedAction[];
  dueAt: Date | null;
  disclosed?: readonly PersonalDataKind[];
}): CaseView {
  const { row, context, definition } = input;
  const masked = maskPersonalData(context.data, definition.personalFields ?? [], input.disclosed);
  return {
    ...buildSummary(row),
    data: masked.data,
    personalFields: masked.masked,
    amounts: definition.amounts?.(context.data) ?? [],
    noticeStartsAt: context.notice.startedAt ?? null,
    noticeEndsAt: context.notice.endsAt ?? null,
    objections: context.objections.map((o) => ({ ...o, reason: maskIdNumbersInText(o.reason) })),
    acceptance: {
      checks: Object.fromEntries(Object.entries(context.acceptance).map(([check, r]) => [check, { ...r, evidence: maskIdNumbersInText(r.evidence) }])),
      required: Object.entries(definition.policy.acceptanceChecks).map(([check, label]) => ({ check, label })),
    },
    history: input.history.map(({ prevHash: _p, hash: _h, caseId: _c, ...entry }) => ({ ...entry, comment: maskText(entry.comment) ?? null })),
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
