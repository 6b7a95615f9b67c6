/**
 * The approval machine's released versions and what differs between them. Kept apart from the
 * machine so that the rules (`refusals.ts`) and the machine can both read it.
 */

/** What new cases start on. Raise it only together with a new entry in `VERSION_RULES`. */
export const LATEST_MACHINE_VERSION = 2;

/** The behaviour that differs between released machine versions; everything else is shared. */
export interface VersionRules {
  /** 撤回 needs a reason (`CASE.REASON_REQUIRED`), and the machine keeps it in `context.withdrawal`. */
  recordsWithdrawal: boolean;
}

const VERSION_RULES: Readonly<Record<number, VersionRules>> = Object.freeze({
  1: Object.freeze({ recordsWithdrawal: false }),
  2: Object.freeze({ recordsWithdrawal: true }),
});

/** Every released version, oldest first. */
export const RELEASED_MACHINE_VERSIONS: readonly number[] = Object.freeze(Object.keys(VERSION_RULES).map(Number).sort((a, b) => a - b));

/** The rules of a released version; throws for a version that was never released. */
export function rulesOfVersion(version: number): VersionRules {
  const rules = VERSION_RULES[version];
  if (!rules) throw new Error(`Approval machine version ${version} was never released (released: ${RELEASED_MACHINE_VERSIONS.join(', ')})`);
  return rules;
}
