import { randomUUID } from 'node:crypto';
import { auditHash, type AuditFields, type StoredAuditRow } from './audit-chain';
import { TALLY_SLOTS } from './case-tally.entity';
import type { Sql, SqlTransaction } from './sql';

/** A case row as the store reads it. */
export interface CaseRow {
  id: string;
  service: string;
  householdId: string | null;
  title: string;
  townshipCode: string;
  villageCode: string;
  stage: string;
  state: string;
  level: string | null;
  machineId: string;
  machineVersion: number;
  snapshot: Record<string, unknown>;
  version: number;
  policyId: string;
  declaredBy: string;
  auditSeq: number;
  auditHead: string;
  waitingSince: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Who may act now (see `awaitingActor` in the workflow); null: nobody. */
  awaitingKey: string | null;
  awaitingExcluded: string[];
  /** When the current review level's time limit runs out. */
  dueAt: Date | null;
  /** What the case paid, once closed. */
  paidFen: number | null;
}

/** The columns a transition changes. */
export interface CaseChange {
  stage: string;
  state: string;
  level: string | null;
  snapshot: Record<string, unknown>;
  title: string;
  householdId: string | null;
  awaitingKey: string | null;
  awaitingExcluded: string[];
  dueAt: Date | null;
  /** Set when the case closes; ignored otherwise. */
  paidFen: number | null;
  /** Set only by a snapshot migration (machine vN → vN+1); a decision keeps the case's version. */
  machineVersion?: number;
}

/** The columns a new case is written with. */
export type NewCaseRow = Omit<CaseRow, 'version' | 'auditSeq' | 'auditHead' | 'createdAt' | 'updatedAt' | 'waitingSince' | 'dueAt' | 'paidFen'>;

export type AuditInput = Omit<AuditFields, 'caseId' | 'seq'> & { actorName: string | null };

export interface OutboxInput {
  subject: string;
  payload: Record<string, unknown>;
}

export interface TimerInput {
  key: string;
  caseId: string;
  dueAt: string;
  event: Record<string, unknown>;
}

/**
 * A write of a service's own, in the transition's statement: a data-modifying SQL statement that
 * selects `from changed` (the updated case row), so that a stale version writes nothing.
 */
export interface TransitionWrite {
  sql: string;
  params: unknown[];
}

/** A timer fired by a transition: marked in the transition's own statement. */
export interface FiredTimer {
  key: string;
  outcome: string;
}

/** A case's audit trail, oldest first, as a case view shows it. */
export type CaseHistory = Array<StoredAuditRow & { actorName: string | null }>;

export interface DueTimer {
  key: string;
  caseId: string;
  dueAt: Date;
  event: Record<string, unknown>;
}

/** A replica's machine versions, sent as `1,2`: the SQL helper sends arrays as JSON. */
const ONLY_MACHINE_VERSIONS = ` and c.machine_version = any(string_to_array(?, ',')::int[])`;

const CASE_COLUMNS = `id, service, household_id, title, township_code, village_code, stage, state, level,
  machine_id, machine_version, snapshot, version, policy_id, declared_by, audit_seq, audit_head,
  waiting_since, created_at, updated_at, awaiting_key, awaiting_excluded, due_at, paid_fen`;

/**
 * A text[] parameter as PostgreSQL's array literal (`{"a","b"}`): `Sql` sends objects, arrays
 * included, as JSON, which a text[] column does not take.
 */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Orders the cases of one transaction that changes several (a batch of due timers) by the tally
 * rows they lock, so concurrent batches take those locks in one order and cannot deadlock.
 */
