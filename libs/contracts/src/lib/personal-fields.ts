import { z } from 'zod';
import type { PersonalField } from '@poverty/policy';
import type { ServiceName } from './services';

/**
 * The personal fields of each service's case data (ID numbers, illness and medical costs, income,
 * phone, bank). Every case view masks them for every role; `POST /{service}/cases/:id/reveal`
 * reveals one of them, with a reason, to an official in the case's area.
 */
export const PERSONAL_FIELDS: Record<ServiceName, readonly PersonalField[]> = {
  identification: [
    { path: 'householdHead.idNumber', kind: 'idNumbers' },
    { path: 'members.*.idNumber', kind: 'idNumbers' },
    { path: 'perCapitaNetIncomeYuan', kind: 'income' },
    { path: 'phone', kind: 'phone' },
  ],
  housing: [],
  medical: [
    { path: 'patient.idNumber', kind: 'idNumbers' },
    { path: 'members.*.idNumber', kind: 'idNumbers' },
    { path: 'diagnosis', kind: 'health' },
    { path: 'hospital', kind: 'health' },
    { path: 'selfPaidFen', kind: 'health' },
    { path: 'relief.priorSelfPaidFen', kind: 'health' },
  ],
  education: [{ path: 'student.idNumber', kind: 'idNumbers' }],
  'exit-verification': [{ path: 'survey.perCapitaNetIncomeYuan', kind: 'income' }],
};

/** `POST /{service}/cases/:id/reveal`: one masked field of the case, and why it is needed. */
export const revealFieldSchema = z
  .object({
    field: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z]+(\.(\d+|[A-Za-z]+))*$/, 'must be the path of a masked field, e.g. householdHead.idNumber'),
    reason: z.string().trim().min(4, 'must say why the field is needed (at least 4 characters)').max(500),
  })
  .strict();
export type RevealFieldBody = z.infer<typeof revealFieldSchema>;

export const revealFieldRequestSchema = revealFieldSchema.extend({ caseId: z.uuid() }).strict();
export type RevealFieldRequest = z.infer<typeof revealFieldRequestSchema>;

/** What the service answers to a reveal: the one value, and what the gateway logs (never the value). */
export interface RevealedField {
  caseId: string;
  service: ServiceName;
  field: string;
  kind: PersonalField['kind'];
  value: unknown;
  householdId: string | null;
  townshipCode: string;
  villageCode: string;
}

/** A logged reveal, as the auditor reads it. */
export interface RevealLogEntry {
  id: string;
  at: string;
  actorId: string;
  actorName: string | null;
  role: string;
  service: string;
  caseId: string;
  householdId: string | null;
  field: string;
  kind: string;
  reason: string;
  requestId: string | null;
  clientIp: string | null;
}
