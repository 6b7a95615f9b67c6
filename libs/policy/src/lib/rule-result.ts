/**
 * Shapes shared by every rule: an amount together with the rule that produced it, and refusals
 * as values with a stable code (each transport maps them to its own error).
 */

/** An amount computed by a rule, self-describing enough to be stored with a case and audited. */
export interface ComputedAmount {
  /** Stable machine code of the amount, e.g. `housing.subsidy.D`. */
  readonly code: string;
  /** Short Chinese label, e.g. `D级危房改造补助`. */
  readonly label: string;
  readonly amountFen: number;
  /** Human-readable rule with its source, e.g. `C级危房改造补助 5,000元（本县委办发〔2019〕42号 二(四)）`. */
  readonly rule: string;
  /** The policy version the amount was computed under. */
  readonly policyId: string;
}

/** An expected refusal: a stable code, a bilingual message, and the offending field when there is one. */
export interface RuleRefusal<Code extends string = string> {
  readonly ok: false;
  readonly code: Code;
  readonly message: string;
  readonly field?: string;
}

/** Builds a {@link RuleRefusal}; `message` is written as `中文 / English`. */
export function refusal<Code extends string>(
  code: Code,
  message: string,
  field?: string,
): RuleRefusal<Code> {
  return field === undefined
    ? { ok: false, code, message }
    : { ok: false, code, message, field };
}

/** Formats the source citation used in rule texts: `（本县委办发〔2019〕42号 二(四)）`. */
export function citation(source: string, clause: string): string {
  return `（${source} ${clause}）`;
}
