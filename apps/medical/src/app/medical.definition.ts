import {
  INSURANCE_STATUS,
  medicalDataSchema,
  type InsuranceStatusEvent,
  type MedicalData,
  type MedicalReliefData,
  PERSONAL_FIELDS,
  MEDICAL_COSTS,
  type MedicalCostsEvent,
} from '@poverty/contracts';
import { computeMedicalRelief, currentPolicy, type CountyPolicy } from '@poverty/policy';
import {
  ROSTER_EVENTS_FILTER,
  RosterHousehold,
  applyRosterEvent,
  definitionByPolicy,
  lockHousehold,
  personKey,
  rosterFacts,
  rosterHouseholdFor,
  type CaseAmount,
  type CaseServiceDefinition,
  type TransitionContext,
  type TransitionEffects,
} from '@poverty/service-kit';
import { refusal } from '@poverty/workflow';
import type { Sql } from '@poverty/persistence';
import { randomUUID } from 'node:crypto';
import { MIGRATIONS } from '../migrations';
import { InsuranceEnrolment, ReliefLedgerEntry } from './medical-ledger.entity';
import { insurancePremiumFen, insurancePremiumRule, medicalPolicy, rateRefusal } from './medical.policy';

const SCHEMA = 'medical';

const yearOf = (data: MedicalReliefData) => Number(data.settledOn.slice(0, 4));

/** Relief as recorded at county approval; before that, an estimate as if it were the person's first claim, under the case's policy version. */
export function medicalAmounts(data: MedicalData, countyPolicy: CountyPolicy = currentPolicy()): CaseAmount[] {
  if (data.kind === 'insurance') {
    return [{ code: 'medical.insurancePremium', label: '资助参保', amountFen: insurancePremiumFen(countyPolicy, data), rule: insurancePremiumRule(countyPolicy, data) }];
  }
  if (data.relief) return [{ code: 'medical.relief', label: '医疗救助', amountFen: data.relief.amountFen, rule: data.relief.rule }];
  const estimate = computeMedicalRelief(countyPolicy, { selfPaidFen: data.selfPaidFen, priorSelfPaidFenThisYear: 0, priorReliefFenThisYear: 0, rateBp: data.rateBp });
  if (!estimate.ok) return [];
  return [{
    code: 'medical.relief.estimate',
    label: '医疗救助（预估）',
    amountFen: estimate.amount.amountFen,
    rule: `${estimate.amount.rule}；县医保局审定时按本人年度累计费用和已获救助重新核算`,
  }];
}

/**
 * The county's approval computes the relief against the person's ledger for the year (prior
 * self-paid costs and prior relief across all their cases), under a per-person lock, and writes
 * the ledger row in the same transaction: two claims approved one after the other share one cap.
 */
async function decideRelief(db: Sql, { row, step, event }: TransitionContext, countyPolicy: CountyPolicy): Promise<TransitionEffects> {
  const data = step.snapshot.context.data as MedicalReliefData;
  const key = personKey(data.patient.idNumber);
  const year = yearOf(data);
  await lockHousehold(db, 'medical-person', `${key}:${year}`);
  const [prior] = await db.all(
    `select coalesce(sum(self_paid_fen),0)::int as self_paid, coalesce(sum(relief_fen),0)::int as relief
       from medical.relief_ledger where person_key = ? and year = ? and status in ('approved','paid') and case_id <> ?`,
    [key, year, row.id],
  );
  const result = computeMedicalRelief(countyPolicy, {
    selfPaidFen: data.selfPaidFen,
    priorSelfPaidFenThisYear: prior.self_paid,
    priorReliefFenThisYear: prior.relief,
    rateBp: data.rateBp,
  });
  if (!result.ok) {
    return { refusal: refusal(result.code, result.message, { field: result.field ? `data.${result.field}` : undefined }) };
  }
  await db.all(
    `insert into medical.relief_ledger (case_id, person_key, year, self_paid_fen, relief_fen, status, updated_at) values (?,?,?,?,?,'approved',now())
     on conflict (case_id) do update set self_paid_fen = excluded.self_paid_fen, relief_fen = excluded.relief_fen, status = 'approved', updated_at = now()`,
    [row.id, key, year, data.selfPaidFen, result.amount.amountFen],
  );
  const costs: MedicalCostsEvent = { householdId: data.householdId, caseId: row.id, year, selfPaidFenThisYear: prior.self_paid + data.selfPaidFen, at: event.at };
  return {
    // 防返贫 monitoring watches a year's costs (identification raises a flag past the county's threshold).
    outbox: [{ subject: MEDICAL_COSTS, payload: { name: 'household.medicalCosts', ...costs } }],
    data: {
      relief: {
        year,
        amountFen: result.amount.amountFen,
        rateBp: result.rateBp,
        rateSource: result.rateSource,
        uncappedFen: result.uncappedFen,
        cappedBy: result.cappedBy,
        remainingCapFen: result.remainingCapFen,
        priorSelfPaidFen: prior.self_paid,
        priorReliefFen: prior.relief,
        rule: result.amount.rule,
        policyId: result.amount.policyId,
      },
    },
  };
}

