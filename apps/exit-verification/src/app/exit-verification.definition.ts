import {
  EDUCATION_AIDED,
  HOUSEHOLD_EXITED,
  HOUSING_STATUS,
  INSURANCE_STATUS,
  exitDataSchema,
  type ExitData,
  type HouseholdExitedEvent,
  PERSONAL_FIELDS,
} from '@poverty/contracts';
import { currentPolicy, evaluateExitChecklist, type CountyPolicy } from '@poverty/policy';
import {
  ROSTER_EVENTS_FILTER,
  RosterHousehold,
  applyRosterEvent,
  definitionByPolicy,
  lockedFieldsGuard,
  rosterFacts,
  rosterHouseholdFor,
  type CaseEventConsumer,
  type CaseServiceDefinition,
} from '@poverty/service-kit';
import { refusal, type ServicePolicy, countyReviewChain } from '@poverty/workflow';
import type { Sql } from '@poverty/persistence';
import { MIGRATIONS } from '../migrations';
import { ChecklistItem } from './checklist-item.entity';
import { assembleChecklist, fromEducation, fromHousing, fromInsurance, unmetMessage, type ReportedItem } from './exit.checklist';

const SCHEMA = 'exit_verification';

/** 脱贫退出: village → township → county poverty office; acceptance needs the household's consent signature. */
export function exitPolicy(countyPolicy: CountyPolicy): ServicePolicy {
  return {
    service: 'exit-verification',
    ...countyReviewChain('poverty_office'),
    noticePeriod: countyPolicy.noticePeriod,
    acceptanceChecks: { householdConsent: '农户签字确认（脱贫退出确认书）', countyCheck: '县级核查' },
    extraGuards: [lockedFieldsGuard(['householdId', 'household', 'checklist', 'unmet'])],
  };
}

/** The policy of the current year's cases (tests and tools that need one). */
export const EXIT_POLICY: ServicePolicy = exitPolicy(currentPolicy());

async function reportedItems(db: Sql, householdId: string): Promise<ReportedItem[]> {
  const rows = await db.all(`select item, met, source, at from exit_verification.checklist_item where household_id = ?`, [householdId]);
  return rows.map((r) => ({ item: r.item, met: r.met, source: r.source, at: new Date(r.at).toISOString() }));
}

async function report(db: Sql, householdId: string, item: ReportedItem): Promise<void> {
  await db.all(
    `insert into exit_verification.checklist_item (household_id, item, met, source, at) values (?,?,?,?,?)
     on conflict (household_id, item) do update set met = excluded.met, source = excluded.source, at = excluded.at
     where checklist_item.at <= excluded.at`,
    [householdId, item.item, item.met, item.source, item.at],
  );
}

/** The roster read model, and the checklist items the housing, medical and education services report. */
export const EXIT_CONSUMERS: CaseEventConsumer[] = [
  { name: 'roster', filterSubject: ROSTER_EVENTS_FILTER, handle: async (db, e) => void (await applyRosterEvent(db, SCHEMA, e.subject, e.payload)) },
  { name: 'housing', filterSubject: HOUSING_STATUS, handle: (db, { payload }) => report(db, payload.householdId, fromHousing(payload)) },
  { name: 'medical', filterSubject: INSURANCE_STATUS, handle: (db, { payload }) => report(db, payload.householdId, fromInsurance(payload)) },
  { name: 'education', filterSubject: EDUCATION_AIDED, handle: (db, { payload }) => report(db, payload.householdId, fromEducation(payload)) },
];

const OPEN_STAGES = `('application','review','publicNotice','acceptance')`;

/** The definition under one county policy version: the case's own version decides its checklist. */
export function exitDefinitionFor(countyPolicy: CountyPolicy): CaseServiceDefinition<ExitData> {
  return {
    service: 'exit-verification',
    schema: SCHEMA,
    policy: exitPolicy(countyPolicy),
    countyPolicyId: countyPolicy.id,
    dataSchema: exitDataSchema as any,
    entities: [ChecklistItem, RosterHousehold],
    migrations: MIGRATIONS,
    consumers: EXIT_CONSUMERS,
    describe: (data) => ({ title: `${data.household?.headName ?? ''}户 ${data.year}年脱贫退出`, householdId: data.householdId }),
    amounts: () => [],
    personalFields: PERSONAL_FIELDS['exit-verification'],
    // Income figures stay off the board: only who, where, how many and what.
    publicNotice: (data) => ({ name: data.household?.headName ?? '', householdSize: data.household?.size ?? null, category: `${data.year}年拟脱贫退出`, amounts: [] }),
    async beforeDeclare(db, data, _actor, declaration) {
      const found = await rosterHouseholdFor(db, SCHEMA, data.householdId, declaration);
      if ('refusal' in found) return found.refusal;
      if (found.household.status === 'exited') {
        return refusal('EXIT.ALREADY_EXITED', '该户已脱贫退出 / This household has already exited the roster', { field: 'data.householdId' });
      }
      const [open] = await db.all(`select id from exit_verification.case_record where household_id = ? and stage in ${OPEN_STAGES} limit 1`, [data.householdId]);
      if (open) return refusal('EXIT.CASE_OPEN', '该户已有一件未办结的脱贫退出 / This household already has an exit case open', { field: 'data.householdId' });
      const checklist = assembleChecklist(countyPolicy, data.survey, await reportedItems(db, data.householdId));
      return { data: { household: rosterFacts(found.household), checklist, unmet: [...evaluateExitChecklist(countyPolicy, checklist).unmet] } };
    },
    /**
     * Every step re-reads the checklist, so the case shows what the county will decide on; the county
     * cannot approve with an unmet item. 销号 tells identification the household has exited.
     */
    async afterTransition(db, { row, step, event }) {
      const data = step.snapshot.context.data as ExitData;
      if (step.stage === 'closed') {
        const exited: HouseholdExitedEvent = { householdId: data.householdId, caseId: row.id, year: data.year, exitedAt: event.at, perCapitaNetIncomeYuan: data.survey.perCapitaNetIncomeYuan };
        return { outbox: [{ subject: HOUSEHOLD_EXITED, payload: { name: 'household.exited', ...exited } }] };
      }
      if (step.stage === 'rejected' || step.stage === 'withdrawn') return undefined;
      const checklist = assembleChecklist(countyPolicy, data.survey, await reportedItems(db, data.householdId));
      const evaluation = evaluateExitChecklist(countyPolicy, checklist);
      if (event.type === 'review.approve' && row.level === 'county' && !evaluation.complete) {
        return { refusal: refusal('EXIT.CHECKLIST_INCOMPLETE', unmetMessage(evaluation), { details: { unmet: evaluation.unmet } }) };
      }
      return { data: { checklist, unmet: [...evaluation.unmet] } };
    },
  };
}

export const exitDefinition: CaseServiceDefinition<ExitData> = definitionByPolicy(exitDefinitionFor);
