import { errorBody, type ErrorBody } from '@poverty/contracts';
import type { Refusal } from '@poverty/workflow';

/** An expected failure, thrown only to unwind a transaction and turned back into a value. */
export class CaseFailure extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }

  static of(code: string, message: string, extra: Pick<ErrorBody, 'field' | 'details'> = {}): CaseFailure {
    return new CaseFailure(errorBody(code, message, extra));
  }

  static refused(refusal: Refusal): CaseFailure {
    return CaseFailure.of(refusal.code, refusal.message, { field: refusal.field, details: refusal.details });
  }
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** Runs `work`, returning expected failures as values; anything else still throws. */
export async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof CaseFailure) return { ok: false, error: error.body };
    throw error;
  }
}
