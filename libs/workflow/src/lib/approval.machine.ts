import { and, assign, not, setup } from 'xstate';
import type { CaseContext, CaseInput } from './case-context';
import type { CaseEvent } from './case-events';
import { isoDurationToMs } from './iso-duration';
import { currentLevel, dataAfter, refusalFor } from './refusals';
import type { ServicePolicy } from './service-policy';
import { LATEST_MACHINE_VERSION, rulesOfVersion } from './machine-version';

/**
 * The newest released machine version: what new cases start on. Snapshots carry the version
 * they were written by, and every released version stays runnable (see `machine-versions.ts`).
 */
export const APPROVAL_MACHINE_VERSION = LATEST_MACHINE_VERSION;

/** A timer the service must persist and fire later (never an XState `after`). */
export interface TimerEffect {
  key: string;
  dueAt: string;
  event: { type: 'notice.elapsed'; timerKey: string };
}

/** A domain event the service must write to its outbox in the same transaction. */
export interface DomainEventEffect {
  name: string;
  payload: Record<string, unknown>;
}

function requiredSignatures(policy: ServicePolicy, context: CaseContext): number {
  const signing = currentLevel(policy, context).signing;
  return signing?.mode === 'all' ? signing.signers : 1;
}

function signaturesAfterThis(policy: ServicePolicy, context: CaseContext): number {
  const level = currentLevel(policy, context).id;
  return context.approvals.filter((a) => a.level === level).length + 1;
}

/**
 * The one approval machine (申报 → 审核 → 公示 → 验收 → 销号) every service runs,
 * parameterised by the service's policy. Effects (timers, outbox events) come back as
 * action objects from `transition()`; the service persists them in the same transaction.
 */
/** What a case has gathered before anyone acted on it. */
function nothingGatheredYet(): Pick<CaseContext, 'levelIndex' | 'approvals' | 'actedAtLevel' | 'notice' | 'objections' | 'acceptance'> {
  return { levelIndex: 0, approvals: [], actedAtLevel: {}, notice: { round: 0 }, objections: [], acceptance: {} };
}

/** The context of an actor started without input (see the machine's `context`); never persisted. */
const UNOPENED_CONTEXT: CaseContext = Object.freeze({
  caseId: '',
  service: '',
  jurisdiction: { townshipCode: '', villageCode: '' },
  declaredBy: { userId: '' },
  data: {},
  ...nothingGatheredYet(),
});

