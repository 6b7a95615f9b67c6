/**
 * Template cases for `scale-seed.ts`: one per service × path (stage, state, level, and how it got
 * there) × data variant, built in Node with the service's real `CaseWorkflow` and its own
 * `afterTransition` hook (run against a fake `Sql`, so the facts a hook records in the case data —
 * the housing subsidy, the medical relief, the exit checklist — are what the service would record).
 *
 * Everything that differs per row is a placeholder in the template's text, which the seed's SQL
 * substitutes row by row:
 * - `@@NAME@@` inside a JSON string (case id, codes, actors, names, ID numbers);
 * - `"@@N:NAME@@"` (quotes included) for a whole JSON value (a number, an array);
 * - `@@T:i@@` for the template's i-th timestamp, which is `created_at + k·gap + e` of the row: the
 *   template is driven twice, one hour and two hours between events, and each timestamp's `k` and
 *   `e` (the notice period it includes, say) are read from the difference.
 */
import type { CaseServiceDefinition } from '@poverty/service-kit';
// Not in the kit's public index: the read model's own derivations, so the seed derives exactly what the services do.
import { amountsPaid, reviewDueAt } from '../../libs/service-kit/src/lib/case-read-model';
import { assembleChecklist } from '../../apps/exit-verification/src/app/exit.checklist';
import { currentPolicy, evaluateExitChecklist } from '@poverty/policy';
import {
  CaseWorkflow,
  PUBLIC_ACTOR,
  SYSTEM_ACTOR,
  awaitingActor,
  isoDurationToMs,
  type Actor,
  type CaseEvent,
  type CaseStep,
  type LevelSpec,
} from '@poverty/workflow';
import type { Sql } from '@poverty/persistence';

const P = (name: string) => `@@${name}@@`;
const N = (name: string) => `@@N:${name}@@`;
const BASE = Date.parse('2000-01-01T00:00:00.000Z');
const HOUR = 3_600_000;
const ISO_2000 = /2000-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;
const policy = currentPolicy();

/** A timestamp of the row: created_at + k × gap + e (ms). */
export interface RowTime {
  k: number;
  e: number;
}

export type TemplateKind = 'terminal' | 'open' | 'noticeRunning' | 'onHold';

export interface CaseTemplate {
  service: string;
  name: string;
  weight: number;
  kind: TemplateKind;
  stage: string;
  state: string;
  level: string | null;
  /** Transitions after the declaration (the row's version is this + 1). */
  steps: number;
  /** The snapshot's JSON text with placeholders. */
  snapshot: string;
  /** Timestamps of the snapshot, `@@T:i@@` → times[i]. */
  times: RowTime[];
  title: string;
  awaitingKey: string | null;
  awaitingExcluded: string[];
  waitingSince: RowTime;
  updatedAt: RowTime;
  /** The last event's time (the row's time anchor, see `scale-seed.ts`). */
  last: RowTime;
  /** Days of the review level's time limit (`reviewDueAt`), null outside review. */
  dueDays: number | null;
  /** What the closed case paid, fen, from the service's own `amounts` (null when not closed). */
  paidFen: number | null;
  /** Per member of the household, fen (medical insurance: the premium × members). */
  paidFenPerMember: number | null;
  /** A running notice's timer ends at this time (the snapshot's `notice.endsAt`). */
  noticeEndsAt: RowTime | null;
  /** The notice's timer fired at this time (every case that passed a notice). */
  noticeFiredAt: RowTime | null;
  /** The state the fired notice timer moved the case to. */
  noticeFiredTo: string | null;
  /** A held notice's `remainingMs` = a + b × gap (null when the snapshot has none to fill in). */
  remaining: { a: number; b: number } | null;
  /** A held notice's cancelled timer: when the objection stopped it. */
  noticeCancelledAt: RowTime | null;
}

type Move =
  | 'submit'
  | 'approve'
  | 'returnPrevious'
  | 'returnApplicant'
  | 'reject'
  | 'withdraw'
  | 'object'
  | 'elapse'
  | 'record'
  | 'accept';

interface Path {
  name: string;
  moves: Move[];
  weight: number;
  kind: TemplateKind;
}

const WHERE = { townshipCode: P('TWP'), villageCode: P('VIL') };
const DECLARER: Actor = { userId: P('DECL'), displayName: P('DECLNAME'), roles: ['village_officer'], ...WHERE };
const VILLAGE_REVIEWER: Actor = { userId: P('VREV'), displayName: P('VREVNAME'), roles: ['village_officer'], ...WHERE };
const TOWNSHIP_REVIEWER: Actor = { userId: P('TREV'), displayName: P('TREVNAME'), roles: ['township_reviewer'], townshipCode: P('TWP') };

