import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  ERROR,
  actionDataSchemas,
  eventSubject,
  parsePayload,
  type ActOnCaseRequest,
  type AuditVerification,
  type CaseDispatchFigures,
  type CaseDispatchRequest,
  type CaseStats,
  type CaseStatsRequest,
  type DeclareCaseRequest,
  type ListCasesRequest,
  type ObjectionRequest,
  type RevealFieldRequest,
  type RevealedField,
} from '@poverty/contracts';
import {
  CASE_COLUMNS,
  CaseStore,
  SqlDatabase,
  SqlWhere,
  toCaseRow,
  verifyAuditChain,
  verifySchemaAuditChains,
  type CaseRow,
  type FiredTimer,
  type OutboxInput,
  type Sql,
  type SqlTransaction,
  type StoredAuditRow,
} from '@poverty/persistence';
import { POLICIES, findTownship, findVillage, getPolicyById, maskIdNumbersInText, personalFieldAt, personalValues, restoreMaskedValues, type PersonalDataKind } from '@poverty/policy';
import {
  ACTION_EVENTS,
  CaseWorkflow,
  PUBLIC_ACTOR,
  SYSTEM_ACTOR,
  actorHoldsLevel,
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
import { RecentCases, type RecentCase } from './recent-cases';
import { officialCoversCase } from './personal-data-access';

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
  private readonly db: SqlDatabase;
  private readonly recent = new RecentCases();

  constructor(
    readonly definition: CaseServiceDefinition<any>,
    orm: MikroORM,
    private readonly clock: Clock,
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.workflow = new CaseWorkflow(definition.policy);
    this.store = new CaseStore(definition.schema);
    this.db = new SqlDatabase(orm);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private query<T = Record<string, any>>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.read((sql) => sql.all<T>(text, params));
  }

  declare(actor: Actor, request: DeclareCaseRequest, correlationId: string): Promise<Outcome<CaseView>> {
    return outcome(async () => {
      const id = await this.db.transaction((sql) => this.declareWithin(sql, actor, request, correlationId));
      this.afterCommit();
      return this.view(id, actor);
    });
  }

  /**
   * Declares a case inside the caller's transaction (e.g. a consumer's, so an event and the case it
   * opens commit together) and returns its id; refusals are thrown as `CaseFailure`. The system
   * actor may open a case in 申报 for the village to take up; anyone else must be its declarer.
   */
  async declareWithin(sql: Sql, actor: Actor, request: DeclareCaseRequest, correlationId: string): Promise<string> {
    const def = this.definition;
    const parsed = parsePayload(def.dataSchema, request.data);
    if (!parsed.ok) throw invalidData(parsed.error);
    const village = findVillage(request.villageCode);
    if (!village || village.township.code !== request.townshipCode) {
      throw CaseFailure.of(ERROR.VALIDATION, 'villageCode: not a village of that township', { field: 'villageCode' });
    }
    let data = parsed.value as Record<string, unknown>;
    const id = randomUUID();
    const at = this.now();
    const jurisdiction = { townshipCode: request.townshipCode, villageCode: request.villageCode };
    const automatic = actor.roles.includes('system');
    // Who may declare is the declarer level (role and village); data rules answer later, with their own codes.
    if (!automatic && !actorHoldsLevel(actor, def.policy.declarer, jurisdiction)) {
      throw CaseFailure.of(ERROR.FORBIDDEN, 'Only a village officer of that village declares its cases');
    }
    const checked = await def.beforeDeclare?.(sql, data, actor, { ...jurisdiction, caseId: id, correlationId });
    if (checked && 'code' in checked) throw CaseFailure.refused(checked);
    if (checked?.data) data = { ...data, ...checked.data };
    const step = this.workflow.open({ caseId: id, jurisdiction, declaredBy: actor, data });
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
    await this.store.insert(sql, row, audit, [this.outboxEvent({ ...row, version: 1 } as CaseRow, 'case.declared', { stage: step.stage, state: step.state }, actor, at, correlationId)]);
    return id;
  }

  act(actor: Actor, request: ActOnCaseRequest, correlationId: string): Promise<Outcome<CaseView>> {
    return outcome(async () => {
      const remembered = this.recent.at(request.caseId, request.expectedVersion);
      try {
        return await this.decideOn(remembered, actor, request, correlationId);
      } catch (error) {
        // Another replica moved the case on since this one last saw it: answer as a fresh read would.
        const stale = error instanceof CaseFailure && error.body.code === ERROR.STALE_VERSION;
        if (!remembered || !stale) throw error;
        this.recent.forget(request.caseId);
        return this.decideOn(undefined, actor, request, correlationId);
      }
    });
  }

  private async decideOn(remembered: RecentCase | undefined, actor: Actor, request: ActOnCaseRequest, correlationId: string): Promise<CaseView> {
    // Read outside the transaction (or not at all, see RecentCases): the versioned UPDATE is what
    // serialises decisions, and the history, plus the new audit row, is the answer.
    const found = remembered ?? (await this.db.read((sql) => this.store.findWithHistory(sql, request.caseId)));
    if (!found || !canSeeCase(actor, found.row, this.definition.policy.departments)) throw CaseFailure.of(ERROR.NOT_FOUND, 'Case not found');
    const { row, history } = found;
    if (row.version !== request.expectedVersion) {
      throw CaseFailure.of(ERROR.STALE_VERSION, `The case is at version ${row.version}, not ${request.expectedVersion}: someone acted first`, {
        details: { currentVersion: row.version },
      });
    }
    const currentData = (row.snapshot as unknown as PersistedCaseSnapshot).context.data;
    const event = this.toEvent(request, actor, this.now(), currentData);
    const written = await this.db.transaction((sql) => this.decideAndPersist(sql, row, event, correlationId));
    this.afterCommit();
    const historyNow = [...history, written.audit];
    this.recent.remember(written.row, historyNow);
    return this.present(written.row, historyNow, actor);
  }

  /** The case, personal fields masked (except the kinds an evaluation engagement discloses). */
  get(actor: Actor, caseId: string, disclosed?: readonly PersonalDataKind[]): Promise<Outcome<CaseView>> {
    return outcome(() => this.view(caseId, actor, disclosed));
  }

  /**
   * One personal field of a case, unmasked, for an official whose jurisdiction covers the case (the
   * gateway logs the reveal, with its reason, before it answers). Auditors, evaluators and admins
   * see masked data only.
   */
  reveal(actor: Actor, request: RevealFieldRequest): Promise<Outcome<RevealedField>> {
    return outcome(async () => {
      const row = await this.db.read((sql) => this.visibleCase(sql, request.caseId, actor));
      if (!officialCoversCase(actor, row, this.definition.policy.departments)) {
        throw CaseFailure.of(ERROR.FORBIDDEN, 'Only an official whose jurisdiction covers the case reveals its personal data');
      }
      const fields = this.definition.personalFields ?? [];
      const data = (row.snapshot as unknown as PersistedCaseSnapshot).context.data;
      const declared = personalFieldAt(fields, request.field);
      const found = declared && personalValues(data, [declared]).find((v) => v.path === request.field);
      if (!found) {
        throw CaseFailure.of(ERROR.VALIDATION, `field: "${request.field}" is not a personal field this case holds`, { field: 'field' });
      }
      return {
        caseId: row.id,
        service: this.definition.service,
        field: found.path,
        kind: found.kind,
        value: found.value,
        householdId: row.householdId,
        townshipCode: row.townshipCode,
        villageCode: row.villageCode,
      };
    });
  }

  list(actor: Actor, query: ListCasesRequest): Promise<Outcome<{ items: CaseSummary[]; total: number; page: number; pageSize: number }>> {
    return outcome(async () => {
      const where = this.scoped(actor)
        .addIf(query.stage, 'stage = ?')
        .addIf(query.township, 'township_code = ?')
        .addIf(query.village, 'village_code = ?')
        .addIf(query.householdId, 'household_id = ?');
      const clause = where.toSql();
      const params = where.params;
      const table = `"${this.definition.schema}".case_record`;
      const [{ count }] = await this.query(`select count(*)::int as count from ${table} ${clause}`, params);
      const rows = await this.query(
        `select ${CASE_COLUMNS} from ${table} ${clause} order by created_at desc limit ? offset ?`,
        [...params, query.pageSize, (query.page - 1) * query.pageSize],
      );
      return { items: rows.map((r: any) => buildSummary(toCaseRow(r))), total: count, page: query.page, pageSize: query.pageSize };
    });
  }

  /** Cases awaiting an action of this actor, oldest first, with overdue flags. */
  inbox(actor: Actor): Promise<Outcome<{ items: InboxItem[] }>> {
    return outcome(async () => {
      const where = this.scoped(actor).add(`stage in ('application','review','publicNotice','acceptance')`);
      const rows = await this.query(`select ${CASE_COLUMNS} from "${this.definition.schema}".case_record ${where.toSql()} order by waiting_since limit 500`, where.params);
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
      const where = new SqlWhere().add(`stage = 'publicNotice'`).addIf(query.township, 'township_code = ?').addIf(query.village, 'village_code = ?');
      const rows = await this.query(`select ${CASE_COLUMNS} from "${this.definition.schema}".case_record ${where.toSql()} order by updated_at limit 500`, where.params);
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
          await this.db.transaction(async (sql) => {
            const row = await this.store.find(sql, request.caseId);
            if (!row || row.stage !== 'publicNotice') throw CaseFailure.of(ERROR.NOT_FOUND, 'No active public notice for this case');
            const event: CaseEvent = { type: 'notice.objection', objectionId, reason: request.reason, actor: PUBLIC_ACTOR, at: this.now() };
            await this.decideAndPersist(sql, row, event, correlationId);
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
      return this.db.read(async (sql) => {
        await this.visibleCase(sql, caseId, actor);
        // The chain is verified on the rows as stored; what leaves has ID numbers in comments masked.
        const items = await this.store.auditTrail(sql, caseId);
        const chain = verifyAuditChain(items);
        return { items: items.map((r) => ({ ...r, comment: r.comment === null ? null : maskIdNumbersInText(r.comment) })), chain };
      });
    });
  }

  /**
   * Counts for reporting, within what the actor may see: cases per township × stage, review cases
   * past their level's time limit, and the amounts closed (销号) cases were paid — the service's own
   * `amounts` of the data its acceptance recorded. A case belongs to the year of its policy version.
   */
  stats(actor: Actor, query: CaseStatsRequest): Promise<Outcome<CaseStats>> {
    return outcome(async () => {
      const policyIds = POLICIES.filter((p) => p.year === query.year).map((p) => p.id);
      const result: CaseStats = { service: this.definition.service, year: query.year, byStage: [], overdue: [], paid: [], closedInMonth: [] };
      if (policyIds.length === 0) return result;
      const where = this.scoped(actor).add(`policy_id in (${policyIds.map(() => '?').join(',')})`, ...policyIds);
      const params = where.params;
      const table = `"${this.definition.schema}".case_record`;
      const clause = where.clauses.join(' and ');
      const counts = await this.query(`select township_code, stage, count(*)::int as count from ${table} where ${clause} group by township_code, stage order by township_code, stage`, params);
      result.byStage = counts.map((r: any) => ({ townshipCode: r.township_code, stage: r.stage, count: r.count }));
      const now = this.clock.now().getTime();
      const overdue = new Map<string, number>();
      for (const raw of await this.query(`select ${CASE_COLUMNS} from ${table} where ${clause} and stage = 'review'`, params)) {
        const row = toCaseRow(raw);
        const due = this.dueAt(row);
        if (due && due.getTime() < now) overdue.set(row.townshipCode, (overdue.get(row.townshipCode) ?? 0) + 1);
      }
      result.overdue = [...overdue].map(([townshipCode, count]) => ({ townshipCode, count }));
      const paid = new Map<string, { cases: number; amountFen: number }>();
      const closed = await this.query(`select township_code, snapshot -> 'context' -> 'data' as data from ${table} where ${clause} and stage = 'closed'`, params);
      for (const r of closed as any[]) {
        const amountFen = amountsPaid(this.definition, r.data);
        const entry = paid.get(r.township_code) ?? { cases: 0, amountFen: 0 };
        paid.set(r.township_code, { cases: entry.cases + 1, amountFen: entry.amountFen + amountFen });
      }
      result.paid = [...paid].map(([townshipCode, v]) => ({ townshipCode, ...v }));
      if (query.month) {
        const from = new Date(Date.UTC(query.year, query.month - 1, 1)).toISOString();
        const to = new Date(Date.UTC(query.year, query.month, 1)).toISOString();
        const rows = await this.query(
          `select township_code, count(*)::int as count from ${table} where ${clause} and stage = 'closed' and updated_at >= ? and updated_at < ? group by township_code`,
          [...params, from, to],
        );
        result.closedInMonth = rows.map((r: any) => ({ townshipCode: r.township_code, count: r.count }));
      }
      return result;
    });
  }

  /**
   * The monthly dispatch (一月一调度) figures of this service, per township, for the cases of the
   * year's policy version within what the actor may see: open cases by stage, overdue reviews,
   * amounts committed (公示, 验收) and paid (销号), and what was struck off in the month.
   */
  dispatch(actor: Actor, query: CaseDispatchRequest): Promise<Outcome<CaseDispatchFigures>> {
    return outcome(async () => {
      const policyIds = POLICIES.filter((p) => p.year === query.year).map((p) => p.id);
      const result: CaseDispatchFigures = { service: this.definition.service, year: query.year, month: query.month, townships: [] };
      if (policyIds.length === 0) return result;
      const where = this.scoped(actor).add(`policy_id in (${policyIds.map(() => '?').join(',')})`, ...policyIds).addIf(query.township, 'township_code = ?');
      const from = new Date(Date.UTC(query.year, query.month - 1, 1));
      const to = new Date(Date.UTC(query.year, query.month, 1));
      const rows = await this.query(
        `select township_code, stage, level, waiting_since, policy_id, updated_at, snapshot -> 'context' -> 'data' as data
           from "${this.definition.schema}".case_record ${where.toSql()} and stage not in ('rejected','withdrawn')`,
        where.params,
      );
      const now = this.clock.now().getTime();
      const towns = new Map<string, CaseDispatchFigures['townships'][number]>();
      for (const r of rows as any[]) {
        const t: CaseDispatchFigures['townships'][number] = towns.get(r.township_code) ?? { townshipCode: r.township_code, open: {}, overdue: 0, committedFen: 0, paidFen: 0, closedInMonth: 0, paidInMonthFen: 0 };
        towns.set(r.township_code, t);
        if (r.stage === 'closed') {
          const fen = amountsPaid(this.definition, r.data);
          t.paidFen += fen;
          const at = new Date(r.updated_at).getTime();
          if (at >= from.getTime() && at < to.getTime()) {
            t.closedInMonth += 1;
            t.paidInMonthFen += fen;
          }
          continue;
        }
        t.open[r.stage] = (t.open[r.stage] ?? 0) + 1;
        if (r.stage === 'publicNotice' || r.stage === 'acceptance') t.committedFen += amountsPaid(this.definition, r.data);
        const due = this.dueAt({ stage: r.stage, level: r.level, waitingSince: new Date(r.waiting_since), policyId: r.policy_id } as CaseRow);
        if (due && due.getTime() < now) t.overdue += 1;
      }
      result.townships = [...towns.values()].sort((a, b) => a.townshipCode.localeCompare(b.townshipCode));
      return result;
    });
  }

  /** Re-computes every hash chain of this service's audit table; auditors and admins only. */
  verifyAudit(actor: Actor): Promise<Outcome<AuditVerification>> {
    return outcome(async () => {
      if (!actor.roles.some((r) => r === 'auditor' || r === 'admin' || r === 'system')) {
        throw CaseFailure.of(ERROR.FORBIDDEN, 'Only auditors verify the audit trail');
      }
      const verdict = await this.db.read((sql) => verifySchemaAuditChains((text, params) => sql.all(text, params), this.definition.schema));
      return { service: this.definition.service, ...verdict };
    });
  }

  /**
   * Fires due timers once across replicas: each is locked with its case (SKIP LOCKED), applied to
   * it and marked fired in one transaction. Returns how many were fired.
   */
  async fireDueTimers(limit = 20): Promise<number> {
    const now = this.clock.now();
    const at = now.toISOString();
    const moved: RecentCase[] = [];
    const fired = await this.db.transaction(async (sql) => {
      const due = await this.store.claimDueTimers(sql, now, limit);
      const decided = new Set<string>();
      for (const { timer, row, history } of due) {
        // A second due timer of the same case waits for the next poll, which reads the case as
        // this one leaves it.
        if (decided.has(row.id)) continue;
        decided.add(row.id);
        const event = { ...(timer.event as object), actor: SYSTEM_ACTOR, at } as CaseEvent;
        const decision = this.workflow.decide(row.snapshot as unknown as PersistedCaseSnapshot, event);
        if (!decision.ok) {
          await this.store.markTimerFired(sql, timer.key, at, `ignored: ${decision.refusal.code}`);
          continue;
        }
        const outcome = `fired: ${decision.step.state}`;
        const written = await this.persistStep(sql, row, decision.step, event, `timer:${timer.key}`, { key: timer.key, outcome });
        moved.push({ row: written.row, history: [...history, written.audit] });
      }
      return due.length;
    });
    // The officer's next decision on these cases needs no read (see RecentCases).
    for (const { row, history } of moved) this.recent.remember(row, history);
    if (fired > 0) this.afterCommit();
    return fired;
  }

  private async decideAndPersist(sql: SqlTransaction, row: CaseRow, event: CaseEvent, correlationId: string): Promise<PersistedStep> {
    const decision = this.workflow.decide(row.snapshot as unknown as PersistedCaseSnapshot, event);
    if (!decision.ok) {
      // Out of jurisdiction hides the case; every other refusal says why.
      if (decision.refusal.code === 'CASE.OUT_OF_JURISDICTION') throw CaseFailure.of(ERROR.NOT_FOUND, 'Case not found');
      throw CaseFailure.refused(decision.refusal);
    }
    return this.persistStep(sql, row, decision.step, event, correlationId);
  }

  /** State, audit row, outbox rows and timers (and the timer that fired it): all in the caller's transaction. */
  private async persistStep(sql: SqlTransaction, row: CaseRow, decided: CaseStep, event: CaseEvent, correlationId: string, firedTimer?: FiredTimer): Promise<PersistedStep> {
    const action = actionName(event.type);
    const outbox: OutboxInput[] = decided.events.map((e) => this.outboxEvent(row, e.name, { ...e.payload, stage: decided.stage, state: decided.state }, event.actor, event.at, correlationId));
    const effects = await this.definition.afterTransition?.(sql, { row, step: decided, event, correlationId });
    if (effects?.refusal) throw CaseFailure.refused(effects.refusal);
    const step = withRecordedData(decided, effects?.data);
    const described = this.definition.describe(step.snapshot.context.data);
    outbox.push(...(effects?.outbox ?? []));
    const householdId = effects?.householdId ?? described.householdId ?? row.householdId;
    const change = { stage: step.stage, state: step.state, level: step.level, snapshot: step.snapshot as unknown as Record<string, unknown>, title: described.title, householdId };
    const audit = await this.store.update(
      sql,
      row,
      change,
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
      {
        outbox,
        cancelTimers: step.cancelledTimers,
        scheduleTimers: step.timers.map((t) => ({ key: t.key, caseId: row.id, dueAt: t.dueAt, event: t.event })),
        firedTimer,
        writes: effects?.writes,
      },
    );
    if (!audit) throw CaseFailure.of(ERROR.STALE_VERSION, 'Someone acted on this case first; reload it');
    const at = new Date(event.at);
    const waitingChanged = step.stage !== row.stage || step.level !== row.level;
    return {
      row: { ...row, ...change, version: row.version + 1, auditSeq: audit.seq, auditHead: audit.hash, updatedAt: at, waitingSince: waitingChanged ? at : row.waitingSince },
      audit,
    };
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
        // A form that showed masked personal fields sends them back masked: those are unchanged.
        data = restoreMaskedValues(data, currentData, this.definition.personalFields ?? []);
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

  private async visibleCase(sql: Sql, caseId: string, actor: Actor): Promise<CaseRow> {
    const row = await this.store.find(sql, caseId);
    if (!row || !canSeeCase(actor, row, this.definition.policy.departments)) {
      throw CaseFailure.of(ERROR.NOT_FOUND, 'Case not found');
    }
    return row;
  }

  private async view(caseId: string, actor: Actor, disclosed?: readonly PersonalDataKind[]): Promise<CaseView> {
    const found = await this.db.read((sql) => this.store.findWithHistory(sql, caseId));
    if (!found || !canSeeCase(actor, found.row, this.definition.policy.departments)) throw CaseFailure.of(ERROR.NOT_FOUND, 'Case not found');
    this.recent.remember(found.row, found.history);
    return this.present(found.row, found.history, actor, disclosed);
  }

  private present(row: CaseRow, history: Array<StoredAuditRow & { actorName: string | null }>, actor: Actor, disclosed?: readonly PersonalDataKind[]): CaseView {
    const snapshot = row.snapshot as unknown as PersistedCaseSnapshot;
    return buildCaseView({
      row,
      context: snapshot.context as CaseContext,
      definition: this.definition,
      history,
      allowedActions: this.workflow.allowedActions(snapshot, actor, this.now()),
      dueAt: this.dueAt(row),
      disclosed,
    });
  }

  /** When the current level's time limit (county policy data) runs out. */
  private dueAt(row: CaseRow): Date | null {
    const limits = getPolicyById(row.policyId).levelTimeLimitsDays as Record<string, number>;
    const days = row.stage === 'review' && row.level ? limits[row.level] : undefined;
    return days === undefined ? null : new Date(row.waitingSince.getTime() + days * 86_400_000);
  }

  /** Restricts a query to what the actor may see (same rule as `canSeeCase`). */
  private scoped(actor: Actor): SqlWhere {
    const where = new SqlWhere();
    if (canSeeCase(actor, { townshipCode: '\u0000', villageCode: '\u0000' }, this.definition.policy.departments)) return where;
    const township = actor.roles.includes('township_reviewer') ? actor.townshipCode : undefined;
    const village = actor.roles.includes('village_officer') ? actor.villageCode : undefined;
    if (township && village) return where.add('(township_code = ? or village_code = ?)', township, village);
    if (township) return where.add('township_code = ?', township);
    if (village) return where.add('village_code = ?', village);
    return where.add('false');
  }
}

/** The sum of a closed case's amounts; data a service cannot price counts as nothing paid. */
function amountsPaid(definition: CaseServiceDefinition<any>, data: Record<string, unknown>): number {
  try {
    return (definition.amounts?.(data) ?? []).reduce((sum, a) => sum + a.amountFen, 0);
  } catch {
    return 0;
  }
}

/** The step with facts a service computed at transition time merged into the case data. */
function withRecordedData(step: CaseStep, data: Record<string, unknown> | undefined): CaseStep {
  if (!data || Object.keys(data).length === 0) return step;
  const context = { ...step.snapshot.context, data: { ...step.snapshot.context.data, ...data } };
  return { ...step, snapshot: { ...step.snapshot, context } };
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

/** A transition as written: the case row after it and its audit row. */
interface PersistedStep {
  row: CaseRow;
  audit: StoredAuditRow & { actorName: string | null };
}

/** A validation failure inside `data`, named by its full path (`data.members.0.idNumber`). */
function invalidData(error: { field?: string; message: string }): CaseFailure {
  const field = error.field ? `data.${error.field}` : 'data';
  return CaseFailure.of(ERROR.VALIDATION, `${field}: ${error.message.replace(/^[^:]*: /, '')}`, { field });
}
