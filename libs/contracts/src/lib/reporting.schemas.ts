import { z } from 'zod';
import { adminCodeSchema } from './validation';

/**
 * Reporting, audit verification, the roster's sampling frame and the household import: the
 * request/reply payloads the gateway exchanges with the services for issue 6.
 */

/** `case.<service>.stats`: counts of one service for a policy year (and, optionally, one month). */
export const caseStatsSchema = z
  .object({
    year: z.coerce.number().int().min(2014).max(2100),
    month: z.coerce.number().int().min(1).max(12).optional(),
  })
  .strict();
export type CaseStatsRequest = z.infer<typeof caseStatsSchema>;

/** What `case.<service>.stats` answers: everything is per township; amounts in fen. */
export interface CaseStats {
  service: string;
  year: number;
  /** Cases per township and stage. */
  byStage: Array<{ townshipCode: string; stage: string; count: number }>;
  /** Review cases past their level's time limit, per township. */
  overdue: Array<{ townshipCode: string; count: number }>;
  /** Closed (销号) cases and the amounts their acceptance recorded as paid, per township. */
  paid: Array<{ townshipCode: string; cases: number; amountFen: number }>;
  /** Cases closed in the requested month, per township (only when `month` is given). */
  closedInMonth: Array<{ townshipCode: string; count: number }>;
}

/** `case.<service>.verifyAudit`: re-computes every chain of the service's audit table. */
export const verifyAuditSchema = z.object({}).strict();

/** The first row that breaks a case's chain. */
export interface BrokenAuditRow {
  id: string;
  caseId: string;
  seq: number;
  reason: string;
}

export interface AuditVerification {
  service: string;
  schema: string;
  ok: boolean;
  cases: number;
  rows: number;
  /** Every case whose chain is broken, each at its first bad row (at most 100 listed). */
  broken: BrokenAuditRow[];
  /** The first broken row met, in (case, seq) order; null when every chain holds. */
  firstBroken: BrokenAuditRow | null;
}

/** Roster subjects for reporting and sampling (identification answers them). */
export const ROSTER_REPORTING_SUBJECTS = {
  /** Exited households of a year (id, township, size): the frame a sample is drawn from. */
  exitedFrame: 'roster.households.exitedFrame',
  /** Exited households and people per township for a year. */
  exitProgress: 'roster.households.exitProgress',
} as const;

export const exitedFrameSchema = z
  .object({
    year: z.int().min(2014).max(2100),
    townships: z.array(adminCodeSchema).max(50).optional(),
  })
  .strict();
export type ExitedFrameRequest = z.infer<typeof exitedFrameSchema>;

export interface ExitedFrameItem {
  id: string;
  townshipCode: string;
  size: number;
}

/** Household import: the gateway validates rows, identification stages and swaps them in at the end. */
export const ROSTER_IMPORT_SUBJECTS = {
  stage: 'roster.import.stage',
  check: 'roster.import.check',
  commit: 'roster.import.commit',
  abort: 'roster.import.abort',
} as const;

export const importedMemberSchema = z
  .object({
    name: z.string().min(1).max(50),
    idNumber: z.string().length(18),
    relation: z.string().min(1).max(10),
    /** The member's line in the file, for errors only the roster can find. */
    line: z.int().min(1).optional(),
  })
  .strict();

/** One household as validated by the gateway (codes resolved, labels mapped to codes). */
export const importedHouseholdSchema = z
  .object({
    line: z.int().min(1),
    registryNo: z.string().min(1).max(40),
    townshipCode: adminCodeSchema,
    villageCode: adminCodeSchema,
    attribute: z.string().max(30),
    povertyCause: z.string().max(30),
    perCapitaNetIncomeYuan: z.int().min(0),
    status: z.enum(['notExited', 'exited', 'returnedToPoverty']),
    year: z.int().min(2014).max(2100),
    exitYear: z.int().min(2014).max(2100).nullable(),
    housingGrade: z.enum(['A', 'B', 'C', 'D']).nullable(),
    members: z.array(importedMemberSchema).min(1).max(30),
  })
  .strict();
export type ImportedHousehold = z.infer<typeof importedHouseholdSchema>;

export const importStageSchema = z
  .object({
    importId: z.uuid(),
    batch: z.int().min(0),
    households: z.array(importedHouseholdSchema).max(5000),
  })
  .strict();

export const importIdSchema = z.object({ importId: z.uuid() }).strict();

/** A problem with one row (by its line in the file) and one field (the sheet's column). */
export interface ImportRowError {
  line: number;
  field: string;
  message: string;
}

/** `stage` answers how many it staged; `check` the rows only the roster can refuse. */
export interface ImportCheckResult {
  errors: ImportRowError[];
  errorCount: number;
}

/** What commit answers: imported counts, or the rows only the roster could refuse (duplicates). */
export type ImportCommitResult =
  | { ok: true; households: number; people: number }
  | { ok: false; errors: ImportRowError[]; errorCount: number };

/** `case.<service>.dispatch`: one service's figures for the monthly dispatch (一月一调度). */
export const caseDispatchSchema = z
  .object({
    year: z.coerce.number().int().min(2014).max(2100),
    month: z.coerce.number().int().min(1).max(12),
    township: adminCodeSchema.optional(),
  })
  .strict();
export type CaseDispatchRequest = z.infer<typeof caseDispatchSchema>;

/**
 * What `case.<service>.dispatch` answers, per township, for the cases of the year's policy version:
 * open cases by stage now, review cases past their level's time limit now, amounts committed
 * (approved, not yet struck off: 公示 and 验收) and paid (struck off), and what was struck off in
 * the month. Amounts in fen, from the service's own `amounts` of each case's data.
 */
export interface CaseDispatchFigures {
  service: string;
  year: number;
  month: number;
  townships: Array<{
    townshipCode: string;
    open: Record<string, number>;
    overdue: number;
    committedFen: number;
    paidFen: number;
    closedInMonth: number;
    paidInMonthFen: number;
  }>;
}

/** `reports.roster.dispatch`: identification's figures for the monthly dispatch. */
export const ROSTER_DISPATCH_SUBJECT = 'reports.roster.dispatch';
export const rosterDispatchSchema = caseDispatchSchema;

/** Per township: exits in the month (from the roster's status history) and 防返贫 flags. */
export interface RosterDispatchFigures {
  year: number;
  month: number;
  townships: Array<{
    townshipCode: string;
    exitedInMonth: { households: number; people: number };
    flagsRaised: number;
    flagsClosed: number;
    flagsOpen: number;
    tasksOverdue: number;
  }>;
}
