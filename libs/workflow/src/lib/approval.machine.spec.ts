import { ACTORS, CaseJourney, COSIGN_POLICY, DAY, FIXTURE_POLICY, fixtureInput, later, noticeStartedAt } from '../testing';
import { CaseWorkflow } from './case-workflow';
import { REFUSAL } from './refusals';

const NOTICE_MS = 7 * DAY;

describe('approval machine', () => {
  let journey: CaseJourney;

  beforeEach(() => {
    journey = new CaseJourney(new CaseWorkflow(FIXTURE_POLICY));
  });

  describe('申报 application', () => {
    it('opens a case in application with the declared data and nothing gathered yet', () => {
      const step = journey.opened();

      expect(step.state).toBe('application');
      expect(step.snapshot.context).toMatchObject({
        caseId: 'case-1',
        service: 'fixture',
        declaredBy: { userId: ACTORS.declarer.userId },
        data: { income: 2000 },
        levelIndex: 0,
        approvals: [],
        actedAtLevel: {},
        notice: { round: 0 },
        objections: [],
        acceptance: {},
      });
      expect(step.timers).toEqual([]);
      expect(step.events).toEqual([]);
    });

    it('merges an edit into the case data and stays in application', () => {
      const opened = journey.opened();

      const step = journey.run(opened, {
        type: 'case.edit',
        data: { householdSize: 4, income: 1800 },
        actor: ACTORS.declarer,
        at: journey.tick(),
      });

      expect(step.state).toBe('application');
      expect(step.snapshot.context.data).toEqual({ income: 1800, householdSize: 4 });
      expect(step.events).toEqual([{ name: 'case.edited', payload: {} }]);
    });

    it('sends a submitted case to the first review level', () => {
      const opened = journey.opened();

      const step = journey.run(opened, { type: 'case.submit', actor: ACTORS.declarer, at: journey.tick() });

      expect([step.stage, step.level]).toEqual(['review', 'village']);
      expect(step.events).toEqual([{ name: 'case.submitted', payload: {} }]);
    });

    it('withdraws a case that is still in application', () => {
      const opened = journey.opened();

      const step = journey.run(opened, { type: 'case.withdraw', comment: '户主要求撤回', actor: ACTORS.declarer, at: journey.tick() });

      expect(step.state).toBe('withdrawn');
      expect(step.events).toEqual([{ name: 'case.withdrawn', payload: {} }]);
    });
  });

  describe('审核 review', () => {
    it('withdraws a case in review before any level has approved it', () => {
      const submitted = journey.submitted();

      const step = journey.run(submitted, { type: 'case.withdraw', comment: '户主外出务工，暂不申请', actor: ACTORS.declarer, at: journey.tick() });

      expect(step.state).toBe('withdrawn');
    });

    it('refuses to withdraw a case once a level has approved it', () => {
      const atTownship = journey.inReviewAt('township');

      const refusal = journey.refuse(atTownship, { type: 'case.withdraw', actor: ACTORS.declarer, at: journey.tick() });

      expect(refusal.code).toBe(REFUSAL.NOT_WITHDRAWABLE);
    });

    it('moves the case up one level when the village approves', () => {
      const submitted = journey.submitted();

      const step = journey.run(submitted, { type: 'review.approve', actor: ACTORS.villageReviewer, at: journey.tick() });

      expect([step.stage, step.level]).toEqual(['review', 'township']);
      expect(step.snapshot.context.approvals).toEqual([]);
      expect(step.snapshot.context.actedAtLevel).toEqual({ [ACTORS.villageReviewer.userId]: 'village' });
      expect(step.events).toEqual([{ name: 'case.approved', payload: { level: 'village', final: false } }]);
    });

    it('moves the case up to the county when the township approves', () => {
      const atTownship = journey.inReviewAt('township');

      const step = journey.run(atTownship, { type: 'review.approve', actor: ACTORS.townshipReviewer, at: journey.tick() });

      expect(step.level).toBe('county');
      expect(step.events).toEqual([{ name: 'case.approved', payload: { level: 'township', final: false } }]);
    });

    it('opens the public notice with a timer for the whole period when the last level approves', () => {
      const atCounty = journey.inReviewAt('county');
      const approvedAt = journey.tick();

      const step = journey.run(atCounty, { type: 'review.approve', data: { grade: 'D' }, actor: ACTORS.countyOfficer, at: approvedAt });

      expect(step.state).toBe('publicNotice.running');
      expect(step.level).toBeNull();
      expect(step.snapshot.context.data).toEqual({ income: 2000, grade: 'D' });
      expect(step.snapshot.context.notice).toEqual({
        round: 1,
        startedAt: approvedAt,
        timerKey: 'case-1:notice:1:0',
        endsAt: later(NOTICE_MS, approvedAt),
      });
      expect(step.timers).toEqual([
        {
          key: 'case-1:notice:1:0',
          dueAt: later(NOTICE_MS, approvedAt),
          event: { type: 'notice.elapsed', timerKey: 'case-1:notice:1:0' },
        },
      ]);
      expect(step.events).toEqual([{ name: 'case.approved', payload: { level: 'county', final: true } }]);
    });

    it('returns the case to the applicant from any level, and review restarts at the village', () => {
      const atCounty = journey.inReviewAt('county');

      const returned = journey.run(atCounty, {
        type: 'review.return',
        to: 'applicant',
        comment: '请补充收入证明',
        actor: ACTORS.countyOfficer,
        at: journey.tick(),
      });
      const resubmitted = journey.run(returned, { type: 'case.submit', actor: ACTORS.declarer, at: journey.tick() });

      expect(returned.state).toBe('application');
      expect(returned.events).toEqual([{ name: 'case.returned', payload: { from: 'county', to: 'applicant' } }]);
      expect(returned.snapshot.context.levelIndex).toBe(0);
      expect(resubmitted.level).toBe('village');
    });

    it('returns the case to the village when the township returns it', () => {
      const atTownship = journey.inReviewAt('township');

      const step = journey.run(atTownship, {
        type: 'review.return',
        to: 'previous',
        comment: '村级公示材料不全',
        actor: ACTORS.townshipReviewer,
        at: journey.tick(),
      });

      expect([step.stage, step.level]).toEqual(['review', 'village']);
      expect(step.snapshot.context.approvals).toEqual([]);
      expect(step.snapshot.context.actedAtLevel[ACTORS.townshipReviewer.userId]).toBe('township');
      expect(step.events).toEqual([{ name: 'case.returned', payload: { from: 'township', to: 'previous' } }]);
    });

    it('returns the case to the applicant when the village returns it to the previous level', () => {
      const submitted = journey.submitted();

      const step = journey.run(submitted, {
        type: 'review.return',
        to: 'previous',
        comment: '请补充材料',
        actor: ACTORS.villageReviewer,
        at: journey.tick(),
      });

      expect(step.state).toBe('application');
      expect(step.events).toEqual([{ name: 'case.returned', payload: { from: 'village', to: 'applicant' } }]);
    });

    it('rejects the case with the reason the household is told', () => {
      const atTownship = journey.inReviewAt('township');

      const step = journey.run(atTownship, {
        type: 'review.reject',
        comment: '家庭收入高于当年标准',
        actor: ACTORS.townshipReviewer,
        at: journey.tick(),
      });

      expect(step.state).toBe('rejected');
      expect(step.events).toEqual([{ name: 'case.rejected', payload: { level: 'township' } }]);
    });

    it('refuses a rejection without a reason', () => {
      const atTownship = journey.inReviewAt('township');

      const refusal = journey.refuse(atTownship, { type: 'review.reject', comment: '  ', actor: ACTORS.townshipReviewer, at: journey.tick() });

      expect(refusal).toMatchObject({ code: REFUSAL.REASON_REQUIRED, field: 'comment' });
    });

    it('refuses a return without saying why', () => {
      const atTownship = journey.inReviewAt('township');

      const refusal = journey.refuse(atTownship, { type: 'review.return', to: 'previous', actor: ACTORS.townshipReviewer, at: journey.tick() });

      expect(refusal).toMatchObject({ code: REFUSAL.COMMENT_REQUIRED, field: 'comment' });
    });
  });

  describe('会签 joint signing', () => {
    beforeEach(() => {
      journey = new CaseJourney(new CaseWorkflow(COSIGN_POLICY));
    });

    it('keeps the case at the level after the first of two signatures', () => {
      const atTownship = journey.inReviewAt('township');
      const signedAt = journey.tick();

      const step = journey.run(atTownship, { type: 'review.approve', actor: ACTORS.townshipReviewer, at: signedAt });

      expect(step.level).toBe('township');
      expect(step.snapshot.context.approvals).toEqual([{ level: 'township', userId: ACTORS.townshipReviewer.userId, at: signedAt }]);
      expect(step.events).toEqual([{ name: 'case.signed', payload: { level: 'township' } }]);
    });

    it('moves the case on when a second, different reviewer signs', () => {
      const atTownship = journey.inReviewAt('township');
      const signed = journey.run(atTownship, { type: 'review.approve', actor: ACTORS.townshipReviewer, at: journey.tick() });

      const step = journey.run(signed, { type: 'review.approve', actor: ACTORS.secondTownshipReviewer, at: journey.tick() });

      expect(step.level).toBe('county');
      expect(step.snapshot.context.approvals).toEqual([]);
      expect(step.events).toEqual([{ name: 'case.approved', payload: { level: 'township', final: false } }]);
    });

    it('refuses the same reviewer signing twice', () => {
      const atTownship = journey.inReviewAt('township');
      const signed = journey.run(atTownship, { type: 'review.approve', actor: ACTORS.townshipReviewer, at: journey.tick() });

      const refusal = journey.refuse(signed, { type: 'review.approve', actor: ACTORS.townshipReviewer, at: journey.tick() });

      expect(refusal.code).toBe(REFUSAL.ALREADY_SIGNED);
    });

    it('refuses a withdrawal once the first signature is on the case', () => {
      const atVillage = journey.submitted();
      const approvedOnce = journey.run(atVillage, { type: 'review.approve', actor: ACTORS.villageReviewer, at: journey.tick() });
      const signed = journey.run(approvedOnce, { type: 'review.approve', actor: ACTORS.townshipReviewer, at: journey.tick() });

      const refusal = journey.refuse(signed, { type: 'case.withdraw', actor: ACTORS.declarer, at: journey.tick() });

      expect(refusal.code).toBe(REFUSAL.NOT_WITHDRAWABLE);
    });

    it('discards a half-gathered 会签 when the level returns the case', () => {
      const atTownship = journey.inReviewAt('township');
      const signed = journey.run(atTownship, { type: 'review.approve', actor: ACTORS.townshipReviewer, at: journey.tick() });

      const returned = journey.run(signed, {
        type: 'review.return',
        to: 'previous',
        comment: '重新入户核实',
        actor: ACTORS.secondTownshipReviewer,
        at: journey.tick(),
      });

      expect(returned.level).toBe('village');
      expect(returned.snapshot.context.approvals).toEqual([]);
    });
  });

  describe('公示 public notice', () => {
    it('cancels the timer and keeps the remaining time when an objection is filed', () => {
      const notice = journey.inNotice();
      const timerKey = notice.snapshot.context.notice.timerKey;
      const filedAt = later(2 * DAY, noticeStartedAt(notice));

      const step = journey.run(notice, { type: 'notice.objection', objectionId: 'obj-1', reason: '收入与实际不符', actor: ACTORS.public, at: filedAt });

      expect(step.state).toBe('publicNotice.onHold');
      expect(step.cancelledTimers).toEqual([timerKey]);
      expect(step.timers).toEqual([]);
      expect(step.snapshot.context.notice).toMatchObject({ remainingMs: 5 * DAY, timerKey: undefined, endsAt: undefined });
      expect(step.snapshot.context.objections).toEqual([{ id: 'obj-1', reason: '收入与实际不符', filedAt, status: 'open' }]);
      expect(step.events).toEqual([{ name: 'case.objectionFiled', payload: { objectionId: 'obj-1' } }]);
    });

    it('records a second objection while on hold without touching the remaining time', () => {
      const onHold = journey.onHold(2 * DAY);
      const filedAt = later(DAY, onHold.snapshot.context.objections[0].filedAt);

      const step = journey.run(onHold, { type: 'notice.objection', objectionId: 'obj-2', reason: '家中有车辆', actor: ACTORS.public, at: filedAt });

      expect(step.state).toBe('publicNotice.onHold');
      expect(step.cancelledTimers).toEqual([]);
      expect(step.snapshot.context.notice.remainingMs).toBe(5 * DAY);
      expect(step.snapshot.context.objections.map((o) => [o.id, o.status])).toEqual([
        ['obj-1', 'open'],
        ['obj-2', 'open'],
      ]);
    });

    it('resumes the notice with only the remaining time when the objection is dismissed', () => {
      const onHold = journey.onHold(2 * DAY);
      const resumedAt = later(3 * DAY, onHold.snapshot.context.objections[0].filedAt);

      const step = journey.run(onHold, {
        type: 'notice.resolveObjection',
        outcome: 'dismissed',
        comment: '经核实收入属实',
        actor: ACTORS.townshipReviewer,
        at: resumedAt,
      });

      expect(step.state).toBe('publicNotice.running');
      expect(step.timers).toEqual([
        {
          key: 'case-1:notice:1:1',
          dueAt: later(5 * DAY, resumedAt),
          event: { type: 'notice.elapsed', timerKey: 'case-1:notice:1:1' },
        },
      ]);
      expect(step.snapshot.context.notice).toMatchObject({ timerKey: 'case-1:notice:1:1', endsAt: later(5 * DAY, resumedAt), remainingMs: undefined });
      expect(step.snapshot.context.objections[0]).toMatchObject({ status: 'dismissed', resolvedBy: ACTORS.townshipReviewer.userId, resolvedAt: resumedAt });
      expect(step.events).toEqual([{ name: 'case.objectionDismissed', payload: {} }]);
    });

    it('dismisses every open objection at once', () => {
      const onHold = journey.onHold();
      const twice = journey.run(onHold, { type: 'notice.objection', objectionId: 'obj-2', reason: '家中有车辆', actor: ACTORS.public, at: journey.tick() });

      const step = journey.run(twice, { type: 'notice.resolveObjection', outcome: 'dismissed', actor: ACTORS.townshipReviewer, at: journey.tick() });

      expect(step.snapshot.context.objections.map((o) => o.status)).toEqual(['dismissed', 'dismissed']);
      expect(step.timers[0].key).toBe('case-1:notice:1:2');
    });

    it('sends the case back to review at the objection level when the objection is upheld', () => {
      const onHold = journey.onHold();

      const step = journey.run(onHold, {
        type: 'notice.resolveObjection',
        outcome: 'upheld',
        comment: '收入核实有误，重新审核',
        actor: ACTORS.townshipReviewer,
        at: journey.tick(),
      });

      expect([step.stage, step.level]).toEqual(['review', 'township']);
      expect(step.snapshot.context.approvals).toEqual([]);
      expect(step.snapshot.context.objections[0].status).toBe('upheld');
      expect(step.timers).toEqual([]);
      expect(step.events).toEqual([{ name: 'case.objectionUpheld', payload: { then: 'review' } }]);
    });

    it('rejects the case when the objection is upheld with then rejected', () => {
      const onHold = journey.onHold();

      const step = journey.run(onHold, {
        type: 'notice.resolveObjection',
        outcome: 'upheld',
        then: 'rejected',
        comment: '隐瞒家庭收入',
        actor: ACTORS.townshipReviewer,
        at: journey.tick(),
      });

      expect(step.state).toBe('rejected');
      expect(step.events).toEqual([{ name: 'case.objectionUpheld', payload: { then: 'rejected' } }]);
    });

    it('opens a new notice round with a fresh timer after an upheld objection is re-approved', () => {
      const onHold = journey.onHold();
      const upheld = journey.run(onHold, {
        type: 'notice.resolveObjection',
        outcome: 'upheld',
        comment: '重新审核',
        actor: ACTORS.townshipReviewer,
        at: journey.tick(),
      });
      const atCounty = journey.approveLevel(upheld);
      const reapprovedAt = journey.tick();

      const step = journey.run(atCounty, { type: 'review.approve', actor: ACTORS.countyOfficer, at: reapprovedAt });

      expect(step.state).toBe('publicNotice.running');
      expect(step.timers).toEqual([
        { key: 'case-1:notice:2:1', dueAt: later(NOTICE_MS, reapprovedAt), event: { type: 'notice.elapsed', timerKey: 'case-1:notice:2:1' } },
      ]);
      expect(journey.refuse(step, { type: 'notice.elapsed', timerKey: 'case-1:notice:1:0', actor: ACTORS.system, at: journey.tick() }).code).toBe(
        REFUSAL.STALE_TIMER,
      );
    });

    it('moves the case to acceptance when the current timer fires', () => {
      const notice = journey.inNotice();
      const timer = notice.timers[0];

      const step = journey.run(notice, { type: 'notice.elapsed', timerKey: timer.key, actor: ACTORS.system, at: timer.dueAt });

      expect(step.state).toBe('acceptance');
      expect(step.events).toEqual([{ name: 'case.noticeEnded', payload: {} }]);
    });

    it('ignores a timer from before the hold with CASE.STALE_TIMER and changes nothing', () => {
      const notice = journey.inNotice();
      const firstKey = notice.timers[0].key;
      const onHold = journey.run(notice, { type: 'notice.objection', objectionId: 'obj-1', reason: '有异议', actor: ACTORS.public, at: journey.tick() });
      const resumed = journey.run(onHold, { type: 'notice.resolveObjection', outcome: 'dismissed', actor: ACTORS.townshipReviewer, at: journey.tick() });
      const before = JSON.stringify(resumed.snapshot);

      const decision = journey.workflow.decide(resumed.snapshot, { type: 'notice.elapsed', timerKey: firstKey, actor: ACTORS.system, at: journey.tick() });

      expect(decision).toEqual({ ok: false, refusal: expect.objectContaining({ code: REFUSAL.STALE_TIMER }) });
      expect(JSON.stringify(resumed.snapshot)).toBe(before);
    });

    it('treats a cancelled timer that still fires while the notice is on hold as stale', () => {
      const notice = journey.inNotice();
      const onHold = journey.run(notice, { type: 'notice.objection', objectionId: 'obj-1', reason: '有异议', actor: ACTORS.public, at: journey.tick() });

      const refusal = journey.refuse(onHold, { type: 'notice.elapsed', timerKey: notice.timers[0].key, actor: ACTORS.system, at: journey.tick() });

      expect(refusal.code).toBe(REFUSAL.STALE_TIMER);
    });

    it('treats a timer delivered a second time after the notice ended as stale', () => {
      const notice = journey.inNotice();
      const elapsed = { type: 'notice.elapsed', timerKey: notice.timers[0].key, actor: ACTORS.system, at: notice.timers[0].dueAt } as const;
      const acceptance = journey.run(notice, elapsed);

      const refusal = journey.refuse(acceptance, elapsed);

      expect(refusal.code).toBe(REFUSAL.STALE_TIMER);
    });

    it('still answers CASE.ACTION_NOT_ALLOWED to a person sending notice.elapsed outside the notice', () => {
      const acceptance = journey.inAcceptance();

      const refusal = journey.refuse(acceptance, { type: 'notice.elapsed', timerKey: 'case-1:notice:1:0', actor: ACTORS.countyOfficer, at: journey.tick() });

      expect(refusal.code).toBe(REFUSAL.ACTION_NOT_ALLOWED);
    });
  });

  describe('验收 acceptance', () => {
    it('records acceptance evidence against a known check', () => {
      const acceptance = journey.inAcceptance();
      const recordedAt = journey.tick();

      const step = journey.run(acceptance, {
        type: 'acceptance.record',
        check: 'dataComparison',
        evidence: '与公安户籍比对一致',
        actor: ACTORS.countyAcceptor,
        at: recordedAt,
      });

      expect(step.state).toBe('acceptance');
      expect(step.snapshot.context.acceptance).toEqual({
        dataComparison: { evidence: '与公安户籍比对一致', recordedBy: ACTORS.countyAcceptor.userId, at: recordedAt },
      });
      expect(step.events).toEqual([{ name: 'case.acceptanceRecorded', payload: { check: 'dataComparison' } }]);
    });

    it('clears the recorded evidence when rectification is requested', () => {
      const recorded = journey.fullyRecorded();

      const step = journey.run(recorded, { type: 'acceptance.rectify', comment: '比对结果需复核', actor: ACTORS.countyAcceptor, at: journey.tick() });

      expect(step.state).toBe('acceptance');
      expect(step.snapshot.context.acceptance).toEqual({});
      expect(step.events).toEqual([{ name: 'case.rectificationRequested', payload: {} }]);
      expect(journey.refuse(step, { type: 'acceptance.accept', actor: ACTORS.countyAcceptor, at: journey.tick() }).code).toBe(
        REFUSAL.ACCEPTANCE_INCOMPLETE,
      );
    });

    it('closes the case when every check has evidence', () => {
      const recorded = journey.fullyRecorded();

      const step = journey.run(recorded, { type: 'acceptance.accept', actor: ACTORS.countyAcceptor, at: journey.tick() });

      expect(step.state).toBe('closed');
      expect(step.events).toEqual([{ name: 'case.closed', payload: {} }]);
    });

    it('refuses to accept while checks are missing, listing them', () => {
      const twoChecks = new CaseJourney(
        new CaseWorkflow({ ...FIXTURE_POLICY, acceptanceChecks: { inspection: '竣工验收', moveIn: '入住', payment: '资金拨付' } }),
        fixtureInput(),
      );
      const acceptance = twoChecks.inAcceptance();
      const partly = twoChecks.run(acceptance, { type: 'acceptance.record', check: 'moveIn', evidence: '已入住', actor: ACTORS.countyAcceptor, at: twoChecks.tick() });

      const refusal = twoChecks.refuse(partly, { type: 'acceptance.accept', actor: ACTORS.countyAcceptor, at: twoChecks.tick() });

      expect(refusal).toMatchObject({ code: REFUSAL.ACCEPTANCE_INCOMPLETE, details: { missing: ['inspection', 'payment'] } });
    });
  });

  describe('terminal states', () => {
    it.each([
      ['closed', () => journey.run(journey.fullyRecorded(), { type: 'acceptance.accept', actor: ACTORS.countyAcceptor, at: journey.tick() })],
      ['rejected', () => journey.run(journey.submitted(), { type: 'review.reject', comment: '不符合条件', actor: ACTORS.villageReviewer, at: journey.tick() })],
      ['withdrawn', () => journey.run(journey.opened(), { type: 'case.withdraw', comment: '户主要求撤回', actor: ACTORS.declarer, at: journey.tick() })],
    ])('accepts nothing once the case is %s', (_state, arrive) => {
      const final = arrive();

      const refusals = [
        journey.refuse(final, { type: 'case.edit', data: {}, actor: ACTORS.declarer, at: journey.tick() }),
        journey.refuse(final, { type: 'case.submit', actor: ACTORS.declarer, at: journey.tick() }),
        journey.refuse(final, { type: 'review.approve', actor: ACTORS.villageReviewer, at: journey.tick() }),
        journey.refuse(final, { type: 'notice.objection', objectionId: 'late', reason: '迟到的异议', actor: ACTORS.public, at: journey.tick() }),
      ];

      expect(refusals.map((r) => r.code)).toEqual(Array(4).fill(REFUSAL.ACTION_NOT_ALLOWED));
      expect(journey.workflow.allowedActions(final.snapshot, ACTORS.declarer, journey.tick())).toEqual([]);
    });
  });
});
