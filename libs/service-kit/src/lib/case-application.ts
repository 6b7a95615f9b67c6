import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  ERROR,
  actionDataSchemas,
  eventSubject,
  parsePayload,
  type ActOnCaseRequest,
  type DeclareCaseRequest,
  type ListCasesRequest,
  type ObjectionRequest,
} from '@poverty/contracts';
import { CASE_COLUMNS, CaseStore, toCaseRow, type CaseRow, type OutboxInput } from '@poverty/persistence';
import { findTownship, findVillage, getPolicyById } from '@poverty/policy';
import {
  ACTION_EVENTS,
  CaseWorkflow,
  PUBLIC_ACTOR,
  SYSTEM_ACTOR,
  canSeeCase,
  type Actor,
  type CaseAction,
  type CaseContext,
  type CaseEvent,
  type CaseStep,
  type PersistedCaseSnapshot,
} from '@poverty/workflow';
import { CaseFailure, outcome, type Outcome } from './case-failure';
import type { CaseServiceDefinition } from './case-service.definition';
import type { Clock } from './clock';
import { buildCaseView, buildSummary, type CaseSummary, type CaseView } from './case-view';

export interface InboxItem {
  service: string;
  caseId: string;
  title: string;
  townshipCode: string;
  townshipName: string;
  villageName: string;
  stage: string;
  state: string;
  level: string | null;
  waitingSince: string;
  dueAt: string | null;
  overdue: boolean;
}

/**
 * The use cases of a case service — declare, act, read, list, inbox, public notices,
 * objections, timers — written once for all five services.
 */
export class CaseApplication {
  readonly workflow: CaseWorkflow;
  readonly store: CaseStore;

