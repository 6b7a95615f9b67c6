import { z } from 'zod';
import { HOUSEHOLD_ATTRIBUTES, POVERTY_CAUSES } from '@poverty/policy';
import { idNumberSchema, nameSchema, yuanSchema } from './validation';

export const RELATION_VALUES = ['户主', '配偶', '子女', '父母', '孙子女', '兄弟姐妹', '其他'] as const;

export const memberSchema = z
  .object({ name: nameSchema, idNumber: idNumberSchema, relation: z.enum(RELATION_VALUES) })
  .strict();

/** 精准识别 declaration: the household as the village found it. */
export const identificationDataSchema = z
  .object({
    householdHead: z.object({ name: nameSchema, idNumber: idNumberSchema }).strict(),
    members: z.array(memberSchema).max(20).default([]),
    perCapitaNetIncomeYuan: yuanSchema,
    povertyCause: z.enum(POVERTY_CAUSES),
    attribute: z.enum(HOUSEHOLD_ATTRIBUTES),
    assessment: z
      .object({ food: z.boolean(), clothing: z.boolean(), medical: z.boolean(), education: z.boolean(), housing: z.boolean() })
      .strict(),
    phone: z.string().regex(/^1\d{10}$/, 'must be an 11-digit mobile number').optional(),
    housingGrade: z.enum(['A', 'B', 'C', 'D']).optional(),
    year: z.int().min(2014).max(2030).optional(),
  })
  .strict();
export type IdentificationData = z.infer<typeof identificationDataSchema>;

/** The `household registered` event, published when an identification case is struck off (销号). */
export interface HouseholdRegisteredEvent {
  householdId: string;
  caseId: string;
  townshipCode: string;
  villageCode: string;
  headName: string;
  size: number;
  attribute: string;
  housingGrade: string | null;
  registeredAt: string;
  /**
   * Members as keyed hashes of their ID numbers (never the numbers), so other services can tell
   * whether a person belongs to the household. Absent in events published before it was added.
   */
  members?: Array<{ personKey: string; relation: string }>;
}