function countyActor(level: LevelSpec, who: 'CREV' | 'CACC'): Actor {
  return { userId: P(who), displayName: P(`${who}NAME`), roles: ['county_officer'], department: level.department };
}

function levelActor(level: LevelSpec): Actor {
  if (level.scope === 'village') return VILLAGE_REVIEWER;
  if (level.scope === 'township') return TOWNSHIP_REVIEWER;
  return countyActor(level, 'CREV');
}

/** A plausible year of one service: most cases end (closed, rejected, withdrawn), a few percent wait at each step. */
function paths(levels: number, checks: number, closedWeight: number, rejectedWeight: number): Path[] {
  const approvals = (n: number): Move[] => Array.from({ length: n }, () => 'approve' as Move);
  const out: Path[] = [
    { name: 'application', moves: [], weight: 2.5, kind: 'open' },
    { name: 'application.returned', moves: ['submit', 'returnApplicant'], weight: 0.5, kind: 'open' },
  ];
  for (let i = 0; i < levels; i++) out.push({ name: `review.${i}`, moves: ['submit', ...approvals(i)], weight: 2, kind: 'open' });
  out.push({ name: 'review.returnedFromCounty', moves: ['submit', ...approvals(levels - 1), 'returnPrevious'], weight: 0.5, kind: 'open' });
  out.push({ name: 'publicNotice.running', moves: ['submit', ...approvals(levels)], weight: 1.5, kind: 'noticeRunning' });
  out.push({ name: 'publicNotice.onHold', moves: ['submit', ...approvals(levels), 'object'], weight: 0.2, kind: 'onHold' });
  for (let r = 0; r < checks; r++) {
    out.push({ name: `acceptance.${r}`, moves: ['submit', ...approvals(levels), 'elapse', ...Array.from({ length: r }, () => 'record' as Move)], weight: 2.5 / checks, kind: 'open' });
  }
  out.push({ name: 'closed', moves: ['submit', ...approvals(levels), 'elapse', ...Array.from({ length: checks }, () => 'record' as Move), 'accept'], weight: closedWeight, kind: 'terminal' });
  // Rejections: most at the village and township, fewer at the county.
  const rejectShares = levels === 3 ? [0.4, 0.35, 0.25] : [0.6, 0.4];
  for (let i = 0; i < levels; i++) out.push({ name: `rejected.${i}`, moves: ['submit', ...approvals(i), 'reject'], weight: rejectedWeight * rejectShares[i], kind: 'terminal' });
  out.push({ name: 'withdrawn.application', moves: ['withdraw'], weight: 4, kind: 'terminal' });
  out.push({ name: 'withdrawn.review', moves: ['submit', 'withdraw'], weight: 2, kind: 'terminal' });
  return out;
}

/** Answers the SQL the services' hooks send with what an ordinary household would give. */
function fakeSql(): Sql {
  const all = async (text: string): Promise<any[]> => {
    if (/relief_ledger/.test(text) && /^\s*select/i.test(text)) return [{ self_paid: 0, relief: 0 }];
    if (/jsonb_array_length/.test(text)) return [{ members: 3, enrolled: 3 }];
    if (/checklist_item/.test(text) && /^\s*select/i.test(text)) {
      const at = new Date(BASE).toISOString();
      return [
        { item: 'safeHousing', met: true, source: '县住建局：建档立卡房屋鉴定（B级）', at },
        { item: 'basicMedical', met: true, source: '县医保局：2019年参加新农合和大病保险 3/3 人', at },
        { item: 'compulsoryEducation', met: true, source: '县教育局：2019-2020学年 寄宿制小学 在校并获资助', at },
      ];
    }
    return [];
  };
  return { all, run: async () => 1 };
}

/** A data variant of a service: the declared data (placeholders for what differs per row). */
interface DataVariant {
  name: string;
  weight: number;
  data: Record<string, unknown>;
  /** Closed cases pay this per member of the household instead of a fixed amount. */
  perMember?: boolean;
  /** Concrete values the rules need while driving, made placeholders afterwards: [text, replacement]. */
  after?: Array<[string, string]>;
}

