import type {
  AuditTrail,
  AuditVerifyResult,
  CaseDetail,
  Dossier,
  Engagement,
  Finding,
  InboxItem,
  PublicNotice,
  Rates,
  Sample,
} from '../api/types';

export function housingCase(patch: Partial<CaseDetail> = {}): CaseDetail {
  return {
    id: 'H-2019-0001',
    service: 'housing',
    householdId: 'HH-001',
    title: '张三户危房改造',
    townshipCode: '210521100',
    townshipName: '小市镇',
    villageCode: '210521100201',
    villageName: '上堡村',
    stage: 'review',
    state: 'review.township',
    currentLevel: 'township',
    version: 3,
    data: {
      householdId: 'HH-001',
      appraisalGrade: 'D',
      appraisalReport: '本县鉴字〔2019〕12号',
      method: 'rebuild',
      origin: 'village',
      household: { headName: '张三', size: 3, status: 'notExited' },
    },
    amounts: [{ code: 'subsidy', label: '危房改造补助', amountFen: 4500000, rule: 'D 级危房补助 45,000 元' }],
    noticeEndsAt: null,
    objections: [],
    acceptance: {
      checks: { moveIn: { evidence: '入住照片 IMG_0031', recordedBy: 'u-1', at: '2019-06-01T00:00:00Z' } },
      required: [
        { check: 'completionInspection', label: '竣工联合验收' },
        { check: 'moveIn', label: '入住' },
      ],
    },
    history: [
      {
        seq: 1,
        at: '2019-04-01T02:00:00Z',
        actorId: 'u-1',
        actorName: '王村官',
        role: 'village_officer',
        level: 'village',
        action: 'submit',
        comment: '房屋墙体开裂',
        fromState: 'application.draft',
        toState: 'review.village',
      },
      {
        seq: 2,
        at: '2019-04-02T02:00:00Z',
        actorName: '王村官',
        role: 'village_officer',
        level: 'village',
        action: 'approve',
        comment: null,
        fromState: 'review.village',
        toState: 'review.township',
      },
    ],
    allowedActions: [
      { action: 'approve', label: '同意', needs: ['comment'] },
      { action: 'return', label: '退回', needs: ['comment', 'returnTo'] },
      { action: 'reject', label: '驳回', needs: ['reason'] },
    ],
    declaredBy: 'u-1',
    createdAt: '2019-04-01T01:00:00Z',
    updatedAt: '2019-04-02T02:00:00Z',
    policyId: 'benxi-2019-v1',
    ...patch,
  };
}

export function inboxItem(patch: Partial<InboxItem> = {}): InboxItem {
  return {
    service: 'housing',
    caseId: 'H-2019-0001',
    title: '张三户危房改造',
    townshipName: '小市镇',
    villageName: '上堡村',
    stage: 'review',
    state: 'review.township',
    level: 'township',
    waitingSince: '2019-04-02T02:00:00Z',
    overdue: false,
    dueAt: '2019-04-09T02:00:00Z',
    ...patch,
  };
}

export function notice(patch: Partial<PublicNotice> = {}): PublicNotice {
  return {
    caseId: 'E-2019-0007',
    service: 'education',
    title: '教育救助公示',
    name: '李*',
    townshipName: '小市镇',
    villageName: '上堡村',
    householdSize: 4,
    category: '大学',
    amounts: [{ label: '资助金额', amountFen: 600000 }],
    noticeStartsAt: '2019-09-01T00:00:00Z',
    noticeEndsAt: '2099-09-08T00:00:00Z',
    noticeUpdatedAt: '2019-09-01T00:00:00.000Z',
    ...patch,
  };
}

// ---------- third-party evaluation, shaped as apps/gateway/src/app/evaluation answers ----------

export const ENGAGEMENT_ID = '8a6c1f0e-3b7d-4c2a-9e51-0d2f4b6a8c10';
export const SAMPLED_HH = '11111111-2222-4333-8444-555555555555';
export const SAMPLED_HH_2 = '11111111-2222-4333-8444-666666666666';
export const XIAOSHI = '210521100000';
export const CAOHEZHANG = '210521101000';

