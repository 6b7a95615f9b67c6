import type { CaseDetail, InboxItem, PublicNotice } from '../api/types';

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
    ...patch,
  };
}
