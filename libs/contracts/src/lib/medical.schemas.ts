import { z } from 'zod';
import { idNumberSchema, nameSchema } from './validation';
import { eventSubject } from './subjects';
import { isoDateSchema, rosterFactsSchema } from './exit.events';

const personSchema = z.object({ name: nameSchema, idNumber: idNumberSchema }).strict();
const fenSchema = z.int().min(0).max(100_000_000_00);

/** The relief as computed against the person's ledger when the county approved it. */
export const medicalReliefRecordSchema = z
  .object({
    year: z.int(),
    amountFen: fenSchema,
    rateBp: z.int(),
    rateSource: z.enum(['tier', 'explicit']),
    uncappedFen: fenSchema,
    cappedBy: fenSchema.nullable(),
    remainingCapFen: fenSchema,
    priorSelfPaidFen: fenSchema,
    priorReliefFen: fenSchema,
    rule: z.string(),
    policyId: z.string(),
  })
  .strict();

/**
 * 医疗救助 claim: one person's compliant self-paid costs left after one-stop settlement (基本医保 →
 * 大病保险 → 民政救助), in fen. Illness and costs are personal data: never public, never logged.
 */
export const medicalReliefDataSchema = z
  .object({
    kind: z.literal('relief'),
    householdId: z.uuid(),
    patient: personSchema,
    /** Date of the one-stop settlement; its calendar year is the year the cap counts in. */
    settledOn: isoDateSchema,
    selfPaidFen: z.int().min(1).max(100_000_000_00),
    /** A rate set for this case (basis points, 5000–8000); otherwise the policy's tier applies. */
    rateBp: z.int().min(0).max(10_000).optional(),
    hospital: z.string().trim().max(100).optional(),
    diagnosis: z.string().trim().max(200).optional(),
    household: rosterFactsSchema.optional(),
    relief: medicalReliefRecordSchema.optional(),
  })
  .strict();

/** 资助参保: the county pays 260 yuan per person for 新农合 + 大病保险; enrolment is tracked per member. */
export const insuranceEnrolmentDataSchema = z
  .object({
    kind: z.literal('insurance'),
    householdId: z.uuid(),
    year: z.int().min(2014).max(2030),
    members: z.array(personSchema).min(1).max(20),
    household: rosterFactsSchema.optional(),
  })
  .strict();

export const medicalDataSchema = z.discriminatedUnion('kind', [medicalReliefDataSchema, insuranceEnrolmentDataSchema]);
export type MedicalData = z.infer<typeof medicalDataSchema>;
export type MedicalReliefData = z.infer<typeof medicalReliefDataSchema>;
export type InsuranceEnrolmentData = z.infer<typeof insuranceEnrolmentDataSchema>;

/** Insurance enrolment of a household for a year (feeds the exit checklist's basic-medical item). */
export const INSURANCE_STATUS = eventSubject('medical', 'household.insuranceStatus');
export interface InsuranceStatusEvent {
  householdId: string;
  year: number;
  memberCount: number;
  enrolledCount: number;
  allEnrolled: boolean;
  caseId: string;
  at: string;
}
