import { z } from 'zod';
import { eventSubject } from './subjects';

/**
 * Roster lifecycle beyond registration, and the roster facts every service keeps with a case.
 * Identification owns the roster; exit verification is what moves a household out of poverty.
 */

/** Roster status codes: 未脱贫, 已脱贫, 返贫. */
export const ROSTER_STATUS_VALUES = ['notExited', 'exited', 'returnedToPoverty'] as const;
export type RosterStatusValue = (typeof ROSTER_STATUS_VALUES)[number];

/** Published by identification whenever a roster household's status changes (history is kept). */
export const HOUSEHOLD_STATUS_CHANGED = eventSubject('identification', 'household.statusChanged');
export interface HouseholdStatusChangedEvent {
  householdId: string;
  from: RosterStatusValue;
  to: RosterStatusValue;
  /** What caused it: the exit case struck off, or a 返贫 re-identification. */
  cause: 'exit' | 'returnToPoverty';
  caseId: string;
  at: string;
}

/** Published by exit verification when an exit case is struck off (销号): the household has left poverty. */
export const HOUSEHOLD_EXITED = eventSubject('exit-verification', 'household.exited');
export interface HouseholdExitedEvent {
  householdId: string;
  caseId: string;
  year: number;
  exitedAt: string;
  /** The exit survey's per-capita income (personal data), for 防返贫 monitoring; absent in older events. */
  perCapitaNetIncomeYuan?: number;
}

/** An ISO calendar date, YYYY-MM-DD. */
export const isoDateSchema = z.iso.date();

/** What a service copied from its roster read model when the case was declared (not editable). */
export const rosterFactsSchema = z
  .object({
    headName: z.string().max(50),
    size: z.int().min(1).max(50),
    status: z.enum(ROSTER_STATUS_VALUES),
  })
  .strict();
export type RosterFacts = z.infer<typeof rosterFactsSchema>;