export function createApprovalMachine(policy: ServicePolicy, version: number = LATEST_MACHINE_VERSION) {
  const rules = rulesOfVersion(version);
  const noticePeriodMs = isoDurationToMs(policy.noticePeriod);
  const lastLevelIndex = policy.levels.length - 1;
  const objectionLevelIndex = policy.levels.findIndex((l) => l.id === policy.objectionLevel);
  if (objectionLevelIndex < 0) {
    throw new Error(`Policy ${policy.service}: objectionLevel "${policy.objectionLevel}" is not one of its review levels`);
  }

  const withdrawn = { type: 'emitDomainEvent', params: { name: 'case.withdrawn', payload: {} } } as const;
  /** 撤回: v1 records nothing but the audit comment; v2 requires a reason and keeps it in the context. */
  const withdraw = () => ({
    guard: 'permitted' as const,
    target: 'withdrawn' as const,
    actions: rules.recordsWithdrawal ? (['recordWithdrawal', withdrawn] as const) : withdrawn,
  });

  return setup({
    types: {
      context: {} as CaseContext,
      events: {} as CaseEvent,
      input: {} as CaseInput,
    },
    guards: {
      permitted: ({ context, event }) => refusalFor(policy, context, event, version) === null,
      completesLevel: ({ context }) => signaturesAfterThis(policy, context) >= requiredSignatures(policy, context),
      atFinalLevel: ({ context }) => context.levelIndex >= lastLevelIndex,
      returnsToApplicant: ({ context, event }) =>
        event.type === 'review.return' && (event.to === 'applicant' || context.levelIndex === 0),
      upheldToRejection: ({ event }) =>
        event.type === 'notice.resolveObjection' && event.outcome === 'upheld' && event.then === 'rejected',
      upheld: ({ event }) => event.type === 'notice.resolveObjection' && event.outcome === 'upheld',
    },
    actions: {
      // Effects: executed by the service after it has persisted them, never by XState.
      scheduleTimer: (_, _params: TimerEffect) => undefined,
      cancelTimer: (_, _params: { key: string }) => undefined,
      emitDomainEvent: (_, _params: DomainEventEffect) => undefined,

      mergeData: assign({ data: ({ context, event }) => dataAfter(context, event) }),
      recordApproval: assign({
        approvals: ({ context, event }) => [
          ...context.approvals,
          { level: currentLevel(policy, context).id, userId: event.actor.userId, at: event.at },
        ],
      }),
      recordActedAtLevel: assign({
        actedAtLevel: ({ context, event }) => ({
          ...context.actedAtLevel,
          [event.actor.userId]: currentLevel(policy, context).id,
        }),
      }),
      advanceLevel: assign({ levelIndex: ({ context }) => context.levelIndex + 1, approvals: () => [] }),
      stepBackLevel: assign({ levelIndex: ({ context }) => context.levelIndex - 1, approvals: () => [] }),
      restartReview: assign({ levelIndex: () => 0, approvals: () => [] }),
      reviewFromObjectionLevel: assign({ levelIndex: () => objectionLevelIndex, approvals: () => [] }),
      openNotice: assign({
        notice: ({ context, event }) => ({
          round: context.notice.round + 1,
          startedAt: event.at,
          remainingMs: noticePeriodMs,
        }),
      }),
      startNoticeClock: assign({
        notice: ({ context, event }) => {
          const round = context.notice.round;
          return {
            ...context.notice,
            timerKey: `${context.caseId}:notice:${round}:${context.objections.length}`,
            endsAt: new Date(Date.parse(event.at) + (context.notice.remainingMs ?? noticePeriodMs)).toISOString(),
            remainingMs: undefined,
          };
        },
      }),
      holdNotice: assign({
        notice: ({ context, event }) => ({
          ...context.notice,
          remainingMs: Math.max(0, Date.parse(context.notice.endsAt ?? event.at) - Date.parse(event.at)),
          endsAt: undefined,
          timerKey: undefined,
        }),
      }),
      fileObjection: assign({
        objections: ({ context, event }) =>
          event.type === 'notice.objection'
            ? [...context.objections, { id: event.objectionId, reason: event.reason, filedAt: event.at, status: 'open' as const }]
            : context.objections,
      }),
      resolveObjections: assign({
        objections: ({ context, event }) =>
          context.objections.map((o) =>
            o.status === 'open' && event.type === 'notice.resolveObjection'
              ? { ...o, status: event.outcome, resolvedBy: event.actor.userId, resolvedAt: event.at }
              : o,
          ),
      }),
      recordAcceptanceCheck: assign({
        acceptance: ({ context, event }) =>
          event.type === 'acceptance.record'
            ? { ...context.acceptance, [event.check]: { evidence: event.evidence, recordedBy: event.actor.userId, at: event.at } }
            : context.acceptance,
      }),
      clearAcceptance: assign({ acceptance: () => ({}) }),
      // v2: the reason a case was withdrawn stays with the case, not only in the audit comment.
      recordWithdrawal: assign({
        withdrawal: ({ event }) => ({ reason: (event as { comment?: string }).comment ?? '', by: event.actor.userId, at: event.at }),
      }),
    },
  }).createMachine({
    id: `case.${policy.service}`,
    context: ({ input }) => {
      // XState starts actors without input for its pure transitions (CaseWorkflow keeps one as the
      // inert scope of its decisions); a TypeError here cost ≈0.2 ms a decision when XState built
      // one per call. Cases are only ever opened with input (CaseWorkflow.open).
      if (!input) return UNOPENED_CONTEXT;
      return {
        caseId: input.caseId,
        service: policy.service,
        jurisdiction: input.jurisdiction,
        declaredBy: { userId: input.declaredBy.userId, displayName: input.declaredBy.displayName },
        data: input.data,
        ...nothingGatheredYet(),
      };
    },
    initial: 'application',
    states: {
      application: {
        on: {
          'case.edit': { guard: 'permitted', actions: ['mergeData', { type: 'emitDomainEvent', params: { name: 'case.edited', payload: {} } }] },
          'case.submit': {
            guard: 'permitted',
            target: 'review',
            actions: ['restartReview', { type: 'emitDomainEvent', params: { name: 'case.submitted', payload: {} } }],
          },
          'case.withdraw': withdraw(),
        },
      },
      review: {
        id: 'review',
        on: {
          'review.approve': [
            {
              guard: and(['permitted', 'completesLevel', 'atFinalLevel']),
              target: 'publicNotice',
              actions: [
                'mergeData',
                'recordApproval',
                'recordActedAtLevel',
                'openNotice',
                { type: 'emitDomainEvent', params: ({ context }) => ({ name: 'case.approved', payload: { level: currentLevel(policy, context).id, final: true } }) },
              ],
            },
            {
              guard: and(['permitted', 'completesLevel']),
              actions: [
                'mergeData',
                'recordApproval',
                'recordActedAtLevel',
                { type: 'emitDomainEvent', params: ({ context }) => ({ name: 'case.approved', payload: { level: currentLevel(policy, context).id, final: false } }) },
                'advanceLevel',
              ],
            },
            {
              // 会签: a signature that does not yet complete the level.
              guard: and(['permitted', not('completesLevel')]),
              actions: [
                'mergeData',
                'recordApproval',
                'recordActedAtLevel',
                { type: 'emitDomainEvent', params: ({ context }) => ({ name: 'case.signed', payload: { level: currentLevel(policy, context).id } }) },
              ],
            },
          ],
          'review.return': [
            {
              guard: and(['permitted', 'returnsToApplicant']),
              target: 'application',
              actions: [
                'recordActedAtLevel',
                { type: 'emitDomainEvent', params: ({ context }) => ({ name: 'case.returned', payload: { from: currentLevel(policy, context).id, to: 'applicant' } }) },
                'restartReview',
              ],
            },
            {
              guard: 'permitted',
              actions: [
                'recordActedAtLevel',
                { type: 'emitDomainEvent', params: ({ context }) => ({ name: 'case.returned', payload: { from: currentLevel(policy, context).id, to: 'previous' } }) },
                'stepBackLevel',
              ],
            },
          ],
          'review.reject': {
            guard: 'permitted',
            target: 'rejected',
            actions: [
              'recordActedAtLevel',
              { type: 'emitDomainEvent', params: ({ context }) => ({ name: 'case.rejected', payload: { level: currentLevel(policy, context).id } }) },
            ],
          },
          'case.withdraw': withdraw(),
        },
      },
      publicNotice: {
        initial: 'running',
        states: {
          running: {
            entry: [
              'startNoticeClock',
              {
                type: 'scheduleTimer',
                params: ({ context }) => ({
                  key: context.notice.timerKey!,
                  dueAt: context.notice.endsAt!,
                  event: { type: 'notice.elapsed', timerKey: context.notice.timerKey! },
                }),
              },
            ],
            on: {
              'notice.objection': {
                guard: 'permitted',
                target: 'onHold',
                actions: [
                  { type: 'cancelTimer', params: ({ context }) => ({ key: context.notice.timerKey! }) },
                  'holdNotice',
                  'fileObjection',
                  { type: 'emitDomainEvent', params: ({ event }) => ({ name: 'case.objectionFiled', payload: { objectionId: event.type === 'notice.objection' ? event.objectionId : undefined } }) },
                ],
              },
              'notice.elapsed': {
                guard: 'permitted',
                target: '#acceptance',
                actions: { type: 'emitDomainEvent', params: { name: 'case.noticeEnded', payload: {} } },
              },
            },
          },
          onHold: {
            on: {
              'notice.objection': {
                guard: 'permitted',
                actions: [
                  'fileObjection',
                  { type: 'emitDomainEvent', params: ({ event }) => ({ name: 'case.objectionFiled', payload: { objectionId: event.type === 'notice.objection' ? event.objectionId : undefined } }) },
                ],
              },
              'notice.resolveObjection': [
                {
                  guard: and(['permitted', 'upheldToRejection']),
                  target: '#rejected',
                  actions: ['resolveObjections', { type: 'emitDomainEvent', params: { name: 'case.objectionUpheld', payload: { then: 'rejected' } } }],
                },
                {
                  guard: and(['permitted', 'upheld']),
                  target: '#review',
                  actions: [
                    'resolveObjections',
                    'reviewFromObjectionLevel',
                    { type: 'emitDomainEvent', params: { name: 'case.objectionUpheld', payload: { then: 'review' } } },
                  ],
                },
                {
                  guard: 'permitted',
                  target: 'running',
                  actions: ['resolveObjections', { type: 'emitDomainEvent', params: { name: 'case.objectionDismissed', payload: {} } }],
                },
              ],
            },
          },
        },
      },
      acceptance: {
        id: 'acceptance',
        on: {
          'acceptance.record': {
            guard: 'permitted',
            actions: [
              'recordAcceptanceCheck',
              { type: 'emitDomainEvent', params: ({ event }) => ({ name: 'case.acceptanceRecorded', payload: { check: event.type === 'acceptance.record' ? event.check : undefined } }) },
            ],
          },
          'acceptance.accept': {
            guard: 'permitted',
            target: 'closed',
            actions: { type: 'emitDomainEvent', params: { name: 'case.closed', payload: {} } },
          },
          'acceptance.rectify': {
            guard: 'permitted',
            actions: ['clearAcceptance', { type: 'emitDomainEvent', params: { name: 'case.rectificationRequested', payload: {} } }],
          },
        },
      },
      closed: { type: 'final' },
      rejected: { id: 'rejected', type: 'final' },
      withdrawn: { type: 'final' },
    },
  });
}

/** The machine type a service's policy produces. */
export type ApprovalMachine = ReturnType<typeof createApprovalMachine>;
