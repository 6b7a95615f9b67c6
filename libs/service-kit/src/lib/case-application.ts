import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  ERROR,
  actionDataSchemas,
  decodeCursor,
  eventSubject,
  parsePayload,
  type ActOnCaseRequest,
  type AuditVerification,
  type CaseDispatchFigures,
  type CaseDispatchRequest,
  type CaseStats,
  type CaseStatsRequest,
  type DeclareCaseRequest,
  type InboxRequest,
  type KeysetPage,
  type KeysetPosition,
  type ListCasesRequest,
  type NoticesRequest,
  type ObjectionRequest,
  type RevealFieldRequest,
  type RevealedField,
} from '@poverty/contracts';
import {
  CASE_COLUMNS,
  CaseStore,
  newestFirstPage,
  type NewestFirstPage,
  tallyOrder,
  type CaseChange,
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
import { POLICIES, findTownship, findVillage, getPolicyById, maskIdNumbersInText, personalFieldAt, personalValues, policyInForce, restoreMaskedValues, type PersonalDataKind } from '@poverty/policy';
import {
  ACTION_EVENTS,
  CaseWorkflow,
  PUBLIC_ACTOR,
  SYSTEM_ACTOR,
  actorHoldsLevel,
  actorLevelKeys,
  awaitingActor,
  canSeeCase,
  type Actor,
  type CaseAction,
  type CaseContext,
  type CaseEvent,
  type CaseStep,
  type PersistedCaseSnapshot,
} from '@poverty/workflow';
import { CaseFailure, outcome, type Outcome } from './case-failure';
import type { CaseServiceDefinition, PublicNoticeFields } from './case-service.definition';
import type { Clock } from './clock';
import { buildCaseView, buildSummary, type CaseSummary, type CaseView } from './case-view';
import { RecentCases, type RecentCase } from './recent-cases';
import { amountsPaid, bringReadModelUpToDate, reviewDueAt } from './case-read-model';
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

/** A page of cases, newest first. */
export type CaseList = NewestFirstPage<CaseSummary>;

/** A 公示 as the public board shows it (masked by the service's `publicNotice`). */
export type PublicNotice = PublicNoticeFields & {
  caseId: string;
  service: string;
  title: string;
  townshipCode: string;
  townshipName: string;
  villageCode: string;
  villageName: string;
  onHold: boolean;
  noticeStartsAt: string | null;
  noticeEndsAt: string | null;
  /** The board's order: when the notice last changed (opened, held, resumed). */
  noticeUpdatedAt: string;
};

/** Pages of awaiting cases one inbox request judges before it answers with where it stopped. */
const INBOX_SCAN_BATCHES = 10;

/**
 * The use cases of a case service — declare, act, read, list, inbox, public notices,
 * objections, timers — written once for all five services.
 */
export class CaseApplication {
  readonly workflow: CaseWorkflow;
  readonly store: CaseStore;
  private readonly db: SqlDatabase;
  private readonly recent = new RecentCases();
  private readonly rulesByPolicy = new Map<string, CaseRules>();

  constructor(
    readonly definition: CaseServiceDefinition<any>,
    orm: MikroORM,
    private readonly clock: Clock,
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.workflow = new CaseWorkflow(definition.policy, { versions: definition.machineVersions });
    this.store = new CaseStore(definition.schema);
    this.db = new SqlDatabase(orm);
    this.rulesByPolicy.set(definition.countyPolicyId, { definition, workflow: this.workflow });
  }

  /**
   * The service's definition and workflow under one county policy version: a case is decided by the
   * rules of the version it was declared under (its row's `policy_id`), never by a later year's.
   */
  rulesFor(policyId: string): CaseRules {
    const known = this.rulesByPolicy.get(policyId);
    if (known) return known;
    const definition = this.definition.byPolicy?.[policyId];
    if (!definition) throw CaseFailure.of('POLICY.NOT_FOUND', `The ${this.definition.service} service has no rules for policy version ${policyId}`);
    const rules = { definition, workflow: new CaseWorkflow(definition.policy, { versions: this.definition.machineVersions }) };
    this.rulesByPolicy.set(policyId, rules);
    return rules;
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
    // The policy version in force on the declaration's date decides the case until it closes.
    const countyPolicy = policyInForce(getPolicyById(def.countyPolicyId).countyCode, def.policyDate ?? at);
    const rules = this.rulesFor(countyPolicy.id);
    const checked = await rules.definition.beforeDeclare?.(sql, data, actor, { ...jurisdiction, caseId: id, correlationId });
    if (checked && 'code' in checked) throw CaseFailure.refused(checked);
    if (checked?.data) data = { ...data, ...checked.data };
    const step = rules.workflow.open({ caseId: id, jurisdiction, declaredBy: actor, data });
    const described = rules.definition.describe(data);
    const awaiting = awaitingActor(rules.definition.policy, step.state, step.snapshot.context);
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
      policyId: countyPolicy.id,
      declaredBy: actor.userId,
      awaitingKey: awaiting.key,
      awaitingExcluded: awaiting.excluded,
    };
    const audit = {
      at, actorId: actor.userId, actorName: actor.displayName ?? null, role: actor.roles[0],
      level: null, action: 'declare', comment: null, fromState: null, toState: step.state,
    };
    await this.store.insert(sql, row, audit, [this.outboxEvent({ ...row, version: 1 } as unknown as CaseRow, 'case.declared', { stage: step.stage, state: step.state }, actor, at, correlationId)]);
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

  /**
   * A page of the cases the actor may see, newest first, by keyset: (created_at, id) below the
   * cursor, on an index of each filter. The total is exact up to `LIST_TOTAL_CAP` and capped beyond,
   * where an exact count would read every matching row.
   */
  list(actor: Actor, query: ListCasesRequest): Promise<Outcome<CaseList>> {
    return outcome(async () => {
      const where = this.scoped(actor)
        .addIf(query.stage, 'stage = ?')
        .addIf(query.township, 'township_code = ?')
        .addIf(query.village, 'village_code = ?')
        .addIf(query.householdId, 'household_id = ?');
      return newestFirstPage((text, params) => this.query(text, params), {
        from: this.table(),
        columns: CASE_COLUMNS,
        where,
        timeColumn: 'created_at',
        pageSize: query.pageSize,
        cursor: query.cursor,
        toItem: (row) => buildSummary(toCaseRow(row)),
        positionOf: (item) => ({ at: item.createdAt, id: item.id }),
      });
    });
  }

  /**
   * Cases awaiting an action of this actor, oldest first, a page at a time. SQL narrows to the
   * cases whose level key the actor holds (one index range per key, merged in order) and XState's
   * `allowedActions` judges each; what it turns down is skipped and the scan goes on, so a page is
   * short only at the end of the inbox or when `scannedTo` says where the next one starts.
   */
  inbox(actor: Actor, query: InboxRequest = { limit: 50 }): Promise<Outcome<KeysetPage<InboxItem>>> {
    return outcome(async () => {
      const keys = actorLevelKeys(actor);
      if (keys.length === 0) return { items: [], scannedTo: null };
      const scope = this.scoped(actor).addIf(query.stage, 'stage = ?').addIf(query.township, 'township_code = ?');
      const now = this.clock.now();
      const items: InboxItem[] = [];
      let position: KeysetPosition | null = query.cursor ? decodeCursor(query.cursor) : null;
      for (let batch = 0; batch < INBOX_SCAN_BATCHES; batch++) {
        const rows = await this.awaitingRows(keys, actor.userId, scope, position, query.limit);
        for (const raw of rows) {
          const row = toCaseRow(raw);
          position = { at: row.waitingSince.toISOString(), id: row.id };
          const actions = this.rulesFor(row.policyId).workflow.allowedActions(row.snapshot as unknown as PersistedCaseSnapshot, actor, now.toISOString());
          if (actions.length > 0) items.push(this.inboxItem(row, now));
          if (items.length === query.limit) return { items, scannedTo: position };
        }
        if (rows.length < query.limit) return { items, scannedTo: null };
      }
      return { items, scannedTo: position };
    });
  }

  /** The next `limit` cases awaiting any of `keys` after `position`, in (waiting_since, id) order. */
  private awaitingRows(keys: string[], userId: string, scope: SqlWhere, position: KeysetPosition | null, limit: number) {
    const params: unknown[] = [];
    const branches = keys.map((key) => {
      const where = new SqlWhere().add('awaiting_key = ?', key).add('not (? = any(awaiting_excluded))', userId).addAll(scope);
      if (position) where.add('(waiting_since, id) > (?::timestamptz, ?::uuid)', position.at, position.id);
      params.push(...where.params, limit);
      return `(select ${CASE_COLUMNS} from ${this.table()} ${where.toSql()} order by waiting_since, id limit ?)`;
    });
    return this.query(`select * from (${branches.join(' union all ')}) awaiting order by waiting_since, id limit ?`, [...params, limit]);
  }

  private inboxItem(row: CaseRow, now: Date): InboxItem {
    return {
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
      dueAt: row.dueAt?.toISOString() ?? null,
      overdue: row.dueAt !== null && row.dueAt.getTime() < now.getTime(),
    };
  }

  /** Active 公示, masked for the public, oldest notice first, a page at a time. */
  notices(query: NoticesRequest): Promise<Outcome<KeysetPage<PublicNotice>>> {
    return outcome(async () => {
      const where = new SqlWhere().add(`stage = 'publicNotice'`).addIf(query.township, 'township_code = ?').addIf(query.village, 'village_code = ?');
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      if (after) where.add('(updated_at, id) > (?::timestamptz, ?::uuid)', after.at, after.id);
      const rows = await this.query(`select ${CASE_COLUMNS} from ${this.table()} ${where.toSql()} order by updated_at, id limit ?`, [...where.params, query.limit]);
      const items = rows.map((raw) => this.publicNotice(toCaseRow(raw)));
      const last = items[items.length - 1];
      return { items, scannedTo: rows.length < query.limit ? null : { at: last.noticeUpdatedAt, id: last.caseId } };
    });
  }

  private publicNotice(row: CaseRow): PublicNotice {
    const context = (row.snapshot as unknown as PersistedCaseSnapshot).context;
    const fields = this.rulesFor(row.policyId).definition.publicNotice(context.data);
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
      noticeUpdatedAt: row.updatedAt.toISOString(),
    };
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
   * past their level's time limit, and the amounts closed (销号) cases were paid. Read from the
   * tallies the transitions keep (`CaseStageTally`, `CaseClosedTally`) and the due-date index,
   * never by reading the cases. A case belongs to the year of its policy version.
   */
  stats(actor: Actor, query: CaseStatsRequest): Promise<Outcome<CaseStats>> {
    return outcome(async () => {
      const policyIds = POLICIES.filter((p) => p.year === query.year).map((p) => p.id);
      const result: CaseStats = { service: this.definition.service, year: query.year, byStage: [], overdue: [], paid: [], closedInMonth: [] };
      if (policyIds.length === 0) return result;
      const where = this.scoped(actor).add(`policy_id in (${policyIds.map(() => '?').join(',')})`, ...policyIds);
      const clause = where.clauses.join(' and ');
      const params = where.params;
      const counts = await this.query(
        `select township_code, stage, sum(cases)::int as count from ${this.table('case_stage_tally')} where ${clause}
         group by township_code, stage having sum(cases) <> 0 order by township_code, stage`,
        params,
      );
      result.byStage = counts.map((r: any) => ({ townshipCode: r.township_code, stage: r.stage, count: r.count }));
      const overdue = await this.query(
        `select township_code, count(*)::int as count from ${this.table()} where ${clause} and due_at < ? group by township_code order by township_code`,
        [...params, this.now()],
      );
      result.overdue = overdue.map((r: any) => ({ townshipCode: r.township_code, count: r.count }));
      const paid = await this.query(
        `select township_code, sum(cases)::int as cases, sum(paid_fen)::bigint as amount_fen from ${this.table('case_closed_tally')} where ${clause}
         group by township_code having sum(cases) <> 0 order by township_code`,
        params,
      );
      result.paid = paid.map((r: any) => ({ townshipCode: r.township_code, cases: r.cases, amountFen: Number(r.amount_fen) }));
      if (query.month) {
        const month = `${query.year}-${String(query.month).padStart(2, '0')}-01`;
        const rows = await this.query(
          `select township_code, sum(cases)::int as count from ${this.table('case_closed_tally')} where ${clause} and month = ?::date
           group by township_code having sum(cases) <> 0 order by township_code`,
          [...params, month],
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
      const clause = where.clauses.join(' and ');
      const params = where.params;
      const month = `${query.year}-${String(query.month).padStart(2, '0')}-01`;
      const towns = new Map<string, CaseDispatchFigures['townships'][number]>();
      const town = (code: string) => {
        const t = towns.get(code) ?? { townshipCode: code, open: {}, overdue: 0, committedFen: 0, paidFen: 0, closedInMonth: 0, paidInMonthFen: 0 };
        towns.set(code, t);
        return t;
      };
      // Counts and paid amounts from the tallies and the due-date index, as `stats` reads them.
      const open = await this.query(
        `select township_code, stage, sum(cases)::int as count from ${this.table('case_stage_tally')} where ${clause}
         and stage in ('application','review','publicNotice','acceptance') group by 1, 2 having sum(cases) <> 0`,
        params,
      );
      for (const r of open as any[]) town(r.township_code).open[r.stage] = r.count;
      const closed = await this.query(
        `select township_code, sum(cases)::int as cases, sum(paid_fen)::bigint as paid,
           coalesce(sum(cases) filter (where month = ?::date), 0)::int as cases_in_month, coalesce(sum(paid_fen) filter (where month = ?::date), 0)::bigint as paid_in_month
         from ${this.table('case_closed_tally')} where ${clause} group by 1 having sum(cases) <> 0`,
        [month, month, ...params],
      );
      for (const r of closed as any[]) {
        const t = town(r.township_code);
        t.paidFen = Number(r.paid);
        t.closedInMonth = r.cases_in_month;
        t.paidInMonthFen = Number(r.paid_in_month);
      }
      const overdue = await this.query(`select township_code, count(*)::int as count from ${this.table()} where ${clause} and due_at < ? group by 1`, [...params, this.now()]);
      for (const r of overdue as any[]) town(r.township_code).overdue = r.count;
      // What is committed but not yet paid: only the cases in 公示 and 验收 are read, by the stage index.
      const committed = await this.query(
        `select township_code, policy_id, snapshot -> 'context' -> 'data' as data from ${this.table()} where ${clause} and stage in ('publicNotice','acceptance')`,
        params,
      );
      for (const r of committed as any[]) town(r.township_code).committedFen += amountsPaid(this.rulesFor(r.policy_id).definition, r.data);
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
      // Only timers of cases this replica can decide: an older build leaves the newer ones to the rest.
      const due = (await this.store.claimDueTimers(sql, now, limit, this.workflow.versions)).sort((a, b) => tallyOrder(a.row, b.row));
      const decided = new Set<string>();
      for (const { timer, row, history } of due) {
        // A second due timer of the same case waits for the next poll, which reads the case as
        // this one leaves it.
        if (decided.has(row.id)) continue;
        decided.add(row.id);
        const event = { ...(timer.event as object), actor: SYSTEM_ACTOR, at } as CaseEvent;
        const decision = this.rulesFor(row.policyId).workflow.decide(row.snapshot as unknown as PersistedCaseSnapshot, event);
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
    const decision = this.rulesFor(row.policyId).workflow.decide(row.snapshot as unknown as PersistedCaseSnapshot, event);
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
    const { definition } = this.rulesFor(row.policyId);
    const effects = await definition.afterTransition?.(sql, { row, step: decided, event, correlationId });
    if (effects?.refusal) throw CaseFailure.refused(effects.refusal);
    const step = withRecordedData(decided, effects?.data);
    const described = definition.describe(step.snapshot.context.data);
    outbox.push(...(effects?.outbox ?? []));
    const householdId = effects?.householdId ?? described.householdId ?? row.householdId;
    const at = new Date(event.at);
    const waitingChanged = step.stage !== row.stage || step.level !== row.level;
    const waitingSince = waitingChanged ? at : row.waitingSince;
    const awaiting = awaitingActor(definition.policy, step.state, step.snapshot.context);
    const change: CaseChange = {
      stage: step.stage,
      state: step.state,
      level: step.level,
      snapshot: step.snapshot as unknown as Record<string, unknown>,
      title: described.title,
      householdId,
      awaitingKey: awaiting.key,
      awaitingExcluded: awaiting.excluded,
      dueAt: reviewDueAt(row.policyId, step.stage, step.level, waitingSince),
      paidFen: step.stage === 'closed' ? amountsPaid(definition, step.snapshot.context.data) : row.paidFen,
    };
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
    return {
      row: { ...row, ...change, version: row.version + 1, auditSeq: audit.seq, auditHead: audit.hash, updatedAt: at, waitingSince },
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
    const rules = this.rulesFor(row.policyId);
    return buildCaseView({
      row,
      context: snapshot.context as CaseContext,
      definition: rules.definition,
      history,
      allowedActions: rules.workflow.allowedActions(snapshot, actor, this.now()),
      dueAt: row.dueAt,
      disclosed,
    });
  }

  /** A table of this service's schema, quoted. */
  private table(name = 'case_record'): string {
    return `"${this.definition.schema}".${name}`;
  }

  /**
   * Brings the derived columns and tallies of rows written before they existed up to date: run at
   * start, once per version of the read model (`case-read-model.ts`).
   */
  bringReadModelUpToDate(report: (line: string) => void = () => undefined): Promise<number> {
    return bringReadModelUpToDate(this.db, this.store, this.definition, report);
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

/** A service's rules under one county policy version. */
export interface CaseRules {
  definition: CaseServiceDefinition<any>;
  workflow: CaseWorkflow;
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
