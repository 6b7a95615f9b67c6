import { z } from 'zod';
import { HOUSING_GRADES } from '@poverty/policy';
import { eventSubject } from './subjects';
import { rosterFactsSchema } from './exit.events';

/** What the county housing bureau recorded when it approved a renovation. */
export const housingSubsidySchema = z
  .object({ grade: z.enum(HOUSING_GRADES), amountFen: z.int().min(0), rule: z.string(), policyId: z.string() })
  .strict();

/**
 * 危房改造 declaration. The appraisal grade may come with the declaration or be recorded by the
 * county housing bureau when it approves (it has the last word); only C and D are renovated.
 */
export const housingDataSchema = z
  .object({
    householdId: z.uuid(),
    appraisalGrade: z.enum(HOUSING_GRADES).optional(),
    /** 鉴定报告编号 (appraisal report reference). */
    appraisalReport: z.string().trim().min(1).max(100).optional(),
    /** 改造方式: rebuild (拆除重建) or repair (修缮加固). */
    method: z.enum(['rebuild', 'repair']).optional(),
    /** `roster`: opened automatically for a household registered with a C/D house (发现一户解决一户). */
    origin: z.enum(['village', 'roster']).default('village'),
    household: rosterFactsSchema.optional(),
    subsidy: housingSubsidySchema.optional(),
  })
  .strict();
export type HousingData = z.infer<typeof housingDataSchema>;

/** Housing safety of a household as the housing service sees it (feeds the exit checklist). */
export const HOUSING_STATUS = eventSubject('housing', 'household.housingStatus');
export interface HousingStatusEvent {
  householdId: string;
  /** False while the household has a C/D house not yet renovated and accepted. */
  safe: boolean;
  grade: string | null;
  reason: 'registered' | 'renovationOpened' | 'renovated';
  caseId: string | null;
  at: string;
}
