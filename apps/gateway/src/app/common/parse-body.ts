import type { z } from 'zod';
import { parsePayload } from '@poverty/contracts';
import { ApiError } from './api-error';

/** Validates a request body (or query) with the shared contract schema; 400 naming the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = parsePayload(schema, body ?? {});
  if (!parsed.ok) throw new ApiError(parsed.error);
  return parsed.value;
}
