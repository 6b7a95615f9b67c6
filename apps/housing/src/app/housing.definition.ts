import {
  HOUSING_STATUS,
  housingDataSchema,
  type HouseholdRegisteredEvent,
  type HousingData,
  type HousingStatusEvent,
  PERSONAL_FIELDS,
} from '@poverty/contracts';
import { CaseStore, type OutboxInput } from '@poverty/persistence';
import { appraiseHousingSubsidy, BENXI_COUNTY, currentPolicy, HOUSING_GRADE_LABELS, isDangerousHouseGrade, policyInForce, type CountyPolicy, type HousingGrade } from '@poverty/policy';
import {
  CaseFailure,
  ROSTER_EVENTS_FILTER,
  RosterHousehold,
  applyRosterEvent,
  definitionByPolicy,
  rosterFacts,
  rosterHouseholdFor,
  type CaseAmount,
  type CaseEventConsumer,
  type CaseServiceDefinition,
} from '@poverty/service-kit';
import { refusal, type Actor } from '@poverty/workflow';
import { MIGRATIONS } from '../migrations';
import { DangerousHouse } from './dangerous-house.entity';
import { housingPolicy } from './housing.policy';

const SCHEMA = 'housing';
const store = new CaseStore(SCHEMA);

/** Opens renovation cases for households registered with a C/D house (发现一户解决一户). */
export const ROSTER_ACTOR: Actor = { userId: 'system', displayName: '系统（发现一户解决一户）', roles: ['system'] };

function statusEvent(event: HousingStatusEvent): OutboxInput {
  return { subject: HOUSING_STATUS, payload: { name: 'household.housingStatus', ...event } };
}

/** The subsidy as recorded at county approval, else what the grade on the case would give under its policy version. */
export function housingAmounts(data: HousingData, countyPolicy: CountyPolicy = currentPolicy()): CaseAmount[] {
  if (data.subsidy) return [{ code: `housing.subsidy.${data.subsidy.grade}`, label: `${data.subsidy.grade}级危房改造补助`, amountFen: data.subsidy.amountFen, rule: data.subsidy.rule }];
  const result = appraiseHousingSubsidy(countyPolicy, data.appraisalGrade);
  return result.ok ? [{ code: result.amount.code, label: result.amount.label, amountFen: result.amount.amountFen, rule: result.amount.rule }] : [];
}

const OPEN_STAGES = `('application','review','publicNotice','acceptance')`;

/** Roster read model, and a renovation case opened in 申报 for every household registered with a C/D house. */
export const rosterConsumer: CaseEventConsumer = {
  name: 'roster',
  filterSubject: ROSTER_EVENTS_FILTER,
  async handle(db, { subject, payload, messageId }, cases) {
    if ((await applyRosterEvent(db, SCHEMA, subject, payload)) !== 'registered') return;
    const registered = payload as HouseholdRegisteredEvent;
    const at = new Date().toISOString();
    const dangerous = isDangerousHouseGrade(policyInForce(BENXI_COUNTY.code, at), registered.housingGrade);
    await store.insertOutbox(db, [
      statusEvent({ householdId: registered.householdId, safe: !dangerous, grade: registered.housingGrade, reason: 'registered', caseId: null, at }),
    ]);
    if (!dangerous) return;
    await db.all(
      `insert into housing.dangerous_house (household_id, grade, status, listed_at, updated_at) values (?,?,'listed',?,?) on conflict (household_id) do nothing`,
      [registered.householdId, registered.housingGrade, at, at],
    );
    try {
      await cases.declareWithin(
        db,
        ROSTER_ACTOR,
        {
          townshipCode: registered.townshipCode,
          villageCode: registered.villageCode,
          data: { householdId: registered.householdId, appraisalGrade: registered.housingGrade as HousingGrade, origin: 'roster' },
        },
        `event:${messageId}`,
      );
    } catch (error) {
      // The village already opened one: one open renovation per household is enough.
      if (!(error instanceof CaseFailure && error.body.code === 'HOUSING.RENOVATION_OPEN')) throw error;
    }
  },
};