  constructor(
    readonly definition: CaseServiceDefinition<any>,
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.workflow = new CaseWorkflow(definition.policy);
    this.store = new CaseStore(definition.schema);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private em(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }

  declare(actor: Actor, request: DeclareCaseRequest, correlationId: string): Promise<Outcome<CaseView>> {
    return outcome(async () => {
      const def = this.definition;
      const parsed = parsePayload(def.dataSchema, request.data);
      if (!parsed.ok) throw invalidData(parsed.error);
      const village = findVillage(request.villageCode);
      if (!village || village.township.code !== request.townshipCode) {
        throw CaseFailure.of(ERROR.VALIDATION, 'villageCode: not a village of that township', { field: 'villageCode' });
      }
      const data = parsed.value as Record<string, unknown>;
      const id = randomUUID();
      const at = this.now();
      const step = this.workflow.open({
        caseId: id,
        jurisdiction: { townshipCode: request.townshipCode, villageCode: request.villageCode },
        declaredBy: actor,
        data,
      });
      if (!this.workflow.allowedActions(step.snapshot, actor, at).some((a) => a.action === 'submit')) {
        throw CaseFailure.of(ERROR.FORBIDDEN, 'Only a village officer of that village declares its cases');
      }
      const em = this.em();
      await em.transactional(async (tem) => {
        const refused = await def.beforeDeclare?.(tem, data, actor);
        if (refused) throw CaseFailure.refused(refused);
        const described = def.describe(data);
        const row = {
          id,
          service: def.service,
          householdId: described.householdId,
          title: described.title,
          townshipCode: request.townshipCode,
          villageCode: request.villageCode,
          stage: step.stage,
          state: step.state,
          level: step.level,
          machineId: step.snapshot.machineId,
          machineVersion: step.snapshot.machineVersion,
          snapshot: step.snapshot as unknown as Record<string, unknown>,
          policyId: def.countyPolicyId,
          declaredBy: actor.userId,
        };
        const audit = {
          at, actorId: actor.userId, actorName: actor.displayName ?? null, role: actor.roles[0],
          level: null, action: 'declare', comment: null, fromState: null, toState: step.state,
        };
        await this.store.insert(tem, row, audit, [this.outboxEvent({ ...row, version: 1 } as CaseRow, 'case.declared', {}, actor, at, correlationId)]);
      });
      this.afterCommit();
      return this.view(em, id, actor);
    });
  }

  act(actor: Actor, request: ActOnCaseRequest, correlationId: string): Promise<Outcome<CaseView>> {
    return outcome(async () => {
      const em = this.em();
      await em.transactional(async (tem) => {
        const row = await this.visibleCase(tem, request.caseId, actor);
        if (row.version !== request.expectedVersion) {
          throw CaseFailure.of(ERROR.STALE_VERSION, `The case is at version ${row.version}, not ${request.expectedVersion}: someone acted first`, {
            details: { currentVersion: row.version },
          });
        }
        const currentData = (row.snapshot as unknown as PersistedCaseSnapshot).context.data;
        const event = this.toEvent(request, actor, this.now(), currentData);
        await this.decideAndPersist(tem, row, event, correlationId);
      });
      this.afterCommit();
      return this.view(em, request.caseId, actor);
    });
  }

  get(actor: Actor, caseId: string): Promise<Outcome<CaseView>> {
    return outcome(() => this.view(this.em(), caseId, actor));
  }

  list(actor: Actor, query: ListCasesRequest): Promise<Outcome<{ items: CaseSummary[]; total: number; page: number; pageSize: number }>> {
    return outcome(async () => {
      const where: string[] = [];
      const params: unknown[] = [];
      this.scopeClause(actor, where, params);
      if (query.stage) (where.push('stage = ?'), params.push(query.stage));
      if (query.township) (where.push('township_code = ?'), params.push(query.township));
      if (query.village) (where.push('village_code = ?'), params.push(query.village));
      if (query.householdId) (where.push('household_id = ?'), params.push(query.householdId));
      const clause = where.length ? `where ${where.join(' and ')}` : '';
      const conn = this.em().getConnection();
      const table = `"${this.definition.schema}".case_record`;
      const [{ count }] = await conn.execute(`select count(*)::int as count from ${table} ${clause}`, params);
      const rows = await conn.execute(
        `select ${CASE_COLUMNS} from ${table} ${clause} order by created_at desc limit ? offset ?`,
        [...params, query.pageSize, (query.page - 1) * query.pageSize],
      );
      return { items: rows.map((r: any) => buildSummary(toCaseRow(r))), total: count, page: query.page, pageSize: query.pageSize };
    });
  }

  /** Cases awaiting an action of this actor, oldest first, with overdue flags. */
  inbox(actor: Actor): Promise<Outcome<{ items: InboxItem[] }>> {
    return outcome(async () => {
      const where = [`stage in ('application','review','publicNotice','acceptance')`];
      const params: unknown[] = [];
      this.scopeClause(actor, where, params);
      const rows = await this.em()
        .getConnection()
        .execute(`select ${CASE_COLUMNS} from "${this.definition.schema}".case_record where ${where.join(' and ')} order by waiting_since limit 500`, params);
      const now = this.clock.now();
      const items: InboxItem[] = [];
      for (const raw of rows) {
        const row = toCaseRow(raw);
        const actions = this.workflow.allowedActions(row.snapshot as unknown as PersistedCaseSnapshot, actor, now.toISOString());
        if (actions.length === 0) continue;
        const dueAt = this.dueAt(row);
        items.push({
          service: row.service,
          caseId: row.id,
          title: row.title,
          townshipCode: row.townshipCode,
          townshipName: findTownship(row.townshipCode)?.name ?? row.townshipCode,
          villageName: findVillage(row.villageCode)?.village.name ?? row.villageCode,
          stage: row.stage,
          state: row.state,
          level: row.level,
          waitingSince: row.waitingSince.toISOString(),
          dueAt: dueAt?.toISOString() ?? null,
          overdue: dueAt !== null && dueAt.getTime() < now.getTime(),
        });
      }
      return { items };
    });
  }

  /** Active 公示, masked for the public. */
  notices(query: { township?: string; village?: string }): Promise<Outcome<{ items: unknown[] }>> {
    return outcome(async () => {
      const where = [`stage = 'publicNotice'`];
      const params: unknown[] = [];
      if (query.township) (where.push('township_code = ?'), params.push(query.township));
      if (query.village) (where.push('village_code = ?'), params.push(query.village));
      const rows = await this.em()
        .getConnection()
        .execute(`select ${CASE_COLUMNS} from "${this.definition.schema}".case_record where ${where.join(' and ')} order by updated_at limit 500`, params);
      return {
        items: rows.map((raw: any) => {
          const row = toCaseRow(raw);
          const context = (row.snapshot as unknown as PersistedCaseSnapshot).context;
          const fields = this.definition.publicNotice(context.data);
          return {
            caseId: row.id,
            service: row.service,
            title: fields.name,
            ...fields,
            townshipCode: row.townshipCode,
            townshipName: findTownship(row.townshipCode)?.name ?? row.townshipCode,
            villageCode: row.villageCode,
            villageName: findVillage(row.villageCode)?.village.name ?? row.villageCode,
            onHold: row.state === 'publicNotice.onHold',
            noticeStartsAt: context.notice.startedAt ?? null,
            noticeEndsAt: context.notice.endsAt ?? null,
          };
        }),
      };
    });
  }

  /** An objection from the public: holds the notice until the responsible level resolves it. */
  objection(request: ObjectionRequest, correlationId: string): Promise<Outcome<{ objectionId: string }>> {
    return outcome(async () => {
      const objectionId = randomUUID();
      for (let attempt = 0; ; attempt++) {
        try {
          await this.em().transactional(async (tem) => {
            const row = await this.store.find(tem, request.caseId);
            if (!row || row.stage !== 'publicNotice') throw CaseFailure.of(ERROR.NOT_FOUND, 'No active public notice for this case');
            const event: CaseEvent = { type: 'notice.objection', objectionId, reason: request.reason, actor: PUBLIC_ACTOR, at: this.now() };
            await this.decideAndPersist(tem, row, event, correlationId);
          });
          break;
        } catch (error) {
          // Another decision landed between our read and write: objections are never lost, so retry.
          if (!(error instanceof CaseFailure && error.body.code === ERROR.STALE_VERSION && attempt < 5)) throw error;
        }
      }
      this.afterCommit();
      return { objectionId };
    });
  }

  audit(actor: Actor, caseId: string): Promise<Outcome<{ items: unknown[] }>> {
    return outcome(async () => {
      const em = this.em();
      await this.visibleCase(em, caseId, actor);
      return { items: await this.store.auditTrail(em, caseId) };
    });
  }

  /**
   * Fires due timers once across replicas: each is locked (SKIP LOCKED), applied to its case
   * and marked fired in one transaction. Returns how many were fired.
   */
  async fireDueTimers(limit = 20): Promise<number> {
    const now = this.clock.now();
    const fired = await this.em().transactional(async (tem) => {
      const timers = await this.store.claimDueTimers(tem, now, limit);
      for (const timer of timers) {
        const row = await this.store.find(tem, timer.caseId, { forUpdate: true });
        let result = 'case missing';
        if (row) {
          const event = { ...(timer.event as object), actor: SYSTEM_ACTOR, at: now.toISOString() } as CaseEvent;
          const decision = this.workflow.decide(row.snapshot as unknown as PersistedCaseSnapshot, event);
          if (decision.ok) {
            await this.persistStep(tem, row, decision.step, event, `timer:${timer.key}`);
            result = `fired: ${decision.step.state}`;
          } else {
            result = `ignored: ${decision.refusal.code}`;
          }
        }
        await this.store.markTimerFired(tem, timer.key, now.toISOString(), result);
      }
      return timers.length;
    });
    if (fired > 0) this.afterCommit();
    return fired;
  }

  private async decideAndPersist(em: EntityManager, row: CaseRow, event: CaseEvent, correlationId: string): Promise<CaseStep> {
    const decision = this.workflow.decide(row.snapshot as unknown as PersistedCaseSnapshot, event);
    if (!decision.ok) {
      // Out of jurisdiction hides the case; every other refusal says why.
      if (decision.refusal.code === 'CASE.OUT_OF_JURISDICTION') throw CaseFailure.of(ERROR.NOT_FOUND, 'Case not found');
      throw CaseFailure.refused(decision.refusal);
    }
    await this.persistStep(em, row, decision.step, event, correlationId);
    return decision.step;
  }

  /** State, audit row, outbox rows and timers: all in the caller's transaction. */
  private async persistStep(em: EntityManager, row: CaseRow, step: CaseStep, event: CaseEvent, correlationId: string): Promise<void> {
    const described = this.definition.describe(step.snapshot.context.data);
    const action = actionName(event.type);
    const outbox: OutboxInput[] = step.events.map((e) => this.outboxEvent(row, e.name, { ...e.payload, stage: step.stage, state: step.state }, event.actor, event.at, correlationId));
    const effects = await this.definition.afterTransition?.(em, { row, step, event, correlationId });
    outbox.push(...(effects?.outbox ?? []));
    const householdId = effects?.householdId ?? described.householdId ?? row.householdId;
    const written = await this.store.update(
      em,
      row,
      { stage: step.stage, state: step.state, level: step.level, snapshot: step.snapshot as unknown as Record<string, unknown>, title: described.title, householdId },
      {
        at: event.at,
        actorId: event.actor.userId,
        actorName: event.actor.displayName ?? null,
        role: event.actor.roles[0] ?? 'unknown',
        level: row.level,
        action,
        comment: commentOf(event),
        fromState: row.state,
        toState: step.state,
      },
      outbox,
    );
    if (!written) throw CaseFailure.of(ERROR.STALE_VERSION, 'Someone acted on this case first; reload it');
    await this.store.cancelTimers(em, step.cancelledTimers, event.at);
    await this.store.scheduleTimers(em, step.timers.map((t) => ({ key: t.key, caseId: row.id, dueAt: t.dueAt, event: t.event })));
  }

  private outboxEvent(row: CaseRow, name: string, payload: Record<string, unknown>, actor: Actor, at: string, correlationId: string): OutboxInput {
    return {
      subject: eventSubject(this.definition.service, name),
      payload: {
        name,
        service: this.definition.service,
        caseId: row.id,
        householdId: row.householdId,
        townshipCode: row.townshipCode,
        villageCode: row.villageCode,
        actorId: actor.userId,
        correlationId,
        timestamp: at,
        ...payload,
      },
    };
  }

  private toEvent(request: ActOnCaseRequest, actor: Actor, at: string, currentData: Record<string, unknown>): CaseEvent {
    const action = request.action as CaseAction;
    const base = { actor, at, comment: request.comment };
    const schema = (actionDataSchemas as Record<string, any>)[action];
    let data: any = request.data ?? {};
    if (schema) {
      const parsed = parsePayload(schema, data);
      if (!parsed.ok) throw invalidData(parsed.error);
      data = parsed.value;
    }
    switch (action) {
      case 'edit': {
        const merged = { ...currentData, ...data };
        const parsed = parsePayload(this.definition.dataSchema, merged);
        if (!parsed.ok) throw invalidData(parsed.error);
        return { ...base, type: 'case.edit', data };
      }
      case 'approve':
        return { ...base, type: 'review.approve', data: Object.keys(data).length ? data : undefined };
      case 'return':
        return { ...base, type: 'review.return', to: data.to ?? 'previous' };
      case 'resolveObjection':
        return { ...base, type: 'notice.resolveObjection', outcome: data.outcome, then: data.then };
      case 'recordAcceptance':
        return { ...base, type: 'acceptance.record', check: data.check, evidence: data.evidence };
      default:
        return { ...base, type: ACTION_EVENTS[action] } as CaseEvent;
    }
  }

  private async visibleCase(em: EntityManager, caseId: string, actor: Actor): Promise<CaseRow> {
    const row = await this.store.find(em, caseId);
    if (!row || !canSeeCase(actor, row, this.definition.policy.departments)) {
      throw CaseFailure.of(ERROR.NOT_FOUND, 'Case not found');
    }
    return row;
  }

  private async view(em: EntityManager, caseId: string, actor: Actor): Promise<CaseView> {
    const row = await this.visibleCase(em, caseId, actor);
    const history = await this.store.auditTrail(em, caseId);
    const snapshot = row.snapshot as unknown as PersistedCaseSnapshot;
    return buildCaseView({
      row,
      context: snapshot.context as CaseContext,
      definition: this.definition,
      history,
      allowedActions: this.workflow.allowedActions(snapshot, actor, this.now()),
      dueAt: this.dueAt(row),
    });
  }

  /** When the current level's time limit (county policy data) runs out. */
  private dueAt(row: CaseRow): Date | null {
    const limits = getPolicyById(row.policyId).levelTimeLimitsDays as Record<string, number>;
    const days = row.stage === 'review' && row.level ? limits[row.level] : undefined;
    return days === undefined ? null : new Date(row.waitingSince.getTime() + days * 86_400_000);
  }

  /** Restricts a query to what the actor may see (same rule as `canSeeCase`). */
  private scopeClause(actor: Actor, where: string[], params: unknown[]): void {
    if (canSeeCase(actor, { townshipCode: '\u0000', villageCode: '\u0000' }, this.definition.policy.departments)) return;
    const ors: string[] = [];
    if (actor.roles.includes('township_reviewer') && actor.townshipCode) (ors.push('township_code = ?'), params.push(actor.townshipCode));
    if (actor.roles.includes('village_officer') && actor.villageCode) (ors.push('village_code = ?'), params.push(actor.villageCode));
    where.push(ors.length ? `(${ors.join(' or ')})` : 'false');
  }
}

function actionName(eventType: CaseEvent['type']): string {
  return (Object.entries(ACTION_EVENTS).find(([, type]) => type === eventType)?.[0] ?? eventType) as string;
}

function commentOf(event: CaseEvent): string | null {
  if (event.type === 'notice.objection') return event.reason;
  if (event.type === 'acceptance.record') return `${event.check}: ${event.evidence}`;
  if (event.type === 'notice.resolveObjection') return [event.outcome, event.comment].filter(Boolean).join(': ');
  return 'comment' in event ? (event.comment ?? null) : null;
}

/** A validation failure inside `data`, named by its full path (`data.members.0.idNumber`). */
function invalidData(error: { field?: string; message: string }): CaseFailure {
  const field = error.field ? `data.${error.field}` : 'data';
  return CaseFailure.of(ERROR.VALIDATION, `${field}: ${error.message.replace(/^[^:]*: /, '')}`, { field });
}
