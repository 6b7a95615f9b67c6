import type { CaseWorkflow, PersistedCaseSnapshot } from './case-workflow';

/** Why a snapshot stays on its version. */
export type CannotMoveCode =
  /** Not written by the migration's `from` version. */
  | 'OTHER_VERSION'
  /** Closed (销号) or rejected: decided under its version, and kept as decided. */
  | 'FINAL'
  /** In a state the target version cannot represent. */
  | 'UNREPRESENTABLE';

export type SnapshotMove =
  | { ok: true; snapshot: PersistedCaseSnapshot }
  | { ok: false; code: CannotMoveCode; reason: string };

/**
 * A snapshot migration from one released machine version to the next. Pure: it sees only the
 * snapshot, so a dry run and the real run decide alike. It says when a snapshot cannot move.
 */
export interface SnapshotMigration {
  readonly from: number;
  readonly to: number;
  readonly summary: string;
  migrate(snapshot: PersistedCaseSnapshot): SnapshotMove;
}

const stateOf = (value: PersistedCaseSnapshot['value']): string =>
  typeof value === 'string' ? value : Object.entries(value).map(([parent, child]) => `${parent}.${child}`)[0];

/**
 * v1 → v2. v2 only adds `context.withdrawal`, set when a case is withdrawn; an open v1 case has none
 * to carry, so its state and context move unchanged. A v1 case already withdrawn recorded no reason
 * in the case, which v2's `withdrawn` state always holds: it cannot move. Closed and rejected cases
 * stay on the version they were decided under.
 */
const V1_TO_V2: SnapshotMigration = {
  from: 1,
  to: 2,
  summary: 'open cases move unchanged; withdrawn v1 cases lack the reason v2 keeps',
  migrate(snapshot) {
    if (snapshot.machineVersion !== 1) {
      return { ok: false, code: 'OTHER_VERSION', reason: `written by machine v${snapshot.machineVersion}, not v1` };
    }
    const state = stateOf(snapshot.value);
    if (state === 'withdrawn') {
      return { ok: false, code: 'UNREPRESENTABLE', reason: 'v2 keeps why a case was withdrawn; a v1 withdrawal recorded no reason in the case' };
    }
    if (state === 'closed' || state === 'rejected') {
      return { ok: false, code: 'FINAL', reason: `a ${state} case keeps the machine version it was decided under` };
    }
    return { ok: true, snapshot: { ...snapshot, machineVersion: 2 } };
  },
};

/** Every snapshot migration, one per pair of consecutive released versions. */
export const SNAPSHOT_MIGRATIONS: readonly SnapshotMigration[] = Object.freeze([V1_TO_V2]);

/** The migration from `from` to `to`: only to the next version, one step at a time. */
export function snapshotMigration(from: number, to: number): SnapshotMigration {
  const migration = SNAPSHOT_MIGRATIONS.find((m) => m.from === from && m.to === to);
  if (!migration) {
    const known = SNAPSHOT_MIGRATIONS.map((m) => `v${m.from}→v${m.to}`).join(', ');
    throw new Error(`No snapshot migration from machine v${from} to v${to} (known: ${known}); migrate one version at a time`);
  }
  return migration;
}

/**
 * Migrates one snapshot and proves the result is a state the target version runs: a migration
 * that produced a snapshot the target machine cannot restore is reported, never written.
 */
export function migrateSnapshot(workflow: CaseWorkflow, snapshot: PersistedCaseSnapshot, from: number, to: number): SnapshotMove {
  const moved = snapshotMigration(from, to).migrate(snapshot);
  if (!moved.ok) return moved;
  try {
    workflow.restore(moved.snapshot);
  } catch (error) {
    return { ok: false, code: 'UNREPRESENTABLE', reason: `machine v${to} cannot restore it: ${(error as Error).message}` };
  }
  return moved;
}
