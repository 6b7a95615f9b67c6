import { z } from 'zod';
import { validateIdNumber } from '@poverty/policy';
import { ERROR, errorBody, type ErrorBody } from './errors';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** Validates a payload and names the first offending field (`data.members.0.idNumber`). */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const field = issue.path.map(String).join('.') || undefined;
  return {
    ok: false,
    error: errorBody(ERROR.VALIDATION, field ? `${field}: ${issue.message}` : issue.message, { field }),
  };
}

/** An 18-digit GB 11643 citizen ID; the message never repeats the number. */
export const idNumberSchema = z.string().superRefine((value, ctx) => {
  const result = validateIdNumber(value);
  if (!result.valid) ctx.addIssue({ code: 'custom', message: `invalid ID number (${result.reason})` });
});

export const yuanSchema = z.int().min(0).max(100_000_000);
export const adminCodeSchema = z.string().regex(/^\d{12}$/, 'must be a 12-digit administrative code');
export const nameSchema = z.string().trim().min(1).max(50);
