import {
  ACTORS,
  CaseJourney,
  COSIGN_POLICY,
  FIXTURE_INCOME_LINE,
  FIXTURE_POLICY,
  fixtureInput,
  GUARDED_POLICY,
} from '../testing';
import type { CaseEvent } from './case-events';
import { CaseWorkflow, type CaseStep, type PersistedCaseSnapshot } from './case-workflow';
import { REFUSAL, refusalFor } from './refusals';

const fixture = () => new CaseJourney(new CaseWorkflow(FIXTURE_POLICY));
const cosign = () => new CaseJourney(new CaseWorkflow(COSIGN_POLICY));
const AT = '2019-06-01T08:00:00.000Z';

interface RefusalCase {
  does: string;
  code: string;
  field?: string;
  details?: Record<string, unknown>;
  journey?: () => CaseJourney;
  given: (journey: CaseJourney) => CaseStep;
  event: CaseEvent;
}

/** On hold with its only objection already resolved: a state the machine never produces. */
function onHoldWithNothingOpen(journey: CaseJourney): CaseStep {
  const onHold = journey.onHold();
  const context = onHold.snapshot.context;
  const snapshot: PersistedCaseSnapshot = {
    ...onHold.snapshot,
    context: { ...context, objections: context.objections.map((o) => ({ ...o, status: 'dismissed' as const })) },
  };
  return { ...onHold, snapshot };
}