/** Enrols each member for the year (once) and tells the exit checklist how many of the household are insured. */
async function enrol(db: Sql, { row, step, event }: TransitionContext, countyPolicy: CountyPolicy): Promise<TransitionEffects> {
  const data = step.snapshot.context.data as Extract<MedicalData, { kind: 'insurance' }>;
  for (const member of data.members) {
    await db.all(
      `insert into medical.insurance_enrolment (id, person_key, year, household_id, case_id, premium_fen, enrolled_at) values (?,?,?,?,?,?,?)
       on conflict (person_key, year) do nothing`,
      [randomUUID(), personKey(member.idNumber), data.year, data.householdId, row.id, countyPolicy.medical.insurancePremiumFenPerPerson, event.at],
    );
  }
  const [{ members, enrolled }] = await db.all(
    `select jsonb_array_length(h.member_keys)::int as members,
            (select count(*)::int from medical.insurance_enrolment e
              where e.year = ? and e.person_key in (select jsonb_array_elements_text(h.member_keys))) as enrolled
       from medical.roster_household h where h.id = ?`,
    [data.year, data.householdId],
  );
  const status: InsuranceStatusEvent = {
    householdId: data.householdId,
    year: data.year,
    memberCount: members,
    enrolledCount: enrolled,
    allEnrolled: members > 0 && enrolled === members,
    caseId: row.id,
    at: event.at,
  };
  return { outbox: [{ subject: INSURANCE_STATUS, payload: { name: 'household.insuranceStatus', ...status } }] };
}

/** The definition under one county policy version: the case's own version decides its relief and premium. */
export function medicalDefinitionFor(countyPolicy: CountyPolicy): CaseServiceDefinition<MedicalData> {
  return {
    service: 'medical',
    schema: SCHEMA,
    policy: medicalPolicy(countyPolicy),
    countyPolicyId: countyPolicy.id,
    dataSchema: medicalDataSchema as any,
    entities: [ReliefLedgerEntry, InsuranceEnrolment, RosterHousehold],
    migrations: MIGRATIONS,
    consumers: [{ name: 'roster', filterSubject: ROSTER_EVENTS_FILTER, handle: async (db, e) => void (await applyRosterEvent(db, SCHEMA, e.subject, e.payload)) }],
    describe: (data) => ({
      title: `${data.household?.headName ?? ''}户 ${data.kind === 'insurance' ? `${data.year}年资助参保` : '医疗救助'}`,
      householdId: data.householdId,
    }),
    amounts: (data) => medicalAmounts(data, countyPolicy),
    personalFields: PERSONAL_FIELDS['medical'],
    publicNotice: (data) => ({
      name: data.household?.headName ?? '',
      householdSize: data.household?.size ?? null,
      category: data.kind === 'insurance' ? '资助参保（新农合+大病保险）' : '医疗救助',
      amounts: medicalAmounts(data, countyPolicy).map(({ label, amountFen }) => ({ label, amountFen })),
    }),
    /** The household must be in the village's roster and the people named must be its members. */
    async beforeDeclare(db, data, _actor, declaration) {
      const found = await rosterHouseholdFor(db, SCHEMA, data.householdId, declaration);
      if ('refusal' in found) return found.refusal;
      const people = data.kind === 'relief' ? [data.patient] : data.members;
      const outsider = people.findIndex((p) => !found.household.memberKeys.includes(personKey(p.idNumber)));
      if (outsider >= 0) {
        return refusal('MEDICAL.NOT_A_MEMBER', '所填人员不是该户建档立卡成员 / The person named is not a member of this roster household', {
          field: data.kind === 'relief' ? 'data.patient.idNumber' : `data.members.${outsider}.idNumber`,
        });
      }
      const rate = rateRefusal(countyPolicy, data);
      if (rate) return rate;
      return { data: { household: rosterFacts(found.household) } };
    },
    async afterTransition(db, transition) {
      const { row, step, event } = transition;
      const data = step.snapshot.context.data as MedicalData;
      if (data.kind === 'insurance') return step.stage === 'closed' ? enrol(db, transition, countyPolicy) : undefined;
      if (event.type === 'review.approve' && step.stage === 'publicNotice') return decideRelief(db, transition, countyPolicy);
      if (step.stage === 'closed') {
        await db.all(`update medical.relief_ledger set status = 'paid', updated_at = now() where case_id = ?`, [row.id]);
      } else if (row.stage === 'publicNotice' && (step.stage === 'review' || step.stage === 'rejected')) {
        // An upheld objection undoes the approval: the relief no longer counts against the cap.
        await db.all(`update medical.relief_ledger set status = 'void', updated_at = now() where case_id = ?`, [row.id]);
      }
      return undefined;
    },
  };
}

export const medicalDefinition: CaseServiceDefinition<MedicalData> = definitionByPolicy(medicalDefinitionFor);
