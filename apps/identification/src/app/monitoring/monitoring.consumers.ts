import { randomUUID } from 'node:crypto';
import {
  EDUCATION_AIDED,
  HOUSEHOLD_EXITED,
  HOUSING_STATUS,
  MEDICAL_COSTS,
  type EducationAidedEvent,
  type HouseholdExitedEvent,
  type HousingStatusEvent,
  type MedicalCostsEvent,
} from '@poverty/contracts';
import { currentPolicy, evaluateMonitoringSignal, monitoringPolicy, type MonitoringSignal } from '@poverty/policy';
import type { Sql } from '@poverty/persistence';
import type { CaseEventConsumer, ConsumedEvent } from '@poverty/service-kit';

const county = currentPolicy();
const rules = monitoringPolicy(county.id);

interface Source {
  service: string;
  caseId: string | null;
  at: string;
  /** The event is about the household leaving poverty: watched whatever its status says yet. */
  exiting?: boolean;
}

/**
 * Raises a flag (and its village's follow-up task) when the county's rules say the signal puts a
 * watched household at risk. Runs in the consumer's transaction with the processed-message row, so
 * a redelivered event raises nothing twice; an open flag of the same rule absorbs later signals.
 */
export async function raiseRiskFlag(db: Sql, householdId: string, signal: MonitoringSignal, source: Source, messageId: string): Promise<string | null> {
  const [household] = await db.all(`select township_code, village_code, status from identification.household where id = ?`, [householdId]);
  if (!household) return null;
  if (!source.exiting && !rules.watchedStatuses.includes(household.status)) return null;
  const finding = evaluateMonitoringSignal(rules, county, signal);
  if (!finding) return null;
  const flagId = randomUUID();
  const raised = await db.all(
    `insert into identification.risk_flag (id, household_id, township_code, village_code, rule, label, reason, figures, policy_id, source_service, source_case_id, message_id, status, raised_at)
     values (?,?,?,?,?,?,?,?::jsonb,?,?,?,?,'open',?)
     on conflict (household_id, rule) where status = 'open' do nothing returning id`,
    [flagId, householdId, household.township_code, household.village_code, finding.rule, finding.label, finding.reason, JSON.stringify(finding.figures), rules.policyId, source.service, source.caseId, messageId, source.at],
  );
  if (raised.length === 0) return null;
  const dueAt = new Date(new Date(source.at).getTime() + rules.followUpDays * 86_400_000).toISOString();
  await db.run(
    `insert into identification.follow_up_task (id, flag_id, household_id, township_code, village_code, due_at, status, created_at) values (?,?,?,?,?,?,'open',?)`,
    [randomUUID(), flagId, householdId, household.township_code, household.village_code, dueAt, source.at],
  );
  return flagId;
}

const consumer = (name: string, filterSubject: string, read: (payload: any) => { householdId: string; signal: MonitoringSignal; source: Source } | null): CaseEventConsumer => ({
  name,
  filterSubject,
  async handle(db: Sql, event: ConsumedEvent) {
    const found = read(event.payload);
    if (found) await raiseRiskFlag(db, found.householdId, found.signal, found.source, event.messageId);
  },
});

/** 防返贫监测: identification watches what the medical, housing, exit and education services record. */
export const MONITORING_CONSUMERS: CaseEventConsumer[] = [
  consumer('monitoring-medical', MEDICAL_COSTS, (e: MedicalCostsEvent) => ({
    householdId: e.householdId,
    signal: { kind: 'medicalCosts', year: e.year, selfPaidFenThisYear: e.selfPaidFenThisYear },
    source: { service: 'medical', caseId: e.caseId, at: e.at },
  })),
  consumer('monitoring-housing', HOUSING_STATUS, (e: HousingStatusEvent) => ({
    householdId: e.householdId,
    signal: { kind: 'housing', grade: e.grade, safe: e.safe },
    source: { service: 'housing', caseId: e.caseId, at: e.at },
  })),
  consumer('monitoring-exits', HOUSEHOLD_EXITED, (e: HouseholdExitedEvent) =>
    typeof e.perCapitaNetIncomeYuan === 'number'
      ? {
          householdId: e.householdId,
          signal: { kind: 'survey', year: e.year, perCapitaNetIncomeYuan: e.perCapitaNetIncomeYuan },
          source: { service: 'exit-verification', caseId: e.caseId, at: e.exitedAt, exiting: true },
        }
      : null,
  ),
  consumer('monitoring-education', EDUCATION_AIDED, (e: EducationAidedEvent) => ({
    householdId: e.householdId,
    signal: { kind: 'education', stage: e.stage, schoolYear: e.schoolYear },
    source: { service: 'education', caseId: e.caseId, at: e.at },
  })),
];
