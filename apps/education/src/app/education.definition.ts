import { EDUCATION_AIDED, PERSONAL_FIELDS, educationDataSchema, type EducationAidedEvent, type EducationData } from '@poverty/contracts';
import { EDUCATION_STAGE_LABELS, type CountyPolicy } from '@poverty/policy';
import {
  ROSTER_EVENTS_FILTER,
  RosterHousehold,
  applyRosterEvent,
  definitionByPolicy,
  personKey,
  rosterFacts,
  rosterHouseholdFor,
  type CaseServiceDefinition,
} from '@poverty/service-kit';
import { refusal } from '@poverty/workflow';
import { MIGRATIONS } from '../migrations';
import { EducationAward } from './education-award.entity';
import { awardKeyOf, educationAmounts, educationPolicy } from './education.policy';

const SCHEMA = 'education';

/** The definition under one county policy version: the case's own version decides its amounts. */
export function educationDefinitionFor(countyPolicy: CountyPolicy): CaseServiceDefinition<EducationData> {
  return {
    service: 'education',
    schema: SCHEMA,
    policy: educationPolicy(countyPolicy),
    countyPolicyId: countyPolicy.id,
    dataSchema: educationDataSchema as any,
    entities: [EducationAward, RosterHousehold],
    migrations: MIGRATIONS,
    consumers: [{ name: 'roster', filterSubject: ROSTER_EVENTS_FILTER, handle: async (db, e) => void (await applyRosterEvent(db, SCHEMA, e.subject, e.payload)) }],
    describe: (data) => ({ title: `${data.household?.headName ?? ''}户 ${data.schoolYear}学年 ${EDUCATION_STAGE_LABELS[data.stage]}教育救助`, householdId: data.householdId }),
    amounts: (data) => educationAmounts(countyPolicy, data),
    personalFields: PERSONAL_FIELDS['education'],
    publicNotice: (data) => ({
      name: data.household?.headName ?? '',
      householdSize: data.household?.size ?? null,
      category: `教育救助 ${EDUCATION_STAGE_LABELS[data.stage]} ${data.schoolYear}学年`,
      amounts: educationAmounts(countyPolicy, data).map(({ label, amountFen }) => ({ label, amountFen })),
    }),
    /** Roster household, a member as the student, and the school year's award not yet claimed. */
    async beforeDeclare(db, data, _actor, declaration) {
      const found = await rosterHouseholdFor(db, SCHEMA, data.householdId, declaration);
      if ('refusal' in found) return found.refusal;
      if (!found.household.memberKeys.includes(personKey(data.student.idNumber))) {
        return refusal('EDUCATION.NOT_A_MEMBER', '学生不是该户建档立卡成员 / The student is not a member of this roster household', { field: 'data.student.idNumber' });
      }
      const awardKey = awardKeyOf(data);
      if (!awardKey) return refusal('EDUCATION.SCHOOL_YEAR_INVALID', '学年应形如 2019-2020 / The school year must look like 2019-2020', { field: 'data.schoolYear' });
      const claimed = await db.run(
        `insert into education.education_award (case_id, award_key, household_id, stage, school_year, status, updated_at) values (?,?,?,?,?,'claimed',now())
         on conflict (award_key) do nothing`,
        [declaration.caseId, awardKey, data.householdId, data.stage, data.schoolYear],
      );
      if (claimed !== 1) {
        return refusal(
          'EDUCATION.DUPLICATE_AWARD',
          `该学生 ${data.schoolYear} 学年${EDUCATION_STAGE_LABELS[data.stage]}阶段已有资助申请或已获资助 / ` +
            `This student already has an award (or an open application) for this stage in school year ${data.schoolYear}`,
          { field: 'data.student' },
        );
      }
      return { data: { household: rosterFacts(found.household) } };
    },
    /** 销号 records the award paid; a rejected or withdrawn case frees the student's school-year award. */
    async afterTransition(db, { row, step, event }) {
      const data = step.snapshot.context.data as EducationData;
      if (step.stage === 'rejected' || step.stage === 'withdrawn') {
        await db.run(`update education.education_award set status = 'released', award_key = award_key || ':released:' || case_id, updated_at = now() where case_id = ? and status = 'claimed'`, [row.id]);
        return undefined;
      }
      if (step.stage !== 'closed') return undefined;
      const [amount] = educationAmounts(countyPolicy, data);
      await db.run(`update education.education_award set status = 'paid', paid_fen = ?, updated_at = now() where case_id = ?`, [amount.amountFen, row.id]);
      const aided: EducationAidedEvent = { householdId: data.householdId, caseId: row.id, stage: data.stage, schoolYear: data.schoolYear, amountFen: amount.amountFen, at: event.at };
      return { outbox: [{ subject: EDUCATION_AIDED, payload: { name: 'household.educationAided', ...aided } }] };
    },
  };
}

export const educationDefinition: CaseServiceDefinition<EducationData> = definitionByPolicy(educationDefinitionFor);
