import { z } from 'zod';
import { adminCodeSchema } from '@poverty/contracts';

export const createEngagementSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    organisation: z.string().trim().min(1).max(200),
    evaluators: z.array(z.string().trim().min(1).max(64)).min(1).max(50),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    townshipCodes: z.array(adminCodeSchema).min(1).max(50),
    year: z.int().min(2014).max(2100),
    sampleRateBp: z.int().min(1).max(10_000),
    disclosure: z
      .object({
        idNumbers: z.boolean(),
        income: z.boolean(),
        health: z.boolean(),
        phone: z.boolean(),
        bank: z.boolean(),
      })
      .partial()
      .strict()
      .default({}),
  })
  .strict();
export type CreateEngagementRequest = z.infer<typeof createEngagementSchema>;

export const drawSampleSchema = z
  .object({ seed: z.string().trim().min(1).max(200).optional() })
  .strict();

export const findingSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('sampled'),
      householdId: z.uuid(),
      exitVerdict: z.enum(['correct', 'wronglyExited']),
      satisfied: z.boolean().nullable().default(null),
      notes: z.string().trim().max(2000).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('nonRegistered'),
      /** The evaluator's own label of the household surveyed (village and a number, not a name). */
      label: z.string().trim().min(1).max(100),
      missed: z.boolean(),
      satisfied: z.boolean().nullable().default(null),
      notes: z.string().trim().max(2000).optional(),
    })
    .strict(),
]);
export type FindingRequest = z.infer<typeof findingSchema>;

export const reportFormatSchema = z
  .object({ format: z.enum(['csv', 'xlsx']).default('xlsx') })
  .strict();