/** Stands for a whole array while driving (the hooks iterate it); replaced by a placeholder afterwards. */
const SENTINEL_PEOPLE = [{ name: 'SENTINEL', idNumber: 'SENTINEL', relation: '子女' }];
const sentinelAfter = (field: string, placeholder: string, people: unknown[]): [string, string] => [
  `"${field}":${JSON.stringify(people)}`,
  `"${field}":"${N(placeholder)}"`,
];

const HOUSEHOLD_FACTS = { headName: P('HHHEAD'), size: N('HHSIZE'), status: 'notExited' };

function dataVariants(service: string): DataVariant[] {
  switch (service) {
    case 'identification':
      return [{
        name: 'household',
        weight: 1,
        data: {
          householdHead: { name: P('HEAD'), idNumber: P('HEADID') },
          members: SENTINEL_PEOPLE,
          perCapitaNetIncomeYuan: 2800,
          povertyCause: P('CAUSE'),
          attribute: P('ATTR'),
          assessment: { food: true, clothing: true, medical: false, education: true, housing: false },
          housingGrade: P('GRADE'),
          year: 2019,
        },
        after: [['"perCapitaNetIncomeYuan":2800', `"perCapitaNetIncomeYuan":"${N('INCOME')}"`], sentinelAfter('members', 'MEMBERS', SENTINEL_PEOPLE)],
      }];
    case 'housing':
      return (['C', 'D'] as const).map((grade) => ({
        name: `grade${grade}`,
        weight: grade === 'C' ? 0.7 : 0.3,
        data: { householdId: P('HH'), appraisalGrade: grade, appraisalReport: `BXJD-2019-${grade}`, method: grade === 'C' ? 'repair' : 'rebuild', origin: 'village', household: HOUSEHOLD_FACTS },
      }));
    case 'medical':
      return [
        { name: 'relief.small', weight: 0.45, data: { kind: 'relief', householdId: P('HH'), patient: { name: P('PNAME'), idNumber: P('PID') }, settledOn: '2019-06-01', selfPaidFen: 860_000, hospital: '本溪县人民医院', diagnosis: '慢性病', household: HOUSEHOLD_FACTS } },
        { name: 'relief.large', weight: 0.25, data: { kind: 'relief', householdId: P('HH'), patient: { name: P('PNAME'), idNumber: P('PID') }, settledOn: '2019-06-01', selfPaidFen: 4_200_000, hospital: '本溪市中心医院', diagnosis: '住院', household: HOUSEHOLD_FACTS } },
        {
          name: 'insurance', weight: 0.3, perMember: true,
          data: { kind: 'insurance', householdId: P('HH'), year: 2019, members: [{ name: 'SENTINEL', idNumber: 'SENTINEL' }], household: HOUSEHOLD_FACTS },
          after: [sentinelAfter('members', 'PEOPLE', [{ name: 'SENTINEL', idNumber: 'SENTINEL' }])],
        },
      ];
    case 'education':
      return (['boardingPrimary', 'seniorHigh', 'university'] as const).map((stage, i) => ({
        name: stage,
        weight: [0.5, 0.3, 0.2][i],
        data: { householdId: P('HH'), student: { name: P('PNAME'), idNumber: P('PID') }, stage, schoolYear: '2019-2020', school: ['县第一小学', '县高级中学', '辽宁大学'][i], household: HOUSEHOLD_FACTS },
      }));
    case 'exit-verification': {
      const survey = { perCapitaNetIncomeYuan: 4200, incomeStable: true, noWorryFood: true, noWorryClothing: true, safeDrinkingWater: true, surveyedOn: '2019-10-15', surveyedBy: P('VREVNAME') };
      const at = new Date(BASE).toISOString();
      const checklist = assembleChecklist(policy, survey, [
        { item: 'safeHousing', met: true, source: '县住建局：建档立卡房屋鉴定（B级）', at },
        { item: 'basicMedical', met: true, source: '县医保局：2019年参加新农合和大病保险 3/3 人', at },
        { item: 'compulsoryEducation', met: true, source: '县教育局：2019-2020学年 寄宿制小学 在校并获资助', at },
      ]);
      return [{ name: 'survey', weight: 1, data: { householdId: P('HH'), year: 2019, survey, household: HOUSEHOLD_FACTS, checklist, unmet: [...evaluateExitChecklist(policy, checklist).unmet] } }];
    }
    default:
      throw new Error(`no data variants for ${service}`);
  }
}

/** Closing weights per service: identification rejects more (many applicants are above the line). */
const MIX: Record<string, { closed: number; rejected: number }> = {
  identification: { closed: 45, rejected: 30 },
  housing: { closed: 55, rejected: 20 },
  medical: { closed: 60, rejected: 15 },
  education: { closed: 60, rejected: 15 },
  'exit-verification': { closed: 55, rejected: 20 },
};

