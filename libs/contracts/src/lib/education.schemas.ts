import { z } from 'zod';
import { EDUCATION_STAGES } from '@poverty/policy';
import { idNumberSchema, nameSchema } from './validation';
import { eventSubject } from './subjects';
import { rosterFactsSchema } from './exit.events';

/** 教育救助 / 雨露计划: one award per student, stage and school year. */
export const educationDataSchema = z
  .object({
    householdId: z.uuid(),
    student: z.object({ name: nameSchema, idNumber: idNumberSchema }).strict(),
    stage: z.enum(EDUCATION_STAGES),
    /** 学年, e.g. `2019-2020` (1 September to 31 August). */
    schoolYear: z.string().regex(/^\d{4}-\d{4}$/, 'must look like 2019-2020'),
    school: z.string().trim().min(1).max(100),
    household: rosterFactsSchema.optional(),
  })
  .strict();
export type EducationData = z.infer<typeof educationDataSchema>;

/** An education award paid to a student of the household (feeds the exit checklist). */
export const EDUCATION_AIDED = eventSubject('education', 'household.educationAided');
export interface EducationAidedEvent {
  householdId: string;
  caseId: string;
  stage: string;
  schoolYear: string;
  amountFen: number;
  at: string;
}
