import { randomUUID } from 'node:crypto';
import { HOUSEHOLD_REGISTERED, PERSONAL_FIELDS, identificationDataSchema, type HouseholdRegisteredEvent, type IdentificationData } from '@poverty/contracts';
import { assessIdentification, currentPolicy, HOUSEHOLD_ATTRIBUTE_LABELS, type CountyPolicy } from '@poverty/policy';
import { definitionByPolicy, personKey, type CaseServiceDefinition, type TransitionWrite } from '@poverty/service-kit';
import { countyReviewChain } from '@poverty/workflow';
import type { ServicePolicy } from '@poverty/workflow';
import { MIGRATIONS } from '../migrations';
import { Household, HouseholdImportRow, HouseholdMember, HouseholdStatusChange } from './household.entity';
import { exitConsumer } from './roster-status.consumer';
import { exitYearConsumer } from './roster-reporting.message.controller';
import { MONITORING_CONSUMERS } from './monitoring/monitoring.consumers';
import { MONITORING_ENTITIES } from './monitoring/monitoring.entities';

/** 精准识别: village → township → county poverty office; acceptance is the county's data comparison. */
export function identificationPolicy(countyPolicy: CountyPolicy): ServicePolicy {
  return {
    service: 'identification',
    ...countyReviewChain('poverty_office'),
    noticePeriod: countyPolicy.noticePeriod,
    acceptanceChecks: { dataComparison: '县级信息比对', dataEntry: '建档立卡信息录入' },
    extraGuards: [
      {
        // The county may only approve a household whose income is below the year's line.
        on: 'review.approve',
        level: 'county',
        check: (data) => {
          const result = assessIdentification(countyPolicy, { perCapitaNetIncomeYuan: Number(data['perCapitaNetIncomeYuan']) });
          return result.ok ? null : { code: result.code, message: result.message, field: 'data.perCapitaNetIncomeYuan' };
        },
      },
    ],
  };
}

/** The policy of the current year's cases (tests and tools that need one). */
export const IDENTIFICATION_POLICY: ServicePolicy = identificationPolicy(currentPolicy());

function householdSize(data: IdentificationData): number {
  return 1 + data.members.filter((m) => m.idNumber !== data.householdHead.idNumber).length;
}

/** The definition under one county policy version: the case's own version decides its rules. */
export function identificationDefinitionFor(countyPolicy: CountyPolicy): CaseServiceDefinition<IdentificationData> {
  return {
    service: 'identification',
    schema: 'identification',
    policy: identificationPolicy(countyPolicy),
    countyPolicyId: countyPolicy.id,
    dataSchema: identificationDataSchema as any,
    entities: [Household, HouseholdMember, HouseholdStatusChange, HouseholdImportRow, ...MONITORING_ENTITIES],
    consumers: [exitConsumer, exitYearConsumer, ...MONITORING_CONSUMERS],
    migrations: MIGRATIONS,
    describe: (data) => ({ title: `${data.householdHead.name}户 精准识别`, householdId: null }),
    personalFields: PERSONAL_FIELDS['identification'],
    publicNotice: (data) => ({
      name: data.householdHead.name,
      householdSize: householdSize(data),
      category: HOUSEHOLD_ATTRIBUTE_LABELS[data.attribute],
      amounts: [],
    }),
    /** 销号: the household enters the roster as 未脱贫 and the world is told. */
    async afterTransition(_db, { row, step }) {
      if (step.stage !== 'closed') return;
      const data = step.snapshot.context.data as IdentificationData;
      const householdId = randomUUID();
      const at = new Date().toISOString();
      const members = [{ name: data.householdHead.name, idNumber: data.householdHead.idNumber, relation: '户主' }, ...data.members.filter((m) => m.idNumber !== data.householdHead.idNumber)];
      // Written by the 销号 transition's own statement (selecting from its updated case row): no
      // transaction of its own, and nothing at all if someone else decided first.
      const writes: TransitionWrite[] = [
        {
          sql: `insert into identification.household (id, case_id, township_code, village_code, head_name, size, attribute, poverty_cause,
                  per_capita_net_income_yuan, housing_grade, status, year, registered_at, updated_at)
                select ?::uuid, changed.id, ?, ?, ?, ?::int, ?, ?, ?::int, ?, 'notExited', ?::int, ?::timestamptz, ?::timestamptz from changed`,
          params: [householdId, row.townshipCode, row.villageCode, data.householdHead.name, householdSize(data), data.attribute,
            data.povertyCause, data.perCapitaNetIncomeYuan, data.housingGrade ?? null, data.year ?? countyPolicy.year, at, at],
        },
        {
          sql: `insert into identification.household_member (id, household_id, name, id_number, relation)
                select m.id::uuid, ?::uuid, m.name, m.id_number, m.relation
                from changed, (values ${members.map(() => '(?,?,?,?)').join(',')}) as m(id, name, id_number, relation)`,
          params: [householdId, ...members.flatMap((m) => [randomUUID(), m.name, m.idNumber, m.relation])],
        },
      ];
      const event: HouseholdRegisteredEvent = {
        householdId,
        caseId: row.id,
        townshipCode: row.townshipCode,
        villageCode: row.villageCode,
        headName: data.householdHead.name,
        size: members.length,
        attribute: data.attribute,
        housingGrade: data.housingGrade ?? null,
        registeredAt: at,
        members: members.map((m) => ({ personKey: personKey(m.idNumber), relation: m.relation })),
      };
      return { householdId, writes, outbox: [{ subject: HOUSEHOLD_REGISTERED, payload: { name: 'household.registered', ...event } }] };
    },
  };
}

export const identificationDefinition: CaseServiceDefinition<IdentificationData> = definitionByPolicy(identificationDefinitionFor);