export function tallyOrder(a: Pick<CaseRow, 'id' | 'policyId' | 'townshipCode' | 'villageCode'>, b: Pick<CaseRow, 'id' | 'policyId' | 'townshipCode' | 'villageCode'>): number {
  const key = (r: typeof a) => [r.policyId, r.townshipCode, r.villageCode, String(tallySlot(r.id)).padStart(2, '0')].join('|');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** The tally slot a case counts in (its id's first byte); `rebuildTallies` computes the same in SQL. */
export function tallySlot(caseId: string): number {
  return parseInt(caseId.slice(0, 2), 16) % TALLY_SLOTS;
}
const SLOT_SQL = `get_byte(uuid_send(id), 0) % ${TALLY_SLOTS}`;

/** A tally row, as stored or as recounted from the case rows. */
export interface StageTallyRow {
  policyId: string;
  townshipCode: string;
  villageCode: string;
  stage: string;
  cases: number;
}

export interface ClosedTallyRow {
  policyId: string;
  townshipCode: string;
  villageCode: string;
  /** `YYYY-MM` (UTC). */
  month: string;
  cases: number;
  paidFen: number;
}

/** `CASE_COLUMNS` of the table aliased `alias`. */
function prefixed(alias: string, columns: string): string {
  return columns.split(',').map((column) => `${alias}.${column.trim()}`).join(', ');
}

function toCaseRow(r: Record<string, any>): CaseRow {
  return {
    id: r.id,
    service: r.service,
    householdId: r.household_id,
    title: r.title,
    townshipCode: r.township_code,
    villageCode: r.village_code,
    stage: r.stage,
    state: r.state,
    level: r.level,
    machineId: r.machine_id,
    machineVersion: r.machine_version,
    snapshot: r.snapshot,
    version: r.version,
    policyId: r.policy_id,
    declaredBy: r.declared_by,
    auditSeq: r.audit_seq,
    auditHead: r.audit_head,
    waitingSince: new Date(r.waiting_since),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    awaitingKey: r.awaiting_key ?? null,
    awaitingExcluded: r.awaiting_excluded ?? [],
    dueAt: r.due_at ? new Date(r.due_at) : null,
    paidFen: r.paid_fen === null || r.paid_fen === undefined ? null : Number(r.paid_fen),
  };
}

/**
 * Case reads and writes on the hot path as plain SQL: MikroORM's change tracking costs more
 * than PostgreSQL (DESIGN.md §6). Writes take the caller's transaction.
 */
export class CaseStore {
  constructor(readonly schema: string) {}

  private table(name: string): string {
    return `"${this.schema}"."${name}"`;
  }

  /** The audit trail of the case row aliased `alias`, oldest first, as one JSON array. */
  private historyOf(alias: string): string {
    return `coalesce((
         select json_agg(json_build_object('id', a.id, 'case_id', a.case_id, 'seq', a.seq, 'at', a.at, 'actor_id', a.actor_id,
           'actor_name', a.actor_name, 'role', a.role, 'level', a.level, 'action', a.action, 'comment', a.comment,
           'from_state', a.from_state, 'to_state', a.to_state, 'prev_hash', a.prev_hash, 'hash', a.hash) order by a.seq)
         from ${this.table('case_audit')} a where a.case_id = ${alias}.id), '[]'::json)`;
  }

  async find(sql: Sql, id: string, options: { forUpdate?: boolean } = {}): Promise<CaseRow | null> {
    const rows = await sql.all(
      `select ${CASE_COLUMNS} from ${this.table('case_record')} where id = ?${options.forUpdate ? ' for update' : ''}`,
      [id],
    );
    return rows[0] ? toCaseRow(rows[0]) : null;
  }

  /** Writes a new case, its first audit row, its outbox rows, and counts it in its stage's tally. */
  async insert(sql: Sql, row: NewCaseRow, audit: AuditInput, outbox: OutboxInput[]): Promise<void> {
    const fields: AuditFields = { ...audit, caseId: row.id, seq: 1 };
    const hash = auditHash('', fields);
    await sql.run(
      `with created as (
         insert into ${this.table('case_record')} (${CASE_COLUMNS}) values (?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,1,?,?,?,?,?,?::text[],null,null)
         returning policy_id, township_code, village_code, stage
       )
       insert into ${this.table('case_stage_tally')} (policy_id, township_code, village_code, stage, slot, cases)
       select policy_id, township_code, village_code, stage, ?, 1 from created
       on conflict (policy_id, township_code, village_code, stage, slot) do update set cases = ${this.table('case_stage_tally')}.cases + 1`,
      [
        row.id, row.service, row.householdId, row.title, row.townshipCode, row.villageCode, row.stage, row.state,
        row.level, row.machineId, row.machineVersion, JSON.stringify(row.snapshot), row.policyId, row.declaredBy,
        hash, audit.at, audit.at, audit.at, row.awaitingKey, textArrayLiteral(row.awaitingExcluded), tallySlot(row.id),
      ],
    );
    await this.insertAudit(sql, fields, audit.actorName, '', hash);
    await this.insertOutbox(sql, outbox);
  }

  /**
   * Writes the transition if the row is still at `current.version` — state, audit row, outbox
   * rows, cancelled and new timers, in one statement (`sql.last`: atomic on its own when the
   * transaction has nothing else to do) — and returns the new audit row; null when someone else
   * decided first (the caller answers 409 and nothing is written).
   */
  async update(
    sql: SqlTransaction,
    current: CaseRow,
    change: CaseChange,
    audit: AuditInput,
    effects: { outbox: OutboxInput[]; cancelTimers: string[]; scheduleTimers: TimerInput[]; firedTimer?: FiredTimer; writes?: TransitionWrite[] },
  ): Promise<(StoredAuditRow & { actorName: string | null }) | null> {
    const fields: AuditFields = { ...audit, caseId: current.id, seq: current.auditSeq + 1 };
    const hash = auditHash(current.auditHead, fields);
    const waitingChanged = change.stage !== current.stage || change.level !== current.level;
    const { outbox, scheduleTimers, firedTimer } = effects;
    // A row updated twice in one statement keeps only one of the changes: the timer being fired
    // is marked fired, not cancelled.
    const cancelTimers = firedTimer ? effects.cancelTimers.filter((key) => key !== firedTimer.key) : effects.cancelTimers;
    // Every part below the versioned UPDATE selects `from changed`: a stale version writes nothing.
    const parts: string[] = [];
    const closes = change.stage === 'closed' && current.stage !== 'closed';
    const params: unknown[] = [
      change.stage, change.state, change.level, JSON.stringify(change.snapshot), change.title, change.householdId,
      change.awaitingKey, textArrayLiteral(change.awaitingExcluded), change.dueAt?.toISOString() ?? null, closes ? change.paidFen ?? 0 : current.paidFen,
      change.machineVersion ?? null,
      fields.seq, hash, audit.at, waitingChanged, audit.at, current.id, current.version,
      fields.seq, fields.at, fields.actorId, audit.actorName, fields.role, fields.level, fields.action, fields.comment,
      fields.fromState, fields.toState, current.auditHead, hash,
    ];
    if (change.stage !== current.stage) {
      // The dashboard's counts move with the case, in its own statement (see CaseStageTally). The
      // two rows are locked in stage order, and batches of transitions go in `tallyOrder`, so two
      // transactions never wait on each other's counters in a circle.
      parts.push(`tallied as (
         insert into ${this.table('case_stage_tally')} as t (policy_id, township_code, village_code, stage, slot, cases)
         select c.policy_id, c.township_code, c.village_code, m.stage, ?::smallint, m.delta from changed c, (values (?, -1), (?, 1)) as m(stage, delta)
         order by m.stage
         on conflict (policy_id, township_code, village_code, stage, slot) do update set cases = t.cases + excluded.cases
       )`);
      params.push(tallySlot(current.id), current.stage, change.stage);
    }
    if (closes) {
      parts.push(`closed_tallied as (
         insert into ${this.table('case_closed_tally')} as t (policy_id, township_code, village_code, month, slot, cases, paid_fen)
         select c.policy_id, c.township_code, c.village_code, date_trunc('month', ?::timestamptz at time zone 'UTC')::date, ?::smallint, 1, ?::bigint from changed c
         on conflict (policy_id, township_code, village_code, month, slot) do update set cases = t.cases + 1, paid_fen = t.paid_fen + excluded.paid_fen
       )`);
      params.push(audit.at, tallySlot(current.id), change.paidFen ?? 0);
    }
    if (outbox.length) {
      parts.push(`published as (
         insert into ${this.table('outbox')} (id, subject, payload, created_at)
         select m.id::uuid, m.subject, m.payload::jsonb, now() from changed, (values ${outbox.map(() => '(?,?,?)').join(',')}) as m(id, subject, payload)
       )`);
      params.push(...outbox.flatMap((m) => [randomUUID(), m.subject, JSON.stringify(m.payload)]));
    }
    if (cancelTimers.length) {
      parts.push(`cancelled as (
         update ${this.table('case_timer')} set cancelled_at = ?::timestamptz
         where key in (${cancelTimers.map(() => '?').join(',')}) and fired_at is null and exists (select 1 from changed)
       )`);
      params.push(audit.at, ...cancelTimers);
    }
    if (firedTimer) {
      parts.push(`fired as (
         update ${this.table('case_timer')} set fired_at = ?::timestamptz, outcome = ?
         where key = ? and exists (select 1 from changed)
       )`);
      params.push(audit.at, firedTimer.outcome, firedTimer.key);
    }
    (effects.writes ?? []).forEach((write, index) => {
      if (!/\bfrom\s+changed\b/i.test(write.sql)) throw new Error('A transition write must select from changed, or a stale version would still write it');
      parts.push(`written_${index} as (${write.sql})`);
      params.push(...write.params);
    });
    if (scheduleTimers.length) {
      parts.push(`scheduled as (
         insert into ${this.table('case_timer')} (key, case_id, due_at, event)
         select t.key, t.case_id::uuid, t.due_at::timestamptz, t.event::jsonb from changed, (values ${scheduleTimers.map(() => '(?,?,?,?)').join(',')}) as t(key, case_id, due_at, event)
         on conflict (key) do nothing
       )`);
      params.push(...scheduleTimers.flatMap((t) => [t.key, t.caseId, t.dueAt, JSON.stringify(t.event)]));
    }
    const result = await sql.last<{ updated: number; audit_id: string }>(
      `with changed as (
         update ${this.table('case_record')} set stage = ?, state = ?, level = ?, snapshot = ?, title = ?, household_id = ?,
           awaiting_key = ?, awaiting_excluded = ?::text[], due_at = ?::timestamptz, paid_fen = ?::bigint,
           machine_version = coalesce(?::int, machine_version), version = version + 1, audit_seq = ?, audit_head = ?, updated_at = ?,
           waiting_since = case when ?::boolean then ?::timestamptz else waiting_since end
         where id = ? and version = ? returning id, policy_id, township_code, village_code
       ), audited as (
         insert into ${this.table('case_audit')} (case_id, seq, at, actor_id, actor_name, role, level, action, comment, from_state, to_state, prev_hash, hash)
         select id, ?::int, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? from changed
         returning id
       )${parts.map((p) => `, ${p}`).join('')}
       select (select count(*)::int from changed) as updated, (select id from audited) as audit_id`,
      params,
    );
    if (result[0]?.updated !== 1) return null;
    return { ...fields, id: String(result[0].audit_id), actorName: audit.actorName, prevHash: current.auditHead, hash };
  }

  private async insertAudit(sql: Sql, f: AuditFields, actorName: string | null, prevHash: string, hash: string) {
    await sql.run(
      `insert into ${this.table('case_audit')} (case_id, seq, at, actor_id, actor_name, role, level, action, comment, from_state, to_state, prev_hash, hash)
       values (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      [f.caseId, f.seq, f.at, f.actorId, actorName, f.role, f.level, f.action, f.comment, f.fromState, f.toState, prevHash, hash],
    );
  }

  async insertOutbox(sql: Sql, messages: OutboxInput[]): Promise<void> {
    if (messages.length === 0) return;
    const values = messages.map(() => '(?,?,?,now())').join(',');
    const params = messages.flatMap((m) => [randomUUID(), m.subject, JSON.stringify(m.payload)]);
    await sql.run(`insert into ${this.table('outbox')} (id, subject, payload, created_at) values ${values}`, params);
  }

  /**
   * Due timers, each with its case and the case's history, all locked for this transaction: other
   * replicas skip them (`SKIP LOCKED`), and so does this one while a decision holds the case row.
   * One round trip for the whole batch. Every timer has its case: timers are written only by their
   * case's own transition (`update`), and cases are never deleted. With `machineVersions`, only
   * timers of cases written by those approval-machine versions (a replica claims what it can decide).
   */
  async claimDueTimers(sql: Sql, now: Date, limit: number, machineVersions?: readonly number[]): Promise<Array<{ timer: DueTimer; row: CaseRow; history: CaseHistory }>> {
    const rows = await sql.all(
      `select t.key as timer_key, t.due_at as timer_due_at, t.event as timer_event, ${prefixed('c', CASE_COLUMNS)}, ${this.historyOf('c')} as history
       from ${this.table('case_timer')} t join ${this.table('case_record')} c on c.id = t.case_id
       where t.fired_at is null and t.cancelled_at is null and t.due_at <= ?${machineVersions ? ONLY_MACHINE_VERSIONS : ''}
       order by t.due_at limit ? for update of t, c skip locked`,
      machineVersions ? [now.toISOString(), machineVersions.join(','), limit] : [now.toISOString(), limit],
    );
    return rows.map((r) => ({
      timer: { key: r.timer_key, caseId: r.id, dueAt: new Date(r.timer_due_at), event: r.timer_event },
      row: toCaseRow(r),
      history: (r.history as Record<string, any>[]).map(toAuditRow),
    }));
  }

  async markTimerFired(sql: Sql, key: string, at: string, outcome: string): Promise<void> {
    await sql.run(`update ${this.table('case_timer')} set fired_at = ?, outcome = ? where key = ?`, [at, outcome, key]);
  }

  async auditTrail(sql: Sql, caseId: string): Promise<Array<StoredAuditRow & { actorName: string | null }>> {
    const rows = await sql.all(
      `select id, case_id, seq, at, actor_id, actor_name, role, level, action, comment, from_state, to_state, prev_hash, hash
       from ${this.table('case_audit')} where case_id = ? order by seq`,
      [caseId],
    );
    return rows.map(toAuditRow);
  }

  /** The case and its whole audit trail in one round trip (what a case view needs). */
  async findWithHistory(sql: Sql, id: string): Promise<{ row: CaseRow; history: CaseHistory } | null> {
    const rows = await sql.all(
      `select ${CASE_COLUMNS}, ${this.historyOf('c')} as history from ${this.table('case_record')} c where c.id = ?`,
      [id],
    );
    if (!rows[0]) return null;
    return { row: toCaseRow(rows[0]), history: (rows[0].history as Record<string, any>[]).map(toAuditRow) };
  }


  /** The tallies as a full recount of the case rows gives them (what `rebuildTallies` writes). */
  private recountSql(kind: 'stage' | 'closed'): string {
    const table = this.table('case_record');
    return kind === 'stage'
      ? `select policy_id, township_code, village_code, stage, ${SLOT_SQL} as slot, count(*)::int as cases
         from ${table} group by 1, 2, 3, 4, 5`
      : `select policy_id, township_code, village_code, date_trunc('month', updated_at at time zone 'UTC')::date as month, ${SLOT_SQL} as slot,
           count(*)::int as cases, coalesce(sum(paid_fen), 0)::bigint as paid_fen
         from ${table} where stage = 'closed' group by 1, 2, 3, 4, 5`;
  }

  /**
   * Recounts both tallies from the case rows, for rows written before the tallies existed or by a
   * bulk load. The tables are locked for the recount: a transition that changes a tally waits,
   * and its own statement then adds to the recount, which did not see it.
   */
  async rebuildTallies(sql: SqlTransaction): Promise<void> {
    await sql.run(`lock table ${this.table('case_stage_tally')}, ${this.table('case_closed_tally')} in exclusive mode`);
    await sql.run(`delete from ${this.table('case_stage_tally')}`);
    await sql.run(`delete from ${this.table('case_closed_tally')}`);
    await sql.run(`insert into ${this.table('case_stage_tally')} (policy_id, township_code, village_code, stage, slot, cases) ${this.recountSql('stage')}`);
    await sql.run(
      `insert into ${this.table('case_closed_tally')} (policy_id, township_code, village_code, month, slot, cases, paid_fen) ${this.recountSql('closed')}`,
    );
  }

  /**
   * Both tallies summed over slots, stored (`from: 'tally'`) or recounted from the case rows
   * (`from: 'cases'`): the two must always be equal.
   */
  async tallies(sql: Sql, from: 'tally' | 'cases'): Promise<{ stages: StageTallyRow[]; closed: ClosedTallyRow[] }> {
    const stageSource = from === 'tally' ? this.table('case_stage_tally') : `(${this.recountSql('stage')})`;
    const closedSource = from === 'tally' ? this.table('case_closed_tally') : `(${this.recountSql('closed')})`;
    const stages = await sql.all(
      `select policy_id, township_code, village_code, stage, sum(cases)::int as cases from ${stageSource} s
       group by 1, 2, 3, 4 having sum(cases) <> 0 order by 1, 2, 3, 4`,
    );
    const closed = await sql.all(
      `select policy_id, township_code, village_code, to_char(month, 'YYYY-MM') as month, sum(cases)::int as cases, sum(paid_fen)::bigint as paid_fen
       from ${closedSource} s group by 1, 2, 3, 4 having sum(cases) <> 0 order by 1, 2, 3, 4`,
    );
    return {
      stages: stages.map((r) => ({ policyId: r.policy_id, townshipCode: r.township_code, villageCode: r.village_code, stage: r.stage, cases: r.cases })),
      closed: closed.map((r) => ({
        policyId: r.policy_id, townshipCode: r.township_code, villageCode: r.village_code, month: r.month, cases: r.cases, paidFen: Number(r.paid_fen),
      })),
    };
  }

  /** Marks a consumed message; false when it was already processed (a duplicate delivery). */
  async markProcessed(sql: Sql, consumer: string, messageId: string): Promise<boolean> {
    const inserted = await sql.run(
      `insert into ${this.table('processed_message')} (consumer, message_id, processed_at) values (?,?,now()) on conflict do nothing`,
      [consumer, messageId],
    );
    return inserted === 1;
  }
}

function toAuditRow(r: Record<string, any>): StoredAuditRow & { actorName: string | null } {
  return {
    id: String(r.id),
    caseId: r.case_id,
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    role: r.role,
    level: r.level,
    action: r.action,
    comment: r.comment,
    fromState: r.from_state,
    toState: r.to_state,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export { toCaseRow, CASE_COLUMNS };
