import { z } from 'zod';
import { EXIT_CHECKLIST_ITEMS } from '@poverty/policy';
import { nameSchema, yuanSchema } from './validation';
import { isoDateSchema, rosterFactsSchema } from './exit.events';

const checklistEntrySchema = z.object({ met: z.boolean(), source: z.string(), at: z.string() }).strict();

/**
 * 脱贫退出 declaration: the village's household survey. Safe housing, basic medical and compulsory
 * education come from the housing, medical and education services' events, not from the village.
 */
export const exitDataSchema = z
  .object({
    householdId: z.uuid(),
    year: z.int().min(2014).max(2030),
    survey: z
      .object({
        /** Personal data: never public, never logged. */
        perCapitaNetIncomeYuan: yuanSchema,
        incomeStable: z.boolean(),
        noWorryFood: z.boolean(),
        noWorryClothing: z.boolean(),
        safeDrinkingWater: z.boolean(),
        /** For a household without students aided by the education service: no child out of school for poverty. */
        noChildOutOfSchool: z.boolean().optional(),
        surveyedOn: isoDateSchema,
        surveyedBy: nameSchema,
      })
      .strict(),
    household: rosterFactsSchema.optional(),
    /** The checklist as the service assembled it at the last transition (recorded, not declared). */
    checklist: z.partialRecord(z.enum(EXIT_CHECKLIST_ITEMS), checklistEntrySchema).optional(),
    unmet: z.array(z.object({ item: z.string(), label: z.string(), reason: z.string() }).strict()).optional(),
  })
  .strict();
export type ExitData = z.infer<typeof exitDataSchema>;