export function engagement(patch: Partial<Engagement> = {}): Engagement {
  return {
    id: ENGAGEMENT_ID,
    name: '2019年脱贫退出第三方评估',
    organisation: '辽宁某大学评估中心',
    evaluators: [{ id: 'u-e', username: 'evaluator' }],
    startsAt: '2019-11-01T00:00:00.000Z',
    endsAt: '2099-12-31T00:00:00.000Z',
    townshipCodes: [XIAOSHI, CAOHEZHANG],
    year: 2019,
    sampleRateBp: 3000,
    disclosure: { idNumbers: false, income: false, health: false, phone: false, bank: false },
    seed: 'benxi-2019-pinggu',
    sampledAt: '2019-11-02T01:00:00.000Z',
    createdBy: 'u-3',
    createdAt: '2019-11-01T00:00:00.000Z',
    open: true,
    ...patch,
  };
}

export function sample(patch: Partial<Sample> = {}): Sample {
  return {
    engagementId: ENGAGEMENT_ID,
    seed: 'benxi-2019-pinggu',
    sampledAt: '2019-11-02T01:00:00.000Z',
    rateBp: 3000,
    strata: [
      { townshipCode: XIAOSHI, townshipName: '小市镇', count: 2 },
      { townshipCode: CAOHEZHANG, townshipName: '草河掌镇', count: 0 },
    ],
    households: [
      { householdId: SAMPLED_HH, townshipCode: XIAOSHI, position: 1 },
      { householdId: SAMPLED_HH_2, townshipCode: XIAOSHI, position: 2 },
    ],
    ...patch,
  };
}

export function finding(patch: Partial<Finding> = {}): Finding {
  return {
    id: 'f-1',
    kind: 'sampled',
    householdId: SAMPLED_HH,
    label: null,
    exitVerdict: 'wronglyExited',
    missed: null,
    satisfied: false,
    notes: '人均纯收入低于标准',
    recordedBy: 'u-e',
    recordedAt: '2019-11-05T02:00:00.000Z',
    ...patch,
  };
}

/** The e2e's numbers: 1 of 5 wrongly exited (20 %), 0 of 4 missed, 8 of 9 satisfied (88.89 %). */
export function rates(patch: Partial<Rates> = {}): Rates {
  return {
    engagementId: ENGAGEMENT_ID,
    year: 2019,
    sampleSize: 12,
    pending: 7,
    counts: { sampledExited: 5, wronglyExited: 1, surveyedNonRegistered: 4, missedFound: 0, surveyed: 9, satisfied: 8 },
    wrongExitRate: { rateBp: 2000, thresholdBp: 200, pass: false },
    missedRate: { rateBp: 0, thresholdBp: 200, pass: true },
    satisfaction: { rateBp: 8889, thresholdBp: 9000, pass: false },
    allPass: false,
    policyId: 'benxi-2019-v1',
    ...patch,
  };
}

