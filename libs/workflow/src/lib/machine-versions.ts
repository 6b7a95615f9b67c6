import { createApprovalMachine, type ApprovalMachine } from './approval.machine';
import { RELEASED_MACHINE_VERSIONS, rulesOfVersion } from './machine-version';
import type { ServicePolicy } from './service-policy';

/**
 * One released version of the approval machine. Every released version stays registered: a case
 * runs the version it started on until it closes, or until a county migrates it on purpose
 * (`snapshot-migrations.ts`). A version leaves this list only when no case anywhere uses it.
 */
export interface MachineRelease {
  readonly version: number;
  /** The date the version shipped. */
  readonly released: string;
  /** What changed against the previous version, for release notes and the migration report. */
  readonly changes: string;
  /** The machine of this version for a service's policy. */
  create(policy: ServicePolicy): ApprovalMachine;
}

const RELEASES: readonly MachineRelease[] = Object.freeze([
  {
    version: 1,
    released: '2026-11-28',
    changes: '申报 → 审核 → 公示 → 验收 → 销号 as first released',
    create: (policy: ServicePolicy) => createApprovalMachine(policy, 1),
  },
  {
    version: 2,
    released: '2026-12-04',
    changes: '撤回 needs a reason, kept in the case (context.withdrawal) besides the audit comment',
    create: (policy: ServicePolicy) => createApprovalMachine(policy, 2),
  },
]);

/** Every released machine version, oldest first. */
export const MACHINE_RELEASES: readonly MachineRelease[] = RELEASES;

/** The release of `version`; throws for a version that was never released. */
export function machineRelease(version: number): MachineRelease {
  rulesOfVersion(version);
  const release = RELEASES.find((r) => r.version === version);
  if (!release) throw new Error(`Approval machine version ${version} has rules but no release entry`);
  return release;
}

/**
 * The versions a replica runs, from `MACHINE_VERSIONS` (e.g. `1` or `1,2`): every released version
 * when unset. Setting it to the versions of an older build lets one binary stand in for that build
 * (the rolling-upgrade test does). Unreleased or malformed versions fail fast.
 */
export function machineVersionsFrom(value: string | undefined): number[] {
  if (value === undefined || value.trim() === '') return [...RELEASED_MACHINE_VERSIONS];
  const versions = value.split(',').map((part) => part.trim());
  return versions.map((text) => {
    const version = Number(text);
    if (!/^\d+$/.test(text) || !RELEASED_MACHINE_VERSIONS.includes(version)) {
      throw new Error(`MACHINE_VERSIONS: "${text}" is not a released machine version (released: ${RELEASED_MACHINE_VERSIONS.join(', ')})`);
    }
    return version;
  });
}