const REFUSALS: RefusalCase[] = [
  // who may act at all
  {
    does: 'refuses a township reviewer submitting a village declaration',
    code: REFUSAL.WRONG_ROLE,
    given: (j) => j.opened(),
    event: { type: 'case.submit', actor: ACTORS.townshipReviewer, at: AT },
  },
  {
    does: 'refuses an auditor approving at the village',
    code: REFUSAL.WRONG_ROLE,
    given: (j) => j.submitted(),
    event: { type: 'review.approve', actor: ACTORS.auditor, at: AT },
  },
  {
    does: 'refuses a county officer resolving an objection routed to the township',
    code: REFUSAL.WRONG_ROLE,
    given: (j) => j.onHold(),
    event: { type: 'notice.resolveObjection', outcome: 'dismissed', actor: ACTORS.countyOfficer, at: AT },
  },
  {
    does: 'refuses a notice.elapsed sent by anyone but the scheduler',
    code: REFUSAL.WRONG_ROLE,
    given: (j) => j.inNotice(),
    event: { type: 'notice.elapsed', timerKey: 'case-1:notice:1:0', actor: ACTORS.countyOfficer, at: AT },
  },
  {
    does: 'refuses a public notice.elapsed even with the current timer key',
    code: REFUSAL.WRONG_ROLE,
    given: (j) => j.inNotice(),
    event: { type: 'notice.elapsed', timerKey: 'case-1:notice:1:0', actor: ACTORS.public, at: AT },
  },
  {
    does: 'refuses another township’s reviewer approving at the township',
    code: REFUSAL.OUT_OF_JURISDICTION,
    given: (j) => j.inReviewAt('township'),
    event: { type: 'review.approve', actor: ACTORS.otherTownshipReviewer, at: AT },
  },
  {
    does: 'refuses another township’s reviewer resolving the objection',
    code: REFUSAL.OUT_OF_JURISDICTION,
    given: (j) => j.onHold(),
    event: { type: 'notice.resolveObjection', outcome: 'dismissed', actor: ACTORS.otherTownshipReviewer, at: AT },
  },
  {
    does: 'refuses an officer of another village editing the declaration',
    code: REFUSAL.OUT_OF_JURISDICTION,
    given: (j) => j.opened(),
    event: { type: 'case.edit', data: { income: 1 }, actor: ACTORS.otherVillageOfficer, at: AT },
  },
  {
    does: 'refuses a county officer of another department approving at the county',
    code: REFUSAL.OUT_OF_JURISDICTION,
    given: (j) => j.inReviewAt('county'),
    event: { type: 'review.approve', actor: ACTORS.housingOfficer, at: AT },
  },
  {
    does: 'refuses a county officer of another department recording acceptance',
    code: REFUSAL.OUT_OF_JURISDICTION,
    given: (j) => j.inAcceptance(),
    event: { type: 'acceptance.record', check: 'dataComparison', evidence: '一致', actor: ACTORS.housingOfficer, at: AT },
  },
  // one person, one level; nobody approves their own declaration
  {
    does: 'refuses a person who approved at the village approving again at the township',
    code: REFUSAL.SEPARATION_OF_DUTIES,
    given: (j) => j.run(j.submitted(), { type: 'review.approve', actor: ACTORS.dualRole, at: j.tick() }),
    event: { type: 'review.approve', actor: ACTORS.dualRole, at: AT },
  },
  {
    does: 'refuses a person who returned the case at the township acting at the village',
    code: REFUSAL.SEPARATION_OF_DUTIES,
    given: (j) => {
      const township = j.inReviewAt('township');
      return j.run(township, { type: 'review.return', to: 'previous', comment: '退回村级', actor: ACTORS.dualRole, at: j.tick() });
    },
    event: { type: 'review.reject', comment: '不符合条件', actor: ACTORS.dualRole, at: AT },
  },
  {
    does: 'refuses a person who approved at the village judging the objection at the township',
    code: REFUSAL.SEPARATION_OF_DUTIES,
    given: (j) => {
      const atTownship = j.run(j.submitted(), { type: 'review.approve', actor: ACTORS.dualRole, at: j.tick() });
      const atCounty = j.approveLevel(atTownship);
      const notice = j.approveLevel(atCounty);
      return j.run(notice, { type: 'notice.objection', objectionId: 'obj-1', reason: '有异议', actor: ACTORS.public, at: j.tick() });
    },
    event: { type: 'notice.resolveObjection', outcome: 'dismissed', actor: ACTORS.dualRole, at: AT },
  },
  {
    does: 'refuses the declarer approving at the village',
    code: REFUSAL.DECLARER_CANNOT_APPROVE,
    given: (j) => j.submitted(),
    event: { type: 'review.approve', actor: ACTORS.declarer, at: AT },
  },
  {
    does: 'refuses a declarer who also holds the township role approving at the township',
    code: REFUSAL.DECLARER_CANNOT_APPROVE,
    journey: () => new CaseJourney(new CaseWorkflow(FIXTURE_POLICY), fixtureInput({ declaredBy: ACTORS.dualRole })),
    given: (j) => j.inReviewAt('township'),
    event: { type: 'review.approve', actor: ACTORS.dualRole, at: AT },
  },
  {
    does: 'refuses the same reviewer signing a 会签 level twice',
    code: REFUSAL.ALREADY_SIGNED,
    journey: cosign,
    given: (j) => j.run(j.inReviewAt('township'), { type: 'review.approve', actor: ACTORS.townshipReviewer, at: j.tick() }),
    event: { type: 'review.approve', actor: ACTORS.townshipReviewer, at: AT },
  },
  // what an action must carry
  {
    does: 'refuses a return without a comment',
    code: REFUSAL.COMMENT_REQUIRED,
    field: 'comment',
    given: (j) => j.inReviewAt('township'),
    event: { type: 'review.return', to: 'applicant', comment: '', actor: ACTORS.townshipReviewer, at: AT },
  },
  {
    does: 'refuses to uphold an objection without saying why',
    code: REFUSAL.COMMENT_REQUIRED,
    field: 'comment',
    given: (j) => j.onHold(),
    event: { type: 'notice.resolveObjection', outcome: 'upheld', actor: ACTORS.townshipReviewer, at: AT },
  },
  {
    does: 'refuses a rectification request that does not say what to rectify',
    code: REFUSAL.COMMENT_REQUIRED,
    field: 'comment',
    given: (j) => j.inAcceptance(),
    event: { type: 'acceptance.rectify', actor: ACTORS.countyAcceptor, at: AT },
  },
  {
    does: 'refuses a rejection without a reason for the household',
    code: REFUSAL.REASON_REQUIRED,
    field: 'comment',
    given: (j) => j.inReviewAt('county'),
    event: { type: 'review.reject', actor: ACTORS.countyOfficer, at: AT },
  },
  {
    does: 'refuses an objection without a reason',
    code: REFUSAL.REASON_REQUIRED,
    field: 'reason',
    given: (j) => j.inNotice(),
    event: { type: 'notice.objection', objectionId: 'obj-1', reason: ' ', actor: ACTORS.public, at: AT },
  },
  {
    does: 'refuses the village recording a field only the county records',
    code: REFUSAL.FIELD_NOT_EDITABLE,
    field: 'data.grade',
    given: (j) => j.submitted(),
    event: { type: 'review.approve', data: { grade: 'D' }, actor: ACTORS.villageReviewer, at: AT },
  },
  {
    does: 'refuses the county recording a field beyond its own',
    code: REFUSAL.FIELD_NOT_EDITABLE,
    field: 'data.income',
    given: (j) => j.inReviewAt('county'),
    event: { type: 'review.approve', data: { grade: 'D', income: 0 }, actor: ACTORS.countyOfficer, at: AT },
  },
  {
    does: 'refuses to withdraw a case a level has approved',
    code: REFUSAL.NOT_WITHDRAWABLE,
    given: (j) => j.inReviewAt('township'),
    event: { type: 'case.withdraw', actor: ACTORS.declarer, at: AT },
  },
  {
    does: 'refuses to resolve when no objection is open (a hand-built snapshot: the machine never holds without one)',
    code: REFUSAL.NO_OPEN_OBJECTION,
    given: onHoldWithNothingOpen,
    event: { type: 'notice.resolveObjection', outcome: 'dismissed', actor: ACTORS.townshipReviewer, at: AT },
  },
  {
    does: 'refuses a timer key from another notice period',
    code: REFUSAL.STALE_TIMER,
    given: (j) => j.inNotice(),
    event: { type: 'notice.elapsed', timerKey: 'case-1:notice:0:0', actor: ACTORS.system, at: AT },
  },
  {
    does: 'refuses a timer that fires after an objection cancelled it',
    code: REFUSAL.STALE_TIMER,
    given: (j) => j.onHold(),
    event: { type: 'notice.elapsed', timerKey: 'case-1:notice:1:0', actor: ACTORS.system, at: AT },
  },
  {
    does: 'refuses evidence for a check the service does not have',
    code: REFUSAL.UNKNOWN_CHECK,
    field: 'data.check',
    given: (j) => j.inAcceptance(),
    event: { type: 'acceptance.record', check: 'moveIn', evidence: '已入住', actor: ACTORS.countyAcceptor, at: AT },
  },
  {
    does: 'refuses an acceptance record without evidence',
    code: REFUSAL.EVIDENCE_REQUIRED,
    field: 'data.evidence',
    given: (j) => j.inAcceptance(),
    event: { type: 'acceptance.record', check: 'dataComparison', evidence: '', actor: ACTORS.countyAcceptor, at: AT },
  },
  {
    does: 'refuses to accept before every check has evidence',
    code: REFUSAL.ACCEPTANCE_INCOMPLETE,
    details: { missing: ['dataComparison'] },
    given: (j) => j.inAcceptance(),
    event: { type: 'acceptance.accept', actor: ACTORS.countyAcceptor, at: AT },
  },
  // actions the current stage does not have
  {
    does: 'refuses an approval while the case is still in application',
    code: REFUSAL.ACTION_NOT_ALLOWED,
    given: (j) => j.opened(),
    event: { type: 'review.approve', actor: ACTORS.villageReviewer, at: AT },
  },
  {
    does: 'refuses to accept a case that is in review',
    code: REFUSAL.ACTION_NOT_ALLOWED,
    given: (j) => j.inReviewAt('county'),
    event: { type: 'acceptance.accept', actor: ACTORS.countyAcceptor, at: AT },
  },
  {
    does: 'refuses an edit once the case is in review',
    code: REFUSAL.ACTION_NOT_ALLOWED,
    given: (j) => j.submitted(),
    event: { type: 'case.edit', data: { income: 1 }, actor: ACTORS.declarer, at: AT },
  },
  {
    does: 'refuses to resolve an objection while the notice is running',
    code: REFUSAL.ACTION_NOT_ALLOWED,
    given: (j) => j.inNotice(),
    event: { type: 'notice.resolveObjection', outcome: 'dismissed', actor: ACTORS.townshipReviewer, at: AT },
  },
  {
    does: 'refuses a withdrawal during the public notice',
    code: REFUSAL.ACTION_NOT_ALLOWED,
    given: (j) => j.inNotice(),
    event: { type: 'case.withdraw', actor: ACTORS.declarer, at: AT },
  },
];