/** The definition under one county policy version: the case's own version decides its subsidy. */
export function housingDefinitionFor(countyPolicy: CountyPolicy): CaseServiceDefinition<HousingData> {
  return {
    service: 'housing',
    schema: SCHEMA,
    policy: housingPolicy(countyPolicy),
    countyPolicyId: countyPolicy.id,
    dataSchema: housingDataSchema as any,
    entities: [DangerousHouse, RosterHousehold],
    migrations: MIGRATIONS,
    consumers: [rosterConsumer],
    describe: (data) => ({ title: `${data.household?.headName ?? ''}户 危房改造`, householdId: data.householdId }),
    amounts: (data) => housingAmounts(data, countyPolicy),
    personalFields: PERSONAL_FIELDS['housing'],
    publicNotice: (data) => {
      const grade = data.subsidy?.grade ?? data.appraisalGrade;
      return {
        name: data.household?.headName ?? '',
        householdSize: data.household?.size ?? null,
        category: grade ? `危房改造 ${HOUSING_GRADE_LABELS[grade]}` : '危房改造',
        amounts: housingAmounts(data, countyPolicy).map(({ label, amountFen }) => ({ label, amountFen })),
      };
    },
    /** The household must be in this village's roster, with no renovation already open. */
    async beforeDeclare(db, data, _actor, declaration) {
      const found = await rosterHouseholdFor(db, SCHEMA, data.householdId, declaration);
      if ('refusal' in found) return found.refusal;
      const [open] = await db.all(`select id from housing.case_record where household_id = ? and stage in ${OPEN_STAGES} limit 1`, [data.householdId]);
      if (open) {
        return refusal('HOUSING.RENOVATION_OPEN', '该户已有一件未办结的危房改造 / This household already has a renovation case open', {
          field: 'data.householdId',
          details: { openCaseId: open.id },
        });
      }
      return { data: { household: rosterFacts(found.household) } };
    },
    /** County approval fixes the subsidy; 销号 strikes the house off the ledger with the subsidy paid. */
    async afterTransition(db, { row, step, event }) {
      const data = step.snapshot.context.data as HousingData;
      const at = event.at;
      if (event.type === 'review.approve' && step.stage === 'publicNotice') {
        const result = appraiseHousingSubsidy(countyPolicy, data.appraisalGrade);
        if (!result.ok) return { refusal: refusal(result.code, result.message, { field: 'data.appraisalGrade' }) };
        await db.all(
          `insert into housing.dangerous_house (household_id, grade, status, case_id, listed_at, updated_at) values (?,?,'renovating',?,?,?)
           on conflict (household_id) do update set grade = excluded.grade, status = 'renovating', case_id = excluded.case_id, updated_at = excluded.updated_at`,
          [data.householdId, result.grade, row.id, at, at],
        );
        return {
          data: { subsidy: { grade: result.grade, amountFen: result.amount.amountFen, rule: result.amount.rule, policyId: result.amount.policyId } },
          outbox: [statusEvent({ householdId: data.householdId, safe: false, grade: result.grade, reason: 'renovationOpened', caseId: row.id, at })],
        };
      }
      if (step.stage === 'closed' && data.subsidy) {
        await db.all(
          `update housing.dangerous_house set status = 'struckOff', subsidy_paid_fen = ?, struck_off_at = ?, case_id = ?, updated_at = ? where household_id = ?`,
          [data.subsidy.amountFen, at, row.id, at, data.householdId],
        );
        return { outbox: [statusEvent({ householdId: data.householdId, safe: true, grade: data.subsidy.grade, reason: 'renovated', caseId: row.id, at })] };
      }
      return undefined;
    },
  };
}

export const housingDefinition: CaseServiceDefinition<HousingData> = definitionByPolicy(housingDefinitionFor);
