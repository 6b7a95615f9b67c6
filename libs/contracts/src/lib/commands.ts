import { z } from 'zod';
import { cursorSchema, pageLimitSchema } from './keyset';
import { SERVICES } from './services';
import { PERSONAL_DATA_KINDS } from '@poverty/policy';
import { adminCodeSchema } from './validation';

/** Action names accepted by `POST /{service}/cases/:id/actions`. */
export const ACTION_NAMES = [
  'edit',
  'submit',
  'withdraw',
  'approve',
  'return',
  'reject',
  'resolveObjection',
  'recordAcceptance',
  'accept',
  'rectify',
] as const;

export const declareCaseSchema = z
  .object({
    townshipCode: adminCodeSchema,
    villageCode: adminCodeSchema,
    householdId: z.string().min(1).max(64).optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .strict();
export type DeclareCaseRequest = z.infer<typeof declareCaseSchema>;

export const actOnCaseSchema = z
  .object({
    caseId: z.uuid(),
    action: z.enum(ACTION_NAMES),
    expectedVersion: z.int().min(1),
    comment: z.string().max(2000).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type ActOnCaseRequest = z.infer<typeof actOnCaseSchema>;

/** The `data` of actions that need more than a comment. */
export const actionDataSchemas = {
  edit: z.record(z.string(), z.unknown()),
  return: z.object({ to: z.enum(['applicant', 'previous']) }).strict(),
  resolveObjection: z
    .object({ outcome: z.enum(['upheld', 'dismissed']), then: z.enum(['review', 'rejected']).optional() })
    .strict(),
  recordAcceptance: z.object({ check: z.string().min(1).max(64), evidence: z.string().trim().min(1).max(2000) }).strict(),
  approve: z.record(z.string(), z.unknown()),
} as const;

export const caseIdSchema = z.object({ caseId: z.uuid() }).strict();

/**
 * `case.<service>.get`: a case, its personal fields masked. `disclosed` names kinds to leave
 * unmasked; only the gateway's evaluation reads send it (their engagement's disclosure, logged).
 */
export const getCaseSchema = z
  .object({ caseId: z.uuid(), disclosed: z.array(z.enum(PERSONAL_DATA_KINDS)).max(PERSONAL_DATA_KINDS.length).optional() })
  .strict();

export const listCasesSchema = z
  .object({
    stage: z.enum(['application', 'review', 'publicNotice', 'acceptance', 'closed', 'rejected', 'withdrawn']).optional(),
    township: adminCodeSchema.optional(),
    village: adminCodeSchema.optional(),
    householdId: z.string().max(64).optional(),
    /** Where the page starts: the `nextCursor` of the page before (newest first). */
    cursor: cursorSchema.optional(),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();
export type ListCasesRequest = z.infer<typeof listCasesSchema>;

/** The caller's 待办, oldest first, a page at a time, optionally of one service, stage or township. */
export const inboxSchema = z
  .object({
    service: z.enum(SERVICES).optional(),
    stage: z.enum(['application', 'review', 'publicNotice', 'acceptance']).optional(),
    township: adminCodeSchema.optional(),
    cursor: cursorSchema.optional(),
    limit: pageLimitSchema(50),
  })
  .strict();
export type InboxRequest = z.infer<typeof inboxSchema>;

/** Active 公示, oldest first, a page at a time. */
export const noticesSchema = z
  .object({ township: adminCodeSchema.optional(), village: adminCodeSchema.optional(), cursor: cursorSchema.optional(), limit: pageLimitSchema(100) })
  .strict();
export type NoticesRequest = z.infer<typeof noticesSchema>;

export const objectionSchema = z
  .object({
    caseId: z.uuid(),
    reason: z.string().trim().min(2).max(2000),
    contact: z.string().trim().max(100).optional(),
  })
  .strict();
export type ObjectionRequest = z.infer<typeof objectionSchema>;

/** What a command carries besides its payload (STYLE.md: correlation, causation, time, principal). */
export interface CommandEnvelope<P> {
  /** Gateway-signed token naming the acting principal; null only for public operations. */
  principal: string | null;
  correlationId: string;
  causationId?: string;
  timestamp: string;
  payload: P;
}

export const envelopeSchema = z.object({
  principal: z.string().max(4096).nullable(),
  correlationId: z.string().min(1).max(100),
  causationId: z.string().max(100).optional(),
  timestamp: z.string().max(40),
  payload: z.unknown(),
});