describe('refusals', () => {
  it.each(REFUSALS)('$does ($code)', ({ code, field, details, journey = fixture, given, event }) => {
    const j = journey();
    const step = given(j);
    const before = JSON.stringify(step.snapshot);

    const decision = j.workflow.decide(step.snapshot, event);

    expect(decision.ok).toBe(false);
    expect(decision).not.toHaveProperty('step');
    if (decision.ok) return;
    expect(decision.refusal.code).toBe(code);
    expect(decision.refusal.message).toEqual(expect.any(String));
    if (field) expect(decision.refusal.field).toBe(field);
    if (details) expect(decision.refusal.details).toEqual(details);
    expect(JSON.stringify(step.snapshot)).toBe(before);
  });

  it('has an example above for every refusal code', () => {
    const exercised = new Set(REFUSALS.map((r) => r.code));

    const missing = Object.values(REFUSAL).filter((code) => !exercised.has(code));

    expect(missing).toEqual([]);
  });

  it('checks the role before the rule, so an outsider learns nothing about the case', () => {
    const j = fixture();
    const atTownship = j.inReviewAt('township');

    const refusal = j.refuse(atTownship, { type: 'case.withdraw', actor: ACTORS.otherVillageOfficer, at: AT });

    expect(refusal.code).toBe(REFUSAL.OUT_OF_JURISDICTION);
  });

  it('lets the machine and refusalFor agree: an accepted event has no refusal', () => {
    const j = fixture();
    const atTownship = j.inReviewAt('township');
    const event: CaseEvent = { type: 'review.approve', actor: ACTORS.townshipReviewer, at: AT };

    const why = refusalFor(FIXTURE_POLICY, atTownship.snapshot.context, event);

    expect(why).toBeNull();
    expect(j.workflow.decide(atTownship.snapshot, event).ok).toBe(true);
  });

  describe('service extra guards', () => {
    const guarded = (income: number) => new CaseJourney(new CaseWorkflow(GUARDED_POLICY), fixtureInput({ data: { income } }));
    const aboveLine = FIXTURE_INCOME_LINE + 1_000;

    it('lets the village and township approve a household above the line, since the guard is the county’s', () => {
      const j = guarded(aboveLine);

      const atCounty = j.inReviewAt('county');

      expect(atCounty.level).toBe('county');
    });

    it('refuses the county approving a household above the line with the service’s own code', () => {
      const j = guarded(aboveLine);
      const atCounty = j.inReviewAt('county');

      const refusal = j.refuse(atCounty, { type: 'review.approve', actor: ACTORS.countyOfficer, at: AT });

      expect(refusal).toMatchObject({ code: 'FIXTURE.INCOME_ABOVE_LINE', field: 'data.income' });
    });

    it('lets the county approve a household below the line', () => {
      const j = guarded(FIXTURE_INCOME_LINE - 1);
      const atCounty = j.inReviewAt('county');

      const step = j.run(atCounty, { type: 'review.approve', actor: ACTORS.countyOfficer, at: AT });

      expect(step.state).toBe('publicNotice.running');
    });

    it('leaves the county free to reject a household the guard would not let it approve', () => {
      const j = guarded(aboveLine);
      const atCounty = j.inReviewAt('county');

      const step = j.run(atCounty, { type: 'review.reject', comment: '收入高于标准', actor: ACTORS.countyOfficer, at: AT });

      expect(step.state).toBe('rejected');
    });

    it('applies the shared rules first, so a wrong role hears about its role, not the income', () => {
      const j = guarded(aboveLine);
      const atCounty = j.inReviewAt('county');

      const refusal = j.refuse(atCounty, { type: 'review.approve', actor: ACTORS.housingOfficer, at: AT });

      expect(refusal.code).toBe(REFUSAL.OUT_OF_JURISDICTION);
    });

    it('judges an edit by the data as it would be after the edit', () => {
      const j = guarded(2_000);
      const opened = j.opened();

      const negative = j.refuse(opened, { type: 'case.edit', data: { income: -1 }, actor: ACTORS.declarer, at: AT });
      const unrelated = j.run(opened, { type: 'case.edit', data: { householdSize: 3 }, actor: ACTORS.declarer, at: AT });

      expect(negative).toMatchObject({ code: 'FIXTURE.INCOME_NEGATIVE', field: 'data.income' });
      expect(unrelated.snapshot.context.data).toEqual({ income: 2_000, householdSize: 3 });
    });

    it('hides approve from the county’s allowed actions while the guard would refuse it', () => {
      const j = guarded(aboveLine);
      const atCounty = j.inReviewAt('county');

      const actions = j.workflow.allowedActions(atCounty.snapshot, ACTORS.countyOfficer, AT).map((a) => a.action);

      expect(actions).toEqual(['return', 'reject']);
    });
  });
});
