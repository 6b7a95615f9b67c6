import { eventSubject } from '@poverty/contracts';
import { CASE_COLUMNS, toCaseRow, type CaseRow, type SqlDatabase } from '@poverty/persistence';
import { awaitingActor, migrateSnapshot, type CannotMoveCode, type PersistedCaseSnapshot } from '@poverty/workflow';
import type { CaseApplication } from './case-application';

/** Who runs a migration: recorded in every migrated case's audit row. */
export interface MigrationOperator {
  userId: string;
  displayName?: string;
}

export interface MachineMigrationOptions {
  from: number;
  to: number;
  /** Writes the moves; without it the run only reports (a dry run). */
  apply: boolean;
  /** Cases read, and written in one transaction, at a time. */
  batchSize?: number;
  operator: MigrationOperator;
  /** When the migration is recorded (ISO); now by default. */
  at?: string;
}

/** What a run found in one state: how many move and, for those that cannot, why. */
export interface StateReport {
  state: string;
  moves: number;
  cannotMove: Array<{ code: CannotMoveCode; reason: string; count: number }>;
}

export interface MachineMigrationReport {
  service: string;
  from: number;
  to: number;
  dryRun: boolean;
  /** Cases written by machine `from` when the run started. */
  cases: number;
  moves: number;
  cannotMove: number;
  /** Moves written (0 in a dry run). */
  migrated: number;
  /** Moves not written because a decision changed the case meanwhile (409): run again. */
  changedMeanwhile: number;
  byState: StateReport[];
}

const AUDIT_ACTION = 'machine.migrate';

/**
 * Moves a service's cases from approval machine `from` to `to` with the tested snapshot migration
 * (`@poverty/workflow` snapshot-migrations). Dry run unless `apply`: the report says per state what
 * moves and what cannot, and why. Applying writes each move through `CaseStore.update` — the
 * versioned UPDATE (a decision racing it gets 409, and so does the migration if the decision won),
 * an audit row `machine.migrate` chained to the case's previous one and a `case.machineMigrated`
 * outbox event, in one statement per case; cases are read a batch at a time. Running it again moves
 * what is left.
 */
export async function migrateMachineVersion(cases: CaseApplication, db: SqlDatabase, options: MachineMigrationOptions): Promise<MachineMigrationReport> {
  const { from, to, apply, operator } = options;
  const batchSize = options.batchSize ?? 200;
  const workflow = cases.workflow;
  if (!workflow.runs(from) || !workflow.runs(to)) {
    throw new Error(`This build runs machine versions ${workflow.versions.join(', ')}: it cannot migrate v${from} → v${to}`);
  }
  const { service, schema } = cases.definition;
  const report: MachineMigrationReport = { service, from, to, dryRun: !apply, cases: 0, moves: 0, cannotMove: 0, migrated: 0, changedMeanwhile: 0, byState: [] };
  const states = new Map<string, StateReport>();
  const tally = (row: CaseRow) => {
    const entry = states.get(row.state) ?? { state: row.state, moves: 0, cannotMove: [] };
    states.set(row.state, entry);
    return entry;
  };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (
      await db.read((sql) =>
        sql.all(`select ${CASE_COLUMNS} from "${schema}".case_record where machine_version = ? and id > ?::uuid order by id limit ?`, [from, after, batchSize]),
      )
    ).map(toCaseRow);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const moving: Array<{ row: CaseRow; snapshot: PersistedCaseSnapshot }> = [];
    for (const row of rows) {
      report.cases++;
      const entry = tally(row);
      const moved = migrateSnapshot(cases.rulesFor(row.policyId).workflow, row.snapshot as unknown as PersistedCaseSnapshot, from, to);
      if (moved.ok) {
        entry.moves++;
        report.moves++;
        moving.push({ row, snapshot: moved.snapshot });
        continue;
      }
      report.cannotMove++;
      const same = entry.cannotMove.find((c) => c.code === moved.code && c.reason === moved.reason);
      if (same) same.count++;
      else entry.cannotMove.push({ code: moved.code, reason: moved.reason, count: 1 });
    }
    if (!apply || moving.length === 0) continue;
    const at = options.at ?? new Date().toISOString();
    let written = 0;
    for (const { row, snapshot } of moving) {
      // Who may act now is read from the migrated snapshot, as a transition would.
      const awaiting = awaitingActor(cases.rulesFor(row.policyId).definition.policy, row.state, snapshot.context);
      // One statement per case, atomic on its own: no lock held across the batch while officers decide.
      const audit = await db.transaction((sql) =>
        cases.store.update(
          sql,
          row,
          {
            stage: row.stage, state: row.state, level: row.level, snapshot: snapshot as unknown as Record<string, unknown>, title: row.title, householdId: row.householdId,
            awaitingKey: awaiting.key, awaitingExcluded: awaiting.excluded,
            dueAt: row.dueAt, paidFen: row.paidFen, machineVersion: to,
          },
          {
            at,
            actorId: operator.userId,
            actorName: operator.displayName ?? null,
            role: 'admin',
            level: row.level,
            action: AUDIT_ACTION,
            comment: `审批流程版本迁移 / approval machine v${from} → v${to}`,
            fromState: row.state,
            toState: row.state,
          },
          {
            outbox: [
              {
                subject: eventSubject(service, 'case.machineMigrated'),
                payload: {
                  name: 'case.machineMigrated', service, caseId: row.id, householdId: row.householdId, townshipCode: row.townshipCode, villageCode: row.villageCode,
                  actorId: operator.userId, correlationId: `machine-migrate:v${from}-v${to}`, timestamp: at, fromVersion: from, toVersion: to, stage: row.stage, state: row.state,
                },
              },
            ],
            cancelTimers: [],
            scheduleTimers: [],
          },
        ),
      );
      if (audit) written++;
    }
    report.migrated += written;
    report.changedMeanwhile += moving.length - written;
  }
  report.byState = [...states.values()].sort((a, b) => a.state.localeCompare(b.state));
  return report;
}

/** The report as a county's operator reads it in a terminal. */
export function formatMigrationReport(report: MachineMigrationReport): string {
  const lines = [
    `${report.service}: approval machine v${report.from} → v${report.to}${report.dryRun ? ' (dry run: nothing written; add --apply to migrate)' : ''}`,
    `  ${report.cases} case(s) on v${report.from}: ${report.moves} move, ${report.cannotMove} cannot move`,
  ];
  for (const state of report.byState) {
    lines.push(`  ${state.state}: ${state.moves} move`);
    for (const c of state.cannotMove) lines.push(`    ${c.count} cannot move (${c.code}): ${c.reason}`);
  }
  if (!report.dryRun) {
    lines.push(`  migrated ${report.migrated}; ${report.changedMeanwhile} changed by a decision meanwhile${report.changedMeanwhile ? ' (run again to move them)' : ''}`);
  }
  return lines.join('\n');
}