/** A masked verification record: an exit case with its checklist, and the registering case. */
export function dossier(patch: Partial<Dossier> = {}): Dossier {
  const exitCase = housingCase({
    id: 'c0a80001-0000-4000-8000-000000000002',
    service: 'exit-verification',
    householdId: SAMPLED_HH,
    title: '张三户脱贫退出',
    stage: 'review',
    state: 'review.village',
    data: {
      householdId: SAMPLED_HH,
      year: 2019,
      survey: {
        perCapitaNetIncomeYuan: '***',
        incomeStable: true,
        noWorryFood: true,
        noWorryClothing: true,
        safeDrinkingWater: true,
        surveyedOn: '2019-10-01',
        surveyedBy: '王村官',
      },
      checklist: {
        incomeAboveLine: { met: true, source: '入户调查', at: '2019-10-01T00:00:00.000Z' },
        basicMedical: { met: true, source: '县医保局：2019年参加新农合和大病保险 3/3 人', at: '2019-03-01T00:00:00.000Z' },
        safeHousing: { met: false, source: '县住建局：D级危房未改造（D）', at: '2019-04-01T00:00:00.000Z' },
      },
      unmet: [{ item: 'safeHousing', label: '住房安全有保障', reason: 'notMet' }],
    },
    amounts: [],
    acceptance: null,
    history: [
      { seq: 1, at: '2019-10-02T01:00:00.000Z', actorName: '王村官', role: 'village_officer', level: 'village', action: 'declare', comment: null, fromState: null, toState: 'application.draft' },
      { seq: 2, at: '2019-10-02T02:00:00.000Z', actorName: '王村官', role: 'village_officer', level: 'village', action: 'submit', comment: '户主身份证 210521********1234', fromState: 'application.draft', toState: 'review.village' },
    ],
    allowedActions: [],
    createdAt: '2019-10-02T01:00:00.000Z',
  });
  const registration = housingCase({
    id: 'c0a80001-0000-4000-8000-000000000001',
    service: 'identification',
    householdId: SAMPLED_HH,
    title: '张三户建档立卡',
    stage: 'closed',
    state: 'closed',
    data: { perCapitaNetIncomeYuan: '***', householdHead: { name: '张三', idNumber: '210521********1234' }, povertyCause: 'illness' },
    amounts: [],
    acceptance: null,
    history: [
      { seq: 1, at: '2016-03-01T01:00:00.000Z', actorName: '王村官', role: 'village_officer', level: 'village', action: 'submit', comment: null, fromState: 'application.draft', toState: 'review.village' },
      { seq: 2, at: '2016-03-20T01:00:00.000Z', actorName: '赵扶贫', role: 'county_officer', level: 'county', action: 'accept', comment: null, fromState: 'acceptance', toState: 'closed' },
    ],
    allowedActions: [],
    createdAt: '2016-03-01T01:00:00.000Z',
  });
  return {
    engagementId: ENGAGEMENT_ID,
    household: {
      id: SAMPLED_HH,
      caseId: registration.id,
      headName: '张三',
      townshipCode: XIAOSHI,
      townshipName: '小市镇',
      villageCode: '210521100201',
      villageName: '上堡村',
      size: 3,
      attribute: 'general',
      povertyCause: 'illness',
      housingGrade: 'D',
      status: 'exited',
      year: 2016,
      registeredAt: '2016-03-20T01:00:00.000Z',
      members: [{ name: '张三', idNumberMasked: '210521********1234', relation: '户主' }],
    },
    exitCases: [exitCase],
    cases: [registration, exitCase],
    unavailable: [],
    disclosure: { idNumbers: false, income: false, health: false, phone: false, bank: false },
    readAt: '2019-11-05T01:00:00.000Z',
    ...patch,
  };
}

// ---------- audit, shaped as apps/gateway/src/app/audit answers ----------

export const AUDITED_CASE = 'c0a80001-0000-4000-8000-000000000003';

export function auditTrail(patch: Partial<AuditTrail> = {}): AuditTrail {
  const row = (seq: number, action: string, fromState: string | null, toState: string) => ({
    id: `a-${seq}`,
    caseId: AUDITED_CASE,
    seq,
    at: `2019-04-0${seq}T02:00:00.000Z`,
    actorId: 'u-1',
    actorName: '王村官',
    role: 'village_officer',
    level: 'village',
    action,
    comment: null,
    fromState,
    toState,
    prevHash: seq === 1 ? '' : `h${seq - 1}`.padEnd(64, '0'),
    hash: `h${seq}`.padEnd(64, '0'),
  });
  return {
    caseId: AUDITED_CASE,
    service: 'housing',
    items: [row(1, 'declare', null, 'application.draft'), row(2, 'submit', 'application.draft', 'review.village')],
    chain: { ok: true, rows: 2 },
    ...patch,
  };
}

export function auditVerify(patch: Partial<AuditVerifyResult> = {}): AuditVerifyResult {
  const ok = (service: string, cases: number, rows: number) => ({
    service,
    schema: service.replace('-', '_'),
    ok: true,
    cases,
    rows,
    broken: [],
    firstBroken: null,
  });
  return {
    ok: true,
    verifiedAt: '2019-11-06T01:00:00.000Z',
    firstBroken: null,
    services: [ok('identification', 120, 960), ok('housing', 8, 40), ok('medical', 3, 12), ok('education', 2, 10), ok('exit-verification', 1, 2)],
    unavailable: [],
    ...patch,
  };
}