interface Drive {
  step: CaseStep;
  /** [at of each applied event], the declaration first. */
  times: number[];
  waitingSince: number;
  updatedAt: number;
  noticeFiredAt: number | null;
  noticeFiredTo: string | null;
}

async function drive(definition: CaseServiceDefinition<any>, workflow: CaseWorkflow, data: Record<string, unknown>, moves: Move[], gap: number): Promise<Drive> {
  const policy = definition.policy;
  const sql = fakeSql();
  let now = BASE;
  let step = workflow.open({ caseId: P('CASE'), jurisdiction: WHERE, declaredBy: DECLARER, data });
  const times = [now];
  let waitingSince = now;
  let noticeFiredAt: number | null = null;
  let noticeFiredTo: string | null = null;
  const checks = Object.keys(policy.acceptanceChecks);
  let recorded = 0;
  for (const move of moves) {
    const ctx = step.snapshot.context;
    const level = policy.levels[Math.min(ctx.levelIndex, policy.levels.length - 1)];
    let event: CaseEvent;
    if (move === 'elapse') {
      now = Date.parse(ctx.notice.endsAt!);
      event = { type: 'notice.elapsed', timerKey: ctx.notice.timerKey!, actor: SYSTEM_ACTOR, at: new Date(now).toISOString() };
    } else {
      now += gap;
      const at = new Date(now).toISOString();
      switch (move) {
        case 'submit': event = { type: 'case.submit', actor: DECLARER, at }; break;
        case 'withdraw': event = { type: 'case.withdraw', actor: DECLARER, at, comment: '农户申请撤回' }; break;
        case 'approve': event = { type: 'review.approve', actor: levelActor(level), at, comment: '审核通过' }; break;
        case 'returnPrevious': event = { type: 'review.return', to: 'previous', actor: levelActor(level), at, comment: '材料不全，退回补充' }; break;
        case 'returnApplicant': event = { type: 'review.return', to: 'applicant', actor: levelActor(level), at, comment: '请补充收入证明' }; break;
        case 'reject': event = { type: 'review.reject', actor: levelActor(level), at, comment: '经核查不符合条件' }; break;
        case 'object': event = { type: 'notice.objection', objectionId: P('OBJ'), reason: '群众反映家庭收入情况不实', actor: PUBLIC_ACTOR, at }; break;
        case 'record': event = { type: 'acceptance.record', check: checks[recorded++], evidence: '已核实', actor: countyActor(policy.acceptor, 'CACC'), at }; break;
        case 'accept': event = { type: 'acceptance.accept', actor: countyActor(policy.acceptor, 'CACC'), at, comment: '验收通过' }; break;
      }
    }
    const decision = workflow.decide(step.snapshot, event);
    if (!decision.ok) throw new Error(`${definition.service}: ${move} refused: ${decision.refusal.code} ${decision.refusal.message}`);
    let next = decision.step;
    const effects = await definition.afterTransition?.(sql, { row: { id: P('CASE'), stage: step.stage, level: step.level } as never, step: next, event, correlationId: 'seed' });
    if (effects && effects.refusal) throw new Error(`${definition.service}: ${move} refused by the service: ${effects.refusal.code}`);
    if (effects && effects.data && Object.keys(effects.data).length) {
      const context = { ...next.snapshot.context, data: { ...next.snapshot.context.data, ...effects.data } };
      next = { ...next, snapshot: { ...next.snapshot, context } };
    }
    if (next.stage !== step.stage || next.level !== step.level) waitingSince = now;
    if (move === 'elapse') {
      noticeFiredAt = now;
      noticeFiredTo = next.state;
    }
    step = next;
    times.push(now);
  }
  return { step, times, waitingSince, updatedAt: now, noticeFiredAt, noticeFiredTo };
}

/** Reads `k` and `e` of a time from the same time in the one-hour and two-hour drives. */
function rowTime(oneHour: number, twoHours: number): RowTime {
  const k = Math.round((twoHours - oneHour) / HOUR);
  return { k, e: oneHour - BASE - k * HOUR };
}

