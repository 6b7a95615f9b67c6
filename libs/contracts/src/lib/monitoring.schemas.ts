import { z } from 'zod';
import type { PersonalField } from '@poverty/policy';
import { adminCodeSchema } from './validation';
import { eventSubject } from './subjects';

/**
 * 防返贫监测: the events monitoring reads besides those the exit checklist already uses (housing
 * status, education awards, household exited), and the request/reply payloads of the flags and
 * their follow-up tasks (帮扶措施), answered by identification, which owns the roster.
 */

/** A person's compliant self-paid medical costs for a year, as the county approved a relief. */
export const MEDICAL_COSTS = eventSubject('medical', 'household.medicalCosts');
export interface MedicalCostsEvent {
  householdId: string;
  caseId: string;
  year: number;
  /** The person's self-paid costs this year across every approved claim, in fen (personal data). */
  selfPaidFenThisYear: number;
  at: string;
}

export const MONITORING_SUBJECTS = {
  flags: 'monitoring.flags.list',
  closeTask: 'monitoring.tasks.close',
} as const;

export const FLAG_STATUSES = ['open', 'closed'] as const;

export const listFlagsSchema = z
  .object({
    township: adminCodeSchema.optional(),
    village: adminCodeSchema.optional(),
    householdId: z.uuid().optional(),
    status: z.enum(FLAG_STATUSES).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListFlagsRequest = z.infer<typeof listFlagsSchema>;

/** 帮扶措施 kinds a village records when it closes a follow-up task. */
export const MEASURE_KINDS = ['medicalAssistance', 'housingRenovation', 'educationAid', 'employment', 'industry', 'subsistence', 'other'] as const;
export const MEASURE_KIND_LABELS: Record<(typeof MEASURE_KINDS)[number], string> = {
  medicalAssistance: '医疗救助/大病保障',
  housingRenovation: '危房改造',
  educationAid: '教育资助',
  employment: '就业帮扶',
  industry: '产业帮扶',
  subsistence: '纳入低保/临时救助',
  other: '其他措施',
};

/** `POST /monitoring/tasks/:id/close`: a task is closed only with the measure taken. */
export const closeTaskSchema = z
  .object({
    measureKind: z.enum(MEASURE_KINDS),
    measure: z.string().trim().min(4, 'must say what was done (at least 4 characters)').max(1000),
  })
  .strict();
export const closeTaskRequestSchema = closeTaskSchema.extend({ taskId: z.uuid() }).strict();

/** The personal figures a flag carries: masked like a case's personal fields. */
export const FLAG_PERSONAL_FIELDS: readonly PersonalField[] = [
  { path: 'figures.selfPaidFenThisYear', kind: 'health' },
  { path: 'figures.perCapitaNetIncomeYuan', kind: 'income' },
];

export interface FollowUpTaskView {
  id: string;
  status: 'open' | 'closed';
  dueAt: string;
  overdue: boolean;
  measureKind: string | null;
  measure: string | null;
  closedBy: string | null;
  closedByName: string | null;
  closedAt: string | null;
}

export interface RiskFlagView {
  id: string;
  householdId: string;
  headName: string | null;
  townshipCode: string;
  villageCode: string;
  rule: string;
  label: string;
  reason: string;
  /** The rule's figures; the household's own (costs, income) masked. */
  figures: Record<string, unknown>;
  sourceService: string;
  sourceCaseId: string | null;
  status: 'open' | 'closed';
  raisedAt: string;
  closedAt: string | null;
  task: FollowUpTaskView;
}