/** Every template of a service, with weights that sum to 1. */
export async function buildTemplates(definition: CaseServiceDefinition<any>): Promise<CaseTemplate[]> {
  const workflow = new CaseWorkflow(definition.policy);
  const policy = definition.policy;
  const mix = MIX[definition.service];
  const templates: CaseTemplate[] = [];
  for (const variant of dataVariants(definition.service)) {
    for (const path of paths(policy.levels.length, Object.keys(policy.acceptanceChecks).length, mix.closed, mix.rejected)) {
      const one = await drive(definition, workflow, variant.data, path.moves, HOUR);
      const two = await drive(definition, workflow, variant.data, path.moves, 2 * HOUR);
      const text1 = JSON.stringify(one.step.snapshot);
      const text2 = JSON.stringify(two.step.snapshot);
      const stamps1 = text1.match(ISO_2000) ?? [];
      const stamps2 = text2.match(ISO_2000) ?? [];
      if (stamps1.length !== stamps2.length) throw new Error(`${definition.service} ${path.name}: the two drives differ in shape`);
      const times: RowTime[] = [];
      let index = 0;
      let snapshot = text1.replace(ISO_2000, () => {
        times.push(rowTime(Date.parse(stamps1[index]), Date.parse(stamps2[index])));
        return `@@T:${index++}@@`;
      });
      // Time left of a notice put on hold depends on the gap: the seed computes it per row.
      const remaining1 = one.step.snapshot.context.notice.remainingMs;
      const remaining2 = two.step.snapshot.context.notice.remainingMs;
      let remaining: CaseTemplate['remaining'] = null;
      if (path.kind === 'onHold' && remaining1 !== undefined && remaining2 !== undefined) {
        const b = (remaining2 - remaining1) / HOUR;
        remaining = { a: remaining1 - b * HOUR, b };
        snapshot = snapshot.replace(`"remainingMs":${remaining1}`, `"remainingMs":"${N('REMAINING')}"`);
      }
      for (const [text, replacement] of variant.after ?? []) {
        if (!snapshot.includes(text)) throw new Error(`${definition.service} ${path.name}: "${text}" not in the snapshot`);
        snapshot = snapshot.split(text).join(replacement);
      }
      if (snapshot.replace(/@@[^@]+@@/g, '').includes('@@')) throw new Error('stray placeholder');
      const described = definition.describe(one.step.snapshot.context.data as never);
      const awaiting = awaitingActor(policy, one.step.state, one.step.snapshot.context);
      const noticeEnds = one.step.snapshot.context.notice.endsAt;
      const last = rowTime(one.times[one.times.length - 1], two.times[two.times.length - 1]);
      const closed = one.step.stage === 'closed';
      const paid = closed ? amountsPaid(definition, one.step.snapshot.context.data) : null;
      const due = reviewDueAt(definition.countyPolicyId, one.step.stage, one.step.level, new Date(one.waitingSince));
      templates.push({
        service: definition.service,
        name: `${path.name}/${variant.name}`,
        weight: path.weight * variant.weight,
        kind: path.kind,
        stage: one.step.stage,
        state: one.step.state,
        level: one.step.level,
        steps: path.moves.length,
        snapshot,
        times,
        title: described.title,
        awaitingKey: awaiting.key,
        awaitingExcluded: awaiting.excluded,
        waitingSince: rowTime(one.waitingSince, two.waitingSince),
        updatedAt: rowTime(one.updatedAt, two.updatedAt),
        last,
        dueDays: due ? (due.getTime() - one.waitingSince) / 86_400_000 : null,
        paidFen: closed && !variant.perMember ? paid : null,
        paidFenPerMember: closed && variant.perMember ? policy_premium(definition) : null,
        noticeEndsAt: one.step.state === 'publicNotice.running' && noticeEnds && two.step.snapshot.context.notice.endsAt
          ? rowTime(Date.parse(noticeEnds), Date.parse(two.step.snapshot.context.notice.endsAt))
          : null,
        noticeFiredAt: one.noticeFiredAt !== null && two.noticeFiredAt !== null ? rowTime(one.noticeFiredAt, two.noticeFiredAt) : null,
        noticeFiredTo: one.noticeFiredTo,
        remaining,
        noticeCancelledAt: path.kind === 'onHold' ? last : null,
      });
    }
  }
  const total = templates.reduce((sum, t) => sum + t.weight, 0);
  for (const t of templates) t.weight /= total;
  return templates;
}

function policy_premium(definition: CaseServiceDefinition<any>): number {
  if (definition.service !== 'medical') throw new Error('only medical insurance is priced per member');
  return currentPolicy().medical.insurancePremiumFenPerPerson;
}

/** The notice period of the county's policy, ms. */
export const NOTICE_PERIOD_MS = isoDurationToMs(policy.noticePeriod);
